/**
 * What the account follower (follower.ts) needs from the state every window shares. Kept apart so that
 * the shared state can implement it: the mark must be one for all windows and survive a restart, or a
 * second window (or the next start) would announce the same tasks again.
 */

/** The "extruct.newTasks" setting: what to do with a Deep Search started elsewhere. */
export type NewTasksMode = 'ask' | 'watch' | 'off';

/**
 * The high-water mark: the `created_at` (ms since epoch, the server's clock) of the newest task already
 * accounted for in the account, announced, watched or there before following began. A task is new when
 * it was created after it.
 */
export interface AccountMark {
  /** Undefined until the first look at the account. */
  readonly value: number | undefined;
  /** Raises the mark to `createdAtMs`; a lower value changes nothing (two windows may race: the higher wins). */
  advance(createdAtMs: number): void;
}

/** The shared watch list's memory of a task. */
export interface WatchHistory {
  /**
   * Whether the task is watched, or was and the user stopped watching it (the list keeps a tombstone):
   * either way it is never announced or watched on its own.
   */
  known(id: string): boolean;
}
