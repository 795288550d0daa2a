/**
 * Scale: 1 000 watched tasks (900 finished, 100 running) in one TaskStore + Scheduler on a simulated
 * clock. Measures the CPU time of the scheduler's work, the cost of one status change as the tree sees
 * it (store update + summary + the changed item's description and style), and the store's heap.
 * The simulated hour is run twice: tasks polled one by one, and with the sweep (`listTasks`: the
 * account's 1 000 tasks listed newest first, 100 a page), where one answer records up to 100 tasks.
 * The simulated server's own work (the model's snapshots and list pages) is left out of the timings.
 *
 *   node --expose-gc out/bench/scale.mjs [--json file]
 */
import type { Result } from '../src/core/api/errors';
import type { Task } from '../src/core/api/types';
import { taskDescription } from '../src/core/format/text';
import { styleOf } from '../src/core/model/display';
import { summarize } from '../src/core/model/summary';
import { Scheduler } from '../src/core/poll/scheduler';
import type { ListTasks } from '../src/core/poll/sweep';
import { TaskStore } from '../src/core/store/taskStore';
import { FakeModel } from '../test/fake-extruct/model';
import { prng, uuidFrom } from '../test/fake-extruct/rows';
import { SimClock } from './support/simClock';
import { fixed, mean, percentile, table, writeJson } from './support/stats';
import { entryAt } from './support/entries';
import { START } from './support/workload';

