// Several VS Code windows, simulated in one process (support/windowsWorld.ts): one watch list, one poller,
// one notification, hand-overs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Scheduler } from '../../src/core/poll/scheduler';
import { HEARTBEAT_MS, PRESENCE_TTL_MS } from '../../src/core/sync/presence';
import { SCAN_MS, WindowSync } from '../../src/core/sync/windowSync';
import { TaskStore } from '../../src/core/store/taskStore';
import { BASE, ids, LATENCY, MIN, quiet, T0, World } from './support/windowsWorld';

suite('many windows, one watcher', () => {
  let world: World;
  setup(() => {
    world = new World();
  });
  teardown(() => {
    world.dispose();
  });

  test('an edit in one window shows in the other within a second', async () => {
    const a = await world.window('a');
    const b = await world.window('b');
    const x = world.task(10);
    a.shared.watch([x]);
    await world.advance(SCAN_MS);
    assert.deepEqual(ids(b), [x], 'watched in A, shown in B');
    b.shared.unwatch([x]);
    await world.advance(SCAN_MS);
    assert.deepEqual(ids(a), [], 'stopped in B, gone in A');
  });

  test('watch X in A, stop Y in B, reload both: X is watched and Y is gone (no lost task, no ghost)', async () => {
    const y = world.task(10, 'Y');
    const x = world.task(10, 'X');
    const a = await world.window('a');
    a.shared.watch([y]);
    await world.advance(1_000);
    const b = await world.window('b');
    await world.advance(30_000); // both poll-and-save for a while
    a.shared.watch([x]);
    b.shared.unwatch([y]);
    await world.advance(30_000);
    a.close();
    b.close();
    const a2 = await world.window('a2');
    const b2 = await world.window('b2');
    assert.deepEqual(ids(a2), [x]);
    assert.deepEqual(ids(b2), [x]);
    await world.advance(60_000);
    assert.deepEqual(ids(a2), [x], 'Y does not come back');
  });

  test('exactly one window polls: with two windows the API sees the requests of one', async () => {
    const tasks = [world.task(12), world.task(20), world.task(30)];
    const a = await world.window('a', true);
    await world.advance(1_000);
    const b = await world.window('b');
    a.shared.watch(tasks);
    await world.advance(10 * MIN);
    assert.equal(world.count({ window: 'b' }), 0, 'the younger window makes no request');
    assert.ok(a.shared.isPoller && !b.shared.isPoller);
    const two = world.count();
    // The same ten minutes with one window only.
    const alone = new World();
    try {
      const solo = await alone.window('solo', true);
      solo.shared.watch(
        tasks.map((id) => alone.model.addTask({ id, query: 'A task', durationMs: world.model.endsAt(id)! - T0, createdPhaseMs: 0 })),
      );
      await alone.advance(10 * MIN);
      const one = alone.count();
      assert.ok(two <= one * 1.2, `two windows made ${two} requests, one window ${one}`);
    } finally {
      alone.dispose();
    }
    // B shows the same state as A.
    for (const id of tasks) assert.deepEqual(b.store.get(id)?.task, a.store.get(id)?.task);
  });

  test('two windows opening at the same instant agree on one poller', async () => {
    const [a, b] = await Promise.all([world.window('k3a9'), world.window('f0b2')]);
    const x = world.task(10);
    a.shared.watch([x]);
    await world.advance(2 * SCAN_MS + HEARTBEAT_MS);
    assert.equal([a, b].filter((w) => w.shared.isPoller).length, 1);
    await world.advance(MIN);
    assert.equal(new Set(world.requests.map((r) => r.window)).size, 1);
  });

  test('a completion makes one notification in all, in the focused window', async () => {
    const x = world.task(3, 'Fintech in Berlin');
    const a = await world.window('a');
    await world.advance(1_000);
    const b = await world.window('b', true);
    a.shared.watch([x]);
    await world.advance(5 * MIN);
    assert.equal(a.store.get(x)?.stopped, 'complete');
    assert.equal(b.store.get(x)?.stopped, 'complete');
    assert.deepEqual(a.notices, [], 'the polling window is not the one in front');
    assert.equal(b.notices.length, 1);
    assert.match(b.notices[0]!.text, /"Fintech in Berlin" finished/);
    assert.deepEqual(
      b.notices[0]!.actions.map((x) => x.command),
      ['extruct.openDetails', 'extruct.openInExtruct'],
    );
    assert.equal(b.store.get(x)?.unseen, true, 'counted as unseen in B too');
    b.shared.opened(x);
    await world.advance(SCAN_MS);
    assert.equal(a.store.get(x)?.unseen, false, 'opened in B: seen everywhere');
  });

  test('the polling window closes: the other takes over within two base intervals, and the completion is told once', async () => {
    const x = world.task(4, 'Handover');
    const a = await world.window('a', true);
    await world.advance(1_000);
    const b = await world.window('b');
    a.shared.watch([x]);
    await world.advance(MIN);
    assert.ok(a.shared.isPoller);
    assert.equal(world.count({ window: 'b' }), 0);
    a.close();
    const closedAt = world.clock.now();
    await world.advance(SCAN_MS);
    assert.ok(b.shared.isPoller, 'a closing window hands over at once');
    await world.advance(2 * BASE);
    const first = world.requests.find((r) => r.window === 'b');
    assert.ok(first, 'and B polls');
    assert.ok(first.at - closedAt <= 2 * BASE, `B's first request ${first.at - closedAt} ms after A closed`);
    await world.advance(5 * MIN);
    assert.equal(b.store.get(x)?.stopped, 'complete');
    assert.equal(b.notices.length, 1, 'told once, by the window left');
  });

  test('the polling window crashes: another takes over at its next look (its process is gone)', async () => {
    const x = world.task(30, 'Crash');
    const a = await world.window('a');
    await world.advance(1_000);
    const b = await world.window('b');
    a.shared.watch([x]);
    await world.advance(MIN);
    a.crash();
    const crashedAt = world.clock.now();
    await world.advance(SCAN_MS);
    assert.ok(b.shared.isPoller, 'B polls one look after the crash');
    await world.advance(BASE);
    const first = world.requests.find((r) => r.window === 'b');
    assert.ok(first, 'B polls');
    assert.ok(first.at - crashedAt <= BASE + SCAN_MS, `B's first request ${first.at - crashedAt} ms after the crash`);
  });

  test('a crash where nobody can tell the process is gone (another host): taken over when the lease expires', async () => {
    world.host = 'elsewhere';
    const x = world.task(30, 'Crash elsewhere');
    const a = await world.window('a');
    await world.advance(1_000);
    const b = await world.window('b');
    a.shared.watch([x]);
    await world.advance(MIN);
    a.crash();
    const crashedAt = world.clock.now();
    // Its last heartbeat was at most HEARTBEAT_MS before the crash.
    await world.advance(PRESENCE_TTL_MS - HEARTBEAT_MS - SCAN_MS);
    assert.equal(b.shared.isPoller, false, 'not before the lease expires');
    await world.advance(HEARTBEAT_MS + 3 * SCAN_MS);
    assert.ok(b.shared.isPoller);
    await world.advance(BASE);
    const first = world.requests.find((r) => r.window === 'b');
    assert.ok(first, 'B polls');
    assert.ok(first.at - crashedAt <= 2 * BASE, `B's first request ${first.at - crashedAt} ms after the crash`);
  });

  test('a window that overwrote the list with an older copy does not lose the task: its owner writes it back', async () => {
    const [x, y] = [world.task(10), world.task(10)];
    const a = await world.window('a');
    const listPath = path.join(world.dir, 'list.json');
    a.shared.watch([y]);
    await world.advance(SCAN_MS);
    const before = fs.readFileSync(listPath, 'utf8');
    a.shared.watch([x]);
    await world.advance(SCAN_MS);
    assert.match(fs.readFileSync(listPath, 'utf8'), new RegExp(x));
    fs.writeFileSync(listPath, before); // a lost race: another window's older list lands last
    await world.advance(SCAN_MS);
    await world.advance(SCAN_MS);
    assert.match(fs.readFileSync(listPath, 'utf8'), new RegExp(x), 'restored');
    const b = await world.window('b');
    assert.deepEqual(ids(b), [x, y]);
  });

  test('a task whose answer does not change is not written again', async () => {
    const x = world.model.addTask({
      query: 'Stalled',
      durationMs: 60 * MIN,
      createdPhaseMs: 0,
      stalls: [{ atFraction: 0.01, forMs: 30 * MIN }],
    });
    const a = await world.window('a', true);
    a.shared.watch([x]);
    await world.advance(2 * MIN);
    const written = a.files.written.snapshots;
    const requests = world.count({ id: x });
    await world.advance(10 * MIN);
    assert.ok(world.count({ id: x }) > requests + 5, 'it is still polled');
    assert.equal(a.files.written.snapshots, written, 'but nothing is written');
  });

  test("a damaged list file is recovered from the tasks' saved states, and reported", async () => {
    const x = world.task(10);
    const a = await world.window('a', true);
    a.shared.watch([x]);
    await world.advance(MIN);
    a.close();
    fs.writeFileSync(path.join(world.dir, 'list.json'), '{"format":1,"tasks":{');
    const problems: string[] = [];
    const store = new TaskStore();
    const scheduler = new Scheduler({
      store,
      clock: world.clock,
      fetchTask: () => Promise.resolve({ ok: false, error: { kind: 'network', message: 'offline' } }),
      intervalMs: () => BASE,
    });
    const shared = new WindowSync({ dir: world.dir, store, scheduler, clock: world.clock, log: quiet, window: 'c' });
    shared.onProblem((p) => problems.push(p));
    await shared.start();
    try {
      assert.deepEqual(
        store.entries().map((e) => e.id),
        [x],
      );
      assert.equal(store.get(x)?.task?.id, x, 'with its last state');
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /damaged.*1 task\(s\) were recovered.*copy was kept/);
    } finally {
      shared.dispose();
      scheduler.dispose();
    }
  });

  test("VS Code for the web: a token set in one window is not in the other's copy; the window that has it polls", async () => {
    const x = world.task(30, 'Token moves');
    const a = await world.window('a', false, ''); // opened before any token was set
    await world.advance(1_000);
    const b = await world.window('b', false, '');
    a.shared.watch([x]);
    await world.advance(SCAN_MS);
    assert.equal(a.store.authPaused, true);
    assert.equal(b.store.authPaused, true, 'paused in both');
    b.secrets!.set('tok-1'); // the user sets the token in B, the younger window
    b.pause!.tokenSet();
    await world.advance(2 * SCAN_MS);
    assert.equal(a.store.authPaused, false, 'not paused in A either: B can poll');
    assert.ok(b.shared.isPoller && !a.shared.isPoller, 'B polls, although A is older');
    await world.advance(BASE);
    assert.ok(world.count({ window: 'b' }) > 0 && world.count({ window: 'a' }) === 0);
    assert.ok(a.store.get(x)?.task, 'A shows what B polled');
    // A sets a token too (its own copy, now the newest): B's copy is out of date, A polls.
    a.secrets!.set('tok-2');
    a.pause!.tokenSet();
    await world.advance(2 * SCAN_MS);
    assert.ok(b.pause!.outdatedHere, 'B knows its copy is out of date');
    // Which windows poll, read afresh: the compiler still holds `a.shared.isPoller` as false from the assertion above.
    assert.deepEqual(
      [a, b].filter((w) => w.shared.isPoller).map((w) => w.name),
      ['a'],
    );
  });

  test('Refresh in a window that does not poll: the polling window makes the one request', async () => {
    const x = world.task(30, 'Refresh me');
    const a = await world.window('a');
    await world.advance(1_000);
    const b = await world.window('b');
    a.shared.watch([x]);
    await world.advance(BASE);
    const before = world.count({ id: x });
    world.clock.setTimeout(() => undefined, 0);
    const done = b.shared.refresh([x]);
    let finished = false;
    void done.then(() => (finished = true));
    await world.advance(SCAN_MS + LATENCY + SCAN_MS);
    assert.ok(finished, 'B is told when it is done');
    assert.equal(world.count({ id: x, window: 'b' }), 0, 'B made no request');
    assert.equal(world.count({ id: x, window: 'a' }), before + 1, 'A made one');
  });

  test("the token state is shared: a rejection in one window pauses the others' view, a new token resumes", async () => {
    const a = await world.window('a');
    const b = await world.window('b');
    const seen: string[] = [];
    b.shared.onTokenState((s) => seen.push(s));
    a.shared.setTokenState('rejected');
    await world.advance(SCAN_MS);
    assert.equal(b.shared.tokenState, 'rejected');
    b.shared.setTokenState('set');
    await world.advance(SCAN_MS);
    assert.equal(a.shared.tokenState, 'set');
    assert.deepEqual(seen, ['rejected'], "told of the other window's change, not of its own");
  });
});
