/**
 * Following the account (src/core/follow/follower.ts): the real Scheduler + TaskStore + AccountFollower
 * on a simulated clock, against the fake Extruct model's account (200 older tasks). Deep Searches are
 * started "elsewhere" (never watched by the extension) at seeded random times. Measured, side by side:
 * the list requests per hour spent on following, and the delay from a task's creation to its
 * announcement ("ask", the default: SETTLE_MS included), median and p95.
 *
 *  - idle, focused: nothing watched; the follower's own looks are all the requests there are.
 *  - idle, unfocused: no window focused all along: no request; news waits for the focus.
 *  - idle, unfocused, focused again every 30 min for a minute: news told at the catch-up.
 *  - while the sweep runs: the efficiency bench's 100 watched tasks; following costs the requests of
 *    the run with the follower less those of the same run without it.
 *
 * Each on three lists: newest first, 100 a page (what the API appears to do); newest first, 20 a page;
 * shuffled once, 50 a page (the realistic fake's). Seeds 1–5.
 *
 *   node out/bench/follow.mjs [--json file]
 */
import type { Result } from '../src/core/api/errors';
import type { Task } from '../src/core/api/types';
import type { AccountMark, NewTasksMode, WatchHistory } from '../src/core/follow/accountMark';
import { AccountFollower, SETTLE_MS } from '../src/core/follow/follower';
import { Scheduler } from '../src/core/poll/scheduler';
import { TaskStore } from '../src/core/store/taskStore';
import { prng, uuidFrom } from '../test/fake-extruct/rows';
import { SimClock } from './support/simClock';
import { fixed, spread, type Spread, table, writeJson } from './support/stats';
import { type ListShape, listPage, makeWorkload, START, type Workload } from './support/workload';

const MIN = 60_000;
const HOUR = 60 * MIN;
const LATENCY_MS = 300;
const INTERVAL_MS = 10_000;
const HISTORY = 200;
const SEEDS = [1, 2, 3, 4, 5];
const IDLE_MS = 4 * HOUR;
/** Tasks started elsewhere: over the idle hours, or while the watched workload runs. */
const IDLE_NEW = 12;
const SWEEP_NEW = 6;

type Scenario = 'focused' | 'unfocused' | 'unfocusedWithVisits' | 'sweep';
const SCENARIOS: ReadonlyArray<{ key: Scenario; name: string }> = [
  { key: 'focused', name: 'idle, focused' },
  { key: 'unfocused', name: 'idle, no window focused' },
  { key: 'unfocusedWithVisits', name: 'idle, focused 1 min every 30 min' },
  { key: 'sweep', name: 'while the sweep runs (100 tasks)' },
];
const LISTS: ReadonlyArray<{ key: string; name: string; shape: ListShape }> = [
  { key: 'newest100', name: 'newest first, 100/page', shape: { order: 'newest', pageCap: 100 } },
  { key: 'newest20', name: 'newest first, 20/page', shape: { order: 'newest', pageCap: 20 } },
  { key: 'shuffled50', name: 'shuffled, 50/page', shape: { order: 'shuffled', pageCap: 50 } },
];

/** The shared state: the mark and the watch list's memory (one window here). */
class Shared implements AccountMark, WatchHistory {
  value: number | undefined;
  constructor(private readonly store: TaskStore) {}
  advance(createdAtMs: number): void {
    this.value = Math.max(this.value ?? -Infinity, createdAtMs);
  }
  known(id: string): boolean {
    return this.store.has(id);
  }
}

interface Run {
  readonly lists: number;
  readonly gets: number;
  readonly hours: number;
  /** Creation → announcement, s. */
  readonly delaysS: readonly number[];
  readonly missed: number;
  readonly twice: number;
}

/** Adds `n` tasks started elsewhere, at seeded times in [from, to), to the workload's account. */
function startedElsewhere(w: Workload, n: number, from: number, to: number, seed: number): { w: Workload; created: Map<string, number> } {
  const rand = prng((seed ^ 0xe15e) >>> 0);
  const created = new Map<string, number>();
  const account = [...w.account];
  for (let i = 0; i < n; i++) {
    const at = Math.round(from + rand() * (to - from));
    const id = w.model.addTask({
      id: uuidFrom(rand),
      query: `started elsewhere ${i}`,
      createdAt: at,
      durationMs: 20 * MIN,
      desiredNumResults: 50,
    });
    created.set(id, at);
    account.push({ id, createdAt: at });
  }
  return { w: { ...w, account }, created };
}

