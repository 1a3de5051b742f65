// The AsyncAPI documents of docs/asyncapi/ checked against the real binary: each dialect is
// driven through its messages (commands, pings, errors, rate limits, and the order, queue,
// alert and operation events that the REST API and the publish API make flow), and EVERY
// frame received is validated against the document's message named by its `type` (or
// `action`). A frame of a type the document does not list fails; so does a documented server
// message never seen in the run, unless it is listed in UNTRIGGERED with the reason. The
// documents must also list the rows of the message tables in the code (messages()).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Contract, asyncapiSpecErrors, connectChecked, dialectTableRows, v1TableRows } from './contract.mjs';
import { publish, startServer, token } from './support.mjs';
import { ok, service, waitFor } from './seeds/harness.mjs';

const WAIT_MS = 5000;

// Documented server messages this run does not make the server send, and why.
const UNTRIGGERED = {
  progress: {
    cancel_refused: 'needs a cancel the store refuses while the connection is open; the only refusal for the ' +
      'path\'s own operation is OPERATION_FINISHED, and the server closes the connection 1000 as soon as the ' +
      'operation finishes, so it can only be hit by a race',
  },
};

// The next frame of `type` (or `action`) for which `pred` holds; fails the test when none
// comes in time. Frames skipped on the way were checked against the document all the same.
async function expectFrame(client, kind, pred = () => true, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  const skipped = [];
  for (;;) {
    const frame = await client.next(Math.max(0, deadline - Date.now()));
    if (!frame) {
      assert.fail(`no ${kind} frame came within ${ms} ms${client.closeInfo ? ` (closed ${JSON.stringify(client.closeInfo)})` : ''}; ` +
        `skipped: ${JSON.stringify(skipped).slice(0, 2000)}`);
    }
    if ((frame.type ?? frame.action) === kind && pred(frame)) return frame;
    skipped.push(frame);
  }
}

// Frames of each of `wanted` ([kind, pred?] pairs), in whatever order they come (an event and
// the answer to the command that caused it are written by different paths).
async function expectAll(client, wanted, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  const missing = wanted.map(([kind, pred = () => true]) => ({ kind, pred }));
  const skipped = [];
  while (missing.length > 0) {
    const frame = await client.next(Math.max(0, deadline - Date.now()));
    if (!frame) assert.fail(`still waiting for ${missing.map((m) => m.kind).join(', ')} after ${ms} ms; ` +
      `skipped: ${JSON.stringify(skipped).slice(0, 2000)}`);
    const i = missing.findIndex((m) => (frame.type ?? frame.action) === m.kind && m.pred(frame));
    if (i >= 0) missing.splice(i, 1);
    else skipped.push(frame);
  }
}

// The frames checked since the last call conform (each failure is reported once).
function assertConforms(contract) {
  const failures = contract.takeFailures();
  assert.deepEqual(failures, [], `frames that do not conform to ${contract.path}:\n${failures.join('\n')}`);
}

// The document lists the same messages as the code's table, and every documented server
// message was seen (or is explained in UNTRIGGERED).
function assertCoverage(t, contract, tableRows) {
  const { rows, unaccounted } = contract.rows();
  assert.deepEqual(unaccounted, [], 'every message names its table row (x-message-row) or says why it has none');
  for (const way of ['in', 'out']) {
    assert.deepEqual([...rows[way]].sort(), [...new Set(tableRows[way])].sort(),
      `${contract.name}: the document's '${way}' rows and the code's message table differ`);
  }
  const exempt = UNTRIGGERED[contract.name] ?? {};
  for (const key of Object.keys(exempt))
    assert.ok(contract.messages.send.has(key), `UNTRIGGERED names ${key}, which ${contract.path} does not list`);
  assert.deepEqual(contract.unobserved('send', exempt), [], `server messages of ${contract.path} never seen in this run`);
  assert.deepEqual(contract.unobserved('receive'), [], `client messages of ${contract.path} never sent in this run`);
  t.diagnostic(`${contract.name}: ${contract.checked.send} server frames and ${contract.checked.receive} client frames ` +
    `checked; server messages seen: ${[...contract.observed.send].join(', ')}`);
  assertConforms(contract);
}

describe('docs/asyncapi/*.yaml', () => {
  it('each is a valid AsyncAPI 3.0.0 document (the official JSON Schema of @asyncapi/specs)', () => {
    for (const name of ['v1', 'factory', 'rooms', 'progress', 'shop', 'restaurant']) {
      const contract = new Contract(name);
      assert.deepEqual(asyncapiSpecErrors(contract.doc), [], contract.path);
    }
  });
  it('the checker refuses an unlisted type, a broken payload and an unmatched client frame', () => {
    const contract = new Contract('v1');
    const when = '2024-01-15T10:30:00.000Z';
    assert.equal(contract.check({ type: 'pong', timestamp: when, serverTime: when, data: { serverTime: when } }), 'pong');
    assert.equal(contract.check({ type: 'pong', timestamp: when, data: { serverTime: when } }), null, 'no serverTime');
    assert.equal(contract.check({ type: 'pong', timestamp: when, serverTime: when, data: { serverTime: when }, extra: 1 }),
      null, 'a field the document does not list');
    assert.equal(contract.check({ type: 'subscription_confirmed', timestamp: when, data: { channels: [] } }), null);
    assert.equal(contract.check({ type: 'not a type', timestamp: when, data: {} }), null);
    assert.equal(contract.check({ type: 'subscribe', data: {} }, 'receive'), null, 'subscribe without channels');
    assert.equal(contract.takeFailures().length, 5);
    const rooms = new Contract('rooms');
    assert.equal(rooms.check({ action: 'dance' }), null);
    assert.equal(rooms.check({ type: 'order:created', data: {}, timestamp: when }), null);
    assert.equal(rooms.takeFailures().length, 2);
  });
});