const FINISHED = 900;
const RUNNING = 100;
const MIN = 60_000;
const SIM_MS = 60 * MIN;
const LATENCY_MS = 300;
const MB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
const heapUsed = (): number => {
  if (gc) for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

// The tasks: finished ones were short and ended before the measurement starts; running ones take hours.
const rand = prng(1000);
const model = new FakeModel({ now: () => START });
const ids: string[] = [];
for (let i = 0; i < FINISHED + RUNNING; i++) {
  const finished = i < FINISHED;
  const roll = rand();
  ids.push(
    model.addTask({
      id: uuidFrom(rand),
      query: `Scale task ${i}: B2B software companies selling to logistics operators in ${['Europe', 'North America', 'Asia'][i % 3]}`,
      createdAt: START - (finished ? 60 * MIN + Math.round(rand() * 600 * MIN) : Math.round(rand() * 30 * MIN)),
      durationMs: finished ? Math.round((2 + rand() * 28) * MIN) : Math.round((180 + rand() * 60) * MIN),
      desiredNumResults: [25, 50, 100, 250][i % 4] ?? 100,
      excludeDomains: i % 5 === 0 ? Array.from({ length: 20 }, (_, k) => `excluded-${i}-${k}.com`) : [],
      ...(finished && roll < 0.1 ? { failAtFraction: 0.5 } : finished && roll < 0.25 ? { exhaustAtFraction: 0.6 } : {}),
    }),
  );
}

// Memory: the store with its 1 000 entries and their last snapshots, plus the scheduler.
const heapBefore = heapUsed();
const store = new TaskStore(ids.map((id) => entryAt(model, id, START)));
const clock = new SimClock(START);
const scheduler = new Scheduler({ store, clock, fetchTask: fetcher(clock), intervalMs: () => 10_000, random: prng(7) });
const heapStore = heapUsed() - heapBefore;
const running = store.entries().filter((e) => !e.stopped).length;
if (running !== RUNNING) throw new Error(`expected ${RUNNING} running tasks, got ${running}`);

/** Time spent in the simulated server (the model) since the last timer callback was timed: not the scheduler's. */
let serverMs = 0;
function server<T>(answer: () => T): T {
  const started = performance.now();
  try {
    return answer();
  } finally {
    serverMs += performance.now() - started;
  }
}

function fetcher(clock: SimClock): (id: string) => Promise<Result<Task>> {
  return async (id) => {
    const task = server(() => model.snapshot(id, clock.now() + LATENCY_MS / 2)); // the server answers halfway through
    await clock.sleep(LATENCY_MS);
    return task ? { ok: true, value: task } : { ok: false, error: { kind: 'not-found', status: 404, message: 'HTTP 404' } };
  };
}

interface Hour {
  readonly ticks: readonly number[];
  /** Answers to GETs, and (with the sweep) to list pages: each records what it brought and re-plans. */
  readonly answers: readonly number[];
  readonly listAnswers: readonly number[];
  readonly tickCpuMs: number;
  readonly cpuPerTickMs: number;
  readonly wallMs: number;
  readonly gets: number;
  readonly pages: number;
}

// The running tasks were last checked at random moments of the last base interval (as after a takeover).
const lastChecked = new Map(ids.map((id) => [id, START - Math.round(rand() * 10_000)]));

// Scheduler work: a simulated hour, timing every scheduler timer callback ("tick": pick due tasks, start
// their requests or a sweep, re-arm) and every answer (store update, next plan, re-arm), with what they set off.
async function simulateHour(
  clock: SimClock,
  scheduler: Scheduler,
  counts: { gets: number; pages: number },
  isList: () => boolean,
): Promise<Hour> {
  const ticks: number[] = [];
  const answers: number[] = [];
  const listAnswers: number[] = [];
  let tickCpuMs = 0;
  clock.onFired = (kind, callbackWallMs, callbackCpuMs) => {
    // The server's work (a snapshot, a list page) is done synchronously when a request starts: not ours.
    const wallMs = Math.max(0, callbackWallMs - serverMs);
    const cpuMs = Math.max(0, callbackCpuMs - serverMs);
    serverMs = 0;
    if (kind === 'clock') {
      ticks.push(wallMs);
      tickCpuMs += cpuMs;
    } else (isList() ? listAnswers : answers).push(wallMs);
  };
  scheduler.setActive(true, (id) => lastChecked.get(id));
  await clock.runUntil(START + 5 * MIN); // warm-up
  ticks.length = 0;
  answers.length = 0;
  listAnswers.length = 0;
  tickCpuMs = 0;
  const before = { ...counts };
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await clock.runUntil(START + 5 * MIN + SIM_MS);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  clock.onFired = undefined;
  return {
    ticks,
    answers,
    listAnswers,
    tickCpuMs,
    /** All CPU time of the simulated hour (ticks, answers, the simulation itself) over the number of ticks. */
    cpuPerTickMs: (cpu.user + cpu.system) / 1000 / ticks.length,
    wallMs,
    gets: counts.gets - before.gets,
    pages: counts.pages - before.pages,
  };
}

const hour = await simulateHour(clock, scheduler, { gets: 0, pages: 0 }, () => false);
const { ticks, answers, tickCpuMs, cpuPerTickMs, wallMs } = hour;
const heapAfterHour = heapUsed() - heapBefore;

// The same hour with the sweep: a store of its own, GETs and list pages counted.
const sweepCounts = { gets: 0, pages: 0 };
let listAnswered = false;
const sweepClock = new SimClock(START);
const sweepStore = new TaskStore(ids.map((id) => entryAt(model, id, START)));
const fetchForSweep = fetcher(sweepClock);
const listTasks: ListTasks = async ({ offset, limit }) => {
  sweepCounts.pages++;
  const value = server(() => model.list(offset, Math.min(limit, 100), sweepClock.now() + LATENCY_MS / 2));
  await sweepClock.sleep(LATENCY_MS);
  listAnswered = true; // this answer's callback is a list answer (reset when it has been timed)
  return { ok: true, value };
};
const sweepScheduler = new Scheduler({
  store: sweepStore,
  clock: sweepClock,
  fetchTask: (id) => {
    sweepCounts.gets++;
    return fetchForSweep(id);
  },
  listTasks,
  intervalMs: () => 10_000,
  random: prng(7),
});
const sweepHour = await simulateHour(sweepClock, sweepScheduler, sweepCounts, () => {
  const was = listAnswered;
  listAnswered = false;
  return was;
});
sweepScheduler.dispose();
sweepStore.dispose();

// One status change as the tree handles it: the store records the answer (its listeners run, the
// scheduler's included), then the view title's summary and the changed item's description and style.
const runningIds = store
  .entries()
  .filter((e) => !e.stopped)
  .map((e) => e.id);
let t = clock.now();
const changeTimes: number[] = [];
let sink = 0;
let changeCpu = process.cpuUsage();
for (let i = 0; i < 6_000; i++) {
  if (i === 1_000) changeCpu = process.cpuUsage(); // after warm-up
  const id = runningIds[i % runningIds.length]!;
  if (i % runningIds.length === 0) t += 10_000;
  const task = model.snapshot(id, t)!;
  const started = performance.now();
  store.recordSuccess(id, task, t);
  const entry = store.get(id)!;
  const summary = summarize(store.entries(), store.authPaused);
  const description = taskDescription(entry, store.authPaused);
  const style = styleOf(entry, store.authPaused);
  changeTimes.push(performance.now() - started);
  sink += summary.running + description.length + style.label.length;
}
const changeCpuUsed = process.cpuUsage(changeCpu);
const changes = changeTimes.slice(1_000); // after warm-up
scheduler.dispose();

const result = {
  tasks: { total: store.size, finished: FINISHED, running: RUNNING },
  simulatedMinutes: SIM_MS / MIN,
  ticks: ticks.length,
  answers: answers.length,
  /** Wall time per tick (mean, percentiles), and CPU time per tick from process.cpuUsage (not slowed by other processes). */
  tickMs: {
    cpuMean: tickCpuMs / ticks.length,
    mean: mean(ticks),
    p50: percentile(ticks, 50),
    p99: percentile(ticks, 99),
    max: Math.max(...ticks),
  },
  answerMs: { mean: mean(answers), p50: percentile(answers, 50), p99: percentile(answers, 99) },
  cpuPerTickMs,
  simulationWallMs: wallMs,
  changeMs: {
    cpuMean: (changeCpuUsed.user + changeCpuUsed.system) / 1000 / changes.length,
    mean: mean(changes),
    p50: percentile(changes, 50),
    p99: percentile(changes, 99),
    max: Math.max(...changes),
  },
  heapMB: { store: heapStore / MB, afterHour: heapAfterHour / MB, gcExposed: gc !== undefined },
  /** The same hour with the sweep (listTasks, 100 a page). */
  sweep: {
    ticks: sweepHour.ticks.length,
    gets: sweepHour.gets,
    pages: sweepHour.pages,
    tickMs: {
      cpuMean: sweepHour.tickCpuMs / sweepHour.ticks.length,
      mean: mean(sweepHour.ticks),
      p50: percentile(sweepHour.ticks, 50),
      p99: percentile(sweepHour.ticks, 99),
      max: Math.max(...sweepHour.ticks),
    },
    answerMs: { mean: mean(sweepHour.answers), p50: percentile(sweepHour.answers, 50), p99: percentile(sweepHour.answers, 99) },
    listAnswerMs: {
      mean: mean(sweepHour.listAnswers),
      p50: percentile(sweepHour.listAnswers, 50),
      p99: percentile(sweepHour.listAnswers, 99),
      max: Math.max(...sweepHour.listAnswers),
    },
    cpuPerTickMs: sweepHour.cpuPerTickMs,
    simulationWallMs: sweepHour.wallMs,
  },
};

console.log(
  `Scale: ${store.size} watched tasks (${FINISHED} finished, ${RUNNING} running), ${SIM_MS / MIN} simulated minutes, ${ticks.length} scheduler ticks, ${answers.length} answers`,
);
console.log(
  table([
    ['measure', 'mean', 'p50', 'p99', 'max', 'target'],
    ['scheduler tick, CPU (ms)', fixed(result.tickMs.cpuMean, 3), '', '', '', '≤ 5'],
    [
      'scheduler tick, wall (ms)',
      fixed(result.tickMs.mean, 3),
      fixed(result.tickMs.p50, 3),
      fixed(result.tickMs.p99, 3),
      fixed(result.tickMs.max, 3),
      '',
    ],
    ['all CPU / tick (ms)', fixed(cpuPerTickMs, 3), '', '', '', '(incl. answers)'],
    ['answer → store → plan (ms)', fixed(result.answerMs.mean, 3), fixed(result.answerMs.p50, 3), fixed(result.answerMs.p99, 3), '', ''],
    ['with the sweep: tick, CPU (ms)', fixed(result.sweep.tickMs.cpuMean, 3), '', '', '', '≤ 5'],
    [
      'with the sweep: tick, wall (ms)',
      fixed(result.sweep.tickMs.mean, 3),
      fixed(result.sweep.tickMs.p50, 3),
      fixed(result.sweep.tickMs.p99, 3),
      fixed(result.sweep.tickMs.max, 3),
      '',
    ],
    [
      'with the sweep: list page answer (ms)',
      fixed(result.sweep.listAnswerMs.mean, 3),
      fixed(result.sweep.listAnswerMs.p50, 3),
      fixed(result.sweep.listAnswerMs.p99, 3),
      fixed(result.sweep.listAnswerMs.max, 3),
      '(≤ 100 tasks recorded)',
    ],
    ['status change + tree, CPU (ms)', fixed(result.changeMs.cpuMean, 3), '', '', '', '≤ 1'],
    [
      'status change + tree, wall (ms)',
      fixed(result.changeMs.mean, 3),
      fixed(result.changeMs.p50, 3),
      fixed(result.changeMs.p99, 3),
      fixed(result.changeMs.max, 3),
      '',
    ],
    ['store heap (MB)', fixed(result.heapMB.store, 2), '', '', '', '≤ 20'],
    ['store heap after an hour (MB)', fixed(result.heapMB.afterHour, 2), '', '', '', ''],
  ]),
);
console.log(
  `Requests in the simulated hour: ${answers.length} GETs polled one by one; with the sweep ${result.sweep.pages} list pages + ${result.sweep.gets} GETs (${result.sweep.ticks} ticks).`,
);
if (!gc) console.log('(run node with --expose-gc for exact heap figures)');
if (sink < 0) console.log(sink);
writeJson(result);
