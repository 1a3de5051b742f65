// Seed 003, the restaurant ordering protocol, exactly: with the restaurant dialect on /v1 (and
// the canonical /v1 off), every message of the seed's catalogue that ordercast sends is compared
// with the seed's own JSON example (extracted verbatim by manifest.json: seed003_*.json5): the
// same keys and the same JSON types, values aside. The client connects as the seed's snippet
// does (seed003_connect.js, the host and token replaced).
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { connect, startServer, token } from '../support.mjs';
import { call, ok, snippet, subscriptionsAtRest, subscriptionsReach } from './harness.mjs';

// The restaurant profile (its status machine, limits, the dialect on /v1), and a metrics
// stream fast enough for a test.
const RESTAURANT = {
  ORDERCAST_SERVER_PROFILE: 'restaurant',
  ORDERCAST_STREAMS_METRICS_INTERVAL_MS: '100',
};

// Tokens as the restaurant's issuer writes them: userId, userType, cafeId (the profile's
// auth.claims.*), with the counters an employee serves in `stations`.
const CAFE = 'cafe-1';
const seedToken = ({ userId, userType, cafeId, ...rest }) =>
  token({ sub: undefined, role: undefined, site: undefined, userId, userType, cafeId, ...rest });
const customer = seedToken({ userId: 'cust-1', userType: 'customer', cafeId: CAFE });
const employee = seedToken({ userId: 'emp-1', userType: 'employee', cafeId: CAFE, stations: ['counter-1'] });
const manager = seedToken({ userId: 'mgr-1', userType: 'manager', cafeId: CAFE });
const backend = seedToken({ userId: 'backend', userType: 'service' });

// ---- the seed's examples ------------------------------------------------------------------
// An example as the seed prints it, read as JSON: `[...]` stands for an array whose items it
// does not show.
function example(name) {
  const text = readFileSync(snippet(`seed003_${name}.json5`), 'utf8').replaceAll('[...]', '[]');
  return JSON.parse(text);
}

const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
// Envelope members the seed's WebSocketMessage interface declares, and the resume position.
const ENVELOPE = new Set(['type', 'data', 'timestamp', 'messageId', 'correlationId', 'channel', 'version',
  'seq', 'epoch', 'requiresAck']);

// Same keys and JSON types as `expected` (inside data and below), values aside; an array's
// items are compared with the seed's first item when it shows one.
function sameShape(expected, actual, path) {
  assert.equal(kind(actual), kind(expected), `${path}: ${JSON.stringify(actual)} is not like ${JSON.stringify(expected)}`);
  if (kind(expected) === 'array') {
    if (expected.length > 0) for (const [i, item] of actual.entries()) sameShape(expected[0], item, `${path}[${i}]`);
  } else if (kind(expected) === 'object') {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const k of Object.keys(expected)) sameShape(expected[k], actual[k], `${path}.${k}`);
  }
}

// A frame against the seed's example: the envelope has every member the seed shows, and nothing
// but the interface's; data has exactly the seed's keys and types.
function compare(name, frame) {
  assert.ok(frame, `${name}: nothing was sent`);
  const seed = example(name);
  for (const k of Object.keys(seed)) {
    assert.ok(k in frame, `${name}: the frame has no '${k}': ${JSON.stringify(frame)}`);
    if (k !== 'data') assert.equal(kind(frame[k]), kind(seed[k]), `${name}.${k}`);
  }
  for (const k of Object.keys(frame))
    assert.ok(k in seed || ENVELOPE.has(k), `${name}: '${k}' is neither the seed's nor the envelope's`);
  if ('data' in seed) sameShape(seed.data, frame.data, `${name}.data`);
  assert.equal(frame.type, seed.type);
}

// ---- the client ------------------------------------------------------------------------------
// The seed's connection line with this server for its host and `bearer` for its token.
function seedUrl(server, bearer) {
  const line = readFileSync(snippet('seed003_connect.js'), 'utf8');
  const url = /new WebSocket\('([^']+)'\)/.exec(line)[1];
  return url.replace('wss://ws.table-tap.com', `ws://127.0.0.1:${server.port}`).replace(/token=.*$/, `token=${bearer}`);
}

// Every frame the server sends has the seed's `version: "1.0"` in its envelope: events, answers,
// pongs, acknowledgements and errors alike. Checked on each frame as the client reads it.
function versioned(client) {
  const next = client.next.bind(client);
  client.next = async (...args) => {
    const frame = await next(...args);
    if (frame) assert.equal(frame.version, '1.0', `${frame.type} has no version "1.0": ${JSON.stringify(frame)}`);
    return frame;
  };
  return client;
}

async function open(server, bearer) {
  const client = versioned(await connect(seedUrl(server, bearer)));
  const hello = await client.nextOfType('connection_established');
  return { client, hello };
}

