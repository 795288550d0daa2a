/**
 * The single source of truth for watched tasks in this window. Only the store changes an entry; the
 * tree, the status bar, the notifier and the panels read it and listen to its events. Entries are
 * immutable values, so a listener can compare `before` and `after`, and an entry changes (and an
 * event fires) only when something a user can see changed: an identical answer changes nothing.
 *
 * Every change says where it came from: `local` (this window's own request or the user here) or
 * `shared` (another window's, read from the shared folder). What is shared with the other windows is
 * written from local changes only, and only local transitions are announced, so nothing echoes.
 */
import { type ApiError, isFatalForTask } from '../api/errors';
import type { Task } from '../api/types';
import { sameError, sameSharedState, sameTask, type SharedState, sharedStateOf, withoutSharedState } from '../model/sharedState';
import { canonicalTaskId } from '../input/taskRef';
import { hasProgressed, isComplete, STALLED_AFTER_MS } from '../model/completion';
import { RESUME_GRACE_MS, type StopReason, type TaskOrigin, type WatchEntry, newEntry, withUnseen } from '../model/watchEntry';
import { Emitter, type Event } from '../util/emitter';

export type ChangeOrigin = 'local' | 'shared';

export interface TaskChange {
  readonly id: string;
  /** Undefined when the task was just added. */
  readonly before: WatchEntry | undefined;
  /** Undefined when the task was just removed. */
  readonly after: WatchEntry | undefined;
  readonly origin: ChangeOrigin;
}

export class TaskStore {
  private readonly byId = new Map<string, WatchEntry>();
  /** Newest first (by `addedAt`). */
  private order: string[] = [];
  private paused = false;
  private readonly changed = new Emitter<readonly TaskChange[]>();
  private readonly pausedChanged = new Emitter<boolean>();

  /** Fires after every mutation with the entries it changed. */
  readonly onDidChange: Event<readonly TaskChange[]> = this.changed.event;
  /** Fires when polling is paused or resumed for want of a valid token. */
  readonly onDidChangeAuthPaused: Event<boolean> = this.pausedChanged.event;

  constructor(initial: readonly WatchEntry[] = []) {
    for (const e of initial) if (!this.byId.has(e.id)) this.byId.set(e.id, e);
    this.sortOrder();
  }

  entries(): WatchEntry[] {
    return this.order.flatMap((id) => this.byId.get(id) ?? []);
  }

