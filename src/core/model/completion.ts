/**
 * When is a Deep Search task finished? The one place that decides.
 *
 * The API docs say "complete when status=done or is_exhausted=true". Extruct's own CLI stopped using
 * `is_exhausted` as a stop signal (March 2026) because a task can be exhausted — no more candidates to
 * discover — while evaluation is still scoring the enriched ones, so the counters still change.
 *
 * The rule used here:
 *   1. `status` "done" or "failed" is final;
 *   2. `is_exhausted` with evaluation caught up (`num_results_evaluated >= num_results_enriched`) is final
 *      too: nothing is left to discover or to score, so the result set cannot change any more;
 *   3. `is_exhausted` while evaluation is behind is not final: the task shows as "exhausted" and is polled.
 *   Everything else (created, in_progress, any unknown status) is not final.
 */
import type { KnownStatus, Task } from '../api/types';
import { KNOWN_STATUSES } from '../api/types';

export function isComplete(task: Task): boolean {
  if (task.status === 'done' || task.status === 'failed') return true;
  return task.is_exhausted && task.num_results_evaluated >= task.num_results_enriched;
}

/** What the task itself says, before anything about our polling of it. */
export type Phase = KnownStatus | 'exhausted' | 'unknown';

export function phaseOf(task: Task): Phase {
  if (task.status === 'done' || task.status === 'failed') return task.status;
  if (!(KNOWN_STATUSES as readonly string[]).includes(task.status)) return 'unknown';
  if (task.is_exhausted) return 'exhausted';
  return task.status as KnownStatus;
}

/** True when any counter, the status or exhaustion differ: "the task moved". */
export function hasProgressed(before: Task | undefined, after: Task): boolean {
  if (!before) return true;
  return (
    before.status !== after.status ||
    before.is_exhausted !== after.is_exhausted ||
    before.num_results !== after.num_results ||
    before.num_results_evaluated !== after.num_results_evaluated ||
    before.num_results_enriched !== after.num_results_enriched ||
    before.num_results_discovered !== after.num_results_discovered
  );
}