// The seed's subscribe example with its placeholders filled in.
function subscribeFrame(ids) {
  const frame = example('subscribe');
  frame.data.channels = frame.data.channels.map((c) => c.replace('{customerId}', ids.customer)
    .replace('{cafeId}', CAFE).replace('{counterId}', ids.counter));
  return frame;
}

describe('seed 003: every message of the restaurant protocol, field by field', () => {
  let server;
  const sent = new Map();  // message type (or example name) -> the frame ordercast sent
  before(async () => { server = await startServer(RESTAURANT); });
  after(() => server.stop());

  it('connects, subscribes with the seed\'s channel names, and is told what it was refused', async () => {
    const { client, hello } = await open(server, customer);
    try {
      compare('connection_established', hello);
      assert.equal(hello.data.cafeId, CAFE);
      assert.equal(hello.data.userType, 'customer');
      client.send(subscribeFrame({ customer: 'cust-1', counter: 'counter-1' }));
      const confirmed = await client.nextOfType('subscription_confirmed');
      compare('subscription_confirmed', confirmed);
      assert.deepEqual(confirmed.data.channels, ['orders:customer:cust-1', `cafe:${CAFE}:general`]);
      assert.deepEqual(confirmed.data.failed, [{ channel: 'counter:counter-1:orders', reason: 'insufficient_permissions' }]);
      const refused = await client.nextOfType('error');
      compare('error_permission', refused);
      assert.equal(refused.data.channel, 'counter:counter-1:orders');
      client.send(example('ping'));
      compare('pong', await client.nextOfType('pong'));
    } finally {
      client.close();
    }
  });

  it('a bad token is refused with the seed\'s authentication error', async () => {
    const client = versioned(await connect(seedUrl(server, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.bad')));
    compare('error_authentication', await client.nextOfType('error'));
    assert.equal((await client.waitClosed()).code, 1008);
  });

  it('a customer, a counter and a manager hear an order\'s whole life in the seed\'s shapes', async () => {
    const held = await subscriptionsAtRest(server);
    const guest = await open(server, customer);
    const counter = await open(server, employee);
    const office = await open(server, manager);
    try {
      guest.client.send({ type: 'subscribe', data: { channels: ['orders:customer:cust-1'] } });
      counter.client.send({ type: 'subscribe', data: { channels: ['counter:counter-1:orders', `cafe:${CAFE}:staff`] } });
      office.client.send({ type: 'subscribe', data: { channels: [`cafe:${CAFE}:metrics`, `cafe:${CAFE}:alerts`,
        `cafe:${CAFE}:general`] } });
      for (const c of [guest, counter, office]) await c.client.nextOfType('subscription_confirmed');
      await subscriptionsReach(server, held + 6);

      // REST fields that feed the seed's fields with no column of their own: attributes
      // pickupLocation, pickupCode, pickupExpiresAt (order_ready), rating (order_completed),
      // orderType, customerName, specialInstructions (order_assigned), paymentRequired.
      const order = await ok(server, 'POST', '/api/v1/orders', backend, {
        number: 'ORD-001234', customerId: 'cust-1', siteId: CAFE, totalAmount: 15.5, estimatedTime: 12,
        items: [{ name: 'Cappuccino', quantity: 2, customizations: ['Extra shot', 'Oat milk'], priority: 'high' }],
        attributes: { paymentRequired: true, pickupLocation: 'Counter 2', pickupCode: '1234',
          pickupExpiresAt: '2024-01-15T11:00:00Z', rating: { enabled: true, url: 'https://app.example/rate/1' },
          orderType: 'takeaway', customerName: 'John D.', specialInstructions: 'Extra hot' },
      });
      const created = await guest.client.nextOfType('order_created');
      compare('order_created', created);
      assert.equal(created.data.orderNumber, 'ORD-001234');
      assert.equal(created.data.total, 15.5);
      assert.equal(created.data.paymentRequired, true);

      await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, backend,
        { status: 'confirmed', message: 'Your order is being prepared' });
      compare('order_status_changed', await guest.client.nextOfType('order_status_changed'));

      await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, backend, { stationId: 'counter-1', assigneeId: 'emp-1' });
      const assigned = await counter.client.nextOfType('order_assigned');
      compare('order_assigned', assigned);
      assert.equal(assigned.channel, 'counter:counter-1:orders', 'the channel as the client spelt it');
      await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, backend, { priority: 'high', reason: 'customer_waiting' });
      compare('order_priority_changed', await counter.client.nextOfType('order_priority_changed'));

      const paid = await ok(server, 'POST', `/api/v1/orders/${order.id}/payments`, backend,
        { amount: 15.5, method: 'card', status: 'success', transactionId: 'txn_1', receiptUrl: 'https://pay.example/r/1' });
      assert.equal(paid.orderPaymentStatus, 'paid');
      const processed = await guest.client.nextOfType('payment_processed');
      compare('payment_processed', processed);
      assert.equal(processed.requiresAck, true, 'payments are critical');
      await ok(server, 'POST', `/api/v1/orders/${order.id}/payments`, backend, {
        amount: 2, method: 'card', status: 'failed', transactionId: 'txn_2', reason: 'insufficient_funds',
        message: 'Payment was declined.', retryUrl: 'https://pay.example/retry/1', expiresAt: '2024-01-15T10:45:00Z' });
      compare('payment_failed', await guest.client.nextOfType('payment_failed'));

      // The employee moves it as the seed's client does, with a messageId.
      counter.client.send({ type: 'order_status_update', messageId: 'msg_1', data: { orderId: order.id, status: 'preparing' } });
      compare('message_acknowledged', await counter.client.nextOfType('message_acknowledged'));
      await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, backend, { status: 'ready' });
      compare('order_ready', await guest.client.nextOfType('order_ready'));
      await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, backend, { status: 'completed' });
      compare('order_completed', await guest.client.nextOfType('order_completed'));
      counter.client.send({ type: 'order_status_update', messageId: 'msg_2', data: { orderId: order.id, status: 'preparing' } });
      compare('message_error', await counter.client.nextOfType('message_error'));

      const second = await ok(server, 'POST', '/api/v1/orders', backend,
        { customerId: 'cust-1', siteId: CAFE, stationId: 'counter-1', totalAmount: 15.5, items: [] });
      await ok(server, 'POST', `/api/v1/orders/${second.id}/payments`, backend,
        { amount: 15.5, method: 'card', status: 'success', transactionId: 'txn_3' });
      await ok(server, 'PATCH', `/api/v1/orders/${second.id}`, backend,
        { status: 'cancelled', reason: 'item_unavailable', message: 'Espresso machine out of order' });
      const cancelled = await counter.client.nextOfType('order_cancelled');
      compare('order_cancelled', cancelled);
      assert.deepEqual([cancelled.data.refundRequired, cancelled.data.refundAmount], [true, 15.5]);

      await ok(server, 'POST', '/api/v1/alerts', backend, {
        severity: 'warning', category: 'queue_length', site: CAFE,
        message: 'Counter 1 queue exceeding 10 minutes average wait time', counterId: 'counter-1',
        currentWaitTime: 12.5, threshold: 10, suggestedActions: ['Assign additional staff'] });
      compare('alert', await office.client.nextOfType('alert'));
      const metrics = await office.client.nextOfType('metrics_update');
      compare('metrics_update', metrics);
      assert.equal(metrics.data.metrics.revenue, 31, 'the successful payments of the hour');

      // The floor, changed over REST as the cafe's back office and its employees do: the
      // counter goes from open to maintenance, the employee clocks in at it and then takes
      // a break. Each change arrives in the seed's shape.
      await ok(server, 'PUT', '/api/v1/stations/counter-1', manager, { kind: 'counter', name: 'Espresso Bar', status: 'open' });
      const opened = await office.client.nextOfType('counter_status_changed');
      assert.deepEqual([opened.data.counterId, opened.data.previousStatus, opened.data.currentStatus],
        ['counter-1', null, 'active'], 'a new counter, open: the seed\'s "active"');
      await ok(server, 'PATCH', '/api/v1/stations/counter-1', manager,
        { status: 'maintenance', reason: 'Equipment cleaning', estimatedDowntime: 20 });
      const closed = await office.client.nextOfType('counter_status_changed');
      compare('counter_status_changed', closed);
      assert.deepEqual([closed.data.counterId, closed.data.previousStatus, closed.data.currentStatus, closed.data.updatedBy],
        ['counter-1', 'active', 'maintenance', 'mgr-1']);
      assert.equal(closed.channel, `cafe:${CAFE}:general`);

      await ok(server, 'PATCH', '/api/v1/staff/emp-1/status', employee,
        { status: 'available', name: 'Jane Smith', stationId: 'counter-1', shiftMinutes: 480 });
      const clockedIn = await counter.client.nextOfType('employee_status_changed');
      compare('employee_status_changed', clockedIn);
      assert.deepEqual([clockedIn.data.employeeId, clockedIn.data.status, clockedIn.data.location],
        ['emp-1', 'clocked_in', 'Espresso Bar']);
      assert.equal(clockedIn.channel, `cafe:${CAFE}:staff`);

      await ok(server, 'PATCH', '/api/v1/staff/emp-1/status', employee,
        { status: 'on_break', breakType: 'lunch', breakMinutes: 30, coveringEmployees: ['emp-2'] });
      const skipped = [];
      const onBreak = await counter.client.nextOfType('break_started', undefined, skipped);
      compare('break_started', onBreak);
      assert.deepEqual([onBreak.data.breakType, onBreak.data.duration, onBreak.data.coveringEmployees], ['lunch', 30, ['emp-2']]);
      assert.equal(onBreak.channel, `cafe:${CAFE}:staff`);
      const status = skipped.find((f) => f.type === 'employee_status_changed');
      assert.equal(status?.data.status, 'on_break', 'a change that is no shift change says the status');

      // The floor's events the seed has no message for (the maintenance's start and end, the
      // break's end) are not sent: everything up to a pong (answered after the REST calls
      // published) is the seed's own messages.
      await ok(server, 'PATCH', '/api/v1/staff/emp-1/status', employee, { status: 'busy' });
      await ok(server, 'PATCH', '/api/v1/stations/counter-1', manager, { status: 'open' });
      const seen = [...skipped];
      for (const c of [counter, office]) {
        c.client.send(example('ping'));
        assert.ok(await c.client.nextOfType('pong', undefined, seen));
      }
      const floorTypes = ['employee_status_changed', 'counter_status_changed', 'metrics_update'];
      assert.deepEqual(seen.map((f) => f.type).filter((t) => !floorTypes.includes(t)), []);
      assert.deepEqual(seen.filter((f) => f.type === 'employee_status_changed').map((f) => f.data.status), ['on_break', 'busy']);
      assert.deepEqual(seen.filter((f) => f.type === 'counter_status_changed').map((f) => f.data.currentStatus), ['active']);

      // Reconnect from the first event the customer saw: the rest comes as message_replay.
      const again = await open(server, customer);
      try {
        again.client.send({ type: 'reconnect', data: { lastMessageId: created.messageId, channels: ['orders:customer:cust-1'] } });
        const replay = await again.client.nextOfType('message_replay');
        compare('message_replay', replay);
        assert.ok(replay.data.messages.some((m) => m.type === 'payment_processed' && m.channel === 'orders:customer:cust-1'));
      } finally {
        again.client.close();
      }
    } finally {
      for (const c of [guest, counter, office]) c.client.close();
    }
  });

  it('too many messages get the seed\'s rate-limit error', async () => {
    const { client } = await open(server, customer);
    try {
      for (let i = 0; i < 40; ++i) client.send(example('ping'));
      compare('error_rate_limit', await client.nextOfType('error'));
    } finally {
      client.close();
    }
  });
});