let server;
before(async () => {
  server = await startServer({
    ORDERCAST_QUEUE_UPDATE_INTERVAL_MS: '100',
    ORDERCAST_STREAMS_SYSTEM_STATUS_INTERVAL_MS: '300',
    ORDERCAST_STREAMS_METRICS_INTERVAL_MS: '300',
    ORDERCAST_DIALECT_PROGRESS_PING_INTERVAL_MS: '300',
    ORDERCAST_LIMITS_MESSAGES_PER_MINUTE: '600',
    ORDERCAST_LIMITS_MESSAGE_BURST: '40',
    ORDERCAST_FLOOR_PRESENCE_EVENTS: 'true',
  });
});
after(async () => { await server?.stop(); });

const rest = (method, path, bearer, body) => ok(server, method, path, bearer, body);

// ---------------------------------------------------------------------------------------
// /v1
// ---------------------------------------------------------------------------------------
describe('docs/asyncapi/v1.yaml against /v1', () => {
  const contract = new Contract('v1');
  const claims = { sub: 'm1', role: 'manager', site: 's1' };
  const manager = token(claims);
  const v1 = (bearer) => connectChecked(contract, server.url(`/v1?token=${bearer}`));

  it('subscribing, pinging, commands and their answers', async () => {
    const c = await v1(manager);
    await expectFrame(c, 'connection_established');
    c.send({ type: 'subscribe', messageId: 'sub-1', correlationId: 'corr-1',
      data: { channels: ['site:s1:orders', 'site:s1:queue', 'site:s1:alerts', 'site:s1:general', 'nowhere:x'] } });
    const confirmed = await expectFrame(c, 'subscription_confirmed');
    assert.deepEqual(confirmed.data.failed, [{ channel: 'nowhere:x', reason: 'unknown_channel' }]);
    await expectFrame(c, 'message_error', (f) => f.data.messageId === 'sub-1');
    c.send({ type: 'subscribe', messageId: 'sub-2', data: { channels: ['site:s1:metrics', 'system:status'] } });
    await expectFrame(c, 'subscription_confirmed');
    await expectFrame(c, 'message_acknowledged', (f) => f.data.messageId === 'sub-2');
    c.send({ type: 'ping', timestamp: '2024-01-15T10:30:00.000Z', correlationId: 'p1' });
    await expectFrame(c, 'pong');
    c.send({ type: 'ping' });
    await expectFrame(c, 'pong');
    c.sendRaw({ type: 'dance' });
    await expectFrame(c, 'error', (f) => f.data.code === 'UNKNOWN_TYPE');
    c.sendRaw({ type: 'subscribe', data: { channels: 'site:s1:orders' } });
    await expectFrame(c, 'error', (f) => f.data.code === 'INVALID_MESSAGE');
    c.sendRaw({ type: 'ack', messageId: 'bad-1', data: {} });
    await expectFrame(c, 'message_error', (f) => f.data.messageId === 'bad-1' && f.data.error.code === 'INVALID_MESSAGE');

    // Domain events: orders, the queue, alerts, the streams, a published event.
    const order = await rest('POST', '/api/v1/orders', manager,
      { number: 'AA-1', customerId: 'c1', items: [{ name: 'tea', quantity: 2 }], totalAmount: 7.5, currency: 'EUR' });
    await expectFrame(c, 'order_created');
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { status: 'confirmed', message: 'on its way' });
    const critical = await expectFrame(c, 'order_status_changed');
    assert.equal(critical.requiresAck, true);
    c.send({ type: 'ack', data: { messageIds: [critical.messageId] } });
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { priority: 'high', reason: 'regular' });
    await expectFrame(c, 'order_priority_changed');
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { stationId: 'k1', assigneeId: 'e1', estimatedTime: 5 });
    await expectFrame(c, 'order_assigned');
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { progress: 40, stage: 'brewing' });
    await expectFrame(c, 'order_progress');
    await rest('POST', `/api/v1/orders/${order.id}/notes`, manager, { text: 'extra hot' });
    await expectFrame(c, 'order_note_added');
    await rest('PATCH', '/api/v1/orders/AA-1', manager, { totalAmount: 8, items: [{ name: 'tea', quantity: 3 }] });
    await expectFrame(c, 'order_updated', (f) => f.data.changes.includes('items'));
    c.send({ type: 'order_status_update', messageId: 'st-1', data: { orderId: order.id, status: 'in_progress' } });
    await expectFrame(c, 'message_acknowledged', (f) => f.data.messageId === 'st-1');
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { status: 'ready' });
    await expectFrame(c, 'order_ready');
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { status: 'completed' });
    await expectFrame(c, 'order_completed');
    c.send({ type: 'order_status_update', messageId: 'st-2', data: { orderId: order.id, status: 'pending' } });
    await expectFrame(c, 'message_error', (f) => f.data.messageId === 'st-2' && f.data.error.code === 'INVALID_ORDER_STATUS');
    c.send({ type: 'order_status_update', data: { orderId: 'no-such-order', status: 'confirmed' } });
    await expectFrame(c, 'error', (f) => f.data.code === 'NOT_FOUND');
    const second = await rest('POST', '/api/v1/orders', manager, { customerId: 'c1' });
    await rest('PATCH', `/api/v1/orders/${second.id}`, manager, { status: 'cancelled', reason: 'changed mind' });
    await expectFrame(c, 'order_cancelled');

    await rest('POST', '/api/v1/queue/jobs', manager, { priority: 'HIGH', garmentType: 'jacket' });
    await expectFrame(c, 'job_status_changed');
    await expectFrame(c, 'queue_update');

    const alert = await rest('POST', '/api/v1/alerts', manager,
      { severity: 'warning', category: 'queue', message: 'long queue', site: 's1', backlog: 12 });
    await expectFrame(c, 'alert');
    c.send({ type: 'ack_alert', messageId: 'al-1', data: { alertId: alert.id } });
    await expectAll(c, [['message_acknowledged', (f) => f.data.messageId === 'al-1'], ['alert_acknowledged']]);
    await rest('POST', `/api/v1/alerts/${alert.id}/resolve`, manager);
    await expectFrame(c, 'alert_resolved');

    await expectFrame(c, 'system_status');
    await expectFrame(c, 'metrics_update');
    await publish(server, 'site:s1:general', 'menu_changed', { item: 'tea', price: 2.5 });
    const published = await expectFrame(c, 'menu_changed');

    // Resuming: reconnect from a message id replays what came after it.
    await publish(server, 'site:s1:general', 'menu_changed', { item: 'coffee' });
    await expectFrame(c, 'menu_changed', (f) => f.data.item === 'coffee');
    const again = await v1(manager);
    await expectFrame(again, 'connection_established');
    again.send({ type: 'reconnect', correlationId: 'r1',
      data: { lastMessageId: published.messageId, channels: ['site:s1:general', 'site:s1:orders'] } });
    const resumed = await expectFrame(again, 'subscription_confirmed');
    assert.equal(resumed.data.recovered, true);
    const replay = await expectFrame(again, 'message_replay');
    assert.ok(replay.data.messages.some((e) => e.data.item === 'coffee'), 'the missed event is replayed');
    again.send({ type: 'subscribe', data: { channels: ['site:s1:general'],
      positions: { 'site:s1:general': { seq: published.seq, epoch: published.epoch } } } });
    await expectFrame(again, 'subscription_confirmed');
    again.send({ type: 'unsubscribe', data: { channels: ['site:s1:general', 'site:s1:staff'] } });
    const left = await expectFrame(again, 'subscription_confirmed', (f) => f.data.action === 'unsubscribe');
    assert.deepEqual(left.data.failed, [{ channel: 'site:s1:staff', reason: 'not_subscribed' }]);
    again.close();
    c.close();
    assertConforms(contract);
  });

  it('operations: their first state, progress, cancel, completion and failure', async () => {
    const c = await v1(manager);
    await expectFrame(c, 'connection_established');
    const op = await rest('POST', '/api/v1/operations', service(), { kind: 'schedule', owner: 'm1', site: 's1', steps: ['a', 'b'] });
    c.send({ type: 'subscribe', data: { channels: [`operation:${op.id}`, 'user:m1'] } });
    await expectFrame(c, 'subscription_confirmed');
    await expectFrame(c, 'operation_state');
    await rest('POST', `/api/v1/operations/${op.id}/progress`, service(), { step: 'a', progress: 30, message: 'loading' });
    await expectFrame(c, 'progress');
    c.send({ type: 'cancel_operation', messageId: 'cx-1', data: { operationId: op.id } });
    await expectAll(c, [['cancel_requested'], ['message_acknowledged', (f) => f.data.messageId === 'cx-1']]);
    await rest('POST', `/api/v1/operations/${op.id}/complete`, service(), { result: { makespan: 3 }, message: 'done' });
    await expectFrame(c, 'complete');
    const failing = await rest('POST', '/api/v1/operations', service(), { kind: 'schedule', owner: 'm1', site: 's1' });
    c.send({ type: 'subscribe', data: { channels: [`operation:${failing.id}`] } });
    await expectFrame(c, 'operation_state');
    await rest('POST', `/api/v1/operations/${failing.id}/fail`, service(),
      { error: { code: 'VALIDATION_ERROR', details: 'bad lot' }, message: 'Validation failed' });
    const failed = await expectFrame(c, 'error', (f) => f.channel !== undefined);
    assert.equal(failed.data.error.code, 'VALIDATION_ERROR');
    c.send({ type: 'cancel_operation', data: { operationId: failing.id } });
    await expectFrame(c, 'error', (f) => f.data.code === 'OPERATION_FINISHED');
    // Handed to another owner of the site, then deleted (admin or service only).
    const moving = await rest('PUT', '/api/v1/operations/sched-42', service(), { kind: 'schedule', owner: 'm1', site: 's1' });
    c.send({ type: 'subscribe', data: { channels: [`operation:${moving.id}`] } });
    await expectFrame(c, 'operation_state', (f) => f.channel === 'operation:sched-42');
    await rest('PATCH', '/api/v1/operations/sched-42', service(), { owner: 'u9' });
    await expectFrame(c, 'operation_owner_changed', (f) => f.data.owner === 'u9' && f.data.previousOwner === 'm1');
    await rest('DELETE', '/api/v1/operations/sched-42', service());
    await expectFrame(c, 'operation_deleted', (f) => f.data.operationId === 'sched-42');
    c.close();
    assertConforms(contract);
  });

  it('tokens: refusal, expiry notice, refresh', async () => {
    const bad = await v1(token(claims, 'another-secret-that-is-long-enough-0000000'));
    await expectFrame(bad, 'error', (f) => f.data.code === 'AUTHENTICATION_FAILED');
    assert.equal((await bad.waitClosed())?.code, 1008);
    const now = Math.floor(Date.now() / 1000);
    const expired = await v1(token({ ...claims, iat: now - 7200, exp: now - 3600 }));
    await expectFrame(expired, 'error', (f) => f.data.code === 'TOKEN_EXPIRED');
    await expired.waitClosed();

    // Expires within auth.token_expiring_notice_s (60 s): told at once.
    const c = await v1(token({ ...claims, exp: now + 30 }));
    await expectFrame(c, 'connection_established');
    await expectFrame(c, 'token_expiring');
    c.send({ type: 'refresh_token', correlationId: 'rt-1', data: { token: manager } });
    await expectFrame(c, 'token_refreshed');
    c.send({ type: 'refresh_token', messageId: 'rt-2', data: { token: 'not-a-token' } });
    await expectFrame(c, 'message_error', (f) => f.data.error.code === 'AUTHENTICATION_FAILED');
    c.close();
    assertConforms(contract);
  });

  it('limits: the message rate and the connections per user', async () => {
    const c = await v1(token({ sub: 'rl1', role: 'customer', site: 's1' }));
    await expectFrame(c, 'connection_established');
    for (let i = 0; i < 60; ++i) c.send(i % 2 ? { type: 'ping', messageId: `r${i}` } : { type: 'ping' });
    await expectFrame(c, 'error', (f) => f.data.code === 'RATE_LIMIT_EXCEEDED' && f.data.retryAfter >= 1);
    await expectFrame(c, 'message_error', (f) => f.data.error.code === 'RATE_LIMIT_EXCEEDED');
    assert.equal((await c.waitClosed())?.code, 1008);

    const user = token({ sub: 'many', role: 'customer', site: 's1' });
    const held = [];
    for (let i = 0; i < 5; ++i) {
      held.push(await v1(user));
      await expectFrame(held[i], 'connection_established');
    }
    const refused = await v1(user);
    await expectFrame(refused, 'error', (f) => f.data.code === 'CONNECTION_LIMIT');
    assert.equal((await refused.waitClosed())?.code, 1008);
    for (const h of held) h.close();
    assertConforms(contract);
  });

  it('the floor: stations, staff and presence', async () => {
    const c = await v1(manager);
    await expectFrame(c, 'connection_established');
    c.send({ type: 'subscribe', data: { channels: ['station:fk1:status', 'site:s1:staff', 'site:s1:general'] } });
    await expectFrame(c, 'subscription_confirmed');
    await rest('PUT', '/api/v1/stations/fk1', manager, { kind: 'counter', name: 'Espresso Bar', status: 'open' });
    await expectFrame(c, 'counter_status_changed');
    await rest('PATCH', '/api/v1/stations/fk1', manager, { status: 'error', reason: 'jam', operatorId: 'fop1' });
    await expectAll(c, [['station_error'], ['operator_logged_in']]);
    await rest('PATCH', '/api/v1/stations/fk1', manager, { status: 'maintenance', estimatedDowntime: 20, operatorId: null });
    await expectAll(c, [['station_maintenance_started'], ['operator_logged_out']]);
    await rest('PATCH', '/api/v1/stations/fk1', manager, { status: 'open' });
    await expectFrame(c, 'station_maintenance_completed');
    const op = token({ sub: 'fop1', role: 'operator', site: 's1' });
    await rest('PATCH', '/api/v1/staff/fop1/status', op, { status: 'available', stationId: 'fk1', shiftMinutes: 480 });
    await expectFrame(c, 'employee_status_changed', (f) => f.data.shiftChange === 'clocked_in');
    await rest('PATCH', '/api/v1/staff/fop1/status', op,
      { status: 'on_break', breakType: 'lunch', breakMinutes: 30, coveringEmployees: ['e1'] });
    await expectFrame(c, 'break_started');
    await rest('PATCH', '/api/v1/staff/fop1/status', op, { status: 'off_shift' });
    await expectAll(c, [['employee_status_changed', (f) => f.data.shiftChange === 'clocked_out'], ['break_ended']]);
    const other = await v1(op);
    await expectFrame(c, 'user_connected', (f) => f.data.userId === 'fop1');
    other.close();
    await expectFrame(c, 'user_disconnected', (f) => f.data.userId === 'fop1');
    c.close();
    assertConforms(contract);
  });

  it('lists the messages of message_table.cpp, and every one was seen', (t) => {
    assertCoverage(t, contract, v1TableRows());
  });
});

