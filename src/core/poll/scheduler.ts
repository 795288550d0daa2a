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
 * others only make the requests their user asks for (Refresh). See sync/windowSync.ts.
 *
 * With a list function and enough tasks to follow, most tasks are not polled one by one: a sweep of
 * the list endpoint answers for them all at once, and an ending it shows is confirmed with the task's
 * own request before it is recorded (sweep.ts). A task the sweep does not see is polled on its own.
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
import { isComplete } from '../model/completion';
import { UNFOCUSED_FACTOR, baseInterval, errorDelay, nextDelay } from './policy';
import { type ListTasks, SWEEP_MIN_TASKS, sweepList } from './sweep';

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
  /** `GET /v1/discovery_tasks`: with it, tasks are swept rather than polled one by one (sweep.ts). */
  readonly listTasks?: ListTasks;
  /** Sweep while at least this many tasks are followed (default SWEEP_MIN_TASKS). */
  readonly sweepMinTasks?: number;
}

/** The sweep's own timing. Tasks in `covered` are answered by the sweep and have no per-task due time. */
interface SweepPlan {
  /** Monotonic ms of the next sweep; undefined when none is planned. */
  dueAt?: number;
  running: boolean;
  /** Sweeps that failed in a row, and no sweep before this (monotonic) time. */
  failures: number;
  offUntil: number;
  readonly covered: Set<string>;
  /** Tasks a sweep did not find: polled on their own from then on. */
  readonly unlisted: Set<string>;
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
const MAX_SLEEP_MS = 60_000;
/** A wall clock ahead of the monotonic one by more than this since the last look means sleep or a jump. */
const JUMP_THRESHOLD_MS = 5_000;

export class Scheduler implements Disposable {
  private readonly plans = new Map<string, Plan>();
  private readonly inFlight = new Set<string>();
  private readonly manual = new Set<string>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private readonly answered = new Emitter<string>();
  private readonly sweep: SweepPlan = { running: false, failures: 0, offUntil: 0, covered: new Set(), unlisted: new Set() };
  private sweepableIds: ReadonlySet<string> | undefined;
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
        this.sweepableIds = undefined;
        // Paused: nothing is planned (and nothing says when the next check comes); resumed: all due now.
        if (paused) for (const p of this.plans.values()) delete p.dueAt;
        else this.planUnplanned();
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
      this.sweep.dueAt = mono;
    } else {
      for (const p of this.plans.values()) delete p.dueAt;
      delete this.sweep.dueAt;
      this.sweep.covered.clear();
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
    if (this.sweep.dueAt !== undefined && this.sweep.dueAt > now) this.sweep.dueAt = now;
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
    if (this.sweep.dueAt !== undefined) this.sweep.dueAt = Math.max(now, Math.min(this.sweep.dueAt, now + this.sweepInterval()));
    this.rearm();
  }

