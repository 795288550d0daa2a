// Following the account (src/core/follow/follower.ts) inside the real scheduler, on a fake clock: tasks
// started elsewhere are announced once or watched, the mark is shared and survives restarts, a task the
// user stopped watching never comes back, and the requests it costs (idle, unfocused, while sweeping,
// after a 429 or an error).
import assert from 'node:assert/strict';
import type { ApiError, Result } from '../../src/core/api/errors';
import type { Page } from '../../src/core/api/client';
import type { Task } from '../../src/core/api/types';
import type { AccountMark, NewTasksMode, WatchHistory } from '../../src/core/follow/accountMark';
import { AccountFollower, FOLLOW_IDLE_MS, FOLLOW_LIGHT_LIMIT, SETTLE_MS } from '../../src/core/follow/follower';
import { NEW_TASKS_SETTINGS_COMMAND, newTasksNotice } from '../../src/core/notify/newTasks';
import { Scheduler } from '../../src/core/poll/scheduler';
import { TaskStore } from '../../src/core/store/taskStore';
import { FakeClock } from './support/fakeClock';
import { task } from './support/tasks';

const MIN = 60_000;
let serial = 0;
const newId = (): string => `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`;

/** The account: tasks created at the clock's time, listed newest first (or in `order`), at most `cap` a page. */
class Account {
  readonly tasks: Array<{ id: string; created: number; query: string; endAt: number }> = [];
  readonly lists: Array<{ page: Page; at: number }> = [];
  readonly gets: string[] = [];
  cap = 50;
  order: 'newest' | 'scrambled' = 'newest';
  listError: ApiError | undefined;

  constructor(private readonly clock: FakeClock) {}

  create(query: string, runsForMs = 30 * MIN, ageMs = 0): string {
    const id = newId();
    this.tasks.push({ id, created: this.clock.now() - ageMs, query, endAt: this.clock.now() + runsForMs });
    return id;
  }

  snapshot(id: string): Task {
    const t = this.tasks.find((x) => x.id === id)!;
    return task({
      id,
      query: t.query,
      created_at: new Date(t.created).toISOString(),
      status: this.clock.now() >= t.endAt ? 'done' : 'in_progress',
    });
  }

  listTasks = async (page: Page): Promise<Result<Task[]>> => {
    this.lists.push({ page, at: this.clock.now() });
    await new Promise<void>((r) => this.clock.setTimeout(r, 200));
    if (this.listError) return { ok: false, error: this.listError };
    const sorted = [...this.tasks].sort((a, b) => b.created - a.created);
    // Scrambled: a fixed order unrelated to age (by the ID's digits reversed).
    if (this.order === 'scrambled') sorted.sort((a, b) => (a.id.split('').reverse().join('') < b.id.split('').reverse().join('') ? -1 : 1));
    return { ok: true, value: sorted.slice(page.offset, page.offset + Math.min(page.limit, this.cap)).map((t) => this.snapshot(t.id)) };
  };

  fetchTask = async (id: string): Promise<Result<Task>> => {
    this.gets.push(id);
    await new Promise<void>((r) => this.clock.setTimeout(r, 200));
    return { ok: true, value: this.snapshot(id) };
  };

  listsSince(at: number): number {
    return this.lists.filter((l) => l.at >= at).length;
  }
}

/** The state every window shares: the mark, and the watch list's memory (watched or stopped). */
class Shared implements AccountMark, WatchHistory {
  value: number | undefined;
  readonly stopped = new Set<string>();
  readonly stores = new Set<TaskStore>();
  advance(createdAtMs: number): void {
    this.value = Math.max(this.value ?? -Infinity, createdAtMs);
  }
  known(id: string): boolean {
    return this.stopped.has(id) || [...this.stores].some((s) => s.has(id));
  }
}