// ---------------------------------------------------------------------------------------
// factory (/ws)
// ---------------------------------------------------------------------------------------
describe('docs/asyncapi/factory.yaml against /ws', () => {
  const contract = new Contract('factory');
  const manager = token({ sub: 'fm1', role: 'manager', site: 'f1' });
  const ws = (bearer) => connectChecked(contract, server.url(bearer ? `/ws?token=${bearer}` : '/ws'));

  it('commands, answers and the floor\'s events', async () => {
    await rest('POST', '/api/v1/orders', manager, { number: 'F-1' });
    const c = await ws(manager);
    c.send({ action: 'ping' });
    await expectFrame(c, 'pong');
    c.send({ action: 'subscribe', order_id: 'F-1' });
    await expectFrame(c, 'subscribed');
    c.send({ action: 'subscribe', order_id: 'NO-SUCH' });
    await expectFrame(c, 'error', (f) => f.code === 'NOT_FOUND' && f.order_id === 'NO-SUCH');
    c.sendRaw({ action: 'dance' });
    await expectFrame(c, 'error', (f) => f.code === 'UNKNOWN_TYPE');
    c.sendRaw({ action: 'subscribe' });
    await expectFrame(c, 'error', (f) => f.code === 'INVALID_MESSAGE');

    const order = await rest('POST', '/api/v1/orders', manager, { number: 'F-2', customerId: 'c9' });
    await expectFrame(c, 'order_update', (f) => f.order_id === 'F-2');
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { status: 'confirmed', progress: 65, stage: 'nesting' });
    await expectFrame(c, 'order_update', (f) => f.progress === 65);
    await rest('POST', '/api/v1/queue/jobs', manager, { priority: 'HIGH', garmentType: 'jacket' });
    await expectFrame(c, 'queue_update');
    const alert = await rest('POST', '/api/v1/alerts', manager,
      { severity: 'warning', category: 'utilization', message: 'Low fabric utilization detected', site: 'f1' });
    await expectFrame(c, 'alert');
    c.send({ action: 'ack_alert', alert_id: alert.id });
    c.send({ action: 'ack_alert', alert_id: alert.id });
    await expectFrame(c, 'error', (f) => f.code === 'INVALID_ALERT_STATE' && f.alert_id === alert.id);
    await expectFrame(c, 'system_status');
    c.close();
    assertConforms(contract);
  });

  it('refusals and the rate limit', async () => {
    const anonymous = await ws();
    await expectFrame(anonymous, 'error', (f) => f.code === 'AUTHENTICATION_FAILED');
    assert.deepEqual(await anonymous.waitClosed(), { code: 1008, reason: 'Unauthorized' });
    const c = await ws(token({ sub: 'fm2', role: 'manager', site: 'f1' }));
    for (let i = 0; i < 25; ++i) c.send({ action: 'ping' });
    await expectFrame(c, 'warning');
    c.close();
    assertConforms(contract);
  });

  it('lists the rows of the dialect\'s messages(), and every server message was seen', (t) => {
    assertCoverage(t, contract, dialectTableRows('factory'));
  });
});

