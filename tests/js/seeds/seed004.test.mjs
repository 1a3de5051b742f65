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
    server = await startServer({ ORDERCAST_DIALECT_SHOP_ALLOW_ANONYMOUS: 'true' });
  });
  after(() => server.stop());

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
