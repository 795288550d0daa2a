/**
 * The efficiency workload: 100 Deep Search tasks with seeded-random, realistic progress, scripted on the
 * fake Extruct API's model (test/fake-extruct). Everything follows from the seed and the start time.
 *
 * The account may also hold older tasks, all finished before START (`history`), so that the list endpoint
 * (`listPage`) is not just the watched tasks. They come from their own random stream: the watched tasks
 * are the same with or without them.
 */
import type { Task } from '../../src/core/api/types';
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
  /** The watched tasks. */
  readonly tasks: readonly WorkloadTask[];
  /** Every task of the account, watched or not (the older ones first), with its creation time. */
  readonly account: ReadonlyArray<{ readonly id: string; readonly createdAt: number }>;
}

export interface WorkloadOptions {
  readonly count?: number;
  readonly seed?: number;
  /** Tasks are created (and watched) uniformly over this window. */
  readonly staggerMs?: number;
  /** Older tasks in the account, created in the 3 days before START and finished by then (default 0). */
  readonly history?: number;
}

export function makeWorkload(options: WorkloadOptions = {}): Workload {
  const seed = options.seed ?? 20260302;
  const rand = prng(seed);
  const between = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const model = new FakeModel({ now: () => START });
  const account = addHistory(model, seed, options.history ?? 0);
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
        stalls.push({
          atFraction: between(0.05, kind === 'failed' ? 0.2 : 0.9),
          forMs: Math.round(Math.min(between(1, 6) * MIN, durationMs / 4)),
        });
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
    account.push({ id, createdAt });
  }
  return { seed, model, tasks, account };
}

/** Finished tasks from before START: 2 to 30 minutes long, created 1 hour to 3 days earlier, some failed or exhausted. */
function addHistory(model: FakeModel, seed: number, count: number): Array<{ id: string; createdAt: number }> {
  const rand = prng((seed ^ 0x5eed1157) >>> 0);
  const account: Array<{ id: string; createdAt: number }> = [];
  for (let i = 0; i < count; i++) {
    const createdAt = START - 60 * MIN - Math.round(rand() * 3 * 24 * 60 * MIN);
    const roll = rand();
    const id = model.addTask({
      id: uuidFrom(rand),
      query: `earlier task ${i}`,
      createdAt,
      durationMs: Math.round((2 + rand() * 28) * MIN),
      desiredNumResults: [25, 50, 100, 250][Math.floor(rand() * 4)] ?? 100,
      ...(roll < 0.12 ? { failAtFraction: 0.5 } : roll < 0.3 ? { exhaustAtFraction: 0.6 } : {}),
    });
    if (!(model.endsAt(id)! < START)) throw new Error(`history task ${id} has not ended by START`);
    account.push({ id, createdAt });
  }
  return account;
}

export type ListOrder = 'newest' | 'shuffled' | 'reshuffled';

export interface ListShape {
  /** newest first (what the API appears to do); one seeded shuffle for good; a new shuffle for every page. */
  readonly order: ListOrder;
  /** The most tasks a page holds, whatever `limit` asks. */
  readonly pageCap: number;
  /** Seed of the shuffles. */
  readonly seed?: number;
}

/**
 * `GET /v1/discovery_tasks?offset=&limit=` on this account at time `at`: the tasks created by then, in
 * the shape's order, at most min(limit, pageCap) of them from `offset`, each as the model shows it at `at`.
 */
export function listPage(w: Workload, shape: ListShape): (offset: number, limit: number, at: number) => Task[] {
  const order = listOrder(w, shape);
  return (offset, limit, at) =>
    order(at)
      .slice(offset, offset + Math.max(0, Math.min(limit, shape.pageCap)))
      .map((id) => w.model.snapshot(id, at)!);
}

/** The IDs of the tasks created by `at`, in the shape's order (a new shuffle at every call for 'reshuffled'). */
export function listOrder(w: Workload, shape: ListShape): (at: number) => string[] {
  const rand = prng(shape.seed ?? w.seed);
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
  const newest = w.account.map((t, i) => ({ ...t, i })).sort((a, b) => b.createdAt - a.createdAt || b.i - a.i);
  const fixedOrder = shape.order === 'shuffled' ? shuffle([...newest]) : newest;
  return (at) => {
    const order = shape.order === 'reshuffled' ? shuffle([...newest]) : fixedOrder;
    return order.filter((t) => t.createdAt <= at).map((t) => t.id);
  };
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
