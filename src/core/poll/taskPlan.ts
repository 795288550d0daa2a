/**
 * When each task is asked about on its own: the scheduler's per-task timing (scheduler.ts runs the
 * requests, policy.ts says how long to wait). A task the sweep answers for has no due time here
 * (sweeper.ts).
 */
import type { WatchEntry } from '../model/watchEntry';
import type { TaskChange, TaskStore } from '../store/taskStore';
import type { Clock } from '../util/clock';
import { baseInterval, nextDelay } from './policy';

export interface Plan {
  /** Monotonic ms; undefined while not scheduled. */
  dueAt?: number;
  errorCount: number;
  /** Wall clock, for display. */
  lastCheckedAt?: number;
  /** Monotonic ms of the last answer, to plan from. */
  answeredAt?: number;
}

/** What the planner asks of the scheduler. */
export interface PlannerContext {
  readonly store: TaskStore;
  readonly clock: Clock;
  readonly intervalMs: () => number;
  readonly random: () => number;
  readonly focused: () => boolean;
  /** Whether this window polls on its own. */
  readonly active: () => boolean;
  readonly inFlight: (id: string) => boolean;
  /** Answered by the sweep: no due time of its own. */
  readonly covered: (id: string) => boolean;
  /** Monotonic ms before which nothing may be asked (a 429). */
  readonly holdEnd: () => number;
}

export class TaskPlanner {
  private readonly plans = new Map<string, Plan>();

  constructor(private readonly c: PlannerContext) {}

  get(id: string): Plan | undefined {
    return this.plans.get(id);
  }

  /** The task's plan, made if it has none. */
  of(id: string): Plan {
    let p = this.plans.get(id);
    if (!p) {
      p = { errorCount: 0 };
      this.plans.set(id, p);
    }
    return p;
  }

  pollable(e: WatchEntry): boolean {
    return e.stopped === undefined && !this.c.store.authPaused;
  }

  base(): number {
    return baseInterval(this.c.intervalMs());
  }

  /** How long after its last answer the task is due (policy.ts). */
  delayFor(entry: WatchEntry, plan: Plan): number {
    return nextDelay({
      entry,
      errorCount: plan.errorCount,
      now: this.c.clock.now(),
      intervalMs: this.c.intervalMs(),
      focused: this.c.focused(),
      random: this.c.random(),
    });
  }

  /** After an answer: due again when the policy says, unless the sweep answers for it. */
  planNext(id: string, plan: Plan): void {
    const entry = this.c.store.get(id);
    if (!entry || !this.pollable(entry) || !this.c.active() || this.c.covered(id)) return;
    plan.dueAt = Math.max(this.c.clock.monotonic() + this.delayFor(entry, plan), this.c.holdEnd());
  }

  /**
   * This window starts polling: each task is first due one base interval after it was last checked (by
   * any window: `lastCheckedAt`), or at once if that is unknown.
   */
  startAll(lastCheckedAt?: (id: string) => number | undefined): void {
    const mono = this.c.clock.monotonic();
    const base = this.base();
    const wall = this.c.clock.now();
    for (const e of this.c.store.entries()) {
      if (!this.pollable(e) || this.c.inFlight(e.id)) continue;
      const last = lastCheckedAt?.(e.id);
      const wait = last === undefined ? 0 : Math.min(base, Math.max(0, last + base - wall));
      this.of(e.id).dueAt = mono + wait;
    }
  }

  /** Nothing is due until planned again. */
  unplanAll(): void {
    for (const p of this.plans.values()) delete p.dueAt;
  }

  /** Every pollable task without a plan is due now (after a pause ends). */
  planUnplanned(): void {
    if (!this.c.active()) return;
    const now = this.c.clock.monotonic();
    for (const e of this.c.store.entries()) {
      if (this.pollable(e) && !this.c.inFlight(e.id) && this.of(e.id).dueAt === undefined) this.of(e.id).dueAt = now;
    }
  }