describe('seed 003 payments: bad input is refused and nothing is stored', () => {
  let server;
  before(async () => { server = await startServer(RESTAURANT); });
  after(() => server.stop());

  it('answers 4xx with a code for each bad payment, and a retry with the key replays', async () => {
    const order = await ok(server, 'POST', '/api/v1/orders', backend, { customerId: 'cust-1', siteId: CAFE, totalAmount: 10 });
    const path = `/api/v1/orders/${order.id}/payments`;
    const good = { amount: 10, method: 'card', status: 'success', transactionId: 'txn_9' };
    const bad = [
      [{ ...good, amount: '10' }, 400, 'INVALID_MESSAGE'],
      [{ ...good, amount: -1 }, 422, 'INVALID_VALUE'],
      [{ ...good, status: 'maybe' }, 422, 'INVALID_VALUE'],
      [{ ...good, status: 'failed' }, 400, 'INVALID_MESSAGE'],
      [{ ...good, tip: 1 }, 400, 'INVALID_MESSAGE'],
      [{ amount: 10, method: 'card', status: 'success' }, 400, 'INVALID_MESSAGE'],
    ];
    for (const [body, status, code] of bad) {
      const r = await call(server, 'POST', path, backend, body);
      assert.deepEqual([r.status, r.body.error.code], [status, code], JSON.stringify(body));
    }
    const unknown = await call(server, 'POST', '/api/v1/orders/nope/payments', backend, good);
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'NOT_FOUND']);
    const forbidden = await call(server, 'POST', path, customer, good);
    assert.deepEqual([forbidden.status, forbidden.body.error.code], [403, 'INSUFFICIENT_PERMISSIONS']);

    const first = await call(server, 'POST', path, backend, good, { 'Idempotency-Key': 'k1' });
    assert.equal(first.status, 201);
    assert.deepEqual([first.body.orderPaymentStatus, first.body.orderPaidAmount], ['paid', 10], 'the refused ones stored nothing');
    const retry = await call(server, 'POST', path, backend, good, { 'Idempotency-Key': 'k1' });
    assert.deepEqual([retry.status, retry.body.id], [201, first.body.id]);
    const twice = await call(server, 'POST', path, backend, good);
    assert.deepEqual([twice.status, twice.body.error.code], [409, 'ALREADY_EXISTS']);
  });
});
