/**
 * The sweep: one walk down `GET /v1/discovery_tasks` answers for many running tasks at once, where
 * per-task polling makes one request each. It is a source of snapshots, not a new truth:
 *
 *  - The list's order and page limits are undocumented, so neither is assumed. The walk starts at the
 *    top and goes on until every wanted task was seen, a page comes back empty (a short page is not
 *    taken for the last one: the server may cap `limit`), or SWEEP_MAX_PAGES pages were read. A task
 *    not seen is polled on its own, as before; an order or a cap that differ cost requests, never
 *    correctness.
 *  - A task the list shows ended (done or failed) is not recorded from the list: the scheduler confirms
 *    it with `GET /v1/discovery_tasks/{id}`, the documented polling endpoint, before anyone is told.
 *  - An answer older than the last one the scheduler has for a task is dropped (scheduler.ts).
 *
 * The scheduler sweeps while at least `sweepMinTasks` tasks are followed (below that, per-task polling
 * costs no more), every base interval (UNFOCUSED_FACTOR × base while no window is focused). A failed
 * sweep (5xx, timeout, a malformed answer, a refused token) hands every task back to per-task polling
 * and is tried again after an exponential pause; a 429 holds every request, as before. The figures
 * behind the constants are in bench/RESULTS.md ("One request for all running tasks").
 */
import type { ApiError, Result } from '../api/errors';
import type { Task } from '../api/types';
import type { Page } from '../api/client';

/** Tasks asked for per page. */
export const SWEEP_PAGE_SIZE = 100;
/** Pages read per sweep, at most: the tasks not seen in them are polled on their own. */
export const SWEEP_MAX_PAGES = 3;
/** The sweep runs while at least this many tasks are followed (the bench's pick: see bench/RESULTS.md). */
export const SWEEP_MIN_TASKS = 3;

export type ListTasks = (page: Page) => Promise<Result<Task[]>>;

export interface SweepOutcome {
  /** The wanted tasks seen, each in the last page that held it. */
  readonly found: ReadonlyMap<string, Task>;
  /** Requests made. */
  readonly pages: number;
  /** Why the walk stopped early, if a page failed (what was found before it still counts). */
  readonly error?: ApiError;
}

/** Walks the list from the top for the `wanted` task IDs. */
export async function sweepList(list: ListTasks, wanted: ReadonlySet<string>): Promise<SweepOutcome> {
  const found = new Map<string, Task>();
  let offset = 0;
  let pages = 0;
  while (pages < SWEEP_MAX_PAGES && found.size < wanted.size) {
    pages++;
    let r: Result<Task[]>;
    try {
      r = await list({ offset, limit: SWEEP_PAGE_SIZE });
    } catch (e) {
      r = { ok: false, error: { kind: 'unexpected', message: e instanceof Error ? e.message : String(e) } };
    }
    if (!r.ok) return { found, pages, error: r.error };
    if (r.value.length === 0) break;
    for (const task of r.value) if (wanted.has(task.id)) found.set(task.id, task);
    offset += r.value.length;
  }
  return { found, pages };
}
