/**
 * When is a Deep Search task finished? The one place that decides.
 *
 * The API docs say "complete when status=done or is_exhausted=true". Extruct's own CLI stopped using
 * `is_exhausted` as a stop signal (March 2026): a task can be exhausted (no more candidates to discover)
 * while candidates already found are still being enriched and evaluated, so the counters still change,
 * even after evaluation had caught up for a moment. So:
 *
 *   1. only `status` "done" or "failed" is final;
 *   2. `is_exhausted` while evaluation is behind: "no more candidates", still evaluating (phase `exhausted`);
 *   3. `is_exhausted` with evaluation caught up: "no more candidates", finishing (phase `finishing`), polled
 *      at a slower pace until the status says it ended: enrichment may still add candidates;
 *   4. everything else (created, in_progress, any unknown status) is not final.
 *
 * A task that has not moved for STALLED_AFTER_MS is marked stalled (store.ts) and checked every few
 * minutes (poll/policy.ts), never at the base rate forever.
 */
import * as l10n from '@vscode/l10n';
import { plain } from '../format/plain';
import type { KnownStatus, Task } from '../api/types';
import { KNOWN_STATUSES } from '../api/types';

export const STALLED_AFTER_MS = 30 * 60_000;

export function isComplete(task: Task): boolean {
  return task.status === 'done' || task.status === 'failed';
}

/** What the task itself says, before anything about our polling of it. */
export type Phase = KnownStatus | 'exhausted' | 'finishing' | 'unknown';

export function phaseOf(task: Task): Phase {
  if (task.status === 'done' || task.status === 'failed') return task.status;
  if (!isKnownStatus(task.status)) return 'unknown';
  if (task.is_exhausted) return task.num_results_evaluated >= task.num_results_enriched ? 'finishing' : 'exhausted';
  return task.status;
}

function isKnownStatus(status: string): status is KnownStatus {
  return (KNOWN_STATUSES as readonly string[]).includes(status);
}

/**
 * A status string for people: "in_progress" → "in progress", an unknown "queued_for_review" → "queued for
 * review". The API's word, so one inert, bounded line (format/plain.ts).
 */
export function statusText(status: string): string {
  return plain(status.replace(/_/g, ' '), 40) || l10n.t('no status');
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
