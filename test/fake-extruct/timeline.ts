// The time math of one run ("segment") of a fake task, in O(number of stalls) per query.
//
// A segment has a progress p that grows linearly from 0 to pEnd (1 for done, failAtFraction for failed)
// over its active time, standing still during stalls. Each counter is base + floor(delta × f(p)) where
// the stage curves satisfy f_discovered ≥ f_enriched ≥ f_evaluated ≥ f_num at every p, and the deltas
// satisfy the same order, so discovered ≥ enriched ≥ evaluated ≥ num_results always holds and every
// counter is monotonic in time.
import type { RunSpec, StallSpec, TaskStatus } from './types.js';

export interface Counters {
  discovered: number;
  enriched: number;
  evaluated: number;
  num: number;
}

export const ZERO_COUNTERS: Counters = { discovered: 0, enriched: 0, evaluated: 0, num: 0 };

export interface Segment {
  startAt: number;
  createdPhaseMs: number;
  /** Active time, without the created phase and stalls. */
  runMs: number;
  stalls: StallSpec[];
  stallTotal: number;
  pEnd: number;
  final: 'done' | 'failed';
  /** Progress at which is_exhausted turns true, or null. */
  exhaustAt: number | null;
  desired: number;
  base: Counters;
  delta: Counters;
  discEnd: number;
  enrEnd: number;
}

export interface SegmentState {
  status: TaskStatus;
  p: number;
  exhausted: boolean;
  counters: Counters;
}

const EVAL_LAG = 0.1;
const NUM_LAG = 0.15;

const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);

export function resolveFinal(spec: RunSpec): { final: 'done' | 'failed'; pEnd: number } {
  const final = spec.finalStatus ?? (spec.failAtFraction !== undefined ? 'failed' : 'done');
  // A failure point is kept away from 0: progress is divided by it, and a denormal would turn counters into NaN.
  return { final, pEnd: final === 'failed' ? Math.max(0.001, clamp01(spec.failAtFraction ?? 0.5)) : 1 };
}

export function makeSegment(args: {
  startAt: number;
  createdPhaseMs: number;
  spec: RunSpec;
  defaultDurationMs: number;
  desired: number;
  base: Counters;
  delta: Counters;
}): Segment {
  const { final, pEnd } = resolveFinal(args.spec);
  const exhaustAt = args.spec.exhaustAtFraction !== undefined ? Math.min(1, Math.max(0.01, args.spec.exhaustAtFraction)) : null;
  const stalls = (args.spec.stalls ?? [])
    .filter((s) => s.forMs > 0 && s.atFraction >= 0 && s.atFraction < pEnd)
    .map((s) => ({ atFraction: s.atFraction, forMs: s.forMs }))
    .sort((a, b) => a.atFraction - b.atFraction);
  const stallTotal = stalls.reduce((sum, s) => sum + s.forMs, 0);
  const duration = Math.max(1, args.spec.durationMs ?? args.defaultDurationMs);
  const createdPhaseMs = Math.max(0, Math.min(args.createdPhaseMs, duration - 1));
  const runMs = Math.max(1, duration - createdPhaseMs - stallTotal);
  return {
    startAt: args.startAt, createdPhaseMs, runMs, stalls, stallTotal, pEnd, final, exhaustAt,
    desired: args.desired, base: args.base, delta: args.delta,
    discEnd: exhaustAt ?? 0.7,
    enrEnd: exhaustAt ?? 0.9,
  };
}

/** When the segment reaches its final status. */
export const segmentEnd = (seg: Segment): number => seg.startAt + seg.createdPhaseMs + seg.runMs + seg.stallTotal;

export function progressAt(seg: Segment, t: number): { p: number; status: TaskStatus } {
  const e = t - seg.startAt;
  if (e < seg.createdPhaseMs) return { p: 0, status: 'created' };
  let rem = e - seg.createdPhaseMs;
  if (rem >= seg.runMs + seg.stallTotal) return { p: seg.pEnd, status: seg.final };
  const v = seg.pEnd / seg.runMs;
  let p = 0;
  for (const s of seg.stalls) {
    const need = (s.atFraction - p) / v;
    if (rem < need) return { p: p + rem * v, status: 'in_progress' };
    rem -= need;
    p = s.atFraction;
    if (rem < s.forMs) return { p, status: 'in_progress' };
    rem -= s.forMs;
  }
  return { p: Math.min(seg.pEnd, p + rem * v), status: 'in_progress' };
}

/** The first time at which progress reaches `target` (≤ pEnd). */
export function timeAtProgress(seg: Segment, target: number): number {
  const v = seg.pEnd / seg.runMs;
  let t = seg.startAt + seg.createdPhaseMs;
  let p = 0;
  for (const s of seg.stalls) {
    if (target <= s.atFraction) break;
    t += (s.atFraction - p) / v + s.forMs;
    p = s.atFraction;
  }
  return v > 0 ? Math.min(segmentEnd(seg), t + (target - p) / v) : segmentEnd(seg);
}

export function stageFractions(seg: Segment, p: number): [number, number, number, number] {
  const enrLag = 0.05 * seg.enrEnd;
  return [
    clamp01(p / seg.discEnd),
    clamp01((p - enrLag) / (seg.enrEnd - enrLag)),
    clamp01((p - EVAL_LAG) / (1 - EVAL_LAG)),
    clamp01((p - NUM_LAG) / (1 - NUM_LAG)),
  ];
}

export function stateAt(seg: Segment, t: number): SegmentState {
  const { p, status } = progressAt(seg, t);
  const [f1, f2, f3, f4] = stageFractions(seg, p);
  const { base, delta } = seg;
  const discovered = base.discovered + Math.floor(delta.discovered * f1);
  const enriched = Math.min(discovered, base.enriched + Math.floor(delta.enriched * f2));
  const evaluated = Math.min(enriched, base.evaluated + Math.floor(delta.evaluated * f3));
  const num = Math.min(evaluated, base.num + Math.floor(delta.num * f4));
  return {
    status,
    p,
    exhausted: status !== 'created' && seg.exhaustAt !== null && p >= seg.exhaustAt,
    counters: { discovered, enriched, evaluated, num },
  };
}

/** When the j-th (0-based) result of this segment became visible. */
export function rowVisibleAt(seg: Segment, j: number): number {
  if (seg.delta.num <= 0) return seg.startAt;
  const p = NUM_LAG + (1 - NUM_LAG) * Math.min(1, (j + 1) / seg.delta.num);
  return timeAtProgress(seg, Math.min(p, seg.pEnd));
}

/** Final counter deltas for a run that should end with `num` qualified results. */
export function deltasFor(num: number, qualifyRate: number, exhausted: boolean): Counters {
  if (num <= 0 && !exhausted) return { ...ZERO_COUNTERS };
  const evaluated = num + Math.ceil((num * (1 - qualifyRate)) / qualifyRate) + 2;
  const enriched = exhausted ? evaluated : evaluated + Math.ceil(evaluated * 0.2) + 1;
  const discovered = enriched + Math.ceil(enriched * 1.4) + 3;
  return { discovered, enriched, evaluated, num };
}