/** One VS Code window: its store, scheduler and follower, against the shared state. */
function window(clock: FakeClock, account: Account, shared: Shared, mode: { value: NewTasksMode }) {
  const store = new TaskStore();
  shared.stores.add(store);
  const announced: string[][] = [];
  const follower = new AccountFollower({
    mark: shared,
    history: shared,
    mode: () => mode.value,
    clock,
    random: () => 0.5,
    onNewTasks: (tasks, how) => {
      if (how === 'watch')
        store.add(
          tasks.map((t) => t.id),
          clock.now(),
        );
      else announced.push(tasks.map((t) => t.query ?? t.id));
    },
  });
  const scheduler = new Scheduler({
    store,
    clock,
    fetchTask: account.fetchTask,
    listTasks: account.listTasks,
    intervalMs: () => 10_000,
    random: () => 0.5,
    follower,
  });
  return {
    store,
    scheduler,
    follower,
    announced,
    /** Stops watching, as the user does: the shared list keeps a tombstone. */
    unwatch(id: string) {
      shared.stopped.add(id);
      store.remove([id]);
    },
    close() {
      scheduler.dispose();
      shared.stores.delete(store);
    },
  };
}

function setup(mode: NewTasksMode = 'ask') {
  const clock = new FakeClock();
  const account = new Account(clock);
  const shared = new Shared();
  const m = { value: mode };
  return { clock, account, shared, mode: m, open: () => window(clock, account, shared, m) };
}

