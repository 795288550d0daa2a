/**
 * One scheduler for all watched tasks: a single setTimeout chain armed for the earliest due task, at
 * most `maxInFlight` requests at once, never two for the same task. Completed tasks are never requested
 * by the timer (a manual refresh still works). All time comes from an injected clock, all requests from
 * an injected function, and all results go to the store — so the loop runs the same on a fake clock.
 */
import type { ApiError, Result } from '../api/errors';
import type { Task } from '../api/types';
import type { WatchEntry } from '../model/watchEntry';
import type { TaskStore } from '../store/taskStore';
import type { Clock } from '../util/clock';
import type { Disposable } from '../util/emitter';
import { baseInterval, errorDelay, nextDelay } from './policy';

export interface SchedulerOptions {
  readonly store: TaskStore;
  readonly clock: Clock;
  readonly fetchTask: (id: string) => Promise<Result<Task>>;
  /** The base interval in ms; read at every decision, so a settings change applies at once. */
  readonly intervalMs: () => number;
  readonly random?: () => number;
  readonly maxInFlight?: number;
}

export class Scheduler implements Disposable {
  private readonly inFlight = new Set<string>();
  private readonly manual = new Set<string>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private timer: unknown;
  private timerAt = Infinity;
  /** No request before this time: the API asked us to slow down (429). */
  private holdUntil = 0;
  private focused = true;
  private disposed = false;
  private readonly subscriptions: Disposable[];

  constructor(private readonly o: SchedulerOptions) {
    this.subscriptions = [o.store.onDidChangeAuthPaused(() => this.rearm()), o.store.onDidChange((changes) => {
      let wake = false;
      for (const c of changes) {
        if (c.after && this.isPollable(c.after) && c.after.nextCheckAt === undefined && !this.inFlight.has(c.id)) {
          this.o.store.setNextCheck(c.id, this.o.clock.now());
          wake = true;
        }
      }
      if (wake) this.rearm();
    })];
  }

  /** Schedules every pollable task that has no next check yet (call once after restoring the store). */
  start(): void {
    const now = this.o.clock.now();
    for (const e of this.o.store.entries()) {
      if (this.isPollable(e) && (e.nextCheckAt === undefined || e.nextCheckAt < now)) this.o.store.setNextCheck(e.id, now);
    }
    this.rearm();
  }

  /** Fetches these tasks (all when omitted) now, complete ones included; resolves when all have answered. */
  refresh(ids?: readonly string[]): Promise<void> {
    const targets = ids ?? this.o.store.entries().map((e) => e.id);
    const done = targets
      .filter((id) => this.o.store.get(id))
      .map(
        (id) =>
          new Promise<void>((resolve) => {
            this.manual.add(id);
            this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]);
          }),
      );
    this.rearm();
    return Promise.all(done).then(() => undefined);
  }

  /** Slower while unfocused; one immediate catch-up for every running task when focus returns. */
  setFocused(focused: boolean): void {
    if (this.focused === focused) return;
    this.focused = focused;
    if (!focused) return;
    const now = this.o.clock.now();
    for (const e of this.o.store.entries()) {
      if (this.isPollable(e) && !e.error && (e.nextCheckAt ?? 0) > now) this.o.store.setNextCheck(e.id, now);
    }
    this.rearm();
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Re-plans after a settings change. */
  reschedule(): void {
    this.rearm();
  }

  dispose(): void {
    this.disposed = true;
    this.subscriptions.forEach((s) => s.dispose());
    this.clearTimer();
    for (const resolvers of this.waiters.values()) resolvers.forEach((r) => r());
    this.waiters.clear();
  }

  private isPollable(e: WatchEntry): boolean {
    return e.stopped === undefined && !this.o.store.authPaused;
  }

  private maxInFlight(): number {
    return Math.max(1, this.o.maxInFlight ?? 2);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Arms the single timer for the earliest moment something is due. */
  private rearm(): void {
    if (this.disposed) return;
    if (this.inFlight.size >= this.maxInFlight()) return this.clearTimer(); // re-armed when one finishes
    let due = Infinity;
    for (const id of this.manual) if (!this.inFlight.has(id)) due = this.o.clock.now();
    if (due === Infinity) {
      for (const e of this.o.store.entries()) {
        if (e.nextCheckAt !== undefined && e.nextCheckAt < due && this.isPollable(e) && !this.inFlight.has(e.id)) due = e.nextCheckAt;
      }
    }
    if (due === Infinity) return this.clearTimer();
    const at = Math.max(due, this.holdUntil);
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = this.o.clock.setTimeout(() => this.tick(), Math.max(0, at - this.o.clock.now()));
  }

  private tick(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.disposed) return;
    const now = this.o.clock.now();
    if (now >= this.holdUntil) {
      const free = this.maxInFlight() - this.inFlight.size;
      for (const id of this.pickDue(now, free)) void this.poll(id);
    }
    this.rearm();
  }

  private pickDue(now: number, free: number): string[] {
    if (free <= 0) return [];
    const picked = [...this.manual].filter((id) => !this.inFlight.has(id)).slice(0, free);
    if (picked.length < free) {
      const due = this.o.store
        .entries()
        .filter((e) => e.nextCheckAt !== undefined && e.nextCheckAt <= now && this.isPollable(e) && !this.inFlight.has(e.id) && !picked.includes(e.id))
        .sort((a, b) => a.nextCheckAt! - b.nextCheckAt!);
      for (const e of due.slice(0, free - picked.length)) picked.push(e.id);
    }
    return picked;
  }

  private async poll(id: string): Promise<void> {
    this.inFlight.add(id);
    this.manual.delete(id);
    this.o.store.setNextCheck(id, undefined);
    let result: Result<Task>;
    try {
      result = await this.o.fetchTask(id);
    } catch (e) {
      result = { ok: false, error: { kind: 'unexpected', message: e instanceof Error ? e.message : String(e) } };
    }
    this.inFlight.delete(id);
    if (this.disposed) return;
    const now = this.o.clock.now();
    if (result.ok) this.o.store.recordSuccess(id, result.value, now);
    else this.recordError(id, result.error, now);
    this.planNext(id, now);
    for (const resolve of this.waiters.get(id) ?? []) resolve();
    this.waiters.delete(id);
    this.rearm();
  }

  private recordError(id: string, error: ApiError, now: number): void {
    this.o.store.recordError(id, error, now);
    if (error.kind === 'auth') this.o.store.setAuthPaused(true);
    if (error.kind === 'rate-limited') {
      const entry = this.o.store.get(id);
      const wait = errorDelay(error, entry?.errorCount ?? 1, baseInterval(this.o.intervalMs()), this.random());
      this.holdUntil = Math.max(this.holdUntil, now + wait);
    }
  }

  private planNext(id: string, now: number): void {
    const entry = this.o.store.get(id);
    if (!entry || !this.isPollable(entry)) return;
    const delay = nextDelay({ entry, now, intervalMs: this.o.intervalMs(), focused: this.focused, random: this.random() });
    this.o.store.setNextCheck(id, Math.max(now + delay, this.holdUntil));
  }

  private random(): number {
    return (this.o.random ?? Math.random)();
  }
}
