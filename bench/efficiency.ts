/**
 * Request efficiency: the real Scheduler + TaskStore on a simulated clock, answered by the fake Extruct
 * model at the simulated time, against fixed 10-second polling (what Extruct's own CLI does) on the
 * same workload. Reports requests, requests after completion and completion-detection delays.
 *
 *   node out/bench/efficiency.mjs [--seed n] [--json file]
 */
import type { Result } from '../src/core/api/errors';
import type { Task } from '../src/core/api/types';
import { Scheduler } from '../src/core/poll/scheduler';
import { TaskStore } from '../src/core/store/taskStore';
import { prng } from '../test/fake-extruct/rows';
import { SimClock } from './support/simClock';
import { fixed, median, percentile, table, writeJson } from './support/stats';
import { makeWorkload, START, type Workload, type WorkloadTask } from './support/workload';

const LATENCY_MS = 300;
const INTERVAL_MS = 10_000;
const LIMIT_MS = 4 * 3600_000;

interface RunFigures {
  readonly name: string;
  readonly requests: number;
  readonly requestsAfterCompletion: number;
  readonly undetected: number;
  readonly medianDelayS: number;
  readonly p95DelayS: number;
  readonly maxDelayS: number;
  /** Median detection delay per kind of ending. */
  readonly medianDelayByKindS: Readonly<Record<string, number>>;
}

function figures(name: string, w: Workload, requests: number, after: number, detectedAt: ReadonlyMap<string, number>): RunFigures {
  const delays = (tasks: readonly WorkloadTask[]): number[] =>
    tasks.filter((t) => detectedAt.has(t.id)).map((t) => (detectedAt.get(t.id)! - t.completeAt) / 1000);
  const all = delays(w.tasks);
  const byKind: Record<string, number> = {};
  for (const kind of ['done', 'exhausted', 'failed'] as const) byKind[kind] = median(delays(w.tasks.filter((t) => t.kind === kind)));
  return {
    name, requests, requestsAfterCompletion: after, undetected: w.tasks.length - all.length,
    medianDelayS: median(all), p95DelayS: percentile(all, 95), maxDelayS: Math.max(...all), medianDelayByKindS: byKind,
  };
}

/** The CLI's loop for each task: GET, and if status is not done/failed, sleep 10 s and GET again. */
function fixedPolling(w: Workload): RunFigures {
  let requests = 0;
  const detectedAt = new Map<string, number>();
  for (const t of w.tasks) {
    let at = t.createdAt;
    for (;;) {
      requests++;
      const task = w.model.snapshot(t.id, at + LATENCY_MS / 2)!;
      const answeredAt = at + LATENCY_MS;
      if (task.status === 'done' || task.status === 'failed') {
        detectedAt.set(t.id, answeredAt);
        break;
      }
      at = answeredAt + INTERVAL_MS;
    }
  }
  // The loop stops at the first final answer, so it never asks after seeing completion.
  return figures('fixed 10 s polling (CLI)', w, requests, 0, detectedAt);
}

/** The extension's scheduler, store and policy, driven by the simulated clock. */
async function extensionPolling(w: Workload, focused: boolean, seed: number): Promise<RunFigures> {
  const clock = new SimClock(START);
  const store = new TaskStore();
  const detectedAt = new Map<string, number>();
  let requests = 0;
  let after = 0;
  const fetchTask = async (id: string): Promise<Result<Task>> => {
    requests++;
    if (store.get(id)?.stopped === 'complete') after++;
    const task = w.model.snapshot(id, clock.now() + LATENCY_MS / 2); // the server answers halfway through
    await clock.sleep(LATENCY_MS);
    return task ? { ok: true, value: task } : { ok: false, error: { kind: 'not-found', status: 404, message: 'HTTP 404' } };
  };
  store.onDidChange((changes) => {
    for (const c of changes) {
      if (c.after?.stopped === 'complete' && c.before?.stopped !== 'complete' && !detectedAt.has(c.id)) detectedAt.set(c.id, clock.now());
    }
  });
  const scheduler = new Scheduler({ store, clock, fetchTask, intervalMs: () => INTERVAL_MS, random: prng(seed) });
  scheduler.setFocused(focused);
  scheduler.start();
  for (const t of w.tasks) clock.setTimeout(() => store.add([t.id], clock.now()), t.createdAt - START);
  await clock.runUntil(START + LIMIT_MS, () => detectedAt.size === w.tasks.length && scheduler.requestsInFlight === 0);
  // Anything requested after every task was recorded complete would show up here.
  await clock.runUntil(clock.now() + 3600_000);
  scheduler.dispose();
  store.dispose();
  return figures(focused ? 'extension (focused window)' : 'extension (unfocused window)', w, requests, after, detectedAt);
}

const seedArg = process.argv.indexOf('--seed');
const w = makeWorkload(seedArg >= 0 ? { seed: Number(process.argv[seedArg + 1]) } : {});
const fixedRun = fixedPolling(w);
const focusedRun = await extensionPolling(w, true, 1);
const r = { tasks: w.tasks.length, fixed: fixedRun, focused: focusedRun, unfocused: await extensionPolling(w, false, 2), ratio: focusedRun.requests / fixedRun.requests };
const kinds = ['done', 'exhausted', 'failed'].map((k) => `${w.tasks.filter((t) => t.kind === k).length} ${k}`).join(', ');
console.log(`Request efficiency: ${r.tasks} tasks (${kinds}; ${w.tasks.filter((t) => t.stalled).length} with stalls), ${LATENCY_MS} ms latency, base interval ${INTERVAL_MS / 1000} s`);
const row = (f: RunFigures): string[] => [
  f.name, String(f.requests), fixed(f.requests / r.fixed.requests, 2), String(f.requestsAfterCompletion), String(f.undetected),
  fixed(f.medianDelayS), fixed(f.p95DelayS), fixed(f.maxDelayS),
  `${fixed(f.medianDelayByKindS.done ?? NaN)}/${fixed(f.medianDelayByKindS.exhausted ?? NaN)}/${fixed(f.medianDelayByKindS.failed ?? NaN)}`,
];
console.log(table([
  ['strategy', 'requests', 'ratio', 'after completion', 'missed', 'median delay s', 'p95 s', 'max s', 'median done/exh/failed s'],
  row(r.fixed), row(r.focused), row(r.unfocused),
]));
console.log(`Ratio (focused / fixed 10 s): ${fixed(r.ratio, 2)} (target ≤ 0.60); median detection delay ${fixed(r.focused.medianDelayS)} s (target ≤ 10 s).`);
writeJson({ seed: w.seed, latencyMs: LATENCY_MS, intervalMs: INTERVAL_MS, ...r });