suite('account follower', () => {
  test('the first look only sets the mark; a task started later is announced once, after it settled', async () => {
    const { clock, account, shared, open } = setup();
    for (let i = 0; i < 12; i++) account.create(`old ${i}`, 0, (20 - i) * MIN);
    const newest = clock.now() - 9 * MIN;
    const w = open();
    w.scheduler.start();
    await clock.advance(1_000);
    assert.equal(account.lists.length, 1, 'one look at start');
    assert.equal(shared.value, newest, 'the mark: the newest task there');
    assert.deepEqual(w.announced, []);
    await clock.advance(30_000);
    account.create('Fintech in Berlin');
    await clock.advance(10 * MIN);
    assert.deepEqual(w.announced, [['Fintech in Berlin']], 'announced once');
    w.close();
  });

  test('the mark is shared and kept: another window, or the next start, does not announce again', async () => {
    const { clock, account, shared, open } = setup();
    account.create('there before', 0, 5 * MIN);
    const a = open();
    a.scheduler.start();
    await clock.advance(MIN);
    account.create('From the CLI');
    const createdAt = clock.now();
    await clock.advance(3 * MIN);
    assert.deepEqual(a.announced, [['From the CLI']]);
    assert.equal(shared.value, createdAt, 'the shared mark passed it');
    // The user let it be (not watched). Window A closes; window B polls from now on, and later a restart.
    a.close();
    const b = open();
    b.scheduler.start();
    await clock.advance(5 * MIN);
    assert.deepEqual(b.announced, [], 'not announced again by another window');
    b.close();
    const restarted = open();
    restarted.scheduler.start();
    await clock.advance(2 * MIN);
    account.create('From a notebook');
    await clock.advance(3 * MIN);
    assert.deepEqual(restarted.announced, [['From a notebook']], 'only what is new since');
    restarted.close();
  });

  test('"watch" watches at once; a task the user then stops watching never comes back', async () => {
    const { clock, account, open } = setup('watch');
    const w = open();
    w.scheduler.start();
    await clock.advance(MIN);
    const id = account.create('Agents via MCP');
    await clock.advance(FOLLOW_IDLE_MS + 1_000);
    assert.ok(w.store.has(id), 'watched without asking');
    w.unwatch(id);
    await clock.advance(30 * MIN);
    assert.equal(w.store.has(id), false);
    assert.deepEqual(w.announced, []);
    w.close();
  });

  test('a task watched and stopped by hand before a look saw it is neither announced nor watched', async () => {
    for (const mode of ['ask', 'watch'] as const) {
      const { clock, account, open } = setup(mode);
      const w = open();
      w.scheduler.start();
      await clock.advance(MIN);
      const id = account.create('Watched by hand, then dropped');
      w.store.add([id], clock.now());
      w.unwatch(id);
      await clock.advance(10 * MIN);
      assert.equal(w.store.has(id), false, mode);
      assert.deepEqual(w.announced, [], mode);
      w.close();
    }
  });

  test('"ask" gives the user time to watch a task by hand: one watched within the settle time is not announced', async () => {
    const { clock, account, open } = setup('ask');
    const w = open();
    w.scheduler.start();
    await clock.advance(MIN - 2_000);
    const id = account.create('Pasted at once');
    await clock.advance(3_000); // the look sees it
    w.store.add([id], clock.now()); // the user watches it
    await clock.advance(5 * MIN);
    assert.deepEqual(w.announced, []);
    w.close();
  });

  test('"off" makes no request; back on, what was started meanwhile is not news', async () => {
    const { clock, account, mode, open } = setup('off');
    const w = open();
    w.scheduler.start();
    await clock.advance(10 * MIN);
    assert.equal(account.lists.length, 0, 'no request while off and nothing is swept');
    account.create('while off');
    mode.value = 'ask';
    w.scheduler.reschedule(); // a settings change
    await clock.advance(5 * MIN);
    assert.deepEqual(w.announced, []);
    account.create('after');
    await clock.advance(3 * MIN);
    assert.deepEqual(w.announced, [['after']]);
    w.close();
  });

  test('idle: one light request a minute while focused, none while no window is, one catch-up on focus', async () => {
    const { clock, account, open } = setup();
    for (let i = 0; i < 30; i++) account.create(`old ${i}`, 0, (60 - i) * MIN);
    const w = open();
    w.scheduler.start();
    await clock.advance(MIN);
    const from = clock.now();
    await clock.advance(60 * MIN);
    const hour = account.lists.filter((l) => l.at >= from);
    assert.ok(hour.length >= 59 && hour.length <= 61, `${hour.length} requests in a focused hour`);
    assert.ok(
      hour.every((l) => l.page.offset === 0 && l.page.limit === FOLLOW_LIGHT_LIMIT),
      'the first page, a light one (the list is newest first)',
    );
    w.scheduler.setFocused(false);
    const unfocused = clock.now();
    await clock.advance(60 * MIN);
    assert.equal(account.listsSince(unfocused), 0, 'nothing while no window is focused');
    account.create('started while away');
    w.scheduler.setFocused(true);
    await clock.advance(1_000);
    assert.equal(account.listsSince(unfocused), 1, 'one catch-up at once');
    await clock.advance(SETTLE_MS + 1_000);
    assert.deepEqual(w.announced, [['started while away']]);
    w.close();
  });

  test('while the sweep runs its pages answer: no request of its own, and news within an interval or two', async () => {
    const { clock, account, open } = setup();
    for (let i = 0; i < 12; i++) account.create(`old ${i}`, 0, (60 - i) * MIN);
    const w = open();
    const running = [0, 1, 2, 3].map((i) => account.create(`running ${i}`, 60 * MIN, MIN));
    w.store.add(running, clock.now());
    w.scheduler.start();
    await clock.advance(2 * MIN);
    const from = clock.now();
    account.create('Started from the dashboard');
    await clock.advance(35_000);
    assert.deepEqual(w.announced, [['Started from the dashboard']], 'seen by a sweep, told by a sweep after it settled');
    await clock.advance(30 * MIN);
    assert.deepEqual(w.announced, [['Started from the dashboard']], 'once');
    const pages = account.listsSince(from);
    // A sweep starts an interval after the last one started, less the time it took (200 ms here).
    assert.ok(pages <= (30 * MIN + 35_000) / 9_800 + 1, `${pages} list requests in 30 min: the sweep's first pages, one per interval`);
    w.close();
  });

  test('a list not newest first is read to its end, and looks are spaced by the pages they cost', async () => {
    const { clock, account, open } = setup();
    account.order = 'scrambled';
    for (let i = 0; i < 120; i++) account.create(`old ${i}`, 0, (200 - i) * MIN);
    const w = open();
    w.scheduler.start();
    await clock.advance(MIN);
    assert.equal(account.lists.length, 3, 'the first look reads all 120 rows: 50, 50, 20');
    const from = clock.now();
    account.create('Somewhere in the middle');
    await clock.advance(30 * MIN);
    assert.deepEqual(w.announced, [['Somewhere in the middle']]);
    // 3 pages a look, a look every 3 min, and one more look to let the new task settle.
    const perHour = (account.listsSince(from) * 60) / 30;
    assert.ok(perHour <= 60 + 6, `about a request a minute whatever the list's length: ${perHour} an hour`);
    w.close();
  });

  test('a 429 holds every request as long as it says; other errors pause looks longer each time', async () => {
    const { clock, account, open } = setup();
    const w = open();
    w.scheduler.start();
    await clock.advance(2 * MIN);
    account.listError = { kind: 'rate-limited', status: 429, message: 'HTTP 429', retryAfterMs: 10 * MIN };
    await clock.advance(MIN);
    const limitedAt = account.lists.at(-1)!.at;
    account.listError = undefined;
    await clock.advance(9 * MIN);
    assert.equal(account.listsSince(limitedAt + 1), 0, 'nothing during the hold');
    assert.ok(w.scheduler.heldUntil !== undefined);
    await clock.advance(2 * MIN);
    assert.ok(account.listsSince(limitedAt + 1) >= 1, 'looks again after it');

    account.listError = { kind: 'server', status: 503, message: 'HTTP 503' };
    const failingFrom = clock.now();
    await clock.advance(30 * MIN);
    const gaps = account.lists
      .filter((l) => l.at >= failingFrom)
      .map((l) => l.at)
      .map((at, i, all) => (i ? at - all[i - 1]! : 0))
      .slice(1);
    assert.ok(gaps.length >= 2 && gaps.length <= 6, `${gaps.length + 1} requests in 30 min of errors`);
    assert.ok(
      gaps[0]! >= 2 * FOLLOW_IDLE_MS * 0.8 && gaps.every((g, i) => i === 0 || g >= gaps[i - 1]!),
      `each pause at least as long as the last, from twice the idle pace: ${gaps.map((g) => g / 1000).join(', ')} s`,
    );
    account.listError = undefined;
    await clock.advance(6 * MIN);
    account.create('after the errors');
    await clock.advance(3 * MIN);
    assert.deepEqual(w.announced, [['after the errors']]);
    w.close();
  });

  test('only the window that polls follows', async () => {
    const { clock, account, open } = setup();
    const w = open();
    await clock.advance(10 * MIN);
    assert.equal(account.lists.length, 0);
    w.scheduler.start();
    await clock.advance(1_000);
    assert.equal(account.lists.length, 1);
    w.scheduler.setActive(false);
    await clock.advance(10 * MIN);
    assert.equal(account.lists.length, 1);
    w.close();
  });

  test('several new tasks at once are announced together, oldest first; tasks older than a day are not news', async () => {
    const { clock, account, open } = setup();
    const w = open();
    w.scheduler.start();
    await clock.advance(MIN);
    account.create('first');
    await clock.advance(1_000);
    account.create('second');
    await clock.advance(5 * MIN);
    assert.deepEqual(w.announced, [['first', 'second']]);
    w.close();
    // VS Code stays closed for two days; a task was started an hour after it closed, another an hour ago.
    await clock.advance(48 * 60 * MIN);
    account.create('two days old', 0, 47 * 60 * MIN);
    account.create('an hour old', 0, 60 * MIN);
    const next = open();
    next.scheduler.start();
    await clock.advance(MIN);
    assert.deepEqual(next.announced, [['an hour old']]);
    next.close();
  });
});

