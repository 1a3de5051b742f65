// What the seed-client tests share: the page process (page.mjs) that runs a seed's browser
// snippet, a TCP proxy that can cut a client off, REST calls, and waiting on the server's
// own gauges so a test knows a client has joined before it publishes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { token } from '../support.mjs';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const snippet = (name) => join(HERE, name);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Node 20 and 21 have the standard WebSocket behind a flag; 22 and later have it on.
function pageFlags() {
  const major = Number(process.versions.node.split('.')[0]);
  return major === 20 || major === 21 ? ['--experimental-websocket'] : [];
}

// A seed snippet running in its own page process; `records` fills as it prints.
export function startPage(file, config = {}) {
  const child = spawn(process.execPath, [...pageFlags(), join(HERE, 'page.mjs'), file, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const page = { records: [], stderr: '', exited: false };
  let partial = '';
  child.stdout.on('data', (d) => {
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) if (line) page.records.push(JSON.parse(line));
  });
  child.stderr.on('data', (d) => { page.stderr += d; });
  const exit = new Promise((resolve) => child.on('exit', () => { page.exited = true; resolve(); }));
  // The console lines, each as the page would show it.
  page.logs = () => page.records.filter((r) => r.log || r.error)
    .map((r) => (r.log ?? r.error).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '));
  page.calls = (name) => page.records.filter((r) => r.call === name).map((r) => r.args);
  page.sets = (what) => page.records.filter((r) => r.set === what).map((r) => r.value);
  page.waitFor = (predicate, what, ms = 10000) => waitFor(predicate, () => `${what}; page printed:\n${
    page.records.map((r) => JSON.stringify(r)).join('\n')}\n${page.stderr}`, ms);
  page.stop = async () => {
    if (!page.exited) child.kill('SIGTERM');
    await exit;
  };
  return page;
}

// Polls `predicate` every 25 ms; throws with `describe()` after `ms`.
export async function waitFor(predicate, describe, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${typeof describe === 'function' ? describe() : describe}`);
    await sleep(25);
  }
}

// A REST call with a bearer token; resolves {status, body}.
export async function call(server, method, path, bearer, body, headers = {}) {
  const res = await fetch(server.http(path), {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}`, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function ok(server, method, path, bearer, body) {
  const r = await call(server, method, path, bearer, body);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// A gauge or counter of /metrics (Prometheus text), e.g. "ordercast_subscriptions_current".
export async function metric(server, name) {
  const text = await (await fetch(server.http('/metrics'), { signal: AbortSignal.timeout(5000) })).text();
  const m = new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

export const subscriptions = (server) => metric(server, 'ordercast_subscriptions_current');

// The subscriptions the server holds once the clients of earlier tests have gone. A client's
// close returns before the server has noticed it and released its subscriptions, so a count
// read straight after an earlier test would include them: the baseline of a test that waits
// for `held + n` would then be one its own clients never reach.
export async function subscriptionsAtRest(server) {
  await waitFor(async () => (await metric(server, 'ordercast_connections_current')) === 0,
    'the clients of earlier tests to be gone');
  return subscriptions(server);
}

// Resolves once the server holds at least `n` channel subscriptions: the clients joined.
export async function subscriptionsReach(server, n) {
  await waitFor(async () => (await metric(server, 'ordercast_subscriptions_current')) >= n,
    `the server to hold ${n} subscriptions`);
}

export const service = () => token({ sub: 'worker-1', role: 'service', site: undefined });

// A loopback TCP proxy in front of the server; cut() drops every connection abruptly, as a
// network failure would (the client sees 1006).
export async function startProxy(targetPort) {
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    cut() { for (const s of sockets) s.destroy(); },
    async close() {
      this.cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// The seed file's bytes for `lines` [from, to] (1-based), when ../shared/seeds is present.
export function seedLines(seedFile, from, to) {
  const path = join(HERE, '..', '..', '..', '..', 'shared', 'seeds', seedFile);
  const text = readFileSync(path, 'utf8');
  return `${text.split('\n').slice(from - 1, to).join('\n')}\n`;
}
