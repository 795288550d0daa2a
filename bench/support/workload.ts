/**
 * The efficiency workload: 100 Deep Search tasks with seeded-random, realistic progress, scripted on the
 * fake Extruct API's model (test/fake-extruct). Everything follows from the seed and the start time.
 */
import { isComplete } from '../../src/core/model/completion';
import { FakeModel } from '../../test/fake-extruct/model';
import { prng, uuidFrom } from '../../test/fake-extruct/rows';
import type { StallSpec, TaskProfile } from '../../test/fake-extruct/types';

export const START = Date.UTC(2026, 2, 2, 9, 0, 0);
const MIN = 60_000;

export type Kind = 'done' | 'failed' | 'exhausted';

export interface WorkloadTask {
  readonly id: string;
  readonly kind: Kind;
  readonly createdAt: number;
  readonly durationMs: number;
  readonly stalled: boolean;
  /** When the task first counts as complete by our rule (isComplete), to the millisecond. */
  readonly completeAt: number;
}

export interface Workload {
  readonly seed: number;
  readonly model: FakeModel;
  readonly tasks: readonly WorkloadTask[];
}

export interface WorkloadOptions {
  readonly count?: number;
  readonly seed?: number;
  /** Tasks are created (and watched) uniformly over this window. */
  readonly staggerMs?: number;
}

export function makeWorkload(options: WorkloadOptions = {}): Workload {
  const seed = options.seed ?? 20260302;
  const rand = prng(seed);
  const between = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const model = new FakeModel({ now: () => START });
  const tasks: WorkloadTask[] = [];
  for (let i = 0; i < (options.count ?? 100); i++) {
    const id = uuidFrom(rand);
    const createdAt = START + Math.round(between(0, options.staggerMs ?? 20 * MIN));
    const durationMs = Math.round(between(2 * MIN, 30 * MIN));
    const roll = rand();
    const kind: Kind = roll < 0.12 ? 'failed' : roll < 0.3 ? 'exhausted' : 'done';
    const stalls: StallSpec[] = [];
    if (rand() < 0.3) {
      // Stalls of 1 to 6 minutes, never more than half the run.
      for (let n = 1 + Math.floor(rand() * 2); n > 0; n--) {
        stalls.push({ atFraction: between(0.05, kind === 'failed' ? 0.2 : 0.9), forMs: Math.round(Math.min(between(1, 6) * MIN, durationMs / 4)) });
      }
    }
    const profile: TaskProfile = {
      id,
      query: `benchmark task ${i}`,
      createdAt,
      durationMs,
      createdPhaseMs: Math.round(between(2_000, 20_000)),
      desiredNumResults: [10, 25, 50, 100, 100, 150, 250][Math.floor(rand() * 7)] ?? 100,
      seed: Math.floor(rand() * 2 ** 31),
      stalls,
      ...(kind === 'failed' ? { failAtFraction: between(0.25, 0.9) } : {}),
      ...(kind === 'exhausted' ? { exhaustAtFraction: between(0.3, 0.8) } : {}),
    };
    model.addTask(profile);
    tasks.push({ id, kind, createdAt, durationMs, stalled: stalls.length > 0, completeAt: completionInstant(model, id, createdAt) });
  }
  return { seed, model, tasks };
}

/** The first instant at which the model's task is complete by our rule: a 1 s scan, then bisection to 1 ms. */
export function completionInstant(model: FakeModel, id: string, from: number): number {
  const done = (t: number): boolean => isComplete(model.snapshot(id, t)!);
  const end = model.endsAt(id)!;
  let lo = from;
  while (lo + 1_000 < end && !done(lo + 1_000)) lo += 1_000;
  let hi = Math.min(end, lo + 1_000);
  if (!done(hi)) throw new Error(`task ${id} never completes`);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (done(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
