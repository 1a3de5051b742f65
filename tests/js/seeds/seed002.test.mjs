// Seed 002's ScheduleWebSocket class and its usage, as printed in the seed, driven through
// whole operations on /ws/schedule/{id}: the current state first, progress, a dropped
// network and the class's own reconnect (state recovered from the store), completion and
// the 1000 close that stops it reconnecting; a failure; the server's JSON ping answered by
// the class. Then the refusals, with a bare WebSocket (the class would retry them).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { connect, startServer, token } from '../support.mjs';
import { call, metric, ok, service, sleep, snippet, startPage, startProxy, subscriptions, subscriptionsReach,
  waitFor } from './harness.mjs';

const owner = token({ sub: 'u1', role: 'customer', site: 's1' });

function usage(host, id, bearer) {
  return [['localhost:8000', host], ["new ScheduleWebSocket(123, 'jwt_token_here')", `new ScheduleWebSocket('${id}', '${bearer}')`]];
}

const startOperation = (server) =>
  ok(server, 'POST', '/api/v1/operations', service(), { kind: 'schedule', owner: 'u1', site: 's1',
    steps: ['loading', 'validating', 'planning', 'saving'] });
const report = (server, id, step, progress, message) =>
  ok(server, 'POST', `/api/v1/operations/${id}/progress`, service(), { step, progress, message });

