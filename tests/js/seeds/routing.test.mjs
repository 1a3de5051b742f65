// The upgrade routes by path: configured paths reach their dialect, others answer 404 naming
// the configured ones, and an empty path list turns a dialect off.
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { connect, startServer, token } from '../support.mjs';

describe('dialect paths', () => {
  let server;
  before(async () => {
    server = await startServer({ ORDERCAST_DIALECT_FACTORY_PATHS: '', ORDERCAST_DIALECT_SHOP_PATHS: '/shop/{id}/ws' });
  });
  after(() => server.stop());

  it('an unknown or disabled path is refused with 404 naming the configured paths', async () => {
    for (const path of ['/nowhere', '/ws', '/ws/orders/42']) {
      await assert.rejects(connect(server.url(path)), /HTTP 404/, path);
      const { status, body } = await new Promise((resolve, reject) => {
        const req = http.get(server.http(path), { headers: { Connection: 'Upgrade', Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' } }, (res) => {
          let text = '';
          res.on('data', (d) => { text += d; });
          res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
        });
        req.on('error', reject);
        req.setTimeout(5000, () => req.destroy(new Error('no answer')));
      });
      assert.equal(status, 404);
      assert.equal(body.error.code, 'NOT_FOUND');
      assert.match(body.error.message, /\/v1, \/rooms, \/ws\/schedule\/\{id\}, \/ws\/operations\/\{id\}, \/shop\/\{id\}\/ws/);
    }
  });

  it('a configured path with {id} in the middle reaches its dialect with that id', async () => {
    const mine = await connect(server.url(`/shop/42/ws?token=${token({ sub: '42' })}`));
    const other = await connect(server.url(`/shop/42/ws?token=${token({ sub: '7' })}`));
    assert.deepEqual(await other.waitClosed(), { code: 1008, reason: 'Unauthorized' });
    assert.equal(mine.closeInfo, null);
    mine.close();
    const v1 = await connect(server.url(`/v1?token=${token()}`));
    assert.equal((await v1.next()).type, 'connection_established');
    v1.close();
  });
});
