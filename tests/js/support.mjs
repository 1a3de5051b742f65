// Helpers for the JS client suite: the real ordercast binary as a child process, HS256
// tokens from node:crypto, and a promise-based wrapper around a `ws` client.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export const SECRET = 'ordercast-functional-test-secret-0123456';
export const FRAME_TIMEOUT_MS = 5000;

export function binary() {
  const bin = process.env.ORDERCAST_BIN;
  if (!bin) throw new Error('ORDERCAST_BIN is not set: point it at the ordercast binary');
  return bin;
}

// Starts `ordercast serve` on a free loopback port with a fresh data directory.
// Resolves once it prints its listening line; stop() sends SIGTERM by PID and waits.
export async function startServer(env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ordercast-js-'));
  const childEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ORDERCAST_')) childEnv[k] = v;
  Object.assign(childEnv, {
    ORDERCAST_SERVER_HOST: '127.0.0.1',
    ORDERCAST_AUTH_JWT_SECRET: SECRET,
    ...env,
  });
  const child = spawn(binary(), ['serve', '--port', '0', '--data-dir', dir], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ordercast not ready in 15 s:\n${output}`)), 15000);
    child.stdout.on('data', (d) => {
      output += d;
      const m = /ordercast listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    exitPromise.then(({ code }) => { clearTimeout(timer); reject(new Error(`ordercast exited (${code}):\n${output}`)); });
  }).catch((e) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });

  return {
    port,
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    http: (path) => `http://127.0.0.1:${port}${path}`,
    output: () => output,
    async stop() {
      if (!exited) {
        process.kill(child.pid, 'SIGTERM');
        if ((await withTimeout(exitPromise, 10000, 'timeout')) === 'timeout') {
          process.kill(child.pid, 'SIGKILL');
          await exitPromise;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// `promise`, or `fallback` after `ms`; the timer never outlives the race (a pending timer
// would keep the test process alive).
async function withTimeout(promise, ms, fallback) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, ms, fallback); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const b64url = (s) => Buffer.from(s).toString('base64url');

// An HS256 token; `claims` are merged over sub/role/iat/exp defaults.
export function token(claims = {}, secret = SECRET) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: 'c1', role: 'customer', site: 's1', iat: now, exp: now + 3600, ...claims };
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

// A WebSocket whose frames are queued so tests can await them in order.
export class Client {
  constructor(url, protocols, options) {
    this.ws = new WebSocket(url, protocols, options);
    this.queue = [];
    this.waiters = [];
    this.closeInfo = null;
    this.ws.on('message', (data) => {
      const text = data.toString();
      let frame;
      try { frame = JSON.parse(text); } catch { frame = { unparsable: text }; }
      this.queue.push(frame);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        this.wake();
      });
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
    });
    this.ws.on('error', () => {});  // surfaced through `opened` / `closed`
  }

  wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(frame) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  // The next frame, or null on timeout or close.
  async next(timeoutMs = FRAME_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.closeInfo) return null;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
    return this.queue.shift();
  }

  // The next frame of `type`; others go to `skipped`. null on timeout or close.
  async nextOfType(type, timeoutMs = FRAME_TIMEOUT_MS, skipped = []) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = await this.next(Math.max(0, deadline - Date.now()));
      if (!frame) return null;
      if (frame.type === type) return frame;
      skipped.push(frame);
    }
  }

  // Resolves with {code, reason} once closed, or null after the timeout.
  async waitClosed(timeoutMs = FRAME_TIMEOUT_MS) {
    return withTimeout(this.closed, timeoutMs, null);
  }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

// Opens a client and waits for the upgrade.
export async function connect(url, protocols, options) {
  const client = new Client(url, protocols, options);
  await client.opened;
  return client;
}

// POST /api/v1/publish as a service (`bearer`, by default a service token with ordercast's
// own claim names); resolves with the JSON answer.
export async function publish(server, channel, type, data = {}, bearer = token({ sub: 'backend', role: 'service' })) {
  const res = await fetch(server.http('/api/v1/publish'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ channel, type, data }),
    signal: AbortSignal.timeout(5000),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`publish answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}