// ---------------------------------------------------------------------------------------
// rooms (/rooms)
// ---------------------------------------------------------------------------------------
describe('docs/asyncapi/rooms.yaml against /rooms', () => {
  const contract = new Contract('rooms');
  const manager = token({ sub: 'rm1', role: 'manager', site: 'r1' });
  const rooms = (bearer) => connectChecked(contract, server.url(`/rooms?token=${bearer}`));

  it('requests, answers and the catalogue\'s events', async () => {
    const c = await rooms(manager);
    c.send({ action: 'ping' });
    await expectFrame(c, 'pong');
    c.send({ action: 'getRooms' });
    await expectFrame(c, 'getRooms');
    c.send({ action: 'getStatus' });
    await expectFrame(c, 'getStatus');
    c.send({ action: 'subscribe', data: { room: 'site:r1:alerts' } });
    await expectFrame(c, 'subscribe', (f) => f.success === true);
    c.send({ action: 'subscribe', data: { room: 'kitchen' } });
    await expectFrame(c, 'subscribe', (f) => f.success === false && f.error === 'unknown_channel');
    c.send({ action: 'unsubscribe', data: { room: 'user:somebody-else' } });
    await expectFrame(c, 'unsubscribe', (f) => f.success === false);
    c.sendRaw({ action: 'subscribeToOrder', data: {} });
    await expectFrame(c, 'subscribeToOrder', (f) => f.error === 'INVALID_MESSAGE');
    c.sendRaw({ action: 'dance' });
    await expectFrame(c, 'error', (f) => f.error === 'UNKNOWN_TYPE');

    const order = await rest('POST', '/api/v1/orders', manager, { number: 'R-1', customerId: 'c5', totalAmount: 12 });
    await expectFrame(c, 'order:created');
    c.send({ action: 'subscribeToOrder', data: { orderId: order.id } });
    await expectFrame(c, 'subscribeToOrder', (f) => f.success === true);
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { status: 'confirmed' });
    await expectFrame(c, 'order:status_changed');
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { priority: 'high' });
    await expectFrame(c, 'order:priority_changed');
    await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { stationId: 'm7', assigneeId: 'o3' });
    await expectFrame(c, 'order:assigned');
    await rest('POST', `/api/v1/orders/${order.id}/notes`, manager, { text: 'check the seams' });
    await expectFrame(c, 'order:note_added');
    for (const status of ['in_progress', 'ready', 'completed'])
      await rest('PATCH', `/api/v1/orders/${order.id}`, manager, { status });
    await expectFrame(c, 'order:completed');
    await rest('POST', '/api/v1/alerts', manager, { severity: 'critical', category: 'machine', message: 'jam', site: 'r1' });
    await expectFrame(c, 'notification:alert', (f) => f.data.alertId !== undefined);
    await rest('POST', '/api/v1/publish', service(), { room: 'branch:r1', type: 'dashboard:refresh', data: { metrics: { orders: 3 } } });
    await expectFrame(c, 'dashboard:refresh');
    await rest('POST', '/api/v1/publish', service(), { room: 'user:rm1', type: 'notification:alert', data: { message: 'Your order is ready!' } });
    await expectFrame(c, 'notification:alert', (f) => f.data.message === 'Your order is ready!');
    c.close();
    assertConforms(contract);
  });

  it('the floor\'s machine, operator and user events', async () => {
    const c = await rooms(manager);
    c.send({ action: 'subscribe', data: { room: 'site:r1:staff' } });
    await expectFrame(c, 'subscribe', (f) => f.success === true);
    await rest('PUT', '/api/v1/stations/rm7', manager, { kind: 'machine', name: 'Cutter 7', status: 'open' });
    await expectFrame(c, 'machine:status_changed');
    await rest('PATCH', '/api/v1/stations/rm7', manager, { status: 'error', reason: 'jam', operatorId: 'rop1' });
    await expectAll(c, [['machine:error'], ['operator:logged_in']]);
    await rest('PATCH', '/api/v1/stations/rm7', manager, { status: 'maintenance', estimatedDowntime: 15, operatorId: null });
    await expectAll(c, [['machine:maintenance_started'], ['operator:logged_out']]);
    await rest('PATCH', '/api/v1/stations/rm7', manager, { status: 'open' });
    await expectFrame(c, 'machine:maintenance_completed');
    const op = token({ sub: 'rop1', role: 'operator', site: 'r1' });
    await rest('PATCH', '/api/v1/staff/rop1/status', op, { status: 'available', stationId: 'rm7' });
    await expectFrame(c, 'operator:clocked_in');
    await rest('PATCH', '/api/v1/staff/rop1/status', op, { status: 'on_break', breakMinutes: 15 });
    await expectAll(c, [['operator:status_changed'], ['operator:break_started']]);
    await rest('PATCH', '/api/v1/staff/rop1/status', op, { status: 'off_shift' });
    await expectAll(c, [['operator:clocked_out'], ['operator:break_ended']]);
    const other = await rooms(op);
    await expectFrame(c, 'user:connected', (f) => f.data.userId === 'rop1');
    other.close();
    await expectFrame(c, 'user:disconnected', (f) => f.data.userId === 'rop1');
    c.close();
    assertConforms(contract);
  });

  it('the rate limit', async () => {
    const c = await rooms(token({ sub: 'rm2', role: 'employee', site: 'r1' }));
    for (let i = 0; i < 60; ++i) c.send({ action: 'ping' });
    await expectFrame(c, 'error', (f) => f.error === 'RATE_LIMIT_EXCEEDED');
    c.close();
    assertConforms(contract);
  });

  it('lists the rows of the dialect\'s messages(), and every server message was seen', (t) => {
    assertCoverage(t, contract, dialectTableRows('rooms'));
  });
});

