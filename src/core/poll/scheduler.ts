/**
 * One scheduler for all watched tasks: a single setTimeout chain armed for the earliest due task, at
 * most `maxInFlight` requests at once, never two for the same task. Completed tasks are never requested
 * by the timer (a manual refresh still works). All time comes from an injected clock, all requests from
 * an injected function, and all results go to the store, so the loop runs the same on a fake clock.
 *
 * The scheduler owns its timing state (when each task is due, how many errors in a row, when it was
 * last asked: taskPlan.ts): none of it is in the store, which changes only when something a user can
 * see changes.
 *
 * With several VS Code windows open, only one window's scheduler is `active` (polls on its own); the
 * others only make the requests their user asks for (Refresh). See sync/windowSync.ts.
 *
 * With a list function and enough tasks to follow, most tasks are not polled one by one: a sweep of
 * the list endpoint answers for them all at once, and an ending it shows is confirmed with the task's
 * own request before it is recorded. The list's walks (the sweep, the account follower's look) are the
 * sweeper's (sweeper.ts); this file runs them, with the per-task checks, on one timer.
 *
 * Due times and holds are on the monotonic clock; when the wall clock jumps ahead of it (sleep), every
 * due time and hold is brought forward by as much (timeKeeper.ts).
 */
import type { ApiError, Result } from '../api/errors';
import type { Task } from '../api/types';
import type { TaskChange, TaskStore } from '../store/taskStore';
import type { Clock } from '../util/clock';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { errorDelay } from './policy';
import type { ListTasks } from './sweep';
import { type ListFollower, Sweeper, type SweeperOptions } from './sweeper';
import { TaskPlanner } from './taskPlan';
import { TimeKeeper } from './timeKeeper';

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
  /** Follows the account for tasks started elsewhere (follow/follower.ts), through the list function. */
  readonly follower?: ListFollower;
  /** Told of every row of the list read (input/knownTasks.ts). */
  readonly seen?: SweeperOptions['seen'];
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

export class Scheduler implements Disposable {
  private readonly plans: TaskPlanner;
  private readonly inFlight = new Set<string>();
  /** Asked about now, whatever their plan: a Refresh, an ending to confirm, a task the sweep did not reach. */
  private readonly manual = new Set<string>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private readonly answered = new Emitter<string>();
  private readonly sweep: Sweeper;
  private readonly time: TimeKeeper;
  private active = false;
  private focused = true;
  private disposed = false;
  private readonly subscriptions: Disposable[];

  /** Fires after each answer (or error) this window received, with the task ID. */
  readonly onDidAnswer: Event<string> = this.answered.event;

