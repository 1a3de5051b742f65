// Connecting to /v1 with the npm ws client: the three token paths and the refusals.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, startServer, token } from './support.mjs';

describe('connection', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  it('token in the query gets connection_established for that user', async () => {
    const client = await connect(server.url(`/v1?token=${token({ sub: 'c7', site: 's3' })}`));
    const hello = await client.next();
    assert.equal(hello?.type, 'connection_established');
    assert.equal(hello.data.userId, 'c7');
    assert.equal(hello.data.userType, 'customer');
    assert.equal(hello.data.siteId, 's3');
    assert.match(hello.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    client.close();
  });

  it('token in Sec-WebSocket-Protocol is accepted and bearer is echoed', async () => {
    const client = await connect(server.url('/v1'), ['bearer', token({ sub: 'c8' })]);
    assert.equal(client.ws.protocol, 'bearer');
    const hello = await client.next();
    assert.equal(hello?.type, 'connection_established');
    assert.equal(hello.data.userId, 'c8');
    client.close();
  });

  it('token in the Authorization header is accepted', async () => {
    const client = await connect(server.url('/v1'), [], { headers: { Authorization: `Bearer ${token({ sub: 'c9' })}` } });
    const hello = await client.next();
    assert.equal(hello?.type, 'connection_established');
    assert.equal(hello.data.userId, 'c9');
    client.close();
  });

  it('a token signed with another secret gets AUTHENTICATION_FAILED and close 1008', async () => {
    const bad = token({}, 'some-other-secret-that-is-long-enough-000');
    const client = await connect(server.url(`/v1?token=${bad}`));
    const err = await client.next();
    assert.equal(err?.type, 'error');
    assert.equal(err.data.code, 'AUTHENTICATION_FAILED');
    const closed = await client.waitClosed();
    assert.equal(closed?.code, 1008);
  });

  it('an expired token gets TOKEN_EXPIRED and close 1008', async () => {
    const now = Math.floor(Date.now() / 1000);
    const client = await connect(server.url(`/v1?token=${token({ iat: now - 7200, exp: now - 3600 })}`));
    const err = await client.next();
    assert.equal(err?.data?.code, 'TOKEN_EXPIRED');
    assert.equal((await client.waitClosed())?.code, 1008);
  });

  it('a missing token closes 1008', async () => {
    const client = await connect(server.url('/v1'));
    assert.equal((await client.waitClosed())?.code, 1008);
  });

  it('unparsable JSON closes 1003', async () => {
    const client = await connect(server.url(`/v1?token=${token()}`));
    assert.equal((await client.next())?.type, 'connection_established');
    client.send('{"type": "ping", oops');
    assert.equal((await client.waitClosed())?.code, 1003);
  });

  it('ping is answered with pong', async () => {
    const client = await connect(server.url(`/v1?token=${token()}`));
    client.send({ type: 'ping', timestamp: '2024-01-15T10:30:00.000Z' });
    const pong = await client.nextOfType('pong');
    assert.ok(pong, 'no pong');
    assert.equal(pong.data.timestamp, '2024-01-15T10:30:00.000Z');
    client.close();
  });
});
