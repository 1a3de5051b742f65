// Seed 000's clients, as printed in the seed, against the factory dialect on /ws: the
// JavaScript dashboard (Node's standard WebSocket) and the Python listener (Debian's
// python3-websocket). Only the host changes. Then the dialect's own contract: tokens,
// limits, refusals.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { connect, startServer, token } from '../support.mjs';
import { call, ok, snippet, startPage, subscriptions, subscriptionsAtRest, subscriptionsReach, waitFor } from './harness.mjs';

const manager = token({ sub: 'm1', role: 'manager', site: 'f1' });

// Seed 000's clients send no token: the factory profile admits them read-only, as an admin of
// the site `factory`, and says so at start-up.
describe('seed 000: the factory dashboard on /ws, under --profile factory', () => {
  const floorManager = token({ sub: 'm1', role: 'manager', site: 'factory' });
  let server;
  before(async () => {
    server = await startServer({
      ORDERCAST_SERVER_PROFILE: 'factory',
      ORDERCAST_QUEUE_UPDATE_INTERVAL_MS: '100',
    });
  });
  after(() => server.stop());

  it('warns at start-up what the tokenless dashboard exposes', () => {
    assert.match(server.output(), /profile: factory/);
    assert.match(server.output(), /dialect_factory\.anonymous_role is 'admin': anyone who can reach \/ws without a token reads/);
  });

  it("the JavaScript client's progress bar, notifications and queue counters follow the floor", async () => {
    // ORDER-001 is at another site than the page's (factory), so only its subscribe brings it.
    const order = await ok(server, 'POST', '/api/v1/orders', token({ sub: 'a1', role: 'admin' }),
      { number: 'ORDER-001', siteId: 'f2' });
    const held = await subscriptions(server);
    const page = startPage(snippet('seed000_client.js'), { replace: [['localhost:8000', `127.0.0.1:${server.port}`]] });
    try {
      await page.waitFor(() => page.logs().includes('Connected to Pattern Factory'), 'the open');
      // What an admin of the site factory sees on connect (dialect_factory.connect_channels: 6 channels),
      // then order:{id} from its subscribe.
      await subscriptionsReach(server, held + 7);
      await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, token({ sub: 'a1', role: 'admin' }),
        { progress: 65, stage: 'nesting' });
      await page.waitFor(() => page.calls('updateProgressBar').length > 0, 'updateProgressBar');
      assert.deepEqual(page.calls('updateProgressBar'), [['ORDER-001', 65]]);

      await ok(server, 'POST', '/api/v1/alerts', floorManager,
        { severity: 'warning', category: 'utilization', message: 'Low fabric utilization detected', site: 'factory' });
      await page.waitFor(() => page.calls('showNotification').length > 0, 'showNotification');
      assert.deepEqual(page.calls('showNotification'), [['warning', 'Low fabric utilization detected']]);

      await ok(server, 'POST', '/api/v1/queue/jobs', floorManager, { priority: 'HIGH', garmentType: 'jacket' });
      await page.waitFor(() => page.calls('updateQueueCounters').length > 0, 'updateQueueCounters');
      const [counters] = page.calls('updateQueueCounters')[0];
      assert.equal(counters.type, 'queue_update');
      assert.equal(counters.pending, 1);
      assert.equal(counters.processing, 0);
      assert.equal(typeof counters.completed, 'number');
      assert.match(counters.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(page.records.filter((r) => r.error || r.uncaught), [], 'no WebSocket error and no exception');
    } finally {
      await page.stop();
    }
  });

  it('the Python client prints each order update of its site', async () => {
    const order = await ok(server, 'POST', '/api/v1/orders', floorManager, { number: 'ORDER-PY', siteId: 'factory' });
    const dir = mkdtempSync(join(tmpdir(), 'ordercast-seed000-'));
    const script = join(dir, 'client.py');
    writeFileSync(script, readFileSync(snippet('seed000_client.py'), 'utf8')
      .split('localhost:8000').join(`127.0.0.1:${server.port}`));
    const held = await subscriptionsAtRest(server);  // the page of the test before has gone
    const python = spawn('/usr/bin/python3', ['-u', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    python.stdout.on('data', (d) => { out += d; });
    python.stderr.on('data', (d) => { out += d; });
    const exited = new Promise((resolve) => python.on('exit', (code) => resolve(code)));
    try {
      // It only listens: what it hears is what its role joined on connect (6 channels).
      await subscriptionsReach(server, held + 6);
      // `processing`: the factory's own status (the profile's status machine).
      await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, floorManager, { status: 'processing', progress: 65 });
      await waitFor(() => out.includes('Order ORDER-PY: 65%'), () => `the Python client's line; it printed:\n${out}`);
      assert.equal(out.split('\n').filter((l) => l.startsWith('Order ')).length, 1,
        `one change, one line (the same change on two channels is sent once):\n${out}`);
    } finally {
      python.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a tokenless connection reads but changes nothing: its ack_alert is refused and the alert stays open', async () => {
    const alert = await ok(server, 'POST', '/api/v1/alerts', floorManager,
      { severity: 'warning', category: 'queue', message: 'long queue', site: 'factory' });
    const c = await connect(server.url('/ws'));
    c.send({ action: 'ack_alert', alert_id: alert.id });
    const refusal = await c.next();
    assert.equal(refusal.type, 'error');
    assert.equal(refusal.code, 'INSUFFICIENT_PERMISSIONS');
    assert.equal(refusal.alert_id, alert.id);
    assert.match(refusal.message, /without a token is read-only/);
    const stored = await call(server, 'GET', `/api/v1/alerts/${alert.id}`, floorManager);
    assert.equal(stored.body.state, 'open');
    c.close();
  });
});

describe('the factory dialect: tokens, limits and refusals', () => {
  let server;
  before(async () => {
    server = await startServer({ ORDERCAST_DIALECT_FACTORY_MESSAGE_BURST: '10' });
  });
  after(() => server.stop());

  it('takes a token in the query string or in Sec-WebSocket-Protocol, and refuses none when no anonymous role is set', async () => {
    const byQuery = await connect(server.url(`/ws?token=${manager}`));
    byQuery.send({ action: 'ping' });
    assert.equal((await byQuery.next()).type, 'pong');
    byQuery.close();
    const byProtocol = await connect(server.url('/ws'), [manager]);
    byProtocol.send({ action: 'ping' });
    assert.equal((await byProtocol.next()).type, 'pong');
    byProtocol.close();
    const anonymous = await connect(server.url('/ws'));
    const refusal = await anonymous.next();
    assert.equal(refusal.type, 'error');
    assert.equal(refusal.code, 'AUTHENTICATION_FAILED');
    assert.deepEqual(await anonymous.waitClosed(), { code: 1008, reason: 'Unauthorized' });
  });

  it('answers subscribe by number, refuses unknown orders and closes 1003 on invalid JSON', async () => {
    await ok(server, 'POST', '/api/v1/orders', manager, { number: 'ORDER-7', siteId: 'f1' });
    const c = await connect(server.url(`/ws?token=${manager}`));
    c.send({ action: 'subscribe', order_id: 'ORDER-7' });
    const yes = await c.next();
    assert.equal(yes.type, 'subscribed');
    assert.equal(yes.order_id, 'ORDER-7');
    c.send({ action: 'subscribe', order_id: 'NO-SUCH-ORDER' });
    const no = await c.next();
    assert.equal(no.type, 'error');
    assert.equal(no.code, 'NOT_FOUND');
    assert.equal(no.order_id, 'NO-SUCH-ORDER');
    c.send({ action: 'dance' });
    assert.equal((await c.next()).code, 'UNKNOWN_TYPE');
    c.send('{not json');
    assert.deepEqual(await c.waitClosed(), { code: 1003, reason: 'invalid JSON' });
  });

  it('acknowledges an alert with no answer, and says why when it cannot', async () => {
    const alert = await ok(server, 'POST', '/api/v1/alerts', manager,
      { severity: 'warning', category: 'queue', message: 'long queue', site: 'f1' });
    const c = await connect(server.url(`/ws?token=${manager}`));
    c.send({ action: 'ack_alert', alert_id: alert.id });
    c.send({ action: 'ping' });
    assert.equal((await c.next()).type, 'pong', 'nothing answers a successful ack_alert');
    const stored = await call(server, 'GET', `/api/v1/alerts/${alert.id}`, manager);
    assert.equal(stored.body.state, 'acknowledged');
    assert.equal(stored.body.acknowledgedBy, 'm1');
    c.send({ action: 'ack_alert', alert_id: alert.id });
    const again = await c.next();
    assert.equal(again.type, 'error');
    assert.equal(again.code, 'INVALID_ALERT_STATE');
    assert.equal(again.alert_id, alert.id);
    c.close();
  });

  it('holds at most 50 subscriptions per connection', async () => {
    const admin = token({ sub: 'a1', role: 'admin' });
    const numbers = Array.from({ length: 51 }, (_, i) => `LIM-${i}`);
    for (const number of numbers) await ok(server, 'POST', '/api/v1/orders', admin, { number, siteId: 'f9' });
    const held = await subscriptionsAtRest(server);  // the clients of the tests before have gone
    const c = await connect(server.url(`/ws?token=${admin}`));
    // The connection joins its channels one by one before it reads a frame: once a ping is
    // answered it holds them all (a count read as soon as the first is there may miss some).
    c.send({ action: 'ping' });
    assert.equal((await c.next()).type, 'pong');
    const joinedOnConnect = (await subscriptions(server)) - held;
    const answers = [];
    for (const [i, number] of numbers.entries()) {
      c.send({ action: 'subscribe', order_id: number });
      answers.push(await c.next());
      if (i % 9 === 8) await new Promise((resolve) => setTimeout(resolve, 1000));  // stay under 10 messages/s
    }
    const subscribed = answers.filter((a) => a.type === 'subscribed').length;
    assert.equal(joinedOnConnect + subscribed, 50, `joined on connect ${joinedOnConnect}, subscribed ${subscribed}`);
    assert.equal((await subscriptions(server)) - held, 50);
    const refused = answers.slice(subscribed);
    assert.ok(refused.length > 0);
    for (const a of refused) assert.equal(a.code, 'SUBSCRIPTION_LIMIT');
    c.close();
  });

  it('drops messages over 10 per second with a warning, then closes 1008 after repeated strikes', async () => {
    const c = await connect(server.url(`/ws?token=${manager}`));
    for (let i = 0; i < 25; ++i) c.send({ action: 'ping' });
    const frames = [];
    for (let f = await c.next(); f; f = await c.next(2000)) frames.push(f);
    assert.equal(frames.filter((f) => f.type === 'pong').length, 10, 'the burst of 10 is answered');
    const warnings = frames.filter((f) => f.type === 'warning');
    assert.ok(warnings.length >= 1);
    assert.equal(warnings[0].code, 'RATE_LIMIT_EXCEEDED');
    assert.deepEqual(await c.waitClosed(), { code: 1008, reason: 'rate limit exceeded' });
  });
});
