// Seed 001's clients, as printed in the seed, against `ordercast serve --profile manufacturing`:
// its wscat session (npm wscat, typed line by line under a terminal) on the seed's own /dev
// path and on /rooms, and its browser-console snippet, with tokens shaped as the seed's issuer
// writes them (userId, role, branchId); a missing or bad token refused at the upgrade with 401,
// as the seed's API Gateway $connect does. Then the publish API's room shapes. Without the
// profile, a bad token is still accepted and then closed with 1008.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Client, connect, startServer, token } from '../support.mjs';
import { call, HERE, ok, service, sleep, snippet, startPage, subscriptionsAtRest, subscriptionsReach, waitFor } from './harness.mjs';

// A token as the seed's issuer writes it: the user in userId, the branch in branchId.
const seedToken = ({ userId, role, branchId }) => token({ sub: undefined, site: undefined, userId, role, branchId });
// The token of the session: user def456, role admin, branch abc123 (its getRooms answer says so).
const admin = seedToken({ userId: 'def456', role: 'admin', branchId: 'abc123' });
// The backend that publishes, as the same issuer names it.
const seedService = () => seedToken({ userId: 'worker-1', role: 'service' });

// The HTTP answer to an upgrade request on `path`: {status, body}.
function upgradeAnswer(server, path) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(server.http(path), {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
      timeout: 5000,
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(body) }));
    });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve({ status: res.statusCode, body: null }); });
    req.on('error', reject);
    req.end();
  });
}
const wscat = join(HERE, '..', 'node_modules', '.bin', 'wscat');

// The session as the seed prints it: the command, then "> sent" and "< expected" lines.
function transcript() {
  const lines = readFileSync(snippet('seed001_wscat.sh'), 'utf8').split('\n');
  const command = lines.find((l) => l.startsWith('wscat -c '));
  const steps = [];
  for (const l of lines) {
    if (l.startsWith('> ')) steps.push({ send: l.slice(2) });
    else if (l.startsWith('< ')) steps[steps.length - 1].expect = l.slice(2);
  }
  return { url: /"(.*)"/.exec(command)[1], steps };
}

// An expected line of the transcript matches the answer; "..." stands for any string (the
// seed abbreviates its timestamp as "2025-01-17T...").
function matches(expected, actual) {
  if (expected === '...') return typeof actual === 'string';
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length &&
    expected.every((e, i) => matches(e, actual[i]));
  if (expected && typeof expected === 'object') return actual && typeof actual === 'object' &&
    Object.keys(expected).length === Object.keys(actual).length &&
    Object.keys(expected).every((k) => matches(expected[k], actual[k]));
  return expected === actual;
}

const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

