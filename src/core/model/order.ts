/** Orders of tasks that the API does not promise: ours, decided here. */
import type { Task } from '../api/types';

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
  for (let offset = 0; offset < maxTasks; ) {
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