  get(id: string): WatchEntry | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.order.length;
  }

  get authPaused(): boolean {
    return this.paused;
  }

  setAuthPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    this.pausedChanged.fire(paused);
  }

  /**
   * Adds the IDs not yet watched; reports which were already there and which are no task IDs at all
   * (those are never added: an ID ends up in request paths). IDs are kept in their canonical spelling
   * (input/taskRef.ts). `addedAt` may be given per ID (entries from the shared list).
   */
  add(
    ids: readonly string[],
    now: number,
    origin: ChangeOrigin = 'local',
    addedAt?: (id: string) => number | undefined,
  ): { added: string[]; existing: string[]; invalid: string[] } {
    const added: string[] = [];
    const existing: string[] = [];
    const invalid: string[] = [];
    const seen = new Set<string>();
    for (const raw of ids) {
      const id = canonicalTaskId(raw);
      if (id === undefined) invalid.push(raw);
      else (this.byId.has(id) || seen.has(id) ? existing : added).push(id);
      if (id !== undefined) seen.add(id);
    }
    if (added.length === 0) return { added, existing, invalid };
    // Several at once: the first given ends up on top.
    added.forEach((id, i) => this.byId.set(id, newEntry(id, addedAt?.(id) ?? now + added.length - 1 - i)));
    this.sortOrder();
    this.changed.fire(added.map((id) => ({ id, before: undefined, after: this.byId.get(id), origin })));
    return { added, existing, invalid };
  }

  remove(ids: readonly string[], origin: ChangeOrigin = 'local'): string[] {
    const changes: TaskChange[] = [];
    for (const id of new Set(ids)) {
      const before = this.byId.get(id);
      if (!before) continue;
      this.byId.delete(id);
      changes.push({ id, before, after: undefined, origin });
    }
    if (changes.length === 0) return [];
    const gone = new Set(changes.map((c) => c.id));
    this.order = this.order.filter((id) => !gone.has(id));
    this.changed.fire(changes);
    return [...gone];
  }

  /** The tasks that will not change any more: complete, not found, or stopped by the plan. */
  finishedIds(): string[] {
    return this.order.filter((id) => this.byId.get(id)?.stopped !== undefined);
  }

  /**
   * Records a valid answer. A complete task stops being polled; an incomplete one is polled again. Right
   * after a resume, a "done" below the new target is the previous run's (the API has not picked the new
   * one up yet): it is not final until the API shows the new run or RESUME_GRACE_MS pass.
   */
  recordSuccess(id: string, task: Task, now: number): TaskChange | undefined {
    return this.update(id, 'local', (before) => {
      const previousRun =
        before.resumedAt !== undefined &&
        task.status === 'done' &&
        now - before.resumedAt < RESUME_GRACE_MS &&
        task.num_results < (task.desired_num_results ?? Infinity);
      const complete = isComplete(task) && !previousRun;
      const wasComplete = before.stopped === 'complete';
      const progressed = hasProgressed(before.task, task);
      const lastChangeAt = progressed ? now : (before.lastChangeAt ?? now);
      const stalled = !complete && now - lastChangeAt >= STALLED_AFTER_MS;
      // Picked up (any other status), or over (final): no longer "resuming".
      const stillResuming = before.resumedAt !== undefined && previousRun;
      if (
        sameTask(before.task, task) &&
        !before.error &&
        (complete ? wasComplete : before.stopped === undefined) &&
        !!before.stalled === stalled &&
        stillResuming === (before.resumedAt !== undefined)
      ) {
        return before;
      }
      // Seen happen: the task was running before (or a resume since brought more results).
      const observed =
        complete &&
        !wasComplete &&
        before.task !== undefined &&
        (!isComplete(before.task) || (before.resumedAt !== undefined && task.num_results > (before.resumedFrom ?? 0)));
      // Known only when a window saw it happen; a task already complete when first fetched has none.
      const completedAt = complete ? (wasComplete ? before.completedAt : observed ? now : undefined) : undefined;
      return withUnseen({
        ...withoutSharedState(before),
        task,
        lastChangeAt,
        ...(complete ? { stopped: 'complete' as const } : {}),
        ...(completedAt !== undefined ? { completedAt } : {}),
        ...(stalled ? { stalled: true as const } : {}),
        ...(stillResuming
          ? { resumedAt: before.resumedAt, ...(before.resumedFrom !== undefined ? { resumedFrom: before.resumedFrom } : {}) }
          : {}),
      });
    });
  }

  /** The API accepted a resume (`task` is its answer): polled again from now, and a "done" is the old run's for a while. */
  resumed(id: string, task: Task, now: number): TaskChange | undefined {
    return this.update(id, 'local', (before) => {
      return withUnseen({
        ...withoutSharedState(before),
        task,
        lastChangeAt: now,
        resumedAt: now,
        resumedFrom: before.task?.num_results ?? task.num_results,
      });
    });
  }

  /** Records a failed request. Not-found and plan errors stop polling the task. */
  recordError(id: string, error: ApiError, _now: number): TaskChange | undefined {
    return this.update(id, 'local', (before) => {
      const stopped: StopReason | undefined =
        before.stopped !== 'complete' && isFatalForTask(error.kind) ? (error.kind === 'not-found' ? 'not-found' : 'plan') : before.stopped;
      if (sameError(before.error, error) && stopped === before.stopped) return before;
      return { ...before, error, ...(stopped ? { stopped } : {}) };
    });
  }

  /** Takes in what another window saw (newer than what this window has: the caller checks). */
  applyShared(id: string, s: SharedState): TaskChange | undefined {
    return this.update(id, 'shared', (before) => {
      const after = withUnseen({ ...withoutSharedState(before), ...sharedStateOf(s) });
      return sameSharedState(before, after) && before.unseen === after.unseen ? before : after;
    });
  }

  /** Where the task was started (here or in another window: `shared`). */
  setStartedFrom(id: string, startedFrom: TaskOrigin | undefined, origin: ChangeOrigin = 'local'): void {
    this.update(id, origin, (before) => {
      if (before.origin === startedFrom) return before;
      const { origin: _o, ...rest } = before;
      return startedFrom ? { ...rest, origin: startedFrom } : rest;
    });
  }

  setMuted(id: string, muted: boolean, origin: ChangeOrigin = 'local'): void {
    this.update(id, origin, (before) => (before.muted === muted ? before : { ...before, muted }));
  }

  /** The user opened the task (here, or in another window: `shared`); it no longer counts as unseen. */
  setOpened(id: string, at: number, origin: ChangeOrigin = 'local'): void {
    this.update(id, origin, (before) => ((before.openedAt ?? -1) >= at ? before : withUnseen({ ...before, openedAt: at })));
  }

  dispose(): void {
    this.changed.dispose();
    this.pausedChanged.dispose();
  }

  private sortOrder(): void {
    this.order = [...this.byId.values()].sort((a, b) => b.addedAt - a.addedAt || (a.id < b.id ? -1 : 1)).map((e) => e.id);
  }

  private update(id: string, origin: ChangeOrigin, fn: (before: WatchEntry) => WatchEntry): TaskChange | undefined {
    const before = this.byId.get(id);
    if (!before) return undefined;
    const after = fn(before);
    if (after === before) return undefined;
    this.byId.set(id, after);
    const change = { id, before, after, origin };
    this.changed.fire([change]);
    return change;
  }
}
