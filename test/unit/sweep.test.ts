// The sweep (src/core/poll/sweep.ts) inside the real scheduler, on a fake clock: one list request for
// many running tasks, endings confirmed with the task's own request, an undocumented order or page cap
// costing requests but never correctness, failures handing back to per-task polling.
import assert from 'node:assert/strict';
import type { ApiError, Result } from '../../src/core/api/errors';
import type { Page } from '../../src/core/api/client';
import type { Task } from '../../src/core/api/types';
import { Scheduler } from '../../src/core/poll/scheduler';
import { ListShape } from '../../src/core/poll/listShape';
import { sweepList } from '../../src/core/poll/sweep';
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
  /** A new order at every request (seeded): a list whose places say nothing. */
  reshuffle: (() => number) | undefined;

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
    let all = this.listed();
    if (this.reshuffle) {
      all = [...all];
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(this.reshuffle() * (i + 1));
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
    }
    const at = this.clock.now() - this.latencyMs / 2;
    return { ok: true, value: all.slice(page.offset, page.offset + Math.min(page.limit, this.cap)).map((id) => this.snapshot(id, at)!) };
  };

  private sorted: { size: number; order: Account['order']; ids: string[] } | undefined;

  /** The list's order (kept while no task is added: sorting 400 tasks a request makes the test slow). */
  private listed(): string[] {
    if (this.sorted?.size !== this.tasks.size || this.sorted.order !== this.order) {
      const ids = [...this.tasks.keys()].sort(
        this.order ?? ((a, b) => this.tasks.get(b)!.created - this.tasks.get(a)!.created || (a < b ? 1 : -1)),
      );
      this.sorted = { size: this.tasks.size, order: this.order, ids };
    }
    return this.sorted.ids;
  }

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

  test('an unknown order and a capped page size cost requests, never a missed task, and never more than polling each', async () => {
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
    for (const [i, id] of mine.entries()) {
      assert.ok(completedAt.has(id), `${id} completion noticed`);
      // Each is answered once an interval, from the list or on its own: told within an interval of ending.
      const delay = completedAt.get(id)! - (clock.now() - 20 * MIN + (6 + i) * MIN);
      assert.ok(delay > 0 && delay <= 10_000 + 3 * account.latencyMs, `${id} noticed ${delay} ms after it ended`);
    }
    // A sweep reads a page only while it pays: per interval, at most one request more than polling each task.
    const sweeps = account.lists.filter((l) => l.page.offset === 0).length;
    const requests = account.lists.length + account.gets.length;
    assert.ok(requests <= sweeps * (mine.length + 1), `${requests} requests in ${sweeps} sweeps of ${mine.length} tasks`);
    assert.ok(sweeps > 0);
    scheduler.dispose();
  });

  test('a list reshuffled at every request: its places are not trusted, the first page is read, the rest polled on their own', async () => {
    const { clock, account, store, scheduler, completedAt } = setup({ sweepMinTasks: 2 });
    for (const id of ids(400, 1000)) account.add(id, 0);
    const mine = ids(8);
    mine.forEach((id, i) => account.add(id, (20 + i) * MIN));
    account.cap = 50;
    let seed = 7;
    account.reshuffle = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    store.add(mine, clock.now());
    scheduler.start();
    await clock.advance(10 * MIN);
    const from = clock.now();
    await clock.advance(5 * MIN);
    const late = account.lists.filter((l) => l.at >= from);
    assert.ok(late.length > 0);
    assert.ok(
      late.every((l) => l.page.offset === 0),
      `only first pages once the list is known to be reshuffled: ${late.map((l) => l.page.offset).join(' ')}`,
    );
    assert.ok(account.gets.filter((g) => g.at >= from).length > 0, 'the others are polled on their own');
    await clock.advance(20 * MIN);
    for (const id of mine) assert.ok(completedAt.has(id), `${id} completion noticed`);
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
  /** Task `i` of a list: created `i` minutes before the first (a newest-first list), or at `minute`. */
  const t = (id: string, minute?: number): Task =>
    task({ id, created_at: new Date(Date.UTC(2026, 0, 1) - (minute ?? Number(id.slice(-6))) * 60_000).toISOString() });
  /** The list of `all`, at most `cap` rows a page; `minuteOf` dates each row (default: newest first). */
  const listOf = (all: readonly string[], cap: number, calls: Page[] = [], minuteOf?: (i: number) => number) => {
    return (page: Page): Promise<Result<Task[]>> => {
      calls.push(page);
      const rows = all.slice(page.offset, page.offset + Math.min(page.limit, cap));
      return Promise.resolve({ ok: true, value: rows.map((id, i) => t(id, minuteOf?.(page.offset + i))) });
    };
  };

  test('stops when every wanted task is found, or when the next page is not worth a request', async () => {
    const all = ids(500);
    const calls: Page[] = [];
    const list = listOf(all, 40, calls);
    const shape = new ListShape();
    let r = await sweepList(list, { wanted: new Set([all[3]!, all[39]!]) }, shape);
    assert.equal(r.pages, 1);
    assert.equal(r.found.size, 2);
    assert.equal(shape.pageSize, 40, 'the server answered 40 rows to a request for 100: its page size');
    assert.equal(shape.order, 'newest-first');
    calls.length = 0;
    r = await sweepList(list, { wanted: new Set([all[2]!, all[45]!]) }, shape);
    assert.deepEqual(
      calls.map((c) => c.offset),
      [0, 40],
      'a page that held a task never seen before is worth the next; a capped page is not the last: offset by what came',
    );
    assert.equal(r.found.size, 2);
    assert.equal(r.reachedEnd, false);
    r = await sweepList(list, { wanted: new Set([all[450]!]) }, new ListShape());
    assert.equal(r.pages, 1, 'nothing found and nothing known of where it is: its own request costs less than walking on');
    for (const wanted of [
      [all[2]!, all[499]!],
      [all[0]!, all[1]!, all[2]!, all[300]!, all[301]!, all[302]!],
    ]) {
      r = await sweepList(list, { wanted: new Set(wanted) }, shape);
      assert.ok(r.pages <= r.found.size + 1, `${r.pages} pages for ${r.found.size} tasks found: never more than one page more`);
    }
  });

  test('in a list not newest first that holds still, the page where two tasks were last seen is read, and no page between', async () => {
    const all = ids(300);
    const minuteOf = (i: number): number => (i * 7919) % 300; // an order unrelated to age
    const shape = new ListShape();
    const wanted = new Set([all[1]!, all[2]!, all[130]!, all[135]!]);
    let r = await sweepList(listOf(all, 50, [], minuteOf), { wanted }, shape);
    assert.equal(shape.order, 'other');
    assert.equal(r.found.has(all[130]!), false, 'not reached: nothing on the second page');
    // Seen once (by a walk that went there), their places are known:
    await sweepList(listOf(all, 50, [], minuteOf), { wanted: new Set(all.slice(0, 150)) }, shape);
    assert.equal(shape.positionOf(all[130]!), 130);
    const calls: Page[] = [];
    r = await sweepList(listOf(all, 50, calls, minuteOf), { wanted }, shape);
    assert.equal(r.found.size, 4);
    assert.deepEqual(
      calls.map((c) => c.offset),
      [0, 130],
    );
  });

  test('the end of the list: an empty page, or a page shorter than the server’s page size', async () => {
    const all = ids(65);
    const shape = new ListShape();
    let r = await sweepList(listOf(all, 40), { wanted: new Set([all[1]!, all[60]!]) }, shape);
    assert.equal(r.pages, 2);
    assert.equal(r.reachedEnd, true, '25 rows where the server gives 40: the last page');
    assert.equal(r.found.size, 2);
    r = await sweepList(listOf(all.slice(0, 7), 40), { wanted: new Set([all[1]!, all[9]!]) }, new ListShape());
    assert.equal(r.pages, 2, 'before the page size is known, a short page may be a capped one: only an empty page ends the list');
    assert.equal(r.reachedEnd, true);
  });

  test('another reader can make it read on, within its own bound', async () => {
    const all = ids(500);
    const calls: Page[] = [];
    const r = await sweepList(
      listOf(all, 50, calls),
      { wanted: new Set(), firstLimit: 10, readOn: { wants: (v) => v.rows.length < 100, maxPages: 4 } },
      new ListShape(),
    );
    assert.deepEqual(
      calls.map((c) => [c.offset, c.limit]),
      [
        [0, 10],
        [10, 100],
        [60, 100],
      ],
      'a light first page, then full ones while the reader wants more',
    );
    assert.equal(r.rows.length, 110);
    calls.length = 0;
    await sweepList(listOf(all, 50, calls), { wanted: new Set(), readOn: { wants: () => true, maxPages: 4 } }, new ListShape());
    assert.equal(calls.length, 4);
  });

  test('a page that fails ends the walk, keeping what came before', async () => {
    const all = ids(300);
    const list = (page: Page): Promise<Result<Task[]>> =>
      Promise.resolve(
        page.offset === 0
          ? { ok: true, value: all.slice(0, 100).map(t) }
          : { ok: false, error: { kind: 'timeout', message: 'no answer in 30 s' } },
      );
    const r = await sweepList(list, { wanted: new Set([all[1]!, all[150]!]) }, new ListShape());
    assert.equal(r.found.size, 1);
    assert.equal(r.error?.kind, 'timeout');
    const throwing = (): Promise<Result<Task[]>> => Promise.reject(new Error('socket hang up'));
    assert.equal((await sweepList(throwing, { wanted: new Set([all[1]!]) }, new ListShape())).error?.message, 'socket hang up');
  });
});

suite('ListShape', () => {
  const at = (minute: number, id = ids(1, minute)[0]!): Task =>
    task({ id, created_at: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString() });
  test('learns that the list is newest first from enough rows in that order, and that it is not from one row out of it', () => {
    const shape = new ListShape();
    const rows = Array.from({ length: 12 }, (_, i) => at(100 - i));
    shape.learn(0, 5, rows.slice(0, 5), undefined, new Set());
    assert.equal(shape.order, 'unknown', 'four pairs are not enough');
    shape.learn(5, 7, rows.slice(5), rows[4], new Set());
    assert.equal(shape.order, 'newest-first');
    shape.learn(0, 2, [at(3), at(4)], undefined, new Set());
    assert.equal(shape.order, 'other');
    shape.learn(0, 12, rows, undefined, new Set());
    assert.equal(shape.order, 'other', 'for good');
  });

  test('rows without a date say nothing of the order; equal dates are in order', () => {
    const shape = new ListShape();
    const rows = [at(9), task({ id: ids(1, 77)[0]!, created_at: null }), ...Array.from({ length: 9 }, () => at(8))];
    shape.learn(0, 100, rows, undefined, new Set());
    assert.equal(shape.order, 'newest-first');
  });
});