  constructor(private readonly o: SchedulerOptions) {
    this.time = new TimeKeeper(o.clock);
    const random = (): number => (o.random ?? Math.random)();
    this.plans = new TaskPlanner({
      store: o.store,
      clock: o.clock,
      intervalMs: o.intervalMs,
      random,
      focused: () => this.focused,
      active: () => this.active,
      inFlight: (id) => this.inFlight.has(id),
      covered: (id) => this.sweep.covers(id),
      holdEnd: () => this.time.holdEnd,
    });
    this.sweep = new Sweeper(
      {
        store: o.store,
        clock: o.clock,
        disposed: () => this.disposed,
        active: () => this.active,
        focused: () => this.focused,
        base: () => this.plans.base(),
        random,
        plan: (id) => this.plans.of(id),
        isPollable: (e) => this.plans.pollable(e),
        inFlight: (id) => this.inFlight.has(id),
        delayFor: (e, p) => this.plans.delayFor(e, p),
        checkNow: (ids) => ids.forEach((id) => this.manual.add(id)),
        answered: (id) => this.answered.fire(id),
        hold: (error) => this.hold(error, 1),
        rearm: () => this.rearm(),
      },
      {
        ...(o.listTasks ? { list: o.listTasks } : {}),
        ...(o.sweepMinTasks !== undefined ? { minTasks: o.sweepMinTasks } : {}),
        ...(o.follower ? { follower: o.follower } : {}),
        ...(o.seen ? { seen: o.seen } : {}),
      },
    );
    this.subscriptions = [
      o.store.onDidChangeAuthPaused((paused) => {
        // Paused: nothing is planned (and nothing says when the next check comes); resumed: all due now.
        if (paused) this.plans.unplanAll();
        else this.plans.planUnplanned();
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
    if (active) this.plans.startAll(lastCheckedAt);
    else this.plans.unplanAll();
    this.sweep.setActive(active);
    this.rearm();
  }

  /**
   * Fetches these tasks (all when omitted) now, complete ones included; resolves when all have answered.
   * While the API holds requests back (429), nothing is asked and it resolves at once: see `heldUntil`.
   */
  refresh(ids?: readonly string[]): Promise<void> {
    this.catchUpWithWallClock();
    if (this.time.holdEnd > this.o.clock.monotonic()) return Promise.resolve();
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
    this.sweep.setFocused(focused, this.o.clock.monotonic());
    if (!focused || !this.active) return;
    this.plans.catchUp();
    this.rearm();
  }

  /** Re-plans after a settings change: no pending check waits longer than the new interval asks. */
  reschedule(): void {
    this.plans.reschedule();
    this.sweep.reschedule(this.o.clock.monotonic());
    this.rearm();
  }

  pollInfo(id: string): PollInfo {
    const p = this.plans.get(id);
    if (!p) return { errorCount: 0 };
    const mono = this.o.clock.monotonic();
    const dueAt = this.sweep.covers(id) ? this.sweep.nextSweepAt : p.dueAt;
    const due = dueAt === undefined ? undefined : Math.max(dueAt, this.time.holdEnd);
    return {
      errorCount: p.errorCount,
      ...(p.lastCheckedAt !== undefined ? { lastCheckedAt: p.lastCheckedAt } : {}),
      ...(due !== undefined && this.active ? { nextCheckAt: this.o.clock.now() + Math.max(0, due - mono) } : {}),
    };
  }

  /** Until when (ms since epoch) the API asked for no requests at all; undefined when it did not. */
  get heldUntil(): number | undefined {
    return this.time.heldUntil;
  }

  get requestsInFlight(): number {
    return this.inFlight.size + (this.sweep.running ? 1 : 0);
  }

  dispose(): void {
    this.disposed = true;
    this.subscriptions.forEach((s) => s.dispose());
    this.answered.dispose();
    this.time.clear();
    for (const resolvers of this.waiters.values()) resolvers.forEach((r) => r());
    this.waiters.clear();
  }

  private onStoreChange(changes: readonly TaskChange[]): void {
    let wake = false;
    for (const c of changes) {
      this.sweep.onStoreChange(c);
      if (this.plans.onStoreChange(c)) wake = true;
    }
    if (wake) this.rearm();
  }

  private maxInFlight(): number {
    return Math.max(1, this.o.maxInFlight ?? 2);
  }

  /** Brings every due time and hold forward by the time the wall clock gained on the monotonic one. */
  private catchUpWithWallClock(): void {
    const gained = this.time.gained();
    if (gained === 0) return;
    const now = this.o.clock.monotonic();
    this.plans.bringForward(gained, now);
    this.sweep.bringForward(gained, now);
  }

  /** Arms the single timer for the earliest moment something is due. */
  private rearm(): void {
    if (this.disposed) return;
    this.catchUpWithWallClock();
    this.sweep.releaseIfOff();
    if (this.requestsInFlight >= this.maxInFlight()) {
      this.time.clear(); // re-armed when one finishes
      return;
    }
    const now = this.o.clock.monotonic();
    let due = Infinity;
    for (const id of this.manual) if (!this.inFlight.has(id)) due = now;
    const walkAt = this.sweep.next()?.at;
    if (walkAt !== undefined) due = Math.min(due, Math.max(now, walkAt));
    if (due > now && this.active) due = this.plans.earliest(due);
    if (due === Infinity) this.time.clear();
    else this.time.arm(due, () => this.tick());
  }

  private tick(): void {
    if (this.disposed) return;
    this.catchUpWithWallClock();
    const now = this.o.clock.monotonic();
    if (now >= this.time.holdEnd) {
      let free = this.maxInFlight() - this.requestsInFlight;
      if (free > 0 && this.manual.size === 0 && this.sweep.startDue(now)) free--;
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
    if (picked.length < free && this.active) picked.push(...this.plans.due(now, free - picked.length, new Set(picked)));
    return picked;
  }

  private async poll(id: string): Promise<void> {
    this.inFlight.add(id);
    this.manual.delete(id);
    const plan = this.plans.of(id);
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
    if (this.o.store.has(id)) this.plans.planNext(id, plan);
    this.answered.fire(id);
    for (const resolve of this.waiters.get(id) ?? []) resolve();
    this.waiters.delete(id);
    this.rearm();
  }

  private recordError(id: string, error: ApiError, wall: number, errorCount: number): void {
    this.o.store.recordError(id, error, wall);
    if (error.kind === 'auth') this.o.onAuthError?.(id, error);
    if (error.kind === 'rate-limited') this.hold(error, errorCount);
  }

  /** A 429: no request at all until it says; then the checks that piled up are spread over one base interval. */
  private hold(error: ApiError, errorCount: number): void {
    this.time.hold(errorDelay(error, errorCount, this.plans.base(), (this.o.random ?? Math.random)()));
    this.plans.spreadAfter(this.time.holdEnd);
  }
}
