/** Orders of tasks: ours, decided here (the API promises none). */
import type { Task } from '../api/types';
import { finishedAt } from './finished';
import type { WatchEntry } from './watchEntry';

/** 0 running (still polled), 1 finished, 2 needs the user (not found, stopped by the plan). */
export type OrderGroup = 0 | 1 | 2;

export function groupOf(e: WatchEntry): OrderGroup {
  if (e.stopped === 'not-found' || e.stopped === 'plan') return 2;
  return e.stopped === 'complete' ? 1 : 0;
}

/**
 * The tree's order: running tasks first, the one expected to end soonest on top (those without an
 * estimate after them, newest first); then finished ones, the most recently finished first; then the
 * ones that need the user. `timeLeft` is the shown estimate (model/eta.ts).
 */
export function orderEntries(entries: readonly WatchEntry[], timeLeft: (id: string) => number | undefined): string[] {
  const key = (e: WatchEntry): [number, number, number] => {
    const g = groupOf(e);
    if (g === 0) {
      const left = timeLeft(e.id);
      return [g, left ?? Infinity, -e.addedAt];
    }
    if (g === 1) return [g, -finishedAt(e), -e.addedAt];
    return [g, -e.addedAt, 0];
  };
  const keyed = entries.map((e) => ({ id: e.id, k: key(e) }));
  keyed.sort((a, b) => a.k[0] - b.k[0] || cmp(a.k[1], b.k[1]) || cmp(a.k[2], b.k[2]) || (a.id < b.id ? -1 : 1));
  return keyed.map((x) => x.id);
}

const cmp = (a: number, b: number): number => (a === b ? 0 : a < b ? -1 : 1);

const createdMs = (t: Task): number => {
  const ms = t.created_at ? Date.parse(t.created_at) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
};

/** Newest first by `created_at` (the list endpoint's order is not documented); tasks without a date last. */
export function newestFirst(tasks: readonly Task[]): Task[] {
  return [...tasks].sort((a, b) => createdMs(b) - createdMs(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface ListPage {
  readonly offset: number;
  readonly limit: number;
}

/**
 * The newest `count` tasks of the account. The list endpoint documents neither its order nor its page
 * size: up to `maxTasks` are read (pages of 50, the offset advancing by what each page held, until an
 * empty page), and ordered here.
 */
export async function recentTasks<E>(
  listPage: (page: ListPage) => Promise<{ ok: true; value: Task[] } | { ok: false; error: E }>,
  count: number,
  maxTasks = 200,
): Promise<{ ok: true; value: Task[] } | { ok: false; error: E }> {
  const seen = new Map<string, Task>();
  for (let offset = 0; offset < maxTasks;) {
    const r = await listPage({ offset, limit: 50 });
    if (!r.ok) {
      if (seen.size === 0) return r;
      break; // what was read is still worth showing
    }
    if (r.value.length === 0) break;
    for (const t of r.value) if (!seen.has(t.id)) seen.set(t.id, t);
    offset += r.value.length;
  }
  return { ok: true, value: newestFirst([...seen.values()]).slice(0, count) };
}
