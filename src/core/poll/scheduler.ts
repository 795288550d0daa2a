/**
 * One scheduler for all watched tasks: a single setTimeout chain armed for the earliest due task, at
 * most `maxInFlight` requests at once, never two for the same task. Completed tasks are never requested
 * by the timer (a manual refresh still works). All time comes from an injected clock, all requests from
 * an injected function, and all results go to the store, so the loop runs the same on a fake clock.
 *
 * The scheduler owns its timing state (when each task is due, how many errors in a row, when it was
 * last asked): none of it is in the store, which changes only when something a user can see changes.
 *
 * With several VS Code windows open, only one window's scheduler is `active` (polls on its own); the
 * others only make the requests their user asks for (Refresh). See shared/coordinator.ts.
 *
 * Due times and holds are on the monotonic clock, like the timers themselves. When the wall clock moves
 * ahead of it (the machine slept, or the clock was set forward), every due time and hold is brought
 * forward by as much, so that nothing waits for time that has already passed; the timer never sleeps
 * longer than MAX_SLEEP_MS, so this is noticed within a minute of waking.
 */
import { type ApiError, MAX_RETRY_AFTER_MS, type Result } from '../api/errors';
import type { Task } from '../api/types';
import type { WatchEntry } from '../model/watchEntry';
import type { TaskChange, TaskStore } from '../store/taskStore';
import type { Clock } from '../util/clock';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { baseInterval, errorDelay, nextDelay } from './policy';

export interface SchedulerOptions {
  readonly store: TaskStore;
  readonly clock: Clock;
  readonly fetchTask: (id: string) => Promise<Result<Task>>;
  /** The base interval in ms; read at every decision, so a settings change applies at once. */
  readonly intervalMs: () => number;
  readonly random?: () => number;
  readonly maxInFlight?: number;
  /** Told of every 401/403 answer; whoever owns the token pause decides what it means. */
  readonly onAuthError?: (id: string, error: ApiError) => void;
}

/** What a user may see about the polling of one task. */
export interface PollInfo {
  /** When this window last had an answer (or an error) for it, ms since epoch. */
  readonly lastCheckedAt?: number;
  /** When this window will ask next, ms since epoch; undefined when it will not on its own. */
  readonly nextCheckAt?: number;
  /** Requests for it that failed in a row (its error backoff). */
  readonly errorCount: number;
}

interface Plan {
  /** Monotonic ms; undefined while not scheduled. */
  dueAt?: number;
  errorCount: number;
  /** Wall clock, for display. */
  lastCheckedAt?: number;
  /** Monotonic ms of the last answer, to plan from. */
  answeredAt?: number;
}

/** The timer wakes at least this often while anything is planned (to notice sleep and clock jumps). */
export const MAX_SLEEP_MS = 60_000;
/** A wall clock ahead of the monotonic one by more than this since the last look means sleep or a jump. */
const JUMP_THRESHOLD_MS = 5_000;

export class Scheduler implements Disposable {
  private readonly plans = new Map<string, Plan>();
  private readonly inFlight = new Set<string>();
  private readonly manual = new Set<string>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private readonly answered = new Emitter<string>();
  private timer: unknown;
  private timerAt = Infinity;
  /** No request before this (monotonic) time: the API asked us to slow down (429). */
  private holdUntil = 0;
  private wallOffset: number;
  private active = false;
  private focused = true;
  private disposed = false;
  private readonly subscriptions: Disposable[];

  /** Fires after each answer (or error) this window received, with the task ID. */
  readonly onDidAnswer: Event<string> = this.answered.event;

  constructor(private readonly o: SchedulerOptions) {
    this.wallOffset = o.clock.now() - o.clock.monotonic();
    this.subscriptions = [
      o.store.onDidChangeAuthPaused((paused) => {
        if (!paused) this.planUnplanned();
        this.rearm();
      }),
      o.store.onDidChange((changes) => this.onStoreChange(changes)),
    ];
  }

  /** Polls on its own from now on (a single window, or the window chosen to poll). */
  start(): void {
    this.setActive(true);
  }

  get isActive(): boolean {
    return this.active;
  }

  /**
   * Starts or stops polling on its own. When it starts, each task is first asked about one base
   * interval after it was last checked (by any window: `lastCheckedAt`), or at once if that is unknown.
   */
  setActive(active: boolean, lastCheckedAt?: (id: string) => number | undefined): void {
    if (this.disposed || this.active === active) return;
    this.active = active;
    const mono = this.o.clock.monotonic();
    if (active) {
      const base = this.base();
      const wall = this.o.clock.now();
      for (const e of this.o.store.entries()) {
        if (!this.isPollable(e) || this.inFlight.has(e.id)) continue;
        const last = lastCheckedAt?.(e.id);
        const wait = last === undefined ? 0 : Math.min(base, Math.max(0, last + base - wall));
        this.plan(e.id).dueAt = mono + wait;
      }
    } else {
      for (const p of this.plans.values()) delete p.dueAt;
    }
    this.rearm();
  }