async function run(seed: number, scenario: Scenario, shape: ListShape, mode: NewTasksMode): Promise<Run> {
  const watching = scenario === 'sweep';
  const base = makeWorkload({ seed, history: HISTORY, count: watching ? 100 : 0 });
  const { w, created } = watching
    ? startedElsewhere(base, SWEEP_NEW, START + 2 * MIN, START + 45 * MIN, seed)
    : startedElsewhere(base, IDLE_NEW, START + 5 * MIN, START + IDLE_MS - 30 * MIN, seed);
  const clock = new SimClock(START);
  const store = new TaskStore();
  const shared = new Shared(store);
  let lists = 0;
  let gets = 0;
  const announcedAt = new Map<string, number>();
  let twice = 0;
  const page = listPage(w, { seed: seed * 7919 + 3, ...shape });
  const follower = new AccountFollower({
    mark: shared,
    history: shared,
    mode: () => mode,
    clock,
    random: prng(seed * 31 + 7),
    onNewTasks: (tasks) => {
      for (const t of tasks) {
        if (announcedAt.has(t.id)) twice++;
        else announcedAt.set(t.id, clock.now());
      }
    },
  });
  const done = new Set<string>();
  /** While the sweep runs: the requests and the time to the last watched task's end. */
  let whileWatching: { lists: number; at: number } | undefined;
  store.onDidChange((changes) => {
    for (const c of changes) if (c.after?.stopped === 'complete') done.add(c.id);
    if (watching && !whileWatching && done.size === w.tasks.length) whileWatching = { lists, at: clock.now() };
  });
  const scheduler = new Scheduler({
    store,
    clock,
    intervalMs: () => INTERVAL_MS,
    random: prng(seed * 10 + 1),
    follower,
    fetchTask: async (id): Promise<Result<Task>> => {
      gets++;
      const task = w.model.snapshot(id, clock.now() + LATENCY_MS / 2);
      await clock.sleep(LATENCY_MS);
      return task ? { ok: true, value: task } : { ok: false, error: { kind: 'not-found', status: 404, message: 'HTTP 404' } };
    },
    listTasks: async ({ offset, limit }) => {
      lists++;
      const value = page(offset, limit, clock.now() + LATENCY_MS / 2);
      await clock.sleep(LATENCY_MS);
      return { ok: true, value };
    },
  });
  scheduler.setFocused(scenario === 'focused' || scenario === 'sweep');
  scheduler.start();
  if (scenario === 'unfocusedWithVisits')
    for (let at = 30 * MIN; at < IDLE_MS; at += 30 * MIN) {
      clock.setTimeout(() => scheduler.setFocused(true), at);
      clock.setTimeout(() => scheduler.setFocused(false), at + MIN);
    }
  for (const t of w.tasks) clock.setTimeout(() => store.add([t.id], clock.now()), t.createdAt - START);
  let end = START + IDLE_MS;
  if (watching) {
    // To the last watched task's end, and at least 20 minutes past the last task started elsewhere.
    await clock.runUntil(START + 4 * HOUR, () => done.size === w.tasks.length && clock.now() > START + 65 * MIN);
    end = clock.now();
  } else await clock.runUntil(end);
  scheduler.dispose();
  store.dispose();
  const delaysS = [...created].flatMap(([id, at]) => {
    const told = announcedAt.get(id);
    return told === undefined ? [] : [(told - at) / 1000];
  });
  const counted = whileWatching ?? { lists, at: end };
  return { lists: counted.lists, gets, hours: (counted.at - START) / HOUR, delaysS, missed: created.size - delaysS.length, twice };
}

interface Figures {
  readonly scenario: Scenario;
  readonly list: string;
  /** List requests per hour spent on following (while the sweep runs: the run's less the same run's without the follower, to the last watched task's end). */
  readonly followRequestsPerHour: number;
  readonly delay: Spread;
  readonly missed: number;
  readonly twice: number;
  readonly tasks: number;
}

const results: Figures[] = [];
for (const list of LISTS) {
  for (const s of SCENARIOS) {
    let extra = 0;
    let hours = 0;
    const delays: number[] = [];
    let missed = 0;
    let twice = 0;
    let tasks = 0;
    for (const seed of SEEDS) {
      const on = await run(seed, s.key, list.shape, 'ask');
      const off = s.key === 'sweep' ? await run(seed, s.key, list.shape, 'off') : undefined;
      extra += on.lists - (off?.lists ?? 0);
      hours += on.hours;
      delays.push(...on.delaysS);
      missed += on.missed;
      twice += on.twice;
      tasks += on.delaysS.length + on.missed;
    }
    results.push({ scenario: s.key, list: list.key, followRequestsPerHour: extra / hours, delay: spread(delays), missed, twice, tasks });
  }
}

console.log(
  `Following the account: list requests per hour spent on it, and the delay from a task's creation elsewhere to its announcement ("ask": held ${SETTLE_MS / 1000} s to let the user watch it by hand). Seeds ${SEEDS.join(', ')}; ${HISTORY} older tasks in the account; ${IDLE_NEW} tasks started elsewhere over ${IDLE_MS / HOUR} idle hours, ${SWEEP_NEW} while 100 watched tasks run; ${LATENCY_MS} ms per request.`,
);
console.log(
  table([
    ['scenario', 'list', 'requests/hour', 'delay med / p95 / max s', 'announced', 'twice'],
    ...results.map((r) => [
      SCENARIOS.find((s) => s.key === r.scenario)!.name,
      LISTS.find((l) => l.key === r.list)!.name,
      fixed(r.followRequestsPerHour, 1),
      r.delay.n ? `${fixed(r.delay.median)} / ${fixed(r.delay.p95)} / ${fixed(r.delay.max)}` : '–',
      `${r.tasks - r.missed}/${r.tasks}`,
      String(r.twice),
    ]),
  ]),
);
console.log(
  '(announced: by the end of the run; with no window focused nothing is asked, and nothing is announced until a window is focused again. The sweep rows: the run with the follower less the same run without it.)',
);
writeJson({ seeds: SEEDS, history: HISTORY, idleHours: IDLE_MS / HOUR, settleMs: SETTLE_MS, results });
