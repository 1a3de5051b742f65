// A stand-in browser page for the seeds' client snippets, run as its own Node process:
//   node [--experimental-websocket] page.mjs <snippet file> <config JSON>
// It gives the snippet a standard WebSocket (Node's own; npm `ws` where Node has none), the
// page globals it calls (document, window, alert, localStorage, the dashboard's functions),
// then runs the snippet's text with only the host and placeholders replaced. Everything the
// page shows is printed as one JSON line on stdout: {"log"|"error": [...]}, {"call": name,
// "args": [...]}, {"set": "<what>", "value": v}. The parent test reads those lines.
//
// config: { replace: [[from, to], ...], localStorage: {...}, split: "<line>", waitFor: "<text>" }
// With `split`, the snippet runs in two parts, the second from the line equal to `split` on,
// once a console line containing `waitFor` appeared (a console user pasting it in two steps).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

const [, , snippetFile, configJson] = process.argv;
const config = JSON.parse(configJson ?? '{}');

function emit(record) {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

// What console.log would show, as data: Errors and events keep their useful parts.
function plain(value) {
  if (value instanceof Error) return { error: value.name, message: value.message };
  if (value && typeof value === 'object' && typeof value.type === 'string' && 'target' in value) {
    return { event: value.type, message: value.message ?? null };
  }
  return value;
}

const logs = [];
let onLog = null;
function consoleLine(kind, args) {
  const values = args.map(plain);
  emit({ [kind]: values });
  logs.push(values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '));
  if (onLog) onLog();
}
globalThis.console.log = (...args) => consoleLine('log', args);
globalThis.console.error = (...args) => consoleLine('error', args);

if (typeof globalThis.WebSocket === 'undefined') {
  // Node without a global WebSocket (18): the npm `ws` client, which has the same API here.
  const require = createRequire(new URL('../package.json', import.meta.url));
  globalThis.WebSocket = require('ws');
}

// The page's functions the dashboards call (seed 000), recorded.
for (const name of ['updateProgressBar', 'showNotification', 'updateQueueCounters', 'alert']) {
  globalThis[name] = (...args) => emit({ call: name, args });
}
// document.getElementById(id).style.width = ..., .textContent = ... (seed 002's usage).
globalThis.document = {
  getElementById(id) {
    const setter = (what) => ({ set: (_, key, value) => { emit({ set: `${id}.${what}${key}`, value }); return true; } });
    return new Proxy({ style: new Proxy({}, setter('style.')) }, setter(''));
  },
};
globalThis.window = { location: new Proxy({}, { set: (_, key, value) => { emit({ set: `window.location.${key}`, value }); return true; } }) };
globalThis.localStorage = { getItem: (key) => (config.localStorage ?? {})[key] ?? null };

let code = readFileSync(snippetFile, 'utf8');
for (const [from, to] of config.replace ?? []) code = code.split(from).join(to);

function run(part, name) {
  try {
    vm.runInThisContext(part, { filename: name });
  } catch (e) {
    // As a console shows an uncaught exception, and goes on.
    emit({ uncaught: plain(e) });
  }
}

if (config.split) {
  const lines = code.split('\n');
  const at = lines.indexOf(config.split);
  if (at < 0) throw new Error(`split line not found: ${config.split}`);
  run(lines.slice(0, at).join('\n'), `${snippetFile} (part 1)`);
  const waitFor = () => logs.some((l) => l.includes(config.waitFor));
  if (waitFor()) run(lines.slice(at).join('\n'), `${snippetFile} (part 2)`);
  else onLog = () => {
    if (!waitFor()) return;
    onLog = null;
    // Typed after the line appeared: once the code that printed it has finished.
    setTimeout(() => run(lines.slice(at).join('\n'), `${snippetFile} (part 2)`), 0);
  };
} else {
  run(code, snippetFile);
}