suite('the notice of tasks started elsewhere', () => {
  test('one task: its query, inert, and "Watch" with its ID; several: one notice, "Watch All" with every ID', () => {
    const one = newTasksNotice([task({ id: 'a', query: 'Fintech [click](command:workbench.action.quit) $(alert) in Berlin' })]);
    assert.equal(
      one.text,
      'New Deep Search started elsewhere: Fintech [click] (command:workbench.action.quit) $ (alert) in Berlin. Watch?',
    );
    assert.deepEqual(one.actions[0], { title: 'Watch', command: 'extruct.watchTask', args: ['a'] });
    assert.equal(one.actions[1]?.command, NEW_TASKS_SETTINGS_COMMAND);
    const five = newTasksNotice(['a', 'b', 'c', 'd', 'e'].map((id) => task({ id, query: `q ${id}` })));
    assert.equal(five.text, '5 new Deep Searches started elsewhere: "q a", "q b", "q c" and 2 more. Watch them?');
    assert.deepEqual(five.actions[0], { title: 'Watch All', command: 'extruct.watchTask', args: ['a', 'b', 'c', 'd', 'e'] });
    const untitled = newTasksNotice([task({ id: 'x', query: null })]);
    assert.equal(untitled.text, 'New Deep Search started elsewhere: x. Watch?');
    const long = newTasksNotice([task({ id: 'y', query: 'z'.repeat(500) })]);
    assert.ok(long.text.length < 140);
  });
});
