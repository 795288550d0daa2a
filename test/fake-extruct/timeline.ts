// The time math of one run ("segment") of a fake task, in O(number of stalls) per query.
//
// A segment is, in time: an optional lag (after a resume in realistic mode the task keeps showing its old status
// and counters), a created phase, then its in-progress span, then its final status. During the span a progress p
// grows linearly from 0 to pEnd (1 for done, failAtFraction for failed) over its active time, standing still
// during stalls (placed by progress) and during an optional "unknown status" window (placed by time).
//
// Counters. Friendly curves: each counter is base + floor(delta × f(p)) where the stage curves satisfy
// f_discovered ≥ f_enriched ≥ f_evaluated ≥ f_num at every p, and the deltas satisfy the same order, so
// discovered ≥ enriched ≥ evaluated ≥ num_results always holds and every counter is monotonic in time.
// Stepped tail (realistic mode, exhausting runs): after exhaustion discovery is flat, enrichment rises in
// TAIL_STEPS steps and evaluation catches up with it between steps; every counter is a monotonic function of p
// and each is clamped by the one before it (a min of monotonic functions stays monotonic).
import type { RunSpec, StallSpec, TaskStatus, UnknownStatusSpec } from './types.js';

export interface Counters {
  discovered: number;
  enriched: number;
  evaluated: number;
  num: number;
}

export const ZERO_COUNTERS: Counters = { discovered: 0, enriched: 0, evaluated: 0, num: 0 };

/** A window of the in-progress span (ms from its start) during which an undocumented status is shown. */
export interface PauseWindow {
  fromMs: number;
  toMs: number;
  status: string;
}

export interface Segment {
  startAt: number;
  /** Time before the created phase during which the run has not started: `lagStatus` and the base counters show. */
  lagMs: number;
  lagStatus: TaskStatus;
  createdPhaseMs: number;
  /** Active time, without the lag, the created phase, stalls and the pause window. */
  runMs: number;
  stalls: StallSpec[];
  stallTotal: number;
  pause: PauseWindow | null;
  pEnd: number;
  final: 'done' | 'failed';
  /** Progress at which is_exhausted turns true, or null. */
  exhaustAt: number | null;
  /** Realistic exhaustion curves (see the file comment); only matters when exhaustAt is set. */
  steppedTail: boolean;
  desired: number;
  base: Counters;
  delta: Counters;
  discEnd: number;
  enrEnd: number;
}

/** Where in its timeline a segment is. */
export type Phase = 'lag' | 'created' | 'running' | 'final';

export interface SegmentState {
  /** One of the documented statuses (the lag shows lagStatus; the pause window counts as in_progress). */
  status: TaskStatus;
  /** What the task reports: the pause window's status inside it, else `status`. */
  shown: string;
  phase: Phase;
  p: number;
  exhausted: boolean;
  counters: Counters;
}

const EVAL_LAG = 0.1;
const NUM_LAG = 0.15;
/** Enrichment steps after exhaustion in the stepped tail: each is an "evaluation caught up, then more enriched" episode. */
export const TAIL_STEPS = 4;
/** Shares of the run's enriched / evaluated deltas reached at exhaustion in the stepped tail. */
const TAIL_ENRICHED_AT_EXHAUSTION = 0.5;
const TAIL_EVALUATED_AT_EXHAUSTION = 0.3;
/** Part of each tail interval that evaluation needs to catch up with enrichment; for the rest they are equal. */
const TAIL_CATCH_UP = 0.6;

const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);

export function resolveFinal(spec: RunSpec): { final: 'done' | 'failed'; pEnd: number } {
  const final = spec.finalStatus ?? (spec.failAtFraction !== undefined ? 'failed' : 'done');
  // A failure point is kept away from 0: progress is divided by it, and a denormal would turn counters into NaN.
  return { final, pEnd: final === 'failed' ? Math.max(0.001, clamp01(spec.failAtFraction ?? 0.5)) : 1 };
}

