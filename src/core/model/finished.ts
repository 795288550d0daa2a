/**
 * Finished tasks by age, for the tree's order and "Clear Finished Older Than…". A task's end is known only
 * when a window saw it happen (`completedAt`); for one that had already ended when it was first fetched, the
 * time of that answer (`lastChangeAt`) stands in, and the time it was watched before any answer.
 */
import type { WatchEntry } from './watchEntry';

/** When the task finished, as far as this extension saw (ms since epoch). */
export function finishedAt(e: WatchEntry): number {
  return e.completedAt ?? e.lastChangeAt ?? e.addedAt;
}

const DAY = 24 * 3_600_000;

/** The finished tasks (those that will not change any more) that ended more than `ageDays` days before `now`. */
export function finishedOlderThan(entries: readonly WatchEntry[], now: number, ageDays: number): string[] {
  const cutoff = now - ageDays * DAY;
  return entries.filter((e) => e.stopped !== undefined && finishedAt(e) < cutoff).map((e) => e.id);
}