describe('seed 002: ScheduleWebSocket on /ws/schedule/{id}', () => {
  let server;
  let proxy;
  before(async () => {
    // The scheduler profile: 100 connections per user (the default is 5), 1,000 on the node,
    // 5 min idle. The JSON ping every 300 ms instead of 30 s, so the test sees pongs soon.
    server = await startServer({ ORDERCAST_SERVER_PROFILE: 'scheduler',
      ORDERCAST_DIALECT_PROGRESS_PING_INTERVAL_MS: '300' });
    proxy = await startProxy(server.port);
  });
  after(async () => {
    await proxy.close();
    await server.stop();
  });

  it('follows an operation to completion across a dropped connection, then stops', async () => {
    const op = await startOperation(server);
    const page = startPage(snippet('seed002_schedule_websocket.js'), { replace: usage(`127.0.0.1:${proxy.port}`, op.id, owner) });
    const logs = () => page.logs();
    try {
      await page.waitFor(() => logs().includes('Progress: 0% - '), 'the state first');
      assert.equal(logs()[0], 'WebSocket connected');
      await report(server, op.id, 'loading', 10, 'Loading lots...');
      await report(server, op.id, 'validating', 30, 'Validating configuration...');
      await report(server, op.id, 'planning', 50, 'Planning optimal schedule...');
      // The class logs a progress before its handler sets the bar and the text: wait for the
      // last of what is asserted (the text is set after the bar), not for the log line.
      await page.waitFor(() => page.sets('status-message.textContent').includes('Planning optimal schedule...'),
        'progress 50 shown');
      assert.ok(logs().includes('Progress: 50% - Planning optimal schedule...'));
      assert.deepEqual(page.sets('progress-bar.style.width'), ['0%', '10%', '30%', '50%']);
      assert.equal(page.sets('status-message.textContent').at(-1), 'Planning optimal schedule...');

      // The server's JSON pings are answered by the class's pongs (counted as messages in).
      const before = await metric(server, 'ordercast_messages_in_total');
      await page.waitFor(async () => (await metric(server, 'ordercast_messages_in_total')) >= before + 2, 'two pongs');

      proxy.cut();  // the network drops: 1006, and the class reconnects after its 5 s
      await page.waitFor(() => logs().includes('WebSocket closed: 1006'), 'the drop');
      await page.waitFor(() => logs().includes('Reconnecting... (attempt 1)'), 'the reconnect', 9000);
      await page.waitFor(() => logs().filter((l) => l === 'WebSocket connected').length === 2, 'the second open');
      await page.waitFor(() => logs().filter((l) => l === 'Progress: 50% - Planning optimal schedule...').length === 2,
        'the state again, from the store');

      await report(server, op.id, 'saving', 90, 'Saving schedule...');
      await ok(server, 'POST', `/api/v1/operations/${op.id}/complete`, service(),
        { result: { schedule_id: 123, makespan: 145.5, utilization: 0.87 }, message: 'Schedule completed successfully!' });
      await page.waitFor(() => logs().includes('WebSocket closed: 1000'), 'the close after completion');
      const completed = page.records.find((r) => r.log?.[0] === 'Schedule completed!');
      assert.equal(completed.log[1].makespan, 145.5);
      assert.ok(logs().includes('Makespan: 145.5'));
      assert.deepEqual(page.sets('window.location.href'), [`/schedule/${op.id}`]);
      await sleep(6000);  // longer than the class's reconnect delay
      assert.equal(logs().filter((l) => l.startsWith('Reconnecting')).length, 1, 'no reconnect after 1000');
      assert.equal(logs().filter((l) => l === 'WebSocket connected').length, 2);
    } finally {
      await page.stop();
    }
  });

  it('six tabs follow a schedule created under the scheduler\'s own id 123 to its end', async () => {
    // The scheduler names its schedule 123, and the seed's usage line stays as printed but for
    // the host and the token: new ScheduleWebSocket(123, ...).
    const created = await ok(server, 'PUT', '/api/v1/operations/123', service(), { kind: 'schedule', owner: 'u1',
      site: 's1', steps: ['loading', 'validating', 'planning', 'saving'] });
    assert.equal(created.id, '123');
    const replace = [['localhost:8000', `127.0.0.1:${server.port}`], ["'jwt_token_here'", `'${owner}'`]];
    const held = await subscriptions(server);
    const tabs = Array.from({ length: 6 }, () => startPage(snippet('seed002_schedule_websocket.js'), { replace }));
    try {
      // Six connections of one user (five was the canonical limit), each with the state first.
      for (const tab of tabs) await tab.waitFor(() => tab.logs().includes('Progress: 0% - '), 'the state first');
      await subscriptionsReach(server, held + 6);
      // The worker reports in step counts (2 of 4 is 50 %) and in percentages.
      await report(server, '123', 'loading', 10, 'Loading lots...');
      await ok(server, 'POST', '/api/v1/operations/123/progress', service(),
        { step: 'planning', currentStep: 2, totalSteps: 4, message: 'Planning optimal schedule...' });
      await ok(server, 'POST', '/api/v1/operations/123/progress', service(), { step: 'saving', currentStep: 3,
        message: 'Saving schedule...' });
      // The poll answers with the scheduler's names while the tabs watch.
      const poll = await ok(server, 'GET', '/schedule/123', owner);
      assert.equal(poll.schedule_id, 123);
      assert.equal(poll.progress, 75);
      assert.equal(poll.step, 'saving');
      await ok(server, 'POST', '/api/v1/operations/123/complete', service(),
        { result: { schedule_id: 123, makespan: 145.5, utilization: 0.87 }, message: 'Schedule completed successfully!' });
      for (const tab of tabs) {
        await tab.waitFor(() => tab.logs().includes('WebSocket closed: 1000'), 'the close after completion');
        assert.deepEqual(tab.sets('progress-bar.style.width'), ['0%', '10%', '50%', '75%']);
        assert.ok(tab.logs().includes('Progress: 50% - Planning optimal schedule...'));
        const completed = tab.records.find((r) => r.log?.[0] === 'Schedule completed!');
        assert.deepEqual(completed.log[1], { schedule_id: 123, makespan: 145.5, utilization: 0.87 });
        assert.ok(tab.logs().includes('Makespan: 145.5'));
        // The class sends the user to the schedule's page, which the poll answers.
        assert.deepEqual(tab.sets('window.location.href'), ['/schedule/123']);
        assert.equal(tab.logs().filter((l) => l === 'WebSocket connected').length, 1);
        assert.deepEqual(tab.records.filter((r) => r.uncaught), []);
      }
      const done = await ok(server, 'GET', tabs[0].sets('window.location.href')[0], owner);
      assert.deepEqual({ id: done.schedule_id, status: done.status, progress: done.progress },
        { id: 123, status: 'completed', progress: 100 });
      assert.equal(done.result.makespan, 145.5);
    } finally {
      for (const tab of tabs) await tab.stop();
    }
  });

  it('a deleted schedule closes its tabs 1008 Unauthorized, and the class\'s retries are refused', async () => {
    await ok(server, 'PUT', '/api/v1/operations/124', service(), { kind: 'schedule', owner: 'u1', site: 's1' });
    const replace = [['localhost:8000', `127.0.0.1:${server.port}`],
      ["new ScheduleWebSocket(123, 'jwt_token_here')", `new ScheduleWebSocket(124, '${owner}')`]];
    const tab = startPage(snippet('seed002_schedule_websocket.js'), { replace });
    try {
      await tab.waitFor(() => tab.logs().includes('Progress: 0% - '), 'the state first');
      await ok(server, 'DELETE', '/api/v1/operations/124', service());
      await tab.waitFor(() => tab.logs().includes('WebSocket closed: 1008'), 'the close');
      // The class retries after 5 s (any code but 1000); the schedule is gone, so it is refused.
      await tab.waitFor(() => tab.logs().filter((l) => l === 'WebSocket closed: 1008').length === 2,
        'the retry refused', 9000);
      assert.equal(tab.logs().filter((l) => l === 'WebSocket connected').length, 2,
        'the retry is upgraded, then closed 1008 before any frame');
      assert.equal(tab.logs().filter((l) => l.startsWith('Progress:')).length, 1);
    } finally {
      await tab.stop();
    }
    const gone = await call(server, 'GET', '/schedule/124', owner);
    assert.equal(gone.status, 404);
  });

  it('a failed operation ends with error, the alert of its details, and close 1000', async () => {
    const op = await startOperation(server);
    const page = startPage(snippet('seed002_schedule_websocket.js'), { replace: usage(`127.0.0.1:${server.port}`, op.id, owner) });
    try {
      await page.waitFor(() => page.logs().includes('Progress: 0% - '), 'the state first');
      await ok(server, 'POST', `/api/v1/operations/${op.id}/fail`, service(),
        { error: { code: 'VALIDATION_ERROR', details: "Lot 'LOT-001' has invalid fill_hours: -5" }, message: 'Validation failed' });
      await page.waitFor(() => page.logs().includes('WebSocket closed: 1000'), 'the close');
      const failed = page.records.find((r) => r.error?.[0] === 'Schedule failed:');
      assert.deepEqual(failed.error[1], { code: 'VALIDATION_ERROR', details: "Lot 'LOT-001' has invalid fill_hours: -5" });
      assert.deepEqual(page.calls('alert'), [["Error: Lot 'LOT-001' has invalid fill_hours: -5"]]);
    } finally {
      await page.stop();
    }
  });

  it('a client that comes after the end gets the final state and close 1000', async () => {
    const op = await startOperation(server);
    await ok(server, 'POST', `/api/v1/operations/${op.id}/complete`, service(), { result: { makespan: 1 } });
    const c = await connect(server.url(`/ws/operations/${op.id}?token=${owner}`));
    const state = await c.next();
    assert.equal(state.type, 'complete');
    assert.deepEqual(state.result, { makespan: 1 });
    assert.deepEqual(await c.waitClosed(), { code: 1000, reason: 'operation finished' });
  });

  it('refuses with 1008 and the seed\'s reasons', async () => {
    const op = await startOperation(server);
    const refusal = async (path) => (await connect(server.url(path))).waitClosed();
    assert.deepEqual(await refusal(`/ws/schedule/${op.id}`), { code: 1008, reason: 'Authentication failed' });
    assert.deepEqual(await refusal(`/ws/schedule/${op.id}?token=garbage`), { code: 1008, reason: 'Authentication failed' });
    assert.deepEqual(await refusal(`/ws/schedule/${op.id}?token=${token({ sub: undefined })}`), { code: 1008, reason: 'Invalid token' });
    assert.deepEqual(await refusal(`/ws/schedule/${op.id}?token=${token({ sub: 'u2' })}`), { code: 1008, reason: 'Unauthorized' });
    assert.deepEqual(await refusal(`/ws/schedule/no-such-operation?token=${owner}`), { code: 1008, reason: 'Unauthorized' });
    const ten = [];
    for (let i = 0; i < 10; ++i) ten.push(await connect(server.url(`/ws/schedule/${op.id}?token=${owner}`)));
    for (const c of ten) assert.equal((await c.next()).type, 'progress');
    assert.deepEqual(await refusal(`/ws/schedule/${op.id}?token=${owner}`), { code: 1008, reason: 'Too many connections' });
    for (const c of ten) c.close();
  });

  it('cancel from the client reaches the worker', async () => {
    const op = await startOperation(server);
    const c = await connect(server.url(`/ws/operations/${op.id}?token=${owner}`));
    assert.equal((await c.next()).type, 'progress');
    c.send({ type: 'cancel' });
    // The server takes the cancel when it reads it: ask until it has, not after a fixed pause.
    const seen = await waitFor(async () => {
      const state = await ok(server, 'GET', `/api/v1/operations/${op.id}`, service());
      return state.cancelRequested === true && state;
    }, 'cancelRequested on the operation');
    assert.equal(seen.cancelRequested, true);
    const answers = [];
    for (const deadline = Date.now() + 600; Date.now() < deadline;) {
      const f = await c.next(Math.max(1, deadline - Date.now()));
      if (!f) break;
      if (f.type !== 'ping') answers.push(f);
    }
    assert.deepEqual(answers, [], 'an accepted cancel is not answered; the worker ends the operation');
    c.close();
  });
});
