// Subscribing, receiving published events, and resuming after a reconnect.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, publish, startServer, token } from './support.mjs';

const CHANNEL = 'site:s1:general';

async function subscribed(server, frame, claims = { sub: 'c1', site: 's1' }) {
  const client = await connect(server.url(`/v1?token=${token(claims)}`));
  assert.equal((await client.next())?.type, 'connection_established');
  client.send(frame);
  const confirmed = await client.nextOfType('subscription_confirmed');
  assert.ok(confirmed, 'no subscription_confirmed');
  return { client, confirmed };
}

describe('events', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  it('a subscriber receives a published event with channel, seq, epoch and messageId', async () => {
    const { client, confirmed } = await subscribed(server, { type: 'subscribe', data: { channels: [CHANNEL] } });
    assert.deepEqual(confirmed.data.channels, [CHANNEL]);
    const res = await publish(server, CHANNEL, 'menu_changed', { item: 'tea' });
    const event = await client.nextOfType('menu_changed');
    assert.ok(event, 'event not delivered');
    assert.equal(event.channel, CHANNEL);
    assert.equal(event.seq, res.seq);
    assert.equal(event.epoch, res.epoch);
    assert.equal(event.messageId, res.messageId);
    assert.deepEqual(event.data, { item: 'tea' });
    client.close();
  });

  it('an alias is confirmed under its canonical name', async () => {
    const { client, confirmed } = await subscribed(server, { type: 'subscribe', data: { channels: ['cafe:s1:general'] } });
    assert.deepEqual(confirmed.data.channels, [CHANNEL]);
    client.close();
  });

  it('resuming with positions after a reconnect replays exactly the missed events', async () => {
    const staff = { sub: 'e1', role: 'employee', site: 's1' };
    const first = await subscribed(server, { type: 'subscribe', data: { channels: ['site:s1:queue'] } }, staff);
    await publish(server, 'site:s1:queue', 'queue_update', { n: 1 });
    const seen = await first.client.nextOfType('queue_update');
    assert.ok(seen);
    first.client.close();
    await first.client.waitClosed();

    const missed = [];
    for (let n = 2; n <= 4; n++) missed.push(await publish(server, 'site:s1:queue', 'queue_update', { n }));

    const positions = { 'site:s1:queue': { seq: seen.seq, epoch: seen.epoch } };
    const second = await subscribed(server, { type: 'subscribe', data: { channels: ['site:s1:queue'], positions } }, staff);
    assert.equal(second.confirmed.data.recovered, true);
    const replayed = [];
    while (replayed.length < missed.length) {
      const replay = await second.client.nextOfType('message_replay');
      assert.ok(replay, `replayed only ${replayed.length} of ${missed.length}`);
      replayed.push(...replay.data.messages);
    }
    assert.deepEqual(replayed.map((e) => e.seq), missed.map((m) => m.seq));
    assert.deepEqual(replayed.map((e) => e.data.n), [2, 3, 4]);

    const live = await publish(server, 'site:s1:queue', 'queue_update', { n: 5 });
    const next = await second.client.nextOfType('queue_update');
    assert.equal(next?.seq, live.seq, 'the first live event follows the replay without gap or duplicate');
    second.client.close();
  });
});