  /**
   * Fetches these tasks (all when omitted) now, complete ones included; resolves when all have answered.
   * While the API holds requests back (429), nothing is asked and it resolves at once: see `heldUntil`.
   */
  refresh(ids?: readonly string[]): Promise<void> {
    this.catchUpWithWallClock();
    if (this.holdUntil > this.o.clock.monotonic()) return Promise.resolve();
    const targets = ids ?? this.o.store.entries().map((e) => e.id);
    const done = targets
      .filter((id) => this.o.store.has(id))
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

  /** Slower while no window is focused; one immediate catch-up for every running task when one is again. */
  setFocused(focused: boolean): void {
    if (this.focused === focused) return;
    this.focused = focused;
    if (!focused || !this.active) return;
    const now = this.o.clock.monotonic();
    for (const e of this.o.store.entries()) {
      const p = this.plans.get(e.id);
      if (p?.dueAt !== undefined && p.dueAt > now && this.isPollable(e) && !e.error) p.dueAt = now;
    }
    this.rearm();
  }

  /** Re-plans after a settings change: no pending check waits longer than the new interval asks. */
  reschedule(): void {
    const now = this.o.clock.monotonic();
    for (const [id, p] of this.plans) {
      const entry = this.o.store.get(id);
      if (p.dueAt === undefined || !entry) continue;
      const from = p.answeredAt ?? now;
      p.dueAt = Math.max(now, this.holdUntil, Math.min(p.dueAt, from + this.delayFor(entry, p)));
    }
    this.rearm();
  }

  pollInfo(id: string): PollInfo {
    const p = this.plans.get(id);
    if (!p) return { errorCount: 0 };
    const mono = this.o.clock.monotonic();
    const due = p.dueAt === undefined ? undefined : Math.max(p.dueAt, this.holdUntil);
    return {
      errorCount: p.errorCount,
      ...(p.lastCheckedAt !== undefined ? { lastCheckedAt: p.lastCheckedAt } : {}),
      ...(due !== undefined && this.active ? { nextCheckAt: this.o.clock.now() + Math.max(0, due - mono) } : {}),
    };
  }

  /** Until when (ms since epoch) the API asked for no requests at all; undefined when it did not. */
  get heldUntil(): number | undefined {
    const mono = this.o.clock.monotonic();
    return this.holdUntil > mono ? this.o.clock.now() + (this.holdUntil - mono) : undefined;
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  dispose(): void {
    this.disposed = true;
    this.subscriptions.forEach((s) => s.dispose());
    this.answered.dispose();
    this.clearTimer();
    for (const resolvers of this.waiters.values()) resolvers.forEach((r) => r());
    this.waiters.clear();
  }

  private onStoreChange(changes: readonly TaskChange[]): void {
    let wake = false;
    const now = this.o.clock.monotonic();
    for (const c of changes) {
      if (!c.after) {
        this.plans.delete(c.id);
        continue;
      }
      if (this.inFlight.has(c.id)) continue; // planned when its answer is recorded
      const p = this.plans.get(c.id);
      if (!this.isPollable(c.after)) {
        if (p) delete p.dueAt;
      } else if (this.active && p?.dueAt === undefined) {
        // Added, or polled again after a stop (resume, retry).
        this.plan(c.id).dueAt = now;
        wake = true;
      }
    }
    if (wake) this.rearm();
  }

  /** Every pollable task without a plan is due now (after a pause ends). */
  private planUnplanned(): void {
    if (!this.active) return;
    const now = this.o.clock.monotonic();
    for (const e of this.o.store.entries()) {
      if (this.isPollable(e) && !this.inFlight.has(e.id) && this.plan(e.id).dueAt === undefined) this.plan(e.id).dueAt = now;
    }
  }

  private plan(id: string): Plan {
    let p = this.plans.get(id);
    if (!p) {
      p = { errorCount: 0 };
      this.plans.set(id, p);
    }
    return p;
  }

  private isPollable(e: WatchEntry): boolean {
    return e.stopped === undefined && !this.o.store.authPaused;
  }

  private base(): number {
    return baseInterval(this.o.intervalMs());
  }

  private maxInFlight(): number {
    return Math.max(1, this.o.maxInFlight ?? 2);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Brings every due time and hold forward by the time the wall clock gained on the monotonic one. */
  private catchUpWithWallClock(): void {
    const offset = this.o.clock.now() - this.o.clock.monotonic();
    const gained = offset - this.wallOffset;
    this.wallOffset = offset;
    if (gained <= JUMP_THRESHOLD_MS) return;
    const now = this.o.clock.monotonic();
    for (const p of this.plans.values()) if (p.dueAt !== undefined) p.dueAt = Math.max(now, p.dueAt - gained);
    if (this.holdUntil > now) this.holdUntil = Math.max(now, this.holdUntil - gained);
  }

  /** Arms the single timer for the earliest moment something is due. */
  private rearm(): void {
    if (this.disposed) return;
    this.catchUpWithWallClock();
    if (this.inFlight.size >= this.maxInFlight()) return this.clearTimer(); // re-armed when one finishes
    const now = this.o.clock.monotonic();
    let due = Infinity;
    for (const id of this.manual) if (!this.inFlight.has(id)) due = now;
    if (due === Infinity && this.active) {
      for (const [id, p] of this.plans) {
        if (p.dueAt === undefined || p.dueAt >= due || this.inFlight.has(id)) continue;
        const e = this.o.store.get(id);
        if (e && this.isPollable(e)) due = p.dueAt;
      }
    }
    if (due === Infinity) return this.clearTimer();
    const at = Math.min(Math.max(due, this.holdUntil), now + MAX_SLEEP_MS);
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = this.o.clock.setTimeout(() => this.tick(), Math.max(0, at - now));
  }

  private tick(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.disposed) return;
    this.catchUpWithWallClock();
    const now = this.o.clock.monotonic();
    if (now >= this.holdUntil) {
      const free = this.maxInFlight() - this.inFlight.size;
      for (const id of this.pickDue(now, free)) void this.poll(id);
    }
    this.rearm();
  }

  private pickDue(now: number, free: number): string[] {
    if (free <= 0) return [];
    const picked: string[] = [];
    for (const id of this.manual) {
      if (picked.length >= free) break;
      if (!this.inFlight.has(id)) picked.push(id);
    }
    if (picked.length < free && this.active) {
      const taken = new Set(picked);
      const due: Array<[string, number]> = [];
      for (const [id, p] of this.plans) {
        if (p.dueAt === undefined || p.dueAt > now || this.inFlight.has(id) || taken.has(id)) continue;
        const e = this.o.store.get(id);
        if (e && this.isPollable(e)) due.push([id, p.dueAt]);
      }
      due.sort((a, b) => a[1] - b[1]);
      for (const [id] of due.slice(0, free - picked.length)) picked.push(id);
    }
    return picked;
  }

  private async poll(id: string): Promise<void> {
    this.inFlight.add(id);
    this.manual.delete(id);
    const plan = this.plan(id);
    delete plan.dueAt;
    let result: Result<Task>;
    try {
      result = await this.o.fetchTask(id);
    } catch (e) {
      result = { ok: false, error: { kind: 'unexpected', message: e instanceof Error ? e.message : String(e) } };
    }
    if (this.disposed) {
      this.inFlight.delete(id);
      return;
    }
    const wall = this.o.clock.now();
    if (this.o.store.has(id)) {
      plan.lastCheckedAt = wall;
      plan.answeredAt = this.o.clock.monotonic();
      if (result.ok) {
        plan.errorCount = 0;
        this.o.store.recordSuccess(id, result.value, wall);
      } else {
        plan.errorCount++;
        this.recordError(id, result.error, wall, plan.errorCount);
      }
    }
    this.inFlight.delete(id);
    if (this.o.store.has(id)) this.planNext(id, plan);
    this.answered.fire(id);
    for (const resolve of this.waiters.get(id) ?? []) resolve();
    this.waiters.delete(id);
    this.rearm();
  }

  private recordError(id: string, error: ApiError, wall: number, errorCount: number): void {
    this.o.store.recordError(id, error, wall);
    if (error.kind === 'auth') this.o.onAuthError?.(id, error);
    if (error.kind === 'rate-limited') {
      const wait = errorDelay(error, errorCount, this.base(), this.random());
      this.holdUntil = Math.min(this.o.clock.monotonic() + MAX_RETRY_AFTER_MS, Math.max(this.holdUntil, this.o.clock.monotonic() + wait));
      this.spreadAfterHold();
    }
  }

  /** When the hold ends, the checks that piled up are spread over one base interval, not fired at once. */
  private spreadAfterHold(): void {
    const planned = [...this.plans.values()].filter((p) => p.dueAt !== undefined).sort((a, b) => a.dueAt! - b.dueAt!);
    const gap = this.base() / Math.max(1, planned.length);
    planned.forEach((p, i) => (p.dueAt = Math.max(p.dueAt!, this.holdUntil + i * gap)));
  }

  private planNext(id: string, plan: Plan): void {
    const entry = this.o.store.get(id);
    if (!entry || !this.isPollable(entry) || !this.active) return;
    plan.dueAt = Math.max(this.o.clock.monotonic() + this.delayFor(entry, plan), this.holdUntil);
  }

  private delayFor(entry: WatchEntry, plan: Plan): number {
    return nextDelay({ entry, errorCount: plan.errorCount, now: this.o.clock.now(), intervalMs: this.o.intervalMs(), focused: this.focused, random: this.random() });
  }

  private random(): number {
    return (this.o.random ?? Math.random)();
  }
}