  /** A window got the focus back: every running task that is not failing is due now. */
  catchUp(): void {
    const now = this.c.clock.monotonic();
    for (const e of this.c.store.entries()) {
      const p = this.plans.get(e.id);
      if (p?.dueAt !== undefined && p.dueAt > now && this.pollable(e) && !e.error) p.dueAt = now;
    }
  }

  /** After a settings change: no pending check waits longer than the new interval asks. */
  reschedule(): void {
    const now = this.c.clock.monotonic();
    for (const [id, p] of this.plans) {
      const entry = this.c.store.get(id);
      if (p.dueAt === undefined || !entry) continue;
      const from = p.answeredAt ?? now;
      p.dueAt = Math.max(now, this.c.holdEnd(), Math.min(p.dueAt, from + this.delayFor(entry, p)));
    }
  }

  /** Follows a change in the store; returns whether something became due. */
  onStoreChange(c: TaskChange): boolean {
    if (!c.after) {
      this.plans.delete(c.id);
      return false;
    }
    if (this.c.inFlight(c.id)) return false; // planned when its answer is recorded
    const p = this.plans.get(c.id);
    const now = this.c.clock.monotonic();
    if (!this.pollable(c.after)) {
      if (p) delete p.dueAt;
    } else if (this.c.covered(c.id)) {
      return false; // answered by the sweep
    } else if (this.c.active() && c.origin === 'local' && c.after.task && c.after.task !== c.before?.task) {
      // An answer that did not come through this scheduler (a new task's, a resume's): it counts as a check.
      const plan = this.of(c.id);
      plan.answeredAt = now;
      plan.lastCheckedAt = this.c.clock.now();
      plan.dueAt = now + this.delayFor(c.after, plan);
      return true;
    } else if (this.c.active() && p?.dueAt === undefined) {
      // Added, or polled again after a stop (resume, retry).
      this.of(c.id).dueAt = now;
      return true;
    }
    return false;
  }

  /** The earliest due time before `before` of a task that may be asked about now, or `before`. */
  earliest(before: number): number {
    let due = before;
    for (const [id, p] of this.plans) {
      if (p.dueAt === undefined || p.dueAt >= due || this.c.inFlight(id)) continue;
      const e = this.c.store.get(id);
      if (e && this.pollable(e)) due = p.dueAt;
    }
    return due;
  }

  /** Up to `n` tasks due by `now`, the most overdue first, leaving out `taken`. */
  due(now: number, n: number, taken: ReadonlySet<string>): string[] {
    const due: Array<[string, number]> = [];
    for (const [id, p] of this.plans) {
      if (p.dueAt === undefined || p.dueAt > now || this.c.inFlight(id) || taken.has(id) || this.c.covered(id)) continue;
      const e = this.c.store.get(id);
      if (e && this.pollable(e)) due.push([id, p.dueAt]);
    }
    due.sort((a, b) => a[1] - b[1]);
    return due.slice(0, Math.max(0, n)).map(([id]) => id);
  }

  /** Every due time `gained` ms earlier (the wall clock jumped ahead), never before `now`. */
  bringForward(gained: number, now: number): void {
    for (const p of this.plans.values()) if (p.dueAt !== undefined) p.dueAt = Math.max(now, p.dueAt - gained);
  }

  /** When a hold ends, the checks that piled up are spread over one base interval, not fired at once. */
  spreadAfter(holdEnd: number): void {
    const planned = [...this.plans.values()]
      .flatMap((p) => (p.dueAt === undefined ? [] : [{ p, dueAt: p.dueAt }]))
      .sort((a, b) => a.dueAt - b.dueAt);
    const gap = this.base() / Math.max(1, planned.length);
    planned.forEach(({ p, dueAt }, i) => (p.dueAt = Math.max(dueAt, holdEnd + i * gap)));
  }
}
