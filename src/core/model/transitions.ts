/** Which store changes deserve telling the user about. */
import type { TaskChange } from '../store/taskStore';

/** `exhausted`: done, having run out of candidates (often short of the results wanted). */
export type Completion = 'done' | 'failed' | 'exhausted';

/**
 * The completion this change shows the user for the first time, if any. Only a transition that the
 * extension observed counts: a task that was already complete when first fetched, or when the window
 * reloaded, is not announced again.
 */
export function completionOf(change: TaskChange): Completion | undefined {
  const { before, after } = change;
  if (!before || !after?.task || after.stopped !== 'complete' || before.stopped === 'complete') return undefined;
  if (!after.unseen || before.unseen) return undefined;
  if (after.task.status === 'failed') return 'failed';
  return after.task.is_exhausted ? 'exhausted' : 'done';
}