// ---------------------------------------------------------------------------------------
// progress (/ws/schedule/{id}, /ws/operations/{id})
// ---------------------------------------------------------------------------------------
describe('docs/asyncapi/progress.yaml against /ws/schedule/{id} and /ws/operations/{id}', () => {
  const contract = new Contract('progress');
  const owner = token({ sub: 'u1', role: 'customer', site: 's1' });
  const start = () => rest('POST', '/api/v1/operations', service(), { kind: 'schedule', owner: 'u1', site: 's1' });

  it('an operation followed to completion, with pings, pongs and a cancel', async () => {
    const op = await start();
    const c = await connectChecked(contract, server.url(`/ws/schedule/${op.id}?token=${owner}`));
    await expectFrame(c, 'progress');
    await rest('POST', `/api/v1/operations/${op.id}/progress`, service(), { step: 'loading', progress: 10, message: 'Loading lots...' });
    await expectFrame(c, 'progress', (f) => f.progress === 10);
    await expectFrame(c, 'ping');
    c.send({ type: 'pong', timestamp: new Date().toISOString() });
    c.send({ type: 'cancel' });
    // An accepted cancel is not answered: the worker sees cancelRequested (then completes it here).
    await waitFor(async () => (await rest('GET', `/api/v1/operations/${op.id}`, service())).cancelRequested,
      'the cancel to reach the operation', WAIT_MS);
    await rest('POST', `/api/v1/operations/${op.id}/complete`, service(), { result: { makespan: 145.5 }, message: 'done' });
    await expectFrame(c, 'complete');
    assert.deepEqual(await c.waitClosed(), { code: 1000, reason: 'operation finished' });
    assertConforms(contract);
  });

  it('a failed operation ends with error', async () => {
    const op = await start();
    const c = await connectChecked(contract, server.url(`/ws/operations/${op.id}?token=${owner}`));
    await expectFrame(c, 'progress');
    await rest('POST', `/api/v1/operations/${op.id}/fail`, service(),
      { error: { code: 'VALIDATION_ERROR', details: 'bad lot' }, message: 'Validation failed' });
    await expectFrame(c, 'error');
    assert.deepEqual(await c.waitClosed(), { code: 1000, reason: 'operation finished' });
    assertConforms(contract);
  });

  it('lists the rows of the dialect\'s messages(), and every server message was seen', (t) => {
    assertCoverage(t, contract, dialectTableRows('progress'));
  });
});

