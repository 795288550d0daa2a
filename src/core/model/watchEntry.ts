/**
 * One watched task as every window shows it: the last good answer and what is visible about polling it.
 * Scheduling state (when to ask next, how many errors in a row, when it was last asked) belongs to the
 * scheduler of the window that polls (poll/scheduler.ts), not here: an entry changes only when something
 * a user can see changes.
 */
import type { ApiError } from '../api/errors';
import type { Task } from '../api/types';

/** How long a "done" right after a resume is taken for the previous run (see `resumedAt`). */
export const RESUME_GRACE_MS = 2 * 60_000;

/**
 * Where a task was started, when the extension knows: `here`, from VS Code (New Deep Search, a chat tool,
 * the MCP server through a window); `elsewhere`, found in the account (the CLI, a script, the dashboard).
 * Unknown for a task the user brought by its ID.
 */
export type TaskOrigin = 'here' | 'elsewhere';

/** The most tasks the watch list holds (whoever adds them): beyond that, the tree and the requests stop being useful. */
export const MAX_WATCHED = 1_000;

/** Why a task is no longer polled by the timer. */
export type StopReason = 'complete' | 'not-found' | 'plan';

export interface WatchEntry {
  readonly id: string;
  /** When the user started watching it (ms since epoch). */
  readonly addedAt: number;
  /** The last valid answer from the API. */
  readonly task?: Task;
  /** When the task last moved (status, exhaustion or a counter changed). */
  readonly lastChangeAt?: number;
  /** The last request's error; cleared by the next success. */
  readonly error?: ApiError;
  readonly stopped?: StopReason;
  /** When a window saw the task complete; undefined when it was already complete when first fetched. */
  readonly completedAt?: number;
  /** When the user last opened its details, in any window. */
  readonly openedAt?: number;
  /** Completed (as seen by a window) after the user last opened it: counted by the view's badge. */
  readonly unseen: boolean;
  /** No notifications for this task (it still shows everywhere). */
  readonly muted: boolean;
  /** Where it was started, when known (the shared list keeps it). */
  readonly origin?: TaskOrigin;
  /** Nothing moved for STALLED_AFTER_MS (model/completion.ts): checked every few minutes. */
  readonly stalled?: true;
  /**
   * When more results were asked for (resume). Until the API shows the new run (a status other than
   * "done") or RESUME_GRACE_MS pass, a "done" is the previous run's, not the end of this one.
   */
  readonly resumedAt?: number;
  /** `num_results` when it was resumed. */
  readonly resumedFrom?: number;
}

export function newEntry(id: string, now: number): WatchEntry {
  return { id, addedAt: now, unseen: false, muted: false };
}

/** Derives `unseen` after `completedAt` or `openedAt` changed. */
export function withUnseen<T extends WatchEntry>(e: T): T {
  const unseen = e.completedAt !== undefined && e.stopped === 'complete' && (e.openedAt ?? -1) < e.completedAt;
  return e.unseen === unseen ? e : { ...e, unseen };
}