function pauseWindow(spec: UnknownStatusSpec | undefined, spanMs: number): PauseWindow | null {
  if (!spec) return null;
  const fromMs = clamp01(spec.fromFraction) * spanMs;
  const toMs = clamp01(spec.toFraction) * spanMs;
  // `!(a > b)` also rejects NaN fractions.
  return toMs > fromMs ? { fromMs, toMs, status: spec.status } : null;
}

const pauseMs = (seg: Segment): number => (seg.pause ? seg.pause.toMs - seg.pause.fromMs : 0);

export function makeSegment(args: {
  startAt: number;
  createdPhaseMs: number;
  spec: RunSpec;
  defaultDurationMs: number;
  desired: number;
  base: Counters;
  delta: Counters;
  lagMs?: number;
  lagStatus?: TaskStatus;
  steppedTail?: boolean;
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
  const pause = pauseWindow(args.spec.unknownStatus, duration - createdPhaseMs);
  const runMs = Math.max(1, duration - createdPhaseMs - stallTotal - (pause ? pause.toMs - pause.fromMs : 0));
  return {
    startAt: args.startAt,
    lagMs: Math.max(0, args.lagMs ?? 0),
    lagStatus: args.lagStatus ?? 'done',
    createdPhaseMs,
    runMs,
    stalls,
    stallTotal,
    pause,
    pEnd,
    final,
    exhaustAt,
    steppedTail: args.steppedTail ?? false,
    desired: args.desired,
    base: args.base,
    delta: args.delta,
    discEnd: exhaustAt ?? 0.7,
    enrEnd: exhaustAt ?? 0.9,
  };
}

/** When the segment's in-progress span starts (after its lag and created phase). */
const spanStart = (seg: Segment): number => seg.startAt + seg.lagMs + seg.createdPhaseMs;

/** When the segment reaches its final status. */
export const segmentEnd = (seg: Segment): number =>
  seg.startAt + seg.lagMs + seg.createdPhaseMs + seg.runMs + seg.stallTotal + pauseMs(seg);

/** Progress after `rem` ms of the span with the pause window taken out (stalls still in). */
function activeProgress(seg: Segment, rem: number): number {
  const v = seg.pEnd / seg.runMs;
  let p = 0;
  for (const s of seg.stalls) {
    const need = (s.atFraction - p) / v;
    if (rem < need) return p + rem * v;
    rem -= need;
    p = s.atFraction;
    if (rem < s.forMs) return p;
    rem -= s.forMs;
  }
  return Math.min(seg.pEnd, p + rem * v);
}

export function progressAt(seg: Segment, t: number): { p: number; status: TaskStatus; phase: Phase; paused: boolean } {
  let e = t - seg.startAt;
  // Before its start a run counts as created (only the first run is ever asked about such times).
  if (e >= 0 && e < seg.lagMs) return { p: 0, status: seg.lagStatus, phase: 'lag', paused: false };
  e -= seg.lagMs;
  if (e < seg.createdPhaseMs) return { p: 0, status: 'created', phase: 'created', paused: false };
  const rem = e - seg.createdPhaseMs;
  if (rem >= seg.runMs + seg.stallTotal + pauseMs(seg)) return { p: seg.pEnd, status: seg.final, phase: 'final', paused: false };
  const w = seg.pause;
  // Time spent inside the pause window does not move progress.
  const pausedSoFar = w ? Math.min(Math.max(rem - w.fromMs, 0), w.toMs - w.fromMs) : 0;
  const paused = w !== null && rem >= w.fromMs && rem < w.toMs;
  return { p: activeProgress(seg, rem - pausedSoFar), status: 'in_progress', phase: 'running', paused };
}

/** The first time at which progress reaches `target` (≤ pEnd). */
export function timeAtProgress(seg: Segment, target: number): number {
  const v = seg.pEnd / seg.runMs;
  const t0 = spanStart(seg);
  let t = t0;
  let p = 0;
  for (const s of seg.stalls) {
    if (target <= s.atFraction) break;
    t += (s.atFraction - p) / v + s.forMs;
    p = s.atFraction;
  }
  if (v <= 0) return segmentEnd(seg);
  t += (target - p) / v;
  if (seg.pause && t - t0 > seg.pause.fromMs) t += pauseMs(seg);
  return Math.min(segmentEnd(seg), t);
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

function smoothCounters(seg: Segment, p: number): Counters {
  const [f1, f2, f3, f4] = stageFractions(seg, p);
  const { base, delta } = seg;
  const discovered = base.discovered + Math.floor(delta.discovered * f1);
  const enriched = Math.min(discovered, base.enriched + Math.floor(delta.enriched * f2));
  const evaluated = Math.min(enriched, base.evaluated + Math.floor(delta.evaluated * f3));
  const num = Math.min(evaluated, base.num + Math.floor(delta.num * f4));
  return { discovered, enriched, evaluated, num };
}

/**
 * Realistic exhaustion at progress e: before e, enrichment reaches half its delta and evaluation 30 %; after e,
 * discovery is flat and the tail [e, 1] is cut into TAIL_STEPS + 1 equal intervals. Enrichment jumps one step at
 * the start of each interval but the first (the last jump reaches its full delta), and evaluation climbs linearly
 * from where it was to the current enrichment over the first TAIL_CATCH_UP of each interval, then equals it.
 * So evaluated == enriched near the end of every interval, and falls behind again at the next step.
 */
function steppedCounters(seg: Segment, e: number, p: number): Counters {
  const { base, delta } = seg;
  const discovered = base.discovered + Math.floor(delta.discovered * clamp01(p / e));
  const enrichedAt = (share: number): number => Math.min(discovered, base.enriched + Math.floor(delta.enriched * share));
  const evaluatedBefore = (f: number): number => base.evaluated + Math.floor(delta.evaluated * TAIL_EVALUATED_AT_EXHAUSTION * f);
  let enriched: number;
  let evaluated: number;
  if (p < e) {
    enriched = enrichedAt(TAIL_ENRICHED_AT_EXHAUSTION * clamp01((p - 0.05 * e) / (0.95 * e)));
    evaluated = Math.min(enriched, evaluatedBefore(clamp01((p - 0.1 * e) / (0.9 * e))));
  } else {
    const level = (step: number): number => TAIL_ENRICHED_AT_EXHAUSTION + ((1 - TAIL_ENRICHED_AT_EXHAUSTION) * step) / TAIL_STEPS;
    const x = (e >= 1 ? 1 : clamp01((p - e) / (1 - e))) * (TAIL_STEPS + 1);
    const step = Math.min(TAIL_STEPS, Math.floor(x));
    enriched = enrichedAt(level(step));
    const from = step === 0 ? Math.min(enriched, evaluatedBefore(1)) : enrichedAt(level(step - 1));
    evaluated = Math.min(enriched, from + Math.floor((enriched - from) * Math.min(1, (x - step) / TAIL_CATCH_UP)));
  }
  const num = Math.min(evaluated, base.num + Math.floor(delta.num * clamp01((p - NUM_LAG) / (1 - NUM_LAG))));
  return { discovered, enriched, evaluated, num };
}

export function stateAt(seg: Segment, t: number): SegmentState {
  const { p, status, phase, paused } = progressAt(seg, t);
  const counters = seg.steppedTail && seg.exhaustAt !== null ? steppedCounters(seg, seg.exhaustAt, p) : smoothCounters(seg, p);
  return {
    status,
    shown: paused && seg.pause ? seg.pause.status : status,
    phase,
    p,
    exhausted: status !== 'created' && seg.exhaustAt !== null && p >= seg.exhaustAt,
    counters,
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
