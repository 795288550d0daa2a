/**
 * The single source of truth for watched tasks. Only the store changes an entry; the tree, the status
 * bar, the notifier and the panels read it and listen to its events. Entries are immutable values, so
 * a listener can compare `before` and `after`.
 */
import { type ApiError, isFatalForTask } from '../api/errors';
import type { Task } from '../api/types';
import { isTaskId } from '../input/taskRef';
import { hasProgressed, isComplete } from '../model/completion';
import { type WatchEntry, newEntry } from '../model/watchEntry';
import { Emitter, type Event } from '../util/emitter';

export interface TaskChange {
  readonly id: string;
  /** Undefined when the task was just added. */
  readonly before: WatchEntry | undefined;
  /** Undefined when the task was just removed. */
  readonly after: WatchEntry | undefined;
}

/**
 * True when a change only moved the task's next check time: nothing a list, a count or a saved file
 * shows. The scheduler makes two such changes per request, so listeners that only show state skip them.
 */
export function isScheduleOnly(change: TaskChange): boolean {
  const { before: a, after: b } = change;
  if (!a || !b) return false;
  return (
    a.task === b.task &&
    a.error === b.error &&
    a.errorCount === b.errorCount &&
    a.stopped === b.stopped &&
    a.unseen === b.unseen &&
    a.lastCheckedAt === b.lastCheckedAt &&
    a.lastChangeAt === b.lastChangeAt &&
    a.completedAt === b.completedAt
  );
}

export class TaskStore {
  /** Newest first. */
  private readonly byId = new Map<string, WatchEntry>();
  private order: string[] = [];
  private paused = false;
  private readonly changed = new Emitter<readonly TaskChange[]>();
  private readonly pausedChanged = new Emitter<boolean>();

  /** Fires after every mutation with the entries it changed. */
  readonly onDidChange: Event<readonly TaskChange[]> = this.changed.event;
  /** Fires when polling is paused or resumed for want of a valid token. */
  readonly onDidChangeAuthPaused: Event<boolean> = this.pausedChanged.event;

  constructor(initial: readonly WatchEntry[] = []) {
    for (const e of initial) {
      if (this.byId.has(e.id)) continue;
      this.byId.set(e.id, e);
      this.order.push(e.id);
    }
  }

  entries(): WatchEntry[] {
    return this.order.map((id) => this.byId.get(id)!);
  }

  get(id: string): WatchEntry | undefined {
    return this.byId.get(id);
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
    this.changed.fire(this.order.map((id) => ({ id, before: this.byId.get(id), after: this.byId.get(id) })));
  }

  /** Adds the IDs not yet watched, newest first; reports which were already there. */
  add(ids: readonly string[], now: number): { added: string[]; existing: string[] } {
    const added: string[] = [];
    const existing: string[] = [];
    // Task IDs are UUIDs, kept in lower case (as parseTaskRefs and the watch list codec do), so that
    // the same task is never watched twice and an entry keeps its ID across a restart.
    for (const raw of ids) {
      const id = isTaskId(raw) ? raw.toLowerCase() : raw;
      (this.byId.has(id) || added.includes(id) ? existing : added).push(id);
    }
    if (added.length === 0) return { added, existing };
    for (const id of added) this.byId.set(id, newEntry(id, now));
    this.order = [...[...added].reverse(), ...this.order];
    this.changed.fire(added.map((id) => ({ id, before: undefined, after: this.byId.get(id) })));
    return { added, existing };
  }

  remove(ids: readonly string[]): string[] {
    const changes: TaskChange[] = [];
    for (const id of ids) {
      const before = this.byId.get(id);
      if (!before) continue;
      this.byId.delete(id);
      changes.push({ id, before, after: undefined });
    }
    if (changes.length === 0) return [];
    const gone = new Set(changes.map((c) => c.id));
    this.order = this.order.filter((id) => !gone.has(id));
    this.changed.fire(changes);
    return [...gone];
  }

  /** Removes every task that will not change any more: complete, not found, or stopped by the plan. */
  clearFinished(): string[] {
    return this.remove(this.order.filter((id) => this.byId.get(id)!.stopped !== undefined));
  }

  /** Records a valid answer. A complete task stops being polled; an incomplete one is polled again. */
  recordSuccess(id: string, task: Task, now: number): TaskChange | undefined {
    return this.update(id, (before) => {
      const complete = isComplete(task);
      const wasComplete = before.stopped === 'complete';
      const observedTransition = complete && !wasComplete && before.task !== undefined && !isComplete(before.task);
      const { error: _dropped, stopped: _old, completedAt: _c, ...rest } = before;
      return {
        ...rest,
        task,
        lastCheckedAt: now,
        lastChangeAt: hasProgressed(before.task, task) ? now : (before.lastChangeAt ?? now),
        errorCount: 0,
        ...(complete ? { stopped: 'complete' as const } : {}),
        // Known only when the extension saw it happen; a task already complete when first fetched has none.
        ...(complete && (observedTransition || (wasComplete && before.completedAt !== undefined))
          ? { completedAt: wasComplete ? before.completedAt : now }
          : {}),
        unseen: complete ? before.unseen || observedTransition : false,
      };
    });
  }

  /** Records a failed request. Not-found and plan errors stop polling the task. */
  recordError(id: string, error: ApiError, now: number): TaskChange | undefined {
    return this.update(id, (before) => ({
      ...before,
      error,
      lastCheckedAt: now,
      errorCount: before.errorCount + 1,
      ...(before.stopped !== 'complete' && isFatalForTask(error.kind)
        ? { stopped: error.kind === 'not-found' ? ('not-found' as const) : ('plan' as const) }
        : {}),
    }));
  }

  setNextCheck(id: string, at: number | undefined): void {
    this.update(id, (before) => (before.nextCheckAt === at ? before : { ...before, nextCheckAt: at }));
  }

  /** The user opened the task: it no longer counts as an unseen completion. */
  markSeen(id: string): void {
    this.update(id, (before) => (before.unseen ? { ...before, unseen: false } : before));
  }

  /** Polling starts again from scratch (after a resume, or a retry of a stopped task). */
  restart(id: string, now: number): void {
    this.update(id, (before) => {
      const { stopped: _s, completedAt: _c, error: _e, ...rest } = before;
      return { ...rest, errorCount: 0, unseen: false, lastChangeAt: now };
    });
  }

  dispose(): void {
    this.changed.dispose();
    this.pausedChanged.dispose();
  }

  private update(id: string, fn: (before: WatchEntry) => WatchEntry): TaskChange | undefined {
    const before = this.byId.get(id);
    if (!before) return undefined;
    const after = fn(before);
    if (after === before) return undefined;
    this.byId.set(id, after);
    const change = { id, before, after };
    this.changed.fire([change]);
    return change;
  }
}
