/**
 * A watched task's entry as the store holds it, built straight from the fake model at a given time (for
 * benchmarks that start from a full store without polling it there): a finished task counts as seen.
 */
import { isComplete } from '../../src/core/model/completion';
import type { WatchEntry } from '../../src/core/model/watchEntry';
import type { FakeModel } from '../../test/fake-extruct/model';

export function entryAt(model: FakeModel, id: string, now: number): WatchEntry {
  const task = model.snapshot(id, now)!;
  const complete = isComplete(task);
  return {
    id,
    addedAt: Date.parse(task.created_at),
    task,
    lastChangeAt: now - 5_000,
    unseen: false,
    muted: false,
    ...(complete ? { stopped: 'complete' as const, completedAt: model.endsAt(id)!, openedAt: model.endsAt(id)! } : {}),
  };
}
