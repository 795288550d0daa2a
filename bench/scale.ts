/**
 * Scale: 1 000 watched tasks (900 finished, 100 running) in one TaskStore + Scheduler on a simulated
 * clock. Measures the CPU time of the scheduler's work, the cost of one status change as the tree sees
 * it (store update + summary + the changed item's description and style), and the store's heap.
 *
 *   node --expose-gc out/bench/scale.mjs [--json file]
 */
import type { Result } from '../src/core/api/errors';
import type { Task } from '../src/core/api/types';
import { taskDescription } from '../src/core/format/text';
import { isComplete } from '../src/core/model/completion';
import { styleOf } from '../src/core/model/display';
import { summarize } from '../src/core/model/summary';
import type { WatchEntry } from '../src/core/model/watchEntry';
import { Scheduler } from '../src/core/poll/scheduler';
import { TaskStore } from '../src/core/store/taskStore';
import { FakeModel } from '../test/fake-extruct/model';
import { prng, uuidFrom } from '../test/fake-extruct/rows';
import { SimClock } from './support/simClock';
import { fixed, mean, percentile, table, writeJson } from './support/stats';
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
  ids.push(model.addTask({
    id: uuidFrom(rand),
    query: `Scale task ${i}: B2B software companies selling to logistics operators in ${['Europe', 'North America', 'Asia'][i % 3]}`,
    createdAt: START - (finished ? 60 * MIN + Math.round(rand() * 600 * MIN) : Math.round(rand() * 30 * MIN)),
    durationMs: finished ? Math.round((2 + rand() * 28) * MIN) : Math.round((180 + rand() * 60) * MIN),
    desiredNumResults: [25, 50, 100, 250][i % 4] ?? 100,
    excludeDomains: i % 5 === 0 ? Array.from({ length: 20 }, (_, k) => `excluded-${i}-${k}.com`) : [],
    ...(finished && roll < 0.1 ? { failAtFraction: 0.5 } : finished && roll < 0.25 ? { exhaustAtFraction: 0.6 } : {}),
  }));
}

function entryAt(id: string, now: number): WatchEntry {
  const task = model.snapshot(id, now)!;
  const complete = isComplete(task);
  return {
    id, addedAt: Date.parse(task.created_at), task, lastChangeAt: now - 5_000, unseen: false, muted: false,
    ...(complete ? { stopped: 'complete' as const, completedAt: model.endsAt(id)!, openedAt: model.endsAt(id)! } : {}),
  };
}

// Memory: the store with its 1 000 entries and their last snapshots, plus the scheduler.
const heapBefore = heapUsed();
const store = new TaskStore(ids.map((id) => entryAt(id, START)));
const clock = new SimClock(START);
const fetchTask = async (id: string): Promise<Result<Task>> => {
  const task = model.snapshot(id, clock.now() + LATENCY_MS / 2); // the server answers halfway through
  await clock.sleep(LATENCY_MS);
  return task ? { ok: true, value: task } : { ok: false, error: { kind: 'not-found', status: 404, message: 'HTTP 404' } };
};
const scheduler = new Scheduler({ store, clock, fetchTask, intervalMs: () => 10_000, random: prng(7) });
const heapStore = heapUsed() - heapBefore;
const running = store.entries().filter((e) => !e.stopped).length;
if (running !== RUNNING) throw new Error(`expected ${RUNNING} running tasks, got ${running}`);

// Scheduler work: a simulated hour, timing every scheduler timer callback ("tick": pick due tasks, start
// their requests, re-arm) and every answer (store update, next plan, re-arm), with what they set off.
const ticks: number[] = [];
const answers: number[] = [];
let tickCpuMs = 0;
clock.onFired = (kind, wallMs, cpuMs) => {
  (kind === 'clock' ? ticks : answers).push(wallMs);
  if (kind === 'clock') tickCpuMs += cpuMs;
};
// The running tasks were last checked at random moments of the last base interval (as after a takeover).
const lastChecked = new Map(ids.map((id) => [id, START - Math.round(rand() * 10_000)]));
scheduler.setActive(true, (id) => lastChecked.get(id));
await clock.runUntil(START + 5 * MIN); // warm-up
ticks.length = 0;
answers.length = 0;
tickCpuMs = 0;
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
await clock.runUntil(START + 5 * MIN + SIM_MS);
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - wall0;
clock.onFired = undefined;
/** All CPU time of the simulated hour (ticks, answers, the simulation itself) over the number of ticks. */
const cpuPerTickMs = (cpu.user + cpu.system) / 1000 / ticks.length;
const heapAfterHour = heapUsed() - heapBefore;

// One status change as the tree handles it: the store records the answer (its listeners run, the
// scheduler's included), then the view title's summary and the changed item's description and style.
const runningIds = store.entries().filter((e) => !e.stopped).map((e) => e.id);
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
  tickMs: { cpuMean: tickCpuMs / ticks.length, mean: mean(ticks), p50: percentile(ticks, 50), p99: percentile(ticks, 99), max: Math.max(...ticks) },
  answerMs: { mean: mean(answers), p50: percentile(answers, 50), p99: percentile(answers, 99) },
  cpuPerTickMs,
  simulationWallMs: wallMs,
  changeMs: { cpuMean: (changeCpuUsed.user + changeCpuUsed.system) / 1000 / changes.length, mean: mean(changes), p50: percentile(changes, 50), p99: percentile(changes, 99), max: Math.max(...changes) },
  heapMB: { store: heapStore / MB, afterHour: heapAfterHour / MB, gcExposed: gc !== undefined },
};

console.log(`Scale: ${store.size} watched tasks (${FINISHED} finished, ${RUNNING} running), ${SIM_MS / MIN} simulated minutes, ${ticks.length} scheduler ticks, ${answers.length} answers`);
console.log(table([
  ['measure', 'mean', 'p50', 'p99', 'max', 'target'],
  ['scheduler tick, CPU (ms)', fixed(result.tickMs.cpuMean, 3), '', '', '', '≤ 5'],
  ['scheduler tick, wall (ms)', fixed(result.tickMs.mean, 3), fixed(result.tickMs.p50, 3), fixed(result.tickMs.p99, 3), fixed(result.tickMs.max, 3), ''],
  ['all CPU / tick (ms)', fixed(cpuPerTickMs, 3), '', '', '', '(incl. answers)'],
  ['answer → store → plan (ms)', fixed(result.answerMs.mean, 3), fixed(result.answerMs.p50, 3), fixed(result.answerMs.p99, 3), '', ''],
  ['status change + tree, CPU (ms)', fixed(result.changeMs.cpuMean, 3), '', '', '', '≤ 1'],
  ['status change + tree, wall (ms)', fixed(result.changeMs.mean, 3), fixed(result.changeMs.p50, 3), fixed(result.changeMs.p99, 3), fixed(result.changeMs.max, 3), ''],
  ['store heap (MB)', fixed(result.heapMB.store, 2), '', '', '', '≤ 20'],
  ['store heap after an hour (MB)', fixed(result.heapMB.afterHour, 2), '', '', '', ''],
]));
if (!gc) console.log('(run node with --expose-gc for exact heap figures)');
if (sink < 0) console.log(sink);
writeJson(result);
