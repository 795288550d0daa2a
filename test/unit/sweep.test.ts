// The sweep (src/core/poll/sweep.ts) inside the real scheduler, on a fake clock: one list request for
// many running tasks, endings confirmed with the task's own request, an undocumented order or page cap
// costing requests but never correctness, failures handing back to per-task polling.
import assert from 'node:assert/strict';
import type { ApiError, Result } from '../../src/core/api/errors';
import type { Page } from '../../src/core/api/client';
import type { Task } from '../../src/core/api/types';
import { Scheduler } from '../../src/core/poll/scheduler';
import { SWEEP_MAX_PAGES, sweepList } from '../../src/core/poll/sweep';
import { TaskStore } from '../../src/core/store/taskStore';
import { FakeClock } from './support/fakeClock';
import { task } from './support/tasks';

const MIN = 60_000;
const ids = (n: number, from = 0): string[] =>
  Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(from + i).padStart(12, '0')}`);

/**
 * An account's tasks, each moving by the clock: `n` high-fit results per minute until `endAt`, then
 * done (or failed). The list returns them newest first, or in `order`, at most `cap` per page.
 */
class Account {
  readonly gets: Array<{ id: string; at: number }> = [];
  readonly lists: Array<{ page: Page; at: number }> = [];
  readonly tasks = new Map<string, { created: number; endAt: number; fail: boolean }>();
  /** The task whose GET answered last. */
  lastAnswered: string | undefined;
  listError: ApiError | undefined;
  cap = Infinity;
  order: ((a: string, b: string) => number) | undefined;
  latencyMs = 200;

  constructor(private readonly clock: FakeClock) {}

  add(id: string, runsForMs: number, fail = false): void {
    this.tasks.set(id, { created: this.clock.now(), endAt: this.clock.now() + runsForMs, fail });
  }

  snapshot(id: string, at: number): Task | undefined {
    const t = this.tasks.get(id);
    if (!t) return undefined;
    const ended = at >= t.endAt;
    const num = Math.min(100, Math.floor((Math.min(at, t.endAt) - t.created) / MIN) * 5);
    return task({
      id,
      created_at: new Date(t.created).toISOString(),
      status: ended ? (t.fail ? 'failed' : 'done') : 'in_progress',
      desired_num_results: 100,
      num_results: ended && !t.fail ? 100 : num,
      num_results_discovered: num * 4,
    });
  }

  getTask = async (id: string): Promise<Result<Task>> => {
    this.gets.push({ id, at: this.clock.now() });
    await new Promise<void>((r) => this.clock.setTimeout(r, this.latencyMs));
    const t = this.snapshot(id, this.clock.now() - this.latencyMs / 2);
    this.lastAnswered = id;
    return t ? { ok: true, value: t } : { ok: false, error: { kind: 'not-found', status: 404, message: 'HTTP 404' } };
  };

  listTasks = async (page: Page): Promise<Result<Task[]>> => {
    this.lists.push({ page, at: this.clock.now() });
    await new Promise<void>((r) => this.clock.setTimeout(r, this.latencyMs));
    if (this.listError) return { ok: false, error: this.listError };
    const all = [...this.tasks.keys()].sort(
      this.order ?? ((a, b) => this.tasks.get(b)!.created - this.tasks.get(a)!.created || (a < b ? 1 : -1)),
    );
    const at = this.clock.now() - this.latencyMs / 2;
    return { ok: true, value: all.slice(page.offset, page.offset + Math.min(page.limit, this.cap)).map((id) => this.snapshot(id, at)!) };
  };

  getsFor(id: string): number {
    return this.gets.filter((g) => g.id === id).length;
  }
}

function setup(opts: { sweepMinTasks?: number } = {}) {
  const clock = new FakeClock();
  const account = new Account(clock);
  const store = new TaskStore();
  const scheduler = new Scheduler({
    store,
    clock,
    fetchTask: account.getTask,
    listTasks: account.listTasks,
    intervalMs: () => 10_000,
    random: () => 0.5,
    ...(opts.sweepMinTasks !== undefined ? { sweepMinTasks: opts.sweepMinTasks } : {}),
  });
  /** When the store first recorded each task complete, and from which request kind the last answer came. */
  const completedAt = new Map<string, number>();
  store.onDidChange((changes) => {
    for (const c of changes) if (c.after?.stopped === 'complete' && !completedAt.has(c.id)) completedAt.set(c.id, clock.now());
  });
  return { clock, account, store, scheduler, completedAt };
}

suite('sweep', () => {
  test('five running tasks: one list request per interval, and one confirming GET per task when it ends', async () => {
    // Swept to the last task (by default, the last two are polled on their own: see the threshold test).
    const { clock, account, store, scheduler, completedAt } = setup({ sweepMinTasks: 1 });
    const five = ids(5);
    five.forEach((id, i) => account.add(id, (8 + i) * MIN, i === 4));
    store.add(five, clock.now());
    scheduler.start();
    await clock.advance(15 * MIN);
    for (const id of five) assert.equal(store.get(id)?.stopped, 'complete', id);
    assert.equal(store.get(five[4]!)?.task?.status, 'failed', 'a failure is followed like a completion');
    // Each task: at most one GET before its first sweep (it was added while the first sweep was under way) and one to confirm.
    for (const id of five) assert.ok(account.getsFor(id) <= 2, `${id}: ${account.getsFor(id)} GETs`);
    const lists = account.lists.filter((l) => l.at < clock.now() - 3 * MIN).length;
    assert.ok(lists >= 60 && lists <= 75, `about one list request per 10 s while tasks run: ${lists}`);
    // Told within one interval (plus the confirming request) of ending.
    for (const [i, id] of five.entries()) {
      const delay = completedAt.get(id)! - (clock.now() - 15 * MIN + (8 + i) * MIN);
      assert.ok(delay > 0 && delay <= 10_000 + 2 * account.latencyMs, `${id} noticed ${delay} ms after it ended`);
    }
    scheduler.dispose();
  });

  test('an ending seen in the list is recorded only from the task’s own answer', async () => {
    const { clock, account, store, scheduler } = setup();
    const three = ids(3);
    for (const id of three) account.add(id, 5 * MIN);
    store.add(three, clock.now());
    scheduler.start();
    await clock.advance(4 * MIN);
    const getsBefore = account.gets.length;
    const sources: string[] = [];
    store.onDidChange((changes) => {
      for (const c of changes) if (c.after?.stopped === 'complete') sources.push(account.lastAnswered === c.id ? 'get' : 'list');
    });
    await clock.advance(2 * MIN);
    assert.deepEqual(sources, ['get', 'get', 'get']);
    assert.equal(account.gets.length - getsBefore, 3, 'one confirming GET each, nothing more');
    scheduler.dispose();
  });

  test('below the threshold, no list request; from it on, the sweep answers for every task, to the last', async () => {
    const { clock, account, store, scheduler } = setup({ sweepMinTasks: 3 });
    const two = ids(2);
    for (const id of two) account.add(id, 30 * MIN);
    store.add(two, clock.now());
    scheduler.start();
    await clock.advance(5 * MIN);
    assert.equal(account.lists.length, 0);
    assert.ok(account.getsFor(two[0]!) >= 5);
    // A third task starts the sweep; the first two stop being polled on their own.
    const third = ids(1, 2)[0]!;
    account.add(third, 30 * MIN);
    store.add([third], clock.now());
    await clock.advance(30_000);
    const gets = account.gets.length;
    await clock.advance(5 * MIN);
    const lists = account.lists.length as number; // (asserted 0 above, so the compiler thinks it still is)
    assert.ok(lists >= 29, `${lists} list requests`);
    assert.equal(account.gets.length, gets, 'no per-task request while the sweep answers for every task');
    // Back below the threshold, the sweep goes on for the tasks it answers for (the last of a batch would
    // otherwise be checked less often, and a failure among them noticed late).
    store.remove([third]);
    const listsThen = account.lists.length;
    await clock.advance(5 * MIN);
    assert.equal(account.gets.length, gets, 'still no per-task request');
    assert.ok(account.lists.length >= listsThen + 29, 'still swept');
    scheduler.dispose();
  });

  test('an unknown order and a capped page size cost requests, never a missed task', async () => {
    const { clock, account, store, scheduler, completedAt } = setup({ sweepMinTasks: 2 });
    // 400 older tasks in the account, a page cap of 50, and an order unrelated to age.
    for (const id of ids(400, 1000)) account.add(id, 0);
    const mine = ids(6);
    mine.forEach((id, i) => account.add(id, (6 + i) * MIN));
    account.cap = 50;
    account.order = (a, b) => (a.split('').reverse().join('') < b.split('').reverse().join('') ? -1 : 1);
    store.add(mine, clock.now());
    scheduler.start();
    await clock.advance(20 * MIN);
    for (const id of mine) assert.ok(completedAt.has(id), `${id} completion noticed`);
    assert.ok(
      account.lists.every((l) => l.page.offset < SWEEP_MAX_PAGES * 50),
      'never more than the first pages',
    );
    scheduler.dispose();
  });

  test('a failing list hands every task back to per-task polling, and the sweep comes back later', async () => {
    const { clock, account, store, scheduler, completedAt } = setup();
    const four = ids(4);
    for (const id of four) account.add(id, 12 * MIN);
    store.add(four, clock.now());
    scheduler.start();
    await clock.advance(2 * MIN);
    account.listError = { kind: 'server', status: 503, message: 'HTTP 503' };
    const gets = account.gets.length;
    const lists = account.lists.length;
    await clock.advance(2 * MIN);
    assert.ok(account.gets.length - gets >= 4 * 2, `polled on their own: ${account.gets.length - gets} GETs`);
    assert.ok(account.lists.length - lists <= 4, `the list is retried with growing pauses: ${account.lists.length - lists}`);
    account.listError = undefined;
    await clock.advance(5 * MIN);
    const quiet = account.gets.length;
    await clock.advance(2 * MIN);
    assert.equal(account.gets.length, quiet, 'swept again once the list works');
    await clock.advance(5 * MIN);
    for (const id of four) assert.ok(completedAt.has(id));
    scheduler.dispose();
  });

  test('a 429 on the list holds every request for as long as it says', async () => {
    const { clock, account, store, scheduler } = setup();
    const four = ids(4);
    for (const id of four) account.add(id, 30 * MIN);
    store.add(four, clock.now());
    scheduler.start();
    await clock.advance(MIN);
    account.listError = { kind: 'rate-limited', status: 429, message: 'HTTP 429', retryAfterMs: 90_000 };
    await clock.advance(11_000);
    const limitedAt = account.lists.at(-1)!.at;
    account.listError = undefined;
    const before = account.gets.length + account.lists.length;
    await clock.advance(80_000);
    assert.equal(account.gets.length + account.lists.length, before, 'nothing during the hold');
    assert.ok(scheduler.heldUntil !== undefined);
    await clock.advance(30_000);
    assert.ok(
      account.lists.some((l) => l.at >= limitedAt + 90_000),
      'sweeping again after it',
    );
    scheduler.dispose();
  });

  test('an answer older than the one the scheduler has is dropped', async () => {
    const { clock, account, store, scheduler } = setup();
    const three = ids(3);
    for (const id of three) account.add(id, 30 * MIN);
    store.add(three, clock.now());
    scheduler.start();
    await clock.advance(3 * MIN);
    account.latencyMs = 5_000; // a slow list: a Refresh during it answers later but knows more
    await clock.advance(10_000 - ((clock.now() - account.lists.at(-1)!.at) % 10_000) + 100);
    const sweepAt = account.lists.at(-1)!.at;
    account.latencyMs = 200;
    const refresh = scheduler.refresh([three[0]!]);
    await clock.advance(1_000);
    await refresh;
    const fromRefresh = store.get(three[0]!)!.task!;
    await clock.advance(6_000);
    assert.ok(account.lists.at(-1)!.at >= sweepAt);
    assert.deepEqual(store.get(three[0]!)!.task, fromRefresh, 'the slow sweep did not overwrite the newer answer');
    scheduler.dispose();
  });
});

suite('sweepList', () => {
  const t = (id: string): Task => task({ id });
  test('stops when every wanted task is found, on an empty page, or after the page limit', async () => {
    const calls: Page[] = [];
    const all = ids(500);
    const list = (page: Page): Promise<Result<Task[]>> => {
      calls.push(page);
      return Promise.resolve({ ok: true, value: all.slice(page.offset, page.offset + Math.min(page.limit, 40)).map(t) });
    };
    let r = await sweepList(list, new Set([all[3]!, all[39]!]));
    assert.equal(r.pages, 1);
    assert.equal(r.found.size, 2);
    calls.length = 0;
    r = await sweepList(list, new Set([all[45]!]));
    assert.deepEqual(
      calls.map((c) => c.offset),
      [0, 40],
      'a short page (capped) is not the last: offset by what came',
    );
    assert.equal(r.found.size, 1);
    calls.length = 0;
    r = await sweepList(list, new Set([all[499]!]));
    assert.equal(r.pages, SWEEP_MAX_PAGES);
    assert.equal(r.found.size, 0);
    const few = (page: Page): Promise<Result<Task[]>> => Promise.resolve({ ok: true, value: page.offset === 0 ? [t(all[0]!)] : [] });
    r = await sweepList(few, new Set([all[7]!]));
    assert.equal(r.pages, 2, 'an empty page ends the walk');
  });

  test('a page that fails ends the walk, keeping what came before', async () => {
    const all = ids(300);
    const list = (page: Page): Promise<Result<Task[]>> =>
      Promise.resolve(
        page.offset === 0
          ? { ok: true, value: all.slice(0, 100).map(t) }
          : { ok: false, error: { kind: 'timeout', message: 'no answer in 30 s' } },
      );
    const r = await sweepList(list, new Set([all[1]!, all[150]!]));
    assert.equal(r.found.size, 1);
    assert.equal(r.error?.kind, 'timeout');
    const throwing = (): Promise<Result<Task[]>> => Promise.reject(new Error('socket hang up'));
    assert.equal((await sweepList(throwing, new Set([all[1]!]))).error?.message, 'socket hang up');
  });
});
