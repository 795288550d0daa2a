import assert from 'node:assert/strict';
import type { ApiError, Result } from '../../src/core/api/errors';
import type { Task } from '../../src/core/api/types';
import { Scheduler } from '../../src/core/poll/scheduler';
import { TaskStore } from '../../src/core/store/taskStore';
import { FakeClock, settle } from './support/fakeClock';
import { ID1, ID2, ID3, task } from './support/tasks';

/** A scripted API: per task, a list of answers; the last one repeats. Records every call. */
class ScriptedApi {
  readonly calls: Array<{ id: string; at: number }> = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly perTask = new Map<string, Array<Result<Task> | (() => Result<Task>)>>();
  constructor(
    private readonly clock: FakeClock,
    private readonly latencyMs = 200,
  ) {}

  script(id: string, ...answers: Array<Result<Task> | (() => Result<Task>)>): void {
    this.perTask.set(id, answers);
  }

  fetchTask = async (id: string): Promise<Result<Task>> => {
    this.calls.push({ id, at: this.clock.now() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise<void>((r) => this.clock.setTimeout(r, this.latencyMs));
    this.inFlight--;
    const list = this.perTask.get(id) ?? [];
    const next = list.length > 1 ? list.shift()! : list[0];
    if (!next) return { ok: false, error: { kind: 'not-found', message: 'HTTP 404', status: 404 } };
    return typeof next === 'function' ? next() : next;
  };

  count(id: string): number {
    return this.calls.filter((c) => c.id === id).length;
  }
}

const okTask = (over: Partial<Task>): Result<Task> => ({ ok: true, value: task(over) });
const error = (e: Partial<ApiError>): Result<Task> => ({ ok: false, error: { kind: 'server', message: 'HTTP 500', status: 500, ...e } });

function setup(opts: { maxInFlight?: number; intervalMs?: number } = {}) {
  const clock = new FakeClock();
  const api = new ScriptedApi(clock);
  const store = new TaskStore();
  const scheduler = new Scheduler({
    store,
    clock,
    fetchTask: api.fetchTask,
    intervalMs: () => opts.intervalMs ?? 10_000,
    random: () => 0.5,
    maxInFlight: opts.maxInFlight ?? 2,
  });
  return { clock, api, store, scheduler };
}

suite('scheduler', () => {
  test('polls a new task at once, then every interval while it moves, and never after completion', async () => {
    const { clock, api, store, scheduler } = setup();
    let n = 0;
    api.script(ID1, () => (++n < 6 ? okTask({ num_results_discovered: n * 10 }) : okTask({ status: 'done', num_results_discovered: 60 })));
    store.add([ID1], clock.now());
    scheduler.start();
    await clock.advance(1_000);
    assert.equal(api.count(ID1), 1);
    await clock.advance(10 * 60_000);
    assert.equal(api.count(ID1), 6, 'five running answers and the final one');
    assert.equal(store.get(ID1)!.stopped, 'complete');
    assert.equal(clock.pendingTimers, 0, 'no timer is left once every task is complete');
    scheduler.dispose();
  });

  test('an answer recorded outside the scheduler (a created or resumed task) counts as a check: no request repeats it', async () => {
    const { clock, api, store, scheduler } = setup();
    api.script(ID1, okTask({ desired_num_results: null }));
    scheduler.start();
    store.add([ID1], clock.now());
    store.recordSuccess(ID1, task({ desired_num_results: null }), clock.now()); // as "New Deep Search" does with the create answer
    await clock.advance(9_000);
    assert.equal(api.count(ID1), 0, 'nothing asked within the interval after the answer');
    await clock.advance(2_000);
    assert.equal(api.count(ID1), 1, 'then checked as usual');
    scheduler.dispose();
  });

  test('one timer for all tasks, at most N requests in flight, never two for one task', async () => {
    const { clock, api, store, scheduler } = setup({ maxInFlight: 2 });
    for (const id of [ID1, ID2, ID3]) api.script(id, okTask({ id }));
    store.add([ID1, ID2, ID3], clock.now());
    scheduler.start();
    for (let i = 0; i < 30; i++) {
      await clock.advance(3_000);
      assert.ok(clock.pendingTimers <= 1 + api.inFlight, `timers ${clock.pendingTimers}`);
    }
    assert.equal(api.maxInFlight, 2);
    const perTask = new Map<string, number[]>();
    for (const c of api.calls) perTask.set(c.id, [...(perTask.get(c.id) ?? []), c.at]);
    for (const times of perTask.values()) for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 200);
    scheduler.dispose();
  });

  test('a stalled task is polled less often, and at the base rate again when it moves', async () => {
    const { clock, api, store, scheduler } = setup();
    let discovered = 10;
    let moving = false;
    // No target, so no estimate of the time left: a moving task gets the base interval (see policy.ts).
    api.script(ID1, () => okTask({ desired_num_results: null, num_results_discovered: moving ? ++discovered : discovered }));
    store.add([ID1], clock.now());
    scheduler.start();
    await clock.advance(10 * 60_000);
    const stalledCalls = api.count(ID1);
    assert.ok(stalledCalls < 30, `${stalledCalls} calls in 10 stalled minutes (fixed 10 s polling would make 60)`);
    moving = true;
    const before = api.count(ID1);
    await clock.advance(2 * 60_000 + 60_000);
    const last = api.calls.slice(-4).map((c) => c.at);
    assert.ok(api.count(ID1) - before >= 5);
    assert.ok(last[3]! - last[2]! <= 10_300, 'back to the base interval once counters move');
    scheduler.dispose();
  });

  test('server errors back off exponentially and polling continues', async () => {
    const { clock, api, store, scheduler } = setup();
    api.script(ID1, error({}), error({}), error({}), okTask({}));
    store.add([ID1], clock.now());
    scheduler.start();
    await clock.advance(500);
    assert.equal(store.get(ID1)!.error?.kind, 'server');
    await clock.advance(20_000);
    assert.equal(api.count(ID1), 2);
    await clock.advance(40_000);
    assert.equal(api.count(ID1), 3);
    await clock.advance(81_000); // 80 s of backoff plus the request latencies
    assert.equal(api.count(ID1), 4);
    assert.equal(store.get(ID1)!.error, undefined);
    assert.equal(scheduler.pollInfo(ID1).errorCount, 0);
    scheduler.dispose();
  });

  test('429 with Retry-After holds every request until then', async () => {
    const { clock, api, store, scheduler } = setup();
    api.script(ID1, error({ kind: 'rate-limited', status: 429, retryAfterMs: 120_000 }), okTask({}));
    api.script(ID2, okTask({ id: ID2 }));
    store.add([ID1], clock.now());
    scheduler.start();
    await clock.advance(1_000);
    store.add([ID2], clock.now());
    await clock.advance(110_000);
    assert.equal(api.count(ID1), 1);
    assert.equal(api.count(ID2), 0, 'other tasks wait too: the limit is per account');
    await clock.advance(15_000);
    assert.equal(api.count(ID1), 2);
    assert.equal(api.count(ID2), 1);
    scheduler.dispose();
  });

  test('404 stops polling that task only', async () => {
    const { clock, api, store, scheduler } = setup();
    api.script(ID1, error({ kind: 'not-found', status: 404 }));
    api.script(ID2, okTask({ id: ID2 }));
    store.add([ID1, ID2], clock.now());
    scheduler.start();
    await clock.advance(5 * 60_000);
    assert.equal(api.count(ID1), 1);
    assert.equal(store.get(ID1)!.stopped, 'not-found');
    assert.ok(api.count(ID2) > 5);
    scheduler.dispose();
  });

  test('a 401 is reported to the owner of the token pause; while paused nothing is polled, after it all are', async () => {
    const clock = new FakeClock();
    const api = new ScriptedApi(clock);
    const store = new TaskStore();
    const reported: string[] = [];
    const scheduler = new Scheduler({
      store,
      clock,
      fetchTask: api.fetchTask,
      intervalMs: () => 10_000,
      random: () => 0.5,
      // The owner (core/auth/tokenPause.ts) decides; here it pauses at once.
      onAuthError: (id, e) => {
        reported.push(`${id}:${e.status}`);
        store.setAuthPaused(true);
      },
    });
    api.script(ID1, error({ kind: 'auth', status: 401 }), okTask({}));
    api.script(ID2, error({ kind: 'auth', status: 401 }), okTask({ id: ID2 }));
    store.add([ID1, ID2], clock.now());
    scheduler.start();
    await clock.advance(10 * 60_000);
    assert.equal(store.authPaused, true);
    assert.deepEqual(reported.sort(), [`${ID1}:401`, `${ID2}:401`].sort(), 'both requests were in flight together');
    assert.ok(api.calls.length <= 2, `${api.calls.length} calls while paused`);
    store.setAuthPaused(false);
    await clock.advance(1_000);
    assert.equal(api.count(ID1), 2);
    assert.equal(api.count(ID2), 2);
    scheduler.dispose();
  });

  test('manual refresh fetches a completed task once, without resuming the timer for it', async () => {
    const { clock, api, store, scheduler } = setup();
    api.script(ID1, okTask({ status: 'done' }));
    store.add([ID1], clock.now());
    scheduler.start();
    await clock.advance(60_000);
    assert.equal(api.count(ID1), 1);
    const done = scheduler.refresh([ID1]);
    await clock.advance(1_000);
    await done;
    assert.equal(api.count(ID1), 2);
    await clock.advance(10 * 60_000);
    assert.equal(api.count(ID1), 2);
    scheduler.dispose();
  });

  test('focus: slower in the background, one catch-up on return', async () => {
    const { clock, api, store, scheduler } = setup();
    api.script(ID1, () => okTask({ num_results_discovered: api.calls.length }));
    store.add([ID1], clock.now());
    scheduler.start();
    await clock.advance(1_000);
    scheduler.setFocused(false);
    const before = api.count(ID1);
    await clock.advance(60_000);
    const unfocused = api.count(ID1) - before;
    assert.ok(unfocused <= 3, `${unfocused} calls in a background minute`);
    scheduler.setFocused(true);
    await clock.advance(500);
    assert.equal(api.count(ID1), before + unfocused + 1, 'an immediate catch-up');
    scheduler.dispose();
  });

  test('a removed task is not requested again, and an in-flight answer for it is dropped', async () => {
    const { clock, api, store, scheduler } = setup();
    api.script(ID1, okTask({}));
    store.add([ID1], clock.now());
    scheduler.start();
    await clock.advance(100); // request in flight
    store.remove([ID1]);
    await clock.advance(5 * 60_000);
    assert.equal(api.count(ID1), 1);
    assert.equal(store.get(ID1), undefined);
    scheduler.dispose();
  });

  test('a thrown fetch becomes an error state, not an unhandled rejection', async () => {
    const clock = new FakeClock();
    const store = new TaskStore();
    const scheduler = new Scheduler({
      store,
      clock,
      fetchTask: () => Promise.reject(new Error('boom')),
      intervalMs: () => 10_000,
      random: () => 0.5,
    });
    store.add([ID1], clock.now());
    scheduler.start();
    await clock.advance(1_000);
    await settle();
    assert.equal(store.get(ID1)!.error?.kind, 'unexpected');
    scheduler.dispose();
  });

  suite('sleep, clock changes and holds', () => {
    test('after the machine wakes, Refresh asks at once (due times are on the monotonic clock)', async () => {
      const { clock, api, store, scheduler } = setup();
      api.script(ID1, okTask({}));
      store.add([ID1], clock.now());
      scheduler.start();
      await clock.advance(1_000);
      clock.jumpWall(2 * 3_600_000); // two hours of sleep: the wall clock moved, the timers did not
      const before = api.count(ID1);
      const done = scheduler.refresh([ID1]);
      await clock.advance(500);
      await done;
      assert.equal(api.count(ID1), before + 1);
      scheduler.dispose();
    });

    test('a 429 hold does not outlast a sleep longer than itself', async () => {
      const { clock, api, store, scheduler } = setup();
      api.script(ID1, error({ kind: 'rate-limited', status: 429, retryAfterMs: 3_600_000 }), okTask({}));
      store.add([ID1], clock.now());
      scheduler.start();
      await clock.advance(1_000);
      assert.ok(scheduler.heldUntil !== undefined, 'held');
      clock.jumpWall(2 * 3_600_000); // the laptop slept through the hour it was asked to wait
      await clock.advance(61_000); // the timer never sleeps longer than a minute
      assert.equal(api.count(ID1), 2, 'asked again within a minute of waking');
      assert.equal(scheduler.heldUntil, undefined);
      scheduler.dispose();
    });

    test('a clock set back by an hour does not stop polling', async () => {
      const { clock, api, store, scheduler } = setup();
      let n = 0;
      api.script(ID1, () => okTask({ desired_num_results: null, num_results_discovered: ++n }));
      store.add([ID1], clock.now());
      scheduler.start();
      await clock.advance(1_000);
      clock.jumpWall(-3_600_000);
      const before = api.count(ID1);
      await clock.advance(60_000);
      assert.ok(api.count(ID1) - before >= 5, `${api.count(ID1) - before} requests in the minute after the clock went back`);
      scheduler.dispose();
    });

    test('Refresh during a 429 hold asks nothing and returns at once; the hold is reported', async () => {
      const { clock, api, store, scheduler } = setup();
      api.script(ID1, error({ kind: 'rate-limited', status: 429, retryAfterMs: 600_000 }), okTask({}));
      store.add([ID1], clock.now());
      scheduler.start();
      await clock.advance(1_000);
      let resolved = false;
      void scheduler.refresh([ID1]).then(() => (resolved = true));
      await clock.advance(10);
      assert.equal(resolved, true, 'no spinner turning for ten minutes');
      assert.equal(api.count(ID1), 1);
      const until = scheduler.heldUntil!;
      assert.ok(until > clock.now() + 590_000 && until <= clock.now() + 600_000);
      scheduler.dispose();
    });

    test('when a hold ends, the checks that piled up are spread over one base interval', async () => {
      const clock = new FakeClock();
      const api = new ScriptedApi(clock, 20);
      const store = new TaskStore();
      const scheduler = new Scheduler({
        store,
        clock,
        fetchTask: api.fetchTask,
        intervalMs: () => 10_000,
        random: () => 0.5,
        maxInFlight: 2,
      });
      const ids = Array.from({ length: 50 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000001`);
      for (const id of ids) api.script(id, okTask({ id, desired_num_results: null }));
      api.script(
        ids[0]!,
        okTask({ id: ids[0], desired_num_results: null }),
        error({ kind: 'rate-limited', status: 429, retryAfterMs: 60_000 }),
        okTask({ id: ids[0], desired_num_results: null }),
      );
      store.add(ids, clock.now());
      scheduler.start();
      await clock.advance(30_000); // every task answered once; ids[0] then drew a 429 on its second check
      const heldUntil = scheduler.heldUntil!;
      assert.ok(heldUntil);
      await clock.advance(heldUntil - clock.now());
      const start = api.calls.length;
      await clock.advance(1_000);
      const inFirstSecond = api.calls.length - start;
      await clock.advance(9_000);
      const inInterval = api.calls.length - start;
      assert.ok(inFirstSecond <= 6, `${inFirstSecond} requests in the first second after the hold`);
      assert.ok(inInterval >= 45, `${inInterval} requests over the base interval after the hold`);
      scheduler.dispose();
    });

    test('a huge interval setting is held to an hour, and a lower one re-plans the pending checks', async () => {
      let interval = 1e10;
      const clock = new FakeClock();
      const api = new ScriptedApi(clock);
      const store = new TaskStore();
      const scheduler = new Scheduler({ store, clock, fetchTask: api.fetchTask, intervalMs: () => interval, random: () => 0.5 });
      let n = 0;
      api.script(ID1, () => okTask({ desired_num_results: null, num_results_discovered: ++n }));
      store.add([ID1], clock.now());
      scheduler.start();
      await clock.advance(1_000);
      const next = scheduler.pollInfo(ID1).nextCheckAt! - clock.now();
      assert.ok(next <= 3_600_000, `the next check in ${next} ms`);
      assert.ok(clock.pendingTimers <= 1, 'one timer, not a storm of them');
      interval = 10_000;
      scheduler.reschedule();
      await clock.advance(61_000);
      assert.ok(api.count(ID1) >= 3, 'the new interval applies at once');
      scheduler.dispose();
    });
  });
});