  pollInfo(id: string): PollInfo {
    const p = this.plans.get(id);
    if (!p) return { errorCount: 0 };
    const mono = this.o.clock.monotonic();
    const dueAt = this.sweep.covered.has(id) ? this.sweep.dueAt : p.dueAt;
    const due = dueAt === undefined ? undefined : Math.max(dueAt, this.holdUntil);
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
    return this.inFlight.size + (this.sweep.running ? 1 : 0);
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
    this.sweepableIds = undefined;
    let wake = false;
    const now = this.o.clock.monotonic();
    for (const c of changes) {
      if (!c.after) {
        this.plans.delete(c.id);
        this.sweep.covered.delete(c.id);
        this.sweep.unlisted.delete(c.id);
        continue;
      }
      if (this.inFlight.has(c.id)) continue; // planned when its answer is recorded
      const p = this.plans.get(c.id);
      if (!this.isPollable(c.after)) {
        if (p) delete p.dueAt;
        this.sweep.covered.delete(c.id);
      } else if (this.sweep.covered.has(c.id)) {
        continue; // answered by the sweep
      } else if (this.active && c.origin === 'local' && c.after.task && c.after.task !== c.before?.task) {
        // An answer that did not come through this scheduler (a new task's, a resume's): it counts as a check.
        const plan = this.plan(c.id);
        plan.answeredAt = now;
        plan.lastCheckedAt = this.o.clock.now();
        plan.dueAt = now + this.delayFor(c.after, plan);
        wake = true;
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
    if (this.sweep.dueAt !== undefined) this.sweep.dueAt = Math.max(now, this.sweep.dueAt - gained);
    if (this.holdUntil > now) this.holdUntil = Math.max(now, this.holdUntil - gained);
    if (this.sweep.offUntil > now) this.sweep.offUntil = Math.max(now, this.sweep.offUntil - gained);
  }

  /** Arms the single timer for the earliest moment something is due. */
  private rearm(): void {
    if (this.disposed) return;
    this.catchUpWithWallClock();
    this.releaseSweptIfOff();
    if (this.requestsInFlight >= this.maxInFlight()) {
      this.clearTimer(); // re-armed when one finishes
      return;
    }
    const now = this.o.clock.monotonic();
    let due = Infinity;
    for (const id of this.manual) if (!this.inFlight.has(id)) due = now;
    const sweepAt = this.sweepDueAt();
    if (sweepAt !== undefined) due = Math.min(due, Math.max(now, sweepAt));
    if (due > now && this.active) {
      for (const [id, p] of this.plans) {
        if (p.dueAt === undefined || p.dueAt >= due || this.inFlight.has(id)) continue;
        const e = this.o.store.get(id);
        if (e && this.isPollable(e)) due = p.dueAt;
      }
    }
    if (due === Infinity) {
      this.clearTimer();
      return;
    }
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
      let free = this.maxInFlight() - this.requestsInFlight;
      const sweepAt = this.sweepDueAt();
      if (free > 0 && this.manual.size === 0 && sweepAt !== undefined && sweepAt <= now) {
        void this.runSweep();
        free--;
      }
      for (const id of this.pickDue(now, free)) void this.poll(id);
    }
    this.rearm();
  }

  // ---- the sweep (sweep.ts)

  /**
   * Whether to sweep now: a list function, this window polls, and enough tasks to follow. Once on, it
   * stays on while any task it answers for is followed: the last tasks of a batch would otherwise go
   * back to per-task polling, whose estimate cannot foresee a failure (bench/RESULTS.md).
   */
  private sweepOn(): boolean {
    if (!this.o.listTasks || !this.active || this.o.store.authPaused) return false;
    const n = this.sweepable().size;
    return n >= (this.o.sweepMinTasks ?? SWEEP_MIN_TASKS) || (n > 0 && this.sweep.covered.size > 0);
  }

  /** When the next sweep may start (monotonic); undefined when there is none to make. */
  private sweepDueAt(): number | undefined {
    if (this.sweep.running || !this.sweepOn()) return undefined;
    return Math.max(this.sweep.offUntil, this.sweep.dueAt ?? 0);
  }

  /**
   * The tasks a sweep looks for: followed, known to the list, and not just resumed (the list may still
   * show the old run). Kept until the store or the unlisted set changes: the timer asks several times a tick.
   */
  private sweepable(): ReadonlySet<string> {
    if (this.sweepableIds) return this.sweepableIds;
    const ids = new Set<string>();
    for (const e of this.o.store.entries()) {
      if (this.isPollable(e) && e.resumedAt === undefined && !this.sweep.unlisted.has(e.id)) ids.add(e.id);
    }
    this.sweepableIds = ids;
    return ids;
  }

  private sweepInterval(): number {
    return this.base() * (this.focused ? 1 : UNFOCUSED_FACTOR);
  }

  /** With sweeping off (too few tasks, or this window stopped polling), the swept tasks get their own plans again. */
  private releaseSweptIfOff(): void {
    if (this.sweep.covered.size === 0 || this.sweep.running || this.sweepOn()) return;
    this.handBack([...this.sweep.covered]);
  }

  /** Per-task polling for these tasks again, each due when its own policy says (from its last answer). */
  private handBack(ids: readonly string[]): void {
    const now = this.o.clock.monotonic();
    for (const id of ids) {
      this.sweep.covered.delete(id);
      const entry = this.o.store.get(id);
      if (!entry || !this.isPollable(entry) || !this.active) continue;
      const p = this.plan(id);
      p.dueAt ??= Math.max(now, (p.answeredAt ?? now) + this.delayFor(entry, p));
    }
  }

  private async runSweep(): Promise<void> {
    const list = this.o.listTasks;
    if (!list) return;
    const wanted = this.sweepable();
    const startedAt = this.o.clock.monotonic();
    this.sweep.running = true;
    delete this.sweep.dueAt;
    const outcome = await sweepList(list, wanted);
    this.sweep.running = false;
    if (this.disposed) return;
    const now = this.o.clock.monotonic();
    const wall = this.o.clock.now();
    const confirm: string[] = [];
    for (const [id, task] of outcome.found) {
      const entry = this.o.store.get(id);
      if (!entry || !this.isPollable(entry)) continue;
      const plan = this.plan(id);
      if (isComplete(task)) {
        if (!this.inFlight.has(id)) confirm.push(id); // recorded only from its own answer, below
        continue;
      }
      // Swept from now on, even when this answer is not used: asked about on its own meanwhile, or
      // answered since the sweep began (the newer answer stays).
      delete plan.dueAt;
      this.sweep.covered.add(id);
      if (this.inFlight.has(id) || (plan.answeredAt ?? -Infinity) > startedAt) continue;
      plan.errorCount = 0;
      plan.lastCheckedAt = wall;
      plan.answeredAt = now;
      this.o.store.recordSuccess(id, task, wall);
      this.answered.fire(id);
    }
    for (const id of confirm) this.manual.add(id);
    if (outcome.error) this.sweepFailed(outcome.error);
    else {
      this.sweep.failures = 0;
      // Not in the pages read: polled on its own from now on.
      const missed = [...wanted].filter((id) => !outcome.found.has(id));
      for (const id of missed) this.sweep.unlisted.add(id);
      if (missed.length) this.sweepableIds = undefined;
      this.handBack(missed);
      // The next one starts an interval after this one did, less the time this one took: each sweep's
      // answers are then at most an interval apart, as a fixed poller's are (bench/RESULTS.md).
      this.sweep.dueAt = Math.max(now, startedAt + this.sweepInterval() - (now - startedAt));
    }
    this.rearm();
  }

  /** 429: everything waits, as for a task's 429. Anything else: per-task polling until a later sweep works. */
  private sweepFailed(error: ApiError): void {
    const now = this.o.clock.monotonic();
    this.sweep.dueAt = now + this.sweepInterval();
    if (error.kind === 'rate-limited') {
      const wait = errorDelay(error, 1, this.base(), this.random());
      this.holdUntil = Math.min(now + MAX_RETRY_AFTER_MS, Math.max(this.holdUntil, now + wait));
      this.spreadAfterHold();
      return;
    }
    this.sweep.failures++;
    this.sweep.offUntil = now + errorDelay(error, this.sweep.failures, this.base(), this.random());
    this.handBack([...this.sweep.covered]);
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
        if (p.dueAt === undefined || p.dueAt > now || this.inFlight.has(id) || taken.has(id) || this.sweep.covered.has(id)) continue;
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
    const planned = [...this.plans.values()]
      .flatMap((p) => (p.dueAt === undefined ? [] : [{ p, dueAt: p.dueAt }]))
      .sort((a, b) => a.dueAt - b.dueAt);
    const gap = this.base() / Math.max(1, planned.length);
    planned.forEach(({ p, dueAt }, i) => (p.dueAt = Math.max(dueAt, this.holdUntil + i * gap)));
  }

  private planNext(id: string, plan: Plan): void {
    const entry = this.o.store.get(id);
    if (!entry || !this.isPollable(entry) || !this.active || this.sweep.covered.has(id)) return;
    plan.dueAt = Math.max(this.o.clock.monotonic() + this.delayFor(entry, plan), this.holdUntil);
  }

  private delayFor(entry: WatchEntry, plan: Plan): number {
    return nextDelay({
      entry,
      errorCount: plan.errorCount,
      now: this.o.clock.now(),
      intervalMs: this.o.intervalMs(),
      focused: this.focused,
      random: this.random(),
    });
  }

  private random(): number {
    return (this.o.random ?? Math.random)();
  }
}
