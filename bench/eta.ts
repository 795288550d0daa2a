/**
 * How right is "about N min left"? On the efficiency workload (bench/support/workload.ts, seeds 1–5 plus
 * the default), every task that ends `done` is followed answer by answer (every 10 s, from its creation),
 * and at the first answer at which it reaches 25 %, 50 % and 75 % of its target the estimates are compared
 * with the time it really had left:
 *
 *  - shown: the estimate the extension shows (core/model/eta.ts: the recent rate of high-fit results,
 *    shown only when steady; "coverage" is how often it shows one at that point);
 *  - whole run: the extrapolation over the whole run that the polling policy uses (poll/policy.ts).
 *
 *   node out/bench/eta.mjs [--json out.json]
 */
import * as fs from 'node:fs';
import { validateTask } from '../src/core/api/validate';
import { EtaTracker } from '../src/core/model/eta';
import { timeLeft } from '../src/core/poll/policy';
import { makeWorkload } from './support/workload';
import { median, percentile } from './support/stats';

const STEP_MS = 10_000;
const POINTS = [0.25, 0.5, 0.75] as const;

interface Sample {
  readonly shown?: number;
  readonly wholeRun?: number;
  readonly actual: number;
}

const samples = new Map<number, Sample[]>(POINTS.map((p) => [p, []]));
let tasks = 0;
for (const seed of [20260302, 1, 2, 3, 4, 5]) {
  const w = makeWorkload({ seed });
  for (const t of w.tasks.filter((x) => x.kind === 'done')) {
    tasks++;
    const tracker = new EtaTracker();
    const end = w.model.endsAt(t.id)!;
    const pending = [...POINTS];
    for (let now = t.createdAt; now < end && pending.length; now += STEP_MS) {
      const v = validateTask(w.model.snapshot(t.id, now));
      if (!v.ok) throw new Error(v.reason);
      const task = v.value;
      tracker.observe(t.id, task, now);
      const progress = task.desired_num_results ? task.num_results / task.desired_num_results : 0;
      while (pending.length && progress >= pending[0]!) {
        const p = pending.shift()!;
        const shown = tracker.timeLeft(t.id, now);
        const wholeRun = timeLeft(task, t.createdAt, now);
        samples
          .get(p)!
          .push({ actual: end - now, ...(shown !== undefined ? { shown } : {}), ...(wholeRun !== undefined ? { wholeRun } : {}) });
      }
    }
  }
}

const s = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;
const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;
const rows: Array<Record<string, number | string>> = [];
console.log(`Estimates of the time left, ${tasks} tasks that end done (6 seeds), checked every 10 s:\n`);
console.log('| at progress | estimator | coverage | median abs. error | p90 abs. error | median rel. error | median time left |');
console.log('|--:|:--|--:|--:|--:|--:|--:|');
for (const p of POINTS) {
  const list = samples.get(p)!;
  for (const kind of ['shown', 'wholeRun'] as const) {
    const with_ = list.filter((x) => x[kind] !== undefined);
    const abs = with_.map((x) => Math.abs(x[kind]! - x.actual));
    const rel = with_.map((x) => Math.abs(x[kind]! - x.actual) / x.actual);
    const row = {
      progress: p,
      estimator: kind === 'shown' ? 'shown (recent rate, steady only)' : 'whole-run extrapolation',
      coverage: with_.length / list.length,
      medianAbsS: median(abs) / 1000,
      p90AbsS: percentile(abs, 90) / 1000,
      medianRel: median(rel),
      medianLeftS: median(list.map((x) => x.actual)) / 1000,
    };
    rows.push(row);
    console.log(
      `| ${pct(p)} | ${row.estimator} | ${pct(row.coverage)} | ${s(row.medianAbsS * 1000)} | ${s(row.p90AbsS * 1000)} | ${pct(row.medianRel)} | ${s(row.medianLeftS * 1000)} |`,
    );
  }
}
const jsonAt = process.argv.indexOf('--json');
if (jsonAt >= 0 && process.argv[jsonAt + 1]) fs.writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify({ tasks, rows }, null, 2));
