// Seed 004's shop snippet, as printed in the seed, on /ws/orders/{user_id}: every device of
// the customer hears the PATCH of their order, and a completed chitty (OCR) operation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { connect, startServer, token } from '../support.mjs';
import { ok, service, snippet, startPage, subscriptions, subscriptionsReach } from './harness.mjs';

const shopkeeper = token({ sub: 'k1', role: 'manager', site: '1' });

describe('seed 004: the shop app on /ws/orders/{user_id}', () => {
  let server;
  before(async () => {
    server = await startServer({ ORDERCAST_SERVER_PROFILE: 'shop' });
  });
  after(() => server.stop());

  it('after a PATCH of totalAmount, order #7 of shop 1 reaches the snippet with integer ids', async () => {
    const held = await subscriptions(server);
    const replace = [['your-server', `127.0.0.1:${server.port}`]];
    const phone = startPage(snippet('seed004_shop.js'), { replace });
    const raw = await connect(server.url('/ws/orders/42'));  // the same frames, read as JSON
    try {
      await subscriptionsReach(server, held + 4);
      const order = await ok(server, 'POST', '/api/v1/orders', shopkeeper,
        { number: 7, customerId: '42', siteId: '1', totalAmount: 400 });
      assert.equal(order.number, '7');
      // The shopkeeper names the order by its number, as the seed's PATCH /api/v1/orders/{order_id}.
      await ok(server, 'PATCH', '/api/v1/orders/7', shopkeeper, { totalAmount: 450.0 });
      await phone.waitFor(() => phone.logs().some((l) => l.startsWith('Total:')), 'the order update');
      assert.deepEqual(phone.logs(), ['Order #7 is now: pending', 'Total: \u00e2\u201a\u00b9450']);
      const frame = await raw.next();
      // As seed 004 prints it: {"type": "order_update", "order_id": 7, "shop_id": 1, "status": ...,
      // "total_amount": 450.0, "updated_at": ...}.
      assert.deepEqual(Object.keys(frame), ['type', 'order_id', 'shop_id', 'status', 'total_amount', 'updated_at']);
      assert.deepEqual({ ...frame, updated_at: undefined },
        { type: 'order_update', order_id: 7, shop_id: 1, status: 'pending', total_amount: 450, updated_at: undefined });
      assert.match(frame.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // A PATCH that changes nothing tells nobody.
      await ok(server, 'PATCH', '/api/v1/orders/7', shopkeeper, { totalAmount: 450 });
      assert.equal(await raw.next(300), null);
      assert.equal(phone.logs().length, 2);
    } finally {
      raw.close();
      await phone.stop();
    }
  });

  it('both devices of user 42 see the PATCH of their order and their processed chitty', async () => {
    const order = await ok(server, 'POST', '/api/v1/orders', shopkeeper,
      { customerId: '42', siteId: '1', totalAmount: 450, currency: 'INR' });
    const held = await subscriptions(server);
    const replace = [['your-server', `127.0.0.1:${server.port}`]];
    const phone = startPage(snippet('seed004_shop.js'), { replace });
    const tablet = startPage(snippet('seed004_shop.js'), { replace });
    try {
      // Each joins orders:customer:42 and user:42.
      await subscriptionsReach(server, held + 4);
      await ok(server, 'PATCH', `/api/v1/orders/${order.id}`, shopkeeper, { status: 'confirmed' });
      for (const page of [phone, tablet]) {
        await page.waitFor(() => page.logs().some((l) => l.startsWith('Total:')), 'the order update');
        // The seed's text is stored as it is printed (UTF-8 read as Windows-1252: "â‚¹").
        assert.deepEqual(page.logs(), [`Order #${order.id} is now: confirmed`, 'Total: \u00e2\u201a\u00b9450']);
      }

      const chitty = await ok(server, 'POST', '/api/v1/operations', service(), { kind: 'chitty', owner: '42', site: '1' });
      await ok(server, 'POST', `/api/v1/operations/${chitty.id}/complete`, service(),
        { result: { order_id: order.id, items_found: 4, total_lines: 6,
          message: 'OCR complete! Found 4 product matches from 6 lines.' } });
      for (const page of [phone, tablet]) {
        await page.waitFor(() => page.logs().includes('Found 4 products from your list'), 'chitty_processed');
        assert.deepEqual(page.records.filter((r) => r.error || r.uncaught), []);
      }
    } finally {
      await phone.stop();
      await tablet.stop();
    }
  });

  it('a token must name the user of the path', async () => {
    const mine = await connect(server.url(`/ws/orders/42?token=${token({ sub: '42' })}`));
    const other = await connect(server.url(`/ws/orders/42?token=${token({ sub: '43' })}`));
    assert.deepEqual(await other.waitClosed(), { code: 1008, reason: 'Unauthorized' });
    mine.send({ hello: 'ignored' });
    assert.equal(await mine.next(300), null, 'the shop client sends nothing the server answers');
    mine.send('not json');
    assert.deepEqual(await mine.waitClosed(), { code: 1003, reason: 'invalid JSON' });
  });
});

describe('the shop dialect without allow_anonymous', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(() => server.stop());

  it('refuses a connection without a token', async () => {
    const c = await connect(server.url('/ws/orders/42'));
    assert.deepEqual(await c.waitClosed(), { code: 1008, reason: 'Authentication failed' });
  });
});