// Runs wscat under a pseudo-terminal (util-linux `script`): wscat reads typed lines only once
// connected, and prints "< answer" lines only to a terminal.
async function runSession(url, steps) {
  const child = spawn('script', ['-qfec', `${wscat} -c '${url}'`, '/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' },
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const answers = () => stripAnsi(out).split('\n').map((l) => /<\s*(\{.*\})\s*$/.exec(l)).filter(Boolean).map((m) => m[1]);
  try {
    await waitFor(() => stripAnsi(out).includes('Connected (press CTRL+C to quit)'), () => `wscat to connect:\n${out}`);
    const got = [];
    for (const step of steps) {
      child.stdin.write(`${step.send}\n`);
      await waitFor(() => answers().length > got.length, () => `an answer to ${step.send}:\n${stripAnsi(out)}`);
      got.push(JSON.parse(answers()[got.length]));
    }
    return got;
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
  }
}

describe('seed 001 under --profile manufacturing: rooms on the seed\'s /dev path and on /rooms', () => {
  let server;
  before(async () => {
    server = await startServer({ ORDERCAST_SERVER_PROFILE: 'manufacturing' });
  });
  after(() => server.stop());

  for (const path of ['/dev', '/rooms']) {
    it(`the wscat session answers as printed, on ${path}`, async () => {
      const { url, steps } = transcript();
      const local = url.replace('wss://xyz789.execute-api.ap-south-1.amazonaws.com/dev', `ws://127.0.0.1:${server.port}${path}`)
        .replace('YOUR_JWT_TOKEN', admin);
      const got = await runSession(local, steps);
      for (const [i, step] of steps.entries()) {
        const expected = JSON.parse(step.expect.replace('"2025-01-17T..."', '"..."'));
        assert.ok(matches(expected, got[i]), `> ${step.send}\nexpected < ${step.expect}\n     got < ${JSON.stringify(got[i])}`);
      }
      assert.match(got[0].timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });
  }

  it('the browser-console snippet, typed in two steps, pings, subscribes and hears the order change', async () => {
    const order = await ok(server, 'POST', '/api/v1/orders', admin, { number: 'ORD-67890', siteId: 'abc123' });
    const page = startPage(snippet('seed001_console.js'), {
      replace: [['wss://xyz789.execute-api.ap-south-1.amazonaws.com/dev', `ws://127.0.0.1:${server.port}/dev`],
        ['YOUR_ORDER_ID', order.id]],
      localStorage: { authToken: admin },
      split: '// Subscribe to order',
      waitFor: 'Connected',
    });
    try {
      const messages = () => page.records.filter((r) => r.log && String(r.log[0]).endsWith('Message:')).map((r) => r.log[1]);
      await page.waitFor(() => messages().some((m) => m.action === 'subscribeToOrder'), 'the subscribeToOrder answer');
      assert.equal(messages()[0].action, 'pong');
      assert.deepEqual(messages().find((m) => m.action === 'subscribeToOrder'),
        { action: 'subscribeToOrder', success: true, orderId: order.id });
      await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, admin, { status: 'in_progress' });
      await page.waitFor(() => messages().some((m) => m.type === 'order:status_changed'), 'order:status_changed');
      const changes = messages().filter((m) => m.type === 'order:status_changed');
      assert.equal(changes.length, 1, 'the change reached branch:abc123 and order:{id}, and is shown once');
      assert.equal(changes[0].data.orderId, order.id);
      assert.equal(changes[0].data.orderNumber, 'ORD-67890');
      assert.equal(changes[0].data.oldStatus, 'pending');
      assert.equal(changes[0].data.newStatus, 'in_progress');
      assert.match(changes[0].data.timestamp, /Z$/);
      assert.deepEqual(page.records.filter((r) => r.error || r.uncaught), []);
    } finally {
      await page.stop();
    }
  });

  it('pasted whole, the snippet throws on its early send (as a browser does) and still connects and pings', async () => {
    const page = startPage(snippet('seed001_console.js'), {
      replace: [['wss://xyz789.execute-api.ap-south-1.amazonaws.com/dev', `ws://127.0.0.1:${server.port}/dev`],
        ['YOUR_ORDER_ID', 'o1']],
      localStorage: { authToken: admin },
    });
    try {
      await page.waitFor(() => page.records.some((r) => r.log && r.log[1]?.action === 'pong'), 'the pong');
      const uncaught = page.records.find((r) => r.uncaught);
      assert.ok(uncaught, 'ws.send before the open throws');
      assert.equal(uncaught.uncaught.error, 'InvalidStateError');
    } finally {
      await page.stop();
    }
  });

  it("the backend's broadcast shapes reach the rooms they name", async () => {
    const held = await subscriptionsAtRest(server);  // the pages of the tests before have gone
    const floor = await connect(server.url(`/rooms?token=${seedToken({ userId: 'e1', role: 'employee', branchId: 'abc123' })}`));
    await subscriptionsReach(server, held + 4);  // the employee is in its branch room before the manager comes
    const boss = await connect(server.url(`/dev?token=${seedToken({ userId: 'm1', role: 'manager', branchId: 'abc123' })}`));
    // Each: branch:abc123 (site:abc123:orders and :general), user:{sub}, role:{role}:abc123.
    await subscriptionsReach(server, held + 8);
    const publish = (body) => ok(server, 'POST', '/api/v1/publish', seedService(), body);
    // broadcastToBranch, sendToUser, broadcastToRole, broadcastEvent.
    await publish({ room: 'branch:abc123', type: 'dashboard:refresh', data: { metrics: { orders: 3 } } });
    await publish({ room: 'user:e1', type: 'notification:alert', data: { message: 'Your order is ready!' } });
    await publish({ room: 'role:manager:abc123', type: 'report:generated', data: { reportId: 'r1', reportType: 'daily' } });
    await ok(server, 'POST', '/api/v1/broadcast', seedService(),
      { type: 'machine:error', data: { machineId: 'm7', error: 'jam' }, rooms: ['branch:abc123', 'order:o9'] });
    // The profile also announces users in their branch room (user:connected/disconnected):
    // those are set apart, the rest must be exactly what was published.
    const presence = new Map([[floor, []], [boss, []]]);
    const types = async (c, n) => {
      const got = [];
      while (got.length < n) {
        const frame = await c.next();
        if (frame?.type?.startsWith('user:')) presence.get(c).push(frame);
        else got.push(frame?.type);
      }
      for (let f = await c.next(300); f; f = await c.next(300)) {
        assert.ok(f.type.startsWith('user:'), `nothing more, but got ${JSON.stringify(f)}`);
        presence.get(c).push(f);
      }
      return got;
    };
    assert.deepEqual(await types(floor, 3), ['dashboard:refresh', 'notification:alert', 'machine:error']);
    assert.deepEqual(await types(boss, 3), ['dashboard:refresh', 'report:generated', 'machine:error']);
    // The manager connected after the employee had joined branch:abc123, so the employee was told.
    assert.ok(presence.get(floor).some((f) => f.type === 'user:connected' && f.data.userId === 'm1'),
      `user:connected for m1 in the branch room; got ${JSON.stringify(presence.get(floor))}`);
    const bad = await fetch(server.http('/api/v1/publish'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${seedService()}` },
      body: JSON.stringify({ room: 'kitchen', type: 'x:y', data: {} }),
    });
    assert.equal(bad.status, 400);
    floor.close();
    boss.close();
  });

  it('orders move pending → in_progress → completed, as the seed\'s status machine', async () => {
    const order = await ok(server, 'POST', '/api/v1/orders', admin, { number: 'ORD-1', siteId: 'abc123' });
    assert.equal(order.status, 'pending');
    const skipped = await call(server, 'PATCH', `/api/v1/orders/${order.id}`, admin, { status: 'completed' });
    assert.equal(skipped.status, 409);
    await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, admin, { status: 'in_progress' });
    assert.equal((await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, admin, { status: 'completed' })).status, 'completed');
  });

  it('refuses a missing, bad or expired token at the upgrade with 401, as its $connect does', async () => {
    const expired = token({ sub: undefined, site: undefined, userId: 'def456', role: 'admin', branchId: 'abc123', exp: Math.floor(Date.now() / 1000) - 3600 });
    const canonical = token({ sub: 'def456', role: 'admin', site: 'abc123' });  // not the issuer's claim names
    for (const [path, code] of [['/dev', 'AUTHENTICATION_FAILED'], ['/dev?token=garbage', 'AUTHENTICATION_FAILED'],
      [`/dev?token=${expired}`, 'TOKEN_EXPIRED'], [`/rooms?token=${canonical}`, 'AUTHENTICATION_FAILED']]) {
      const c = new Client(server.url(path));
      await assert.rejects(c.opened, /upgrade refused: HTTP 401/, path);
      c.close();
      const answer = await upgradeAnswer(server, path);
      assert.equal(answer.status, 401, path);
      assert.equal(answer.body.error.code, code, path);
    }
  });

  it('wscat with a bad token is told 401 and never connects', async () => {
    const child = spawn('script', ['-qfec', `${wscat} -c '${server.url('/dev?token=YOUR_JWT_TOKEN')}'`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' },
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitFor(() => /401/.test(stripAnsi(out)), () => `wscat to report the 401:\n${out}`);
      assert.doesNotMatch(stripAnsi(out), /Connected \(press CTRL\+C to quit\)/);
    } finally {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(3000)]);
    }
  });
});

describe('seed 001 without a profile', () => {
  let server;
  before(async () => {
    server = await startServer({ ORDERCAST_DIALECT_ROOMS_PATHS: '/rooms,/dev' });
  });
  after(() => server.stop());

  it('refuses a connection without a valid token with 1008 Unauthorized', async () => {
    for (const url of [server.url('/rooms'), server.url('/rooms?token=garbage')]) {
      const c = await connect(url);
      assert.deepEqual(await c.waitClosed(), { code: 1008, reason: 'Unauthorized' });
    }
  });
});