// ---------------------------------------------------------------------------------------
// shop (/ws/orders/{user_id})
// ---------------------------------------------------------------------------------------
describe('docs/asyncapi/shop.yaml against /ws/orders/{user_id}', () => {
  const contract = new Contract('shop');
  const shopkeeper = token({ sub: 'k1', role: 'manager', site: '1' });

  it('order updates and a processed chitty', async () => {
    const order = await rest('POST', '/api/v1/orders', shopkeeper, { customerId: '42', totalAmount: 450, currency: 'INR' });
    const c = await connectChecked(contract, server.url(`/ws/orders/42?token=${token({ sub: '42' })}`));
    c.send({ hello: 'ignored' });
    // The connection has joined when a change to an order of user 42 reaches it: retry the
    // change a bounded number of times rather than sleep for the join.
    for (let attempt = 0; ; ++attempt) {
      await rest('PATCH', `/api/v1/orders/${order.id}`, shopkeeper, { progress: 10 + attempt });
      const frame = await c.next(1000);
      if (frame) {
        assert.equal(frame.type, 'order_update');
        break;
      }
      assert.ok(attempt < 5, 'no order_update reached the shop connection');
    }
    await rest('PATCH', `/api/v1/orders/${order.id}`, shopkeeper, { status: 'confirmed' });
    await expectFrame(c, 'order_update', (f) => f.status === 'confirmed');
    const chitty = await rest('POST', '/api/v1/operations', service(), { kind: 'chitty', owner: '42', site: '1' });
    await rest('POST', `/api/v1/operations/${chitty.id}/complete`, service(),
      { result: { order_id: order.id, items_found: 4, total_lines: 6, message: 'OCR complete!' } });
    await expectFrame(c, 'chitty_processed');
    c.close();
    assertConforms(contract);
  });

  it('lists the rows of the dialect\'s messages(), and every server message was seen', (t) => {
    assertCoverage(t, contract, dialectTableRows('shop'));
  });
});

