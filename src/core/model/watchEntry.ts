/** One watched task as the extension knows it: the last good snapshot plus the state of polling it. */
import type { ApiError } from '../api/errors';
import type { Task } from '../api/types';

/** Why a task is no longer polled by the timer. */
export type StopReason = 'complete' | 'not-found' | 'plan';

export interface WatchEntry {
  readonly id: string;
  /** When the user started watching it (ms since epoch). */
  readonly addedAt: number;
  /** The last valid answer from the API. */
  readonly task?: Task;
  /** When the last request for it finished, successfully or not. */
  readonly lastCheckedAt?: number;
  /** When the task last moved (status, exhaustion or a counter changed). */
  readonly lastChangeAt?: number;
  /** When the scheduler will ask again; undefined while not scheduled. */
  readonly nextCheckAt?: number;
  /** The last request's error; cleared by the next success. */
  readonly error?: ApiError;
  /** Consecutive failed requests. */
  readonly errorCount: number;
  readonly stopped?: StopReason;
  /** When the extension saw the task complete; undefined when it was already complete when first fetched. */
  readonly completedAt?: number;
  /** Completed, and the user has not opened its details since. */
  readonly unseen: boolean;
}

export function newEntry(id: string, now: number): WatchEntry {
  return { id, addedAt: now, errorCount: 0, unseen: false };
}