// ---------------------------------------------------------------------------------------
// restaurant (the restaurant profile's /v1)
// ---------------------------------------------------------------------------------------
describe('docs/asyncapi/restaurant.yaml against the restaurant profile\'s /v1', () => {
  const contract = new Contract('restaurant');
  let cafe;
  before(async () => {
    cafe = await startServer({
      ORDERCAST_SERVER_PROFILE: 'restaurant',
      ORDERCAST_STREAMS_METRICS_INTERVAL_MS: '300',
      ORDERCAST_LIMITS_MESSAGES_PER_MINUTE: '600',
      ORDERCAST_LIMITS_MESSAGE_BURST: '40',
    });
  });
  after(async () => { await cafe?.stop(); });

  // Tokens as the restaurant's issuer writes them (the profile's auth.claims).
  const seedToken = (userId, userType, extra = {}) =>
    token({ sub: undefined, role: undefined, site: undefined, userId, userType, cafeId: 'cafe-1', ...extra });
  const manager = seedToken('mgr-1', 'manager');
  const employee = seedToken('emp-1', 'employee', { stations: ['counter-1'] });
  const customer = seedToken('cust-1', 'customer');
  const backend = seedToken('backend', 'service', { cafeId: undefined });
  const call = (method, path, bearer, body) => ok(cafe, method, path, bearer, body);
  const open = (bearer) => connectChecked(contract, cafe.url(`/v1?token=${bearer}`));

  it('an order\'s life, payments, alerts, metrics, the floor and a published event', async () => {
    const office = await open(manager);
    await expectFrame(office, 'connection_established');
    office.send({ type: 'subscribe', messageId: 'sub-1', data: { channels: ['cafe:cafe-1:orders', 'cafe:cafe-1:metrics',
      'cafe:cafe-1:alerts', 'cafe:cafe-1:general', 'cafe:cafe-1:staff'] } });
    await expectAll(office, [['subscription_confirmed'], ['message_acknowledged', (f) => f.data.messageId === 'sub-1']]);
    const guest = await open(customer);
    await expectFrame(guest, 'connection_established');
    guest.send({ type: 'subscribe', correlationId: 'c1', data: { channels: ['orders:customer:cust-1', 'counter:counter-1:orders'] } });
    const confirmed = await expectFrame(guest, 'subscription_confirmed');
    assert.deepEqual(confirmed.data.channels, ['orders:customer:cust-1']);
    await expectFrame(guest, 'error', (f) => f.data.requiredRole === 'staff' && f.data.channel === 'counter:counter-1:orders');
    guest.send({ type: 'ping', timestamp: '2024-01-15T10:30:00Z' });
    await expectFrame(guest, 'pong');

    const order = await call('POST', '/api/v1/orders', backend, {
      number: 'ORD-1', customerId: 'cust-1', siteId: 'cafe-1', totalAmount: 9.5, estimatedTime: 7,
      items: [{ name: 'Latte', quantity: 1 }], attributes: { pickupCode: '4321', orderType: 'takeaway' } });
    await expectFrame(guest, 'order_created');
    await call('PATCH', `/api/v1/orders/${order.id}`, backend, { status: 'confirmed' });
    const critical = await expectFrame(guest, 'order_status_changed');
    guest.send({ type: 'ack', data: { messageIds: [critical.messageId] } });
    await call('PATCH', `/api/v1/orders/${order.id}`, backend, { stationId: 'counter-1', assigneeId: 'emp-1' });
    await expectFrame(office, 'order_assigned');
    await call('PATCH', `/api/v1/orders/${order.id}`, backend, { priority: 'high', reason: 'customer_waiting' });
    await expectFrame(office, 'order_priority_changed');
    await call('POST', `/api/v1/orders/${order.id}/payments`, backend,
      { amount: 9.5, method: 'card', status: 'success', transactionId: 'txn_1' });
    await expectFrame(guest, 'payment_processed');
    await call('POST', `/api/v1/orders/${order.id}/payments`, backend,
      { amount: 1, method: 'card', status: 'failed', transactionId: 'txn_2', reason: 'declined' });
    await expectFrame(guest, 'payment_failed');
    office.send({ type: 'order_status_update', messageId: 'st-1', data: { orderId: order.id, status: 'preparing' } });
    await expectFrame(office, 'message_acknowledged', (f) => f.data.messageId === 'st-1');
    await call('PATCH', `/api/v1/orders/${order.id}`, backend, { status: 'ready' });
    await expectFrame(guest, 'order_ready');
    await call('PATCH', `/api/v1/orders/${order.id}`, backend, { status: 'completed' });
    await expectFrame(guest, 'order_completed');
    office.send({ type: 'order_status_update', messageId: 'st-2', data: { orderId: order.id, status: 'pending' } });
    await expectFrame(office, 'message_error', (f) => f.data.messageId === 'st-2');
    const second = await call('POST', '/api/v1/orders', backend, { customerId: 'cust-1', siteId: 'cafe-1', totalAmount: 3 });
    await call('PATCH', `/api/v1/orders/${second.id}`, backend, { status: 'cancelled', reason: 'item_unavailable' });
    await expectFrame(guest, 'order_cancelled');

    const alert = await call('POST', '/api/v1/alerts', backend, { severity: 'warning', category: 'queue_length',
      site: 'cafe-1', message: 'long wait', counterId: 'counter-1', currentWaitTime: 12, threshold: 10 });
    await expectFrame(office, 'alert');
    office.send({ type: 'ack_alert', messageId: 'al-1', data: { alertId: alert.id } });
    await expectFrame(office, 'message_acknowledged', (f) => f.data.messageId === 'al-1');
    await expectFrame(office, 'metrics_update');

    await call('PUT', '/api/v1/stations/counter-1', manager, { kind: 'counter', name: 'Espresso Bar', status: 'open' });
    await call('PATCH', '/api/v1/stations/counter-1', manager, { status: 'maintenance', reason: 'cleaning', estimatedDowntime: 20 });
    await expectFrame(office, 'counter_status_changed', (f) => f.data.currentStatus === 'maintenance' && f.data.previousStatus === 'active');
    await call('PATCH', '/api/v1/staff/emp-1/status', employee, { status: 'available', name: 'Jane Smith', stationId: 'counter-1' });
    await expectFrame(office, 'employee_status_changed', (f) => f.data.status === 'clocked_in');
    await call('PATCH', '/api/v1/staff/emp-1/status', employee, { status: 'on_break', breakType: 'lunch', breakMinutes: 30 });
    await expectFrame(office, 'break_started');
    await publish(cafe, 'site:cafe-1:general', 'menu_changed', { itemId: 'latte', available: false }, backend);
    await expectFrame(office, 'menu_changed');

    // An operation's first state, and a cancel of it.
    const op = await call('POST', '/api/v1/operations', backend, { kind: 'report', owner: 'mgr-1', site: 'cafe-1' });
    office.send({ type: 'subscribe', data: { channels: [`operation:${op.id}`] } });
    await expectFrame(office, 'operation_state');
    office.send({ type: 'cancel_operation', messageId: 'cx-1', data: { operationId: op.id } });
    await expectFrame(office, 'message_acknowledged', (f) => f.data.messageId === 'cx-1');

    // Resuming from the first event the customer saw; then leaving.
    const again = await open(customer);
    await expectFrame(again, 'connection_established');
    again.send({ type: 'reconnect', data: { lastMessageId: critical.messageId, channels: ['orders:customer:cust-1'] } });
    await expectFrame(again, 'subscription_confirmed', (f) => f.data.recovered === true);
    const replay = await expectFrame(again, 'message_replay');
    assert.ok(replay.data.messages.some((m) => m.type === 'payment_processed'));
    again.send({ type: 'unsubscribe', data: { channels: ['orders:customer:cust-1'] } });
    await expectFrame(again, 'subscription_confirmed', (f) => f.data.action === 'unsubscribe');
    for (const c of [office, guest, again]) c.close();
    assertConforms(contract);
  });

  it('tokens: refusal, expiry notice, refresh; and the rate limit', async () => {
    const bad = await open(seedToken('mgr-1', 'manager', {}).replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')));
    await expectFrame(bad, 'error', (f) => f.data.code === 'AUTHENTICATION_FAILED' && f.data.action === 'reconnect_with_new_token');
    assert.equal((await bad.waitClosed())?.code, 1008);
    const now = Math.floor(Date.now() / 1000);
    const c = await open(seedToken('mgr-1', 'manager', { exp: now + 30 }));
    await expectFrame(c, 'connection_established');
    await expectFrame(c, 'token_expiring');
    c.send({ type: 'refresh_token', correlationId: 'rt-1', data: { token: manager } });
    await expectFrame(c, 'token_refreshed');
    c.close();

    const busy = await open(seedToken('rl-1', 'customer'));
    await expectFrame(busy, 'connection_established');
    for (let i = 0; i < 60; ++i) busy.send(i % 2 ? { type: 'ping', messageId: `r${i}` } : { type: 'ping' });
    await expectFrame(busy, 'error', (f) => f.data.code === 'RATE_LIMIT_EXCEEDED' && f.data.retryAfter >= 1);
    busy.close();
    assertConforms(contract);
  });

  it('lists the rows of the dialect\'s messages(), and every server message was seen', (t) => {
    assertCoverage(t, contract, dialectTableRows('restaurant'));
  });
});
