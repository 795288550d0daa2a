/**
 * The scheduler's walks of the task list (scheduler.ts runs them; sweep.ts reads the pages):
 *
 *  - **The sweep.** While at least `sweepMinTasks` tasks are followed (below that, per-task polling
 *    costs no more), one walk every base interval (UNFOCUSED_FACTOR × base while no window is focused)
 *    answers for them all. A task it did not reach is asked about on its own in the same interval, so
 *    each is answered once an interval either way; one that a walk to the very end did not find is not in
 *    the list and is polled on its own from then on. Once on, the sweep goes on while any task it answers
 *    for is followed: the last tasks of a batch would otherwise go back to per-task polling, whose
 *    estimate cannot foresee a failure (bench/RESULTS.md). A failed sweep (5xx, timeout, a malformed
 *    answer) hands every task back to per-task polling and is tried again after an exponential pause;
 *    a 429 holds every request.
 *  - **The account follower's look** (follow/follower.ts), when nothing is swept: its own light request
 *    at its own pace. While the sweep runs, the follower reads the sweep's pages, and a sweep reads on
 *    for it only when its look is due.
 */
import type { ApiError } from '../api/errors';
import type { Task } from '../api/types';
import type { WatchEntry } from '../model/watchEntry';
import type { TaskChange, TaskStore } from '../store/taskStore';
import type { Clock } from '../util/clock';
import { isComplete } from '../model/completion';
import { type ListOrder, ListShape } from './listShape';
import { UNFOCUSED_FACTOR, errorDelay } from './policy';
import { type ListTasks, type ListView, sweepList, SWEEP_MIN_TASKS, type SweepOutcome, type WalkRequest } from './sweep';
import type { Plan } from './taskPlan';

/** Another reader of the list that the scheduler serves (follow/follower.ts). */
export interface ListFollower {
  readonly maxPages: number;
  /** When (monotonic ms) it needs a look of its own; undefined while it does not. */
  dueAt(order: ListOrder): number | undefined;
  /** Rows to ask for on the first page of its own look (undefined: a full page). */
  firstLimit(order: ListOrder): number | undefined;
  /** Whether a walk must read on for its look to count. */
  wants(view: ListView): boolean;
  /** Every walk from the top; `own`: one made (or extended) for its look, which succeeded. */
  observe(view: ListView, own: boolean): void;
  /** Its own look failed. */
  failed(error: ApiError): void;
  setFocused(focused: boolean): void;
}

/** What the sweeper uses of the scheduler. */
export interface SweepHost {
  readonly store: TaskStore;
  readonly clock: Clock;
  readonly disposed: () => boolean;
  readonly active: () => boolean;
  readonly focused: () => boolean;
  /** The base interval (ms). */
  readonly base: () => number;
  readonly random: () => number;
  readonly plan: (id: string) => Plan;
  readonly isPollable: (e: WatchEntry) => boolean;
  readonly inFlight: (id: string) => boolean;
  /** How long after its last answer the task is due on its own (policy.ts). */
  readonly delayFor: (e: WatchEntry, p: Plan) => number;
  /** Asks about these tasks on their own, now. */
  readonly checkNow: (ids: readonly string[]) => void;
  readonly answered: (id: string) => void;
  /** A 429: no request at all for as long as it says. */
  readonly hold: (error: ApiError) => void;
  readonly rearm: () => void;
}

export interface SweeperOptions {
  readonly list?: ListTasks;
  readonly minTasks?: number;
  readonly follower?: ListFollower;
  /** Every row read (the account's list confirms that an ID is a task: input/knownTasks.ts). */
  readonly seen?: (rows: readonly Task[]) => void;
}

const NOTHING: ReadonlySet<string> = new Set();

export class Sweeper {
  /** Monotonic ms of the next sweep; undefined when none is planned. */
  private dueAt: number | undefined;
  private walking = false;
  /** Sweeps that failed in a row, and no sweep before this (monotonic) time. */
  private failures = 0;
  private offUntil = 0;
  /** Tasks the sweep answers for: they have no per-task due time. */
  private readonly covered = new Set<string>();
  /** Tasks a walk to the end of the list did not find: polled on their own from then on. */
  private readonly unlisted = new Set<string>();
  private sweepableIds: ReadonlySet<string> | undefined;
  readonly shape = new ListShape();

  constructor(
    private readonly h: SweepHost,
    private readonly o: SweeperOptions,
  ) {}

  get running(): boolean {
    return this.walking;
  }

  covers(id: string): boolean {
    return this.covered.has(id);
  }

  /** When the sweep will next answer for a covered task (monotonic), for what the views show. */
  get nextSweepAt(): number | undefined {
    return this.dueAt;
  }

  /** When the next walk may start (monotonic), and which; undefined when there is none to make. */
  next(): { readonly at: number; readonly kind: 'sweep' | 'look' } | undefined {
    if (this.walking || !this.o.list || !this.h.active() || this.h.store.authPaused) return undefined;
    if (this.sweepOn()) return { at: Math.max(this.offUntil, this.dueAt ?? 0), kind: 'sweep' };
    const at = this.o.follower?.dueAt(this.shape.order);
    return at === undefined ? undefined : { at, kind: 'look' };
  }

  /** Starts the walk that is due, if one is; returns whether it did. */
  startDue(now: number): boolean {
    const next = this.next();
    if (!next || next.at > now) return false;
    void (next.kind === 'sweep' ? this.runSweep() : this.runLook());
    return true;
  }

  setActive(active: boolean): void {
    if (active) this.dueAt = this.h.clock.monotonic();
    else {
      this.dueAt = undefined;
      this.covered.clear();
    }
  }

  /** One immediate sweep when a window is focused again (the follower catches up too). */
  setFocused(focused: boolean, now: number): void {
    this.o.follower?.setFocused(focused);
    if (focused && this.dueAt !== undefined && this.dueAt > now) this.dueAt = now;
  }

  /** No sweep waits longer than the (new) interval asks. */
  reschedule(now: number): void {
    if (this.dueAt !== undefined) this.dueAt = Math.max(now, Math.min(this.dueAt, now + this.interval()));
  }

  /** The wall clock gained `gained` ms on the monotonic one (sleep, or the time was set forward). */
  bringForward(gained: number, now: number): void {
    if (this.dueAt !== undefined) this.dueAt = Math.max(now, this.dueAt - gained);
    if (this.offUntil > now) this.offUntil = Math.max(now, this.offUntil - gained);
  }

  onStoreChange(change: TaskChange): void {
    this.sweepableIds = undefined;
    if (!change.after) {
      this.covered.delete(change.id);
      this.unlisted.delete(change.id);
    } else if (!this.h.isPollable(change.after)) this.covered.delete(change.id);
  }

  /** With sweeping off (too few tasks, or this window stopped polling), the swept tasks get their own plans again. */
  releaseIfOff(): void {
    if (this.covered.size === 0 || this.walking || this.sweepOn()) return;
    this.handBack([...this.covered]);
  }

  /**
   * Whether to sweep now: a list function, this window polls, and enough tasks to follow. Once on, it
   * stays on while any task it answers for is followed.
   */
  private sweepOn(): boolean {
    if (!this.o.list || !this.h.active() || this.h.store.authPaused) return false;
    const n = this.sweepable().size;
    return n >= (this.o.minTasks ?? SWEEP_MIN_TASKS) || (n > 0 && this.covered.size > 0);
  }

  /**
   * The tasks a sweep looks for: followed, known to the list, and not just resumed (the list may still
   * show the old run). Kept until the store or the unlisted set changes: the timer asks several times a tick.
   */
  private sweepable(): ReadonlySet<string> {
    if (this.sweepableIds) return this.sweepableIds;
    const ids = new Set<string>();
    for (const e of this.h.store.entries()) {
      if (this.h.isPollable(e) && e.resumedAt === undefined && !this.unlisted.has(e.id)) ids.add(e.id);
    }
    this.sweepableIds = ids;
    return ids;
  }

  private interval(): number {
    return this.h.base() * (this.h.focused() ? 1 : UNFOCUSED_FACTOR);
  }

  /** Per-task polling for these tasks again, each due when its own policy says (from its last answer). */
  private handBack(ids: readonly string[]): void {
    const now = this.h.clock.monotonic();
    for (const id of ids) {
      this.covered.delete(id);
      const entry = this.h.store.get(id);
      if (!entry || !this.h.isPollable(entry) || !this.h.active()) continue;
      const p = this.h.plan(id);
      p.dueAt ??= Math.max(now, (p.answeredAt ?? now) + this.h.delayFor(entry, p));
    }
  }

  /** Runs a walk and hands what it read to whoever else reads the list. */
  private async walk(request: WalkRequest, own: boolean): Promise<SweepOutcome> {
    const list = this.o.list;
    if (!list) throw new Error('no list function');
    this.walking = true;
    const outcome = await sweepList(list, request, this.shape);
    this.walking = false;
    if (!this.h.disposed()) {
      this.o.seen?.([...outcome.rows, ...outcome.otherRows]);
      this.o.follower?.observe(outcome, own && !outcome.error);
    }
    return outcome;
  }

  private async runSweep(): Promise<void> {
    const wanted = this.sweepable();
    const startedAt = this.h.clock.monotonic();
    this.dueAt = undefined;
    this.shape.keepOnly(wanted);
    const f = this.o.follower;
    const followDue = this.h.focused() ? f?.dueAt(this.shape.order) : undefined;
    const readOn =
      f && followDue !== undefined && followDue <= startedAt ? { wants: (v: ListView) => f.wants(v), maxPages: f.maxPages } : undefined;
    const outcome = await this.walk({ wanted, ...(readOn ? { readOn } : {}) }, readOn !== undefined);
    if (this.h.disposed()) return;
    const now = this.h.clock.monotonic();
    const wall = this.h.clock.now();
    const confirm: string[] = [];
    for (const [id, task] of outcome.found) {
      const entry = this.h.store.get(id);
      if (!entry || !this.h.isPollable(entry)) continue;
      const plan = this.h.plan(id);
      if (isComplete(task)) {
        if (!this.h.inFlight(id)) confirm.push(id); // recorded only from its own answer
        continue;
      }
      // Swept from now on, even when this answer is not used: asked about on its own meanwhile, or
      // answered since the sweep began (the newer answer stays).
      delete plan.dueAt;
      this.covered.add(id);
      if (this.h.inFlight(id) || (plan.answeredAt ?? -Infinity) > startedAt) continue;
      plan.errorCount = 0;
      plan.lastCheckedAt = wall;
      plan.answeredAt = now;
      this.h.store.recordSuccess(id, task, wall);
      this.h.answered(id);
    }
    this.h.checkNow(confirm);
    if (outcome.error) this.failed(outcome.error);
    else {
      this.failures = 0;
      const missed = [...wanted].filter((id) => !outcome.found.has(id));
      if (!this.shape.placesHold)
        this.handBack(missed); // a reshuffled list: each on its own, by its own policy
      else this.missed(missed, outcome.reachedEnd && outcome.consistent);
      // The next one starts an interval after this one did, less the time this one took: each sweep's
      // answers are then at most an interval apart, as a fixed poller's are (bench/RESULTS.md).
      this.dueAt = Math.max(now, startedAt + this.interval() - (now - startedAt));
    }
    this.h.rearm();
  }

  /**
   * Tasks the walk did not see. After all of a list that held still: not in it, polled on their own
   * from now on. Otherwise each is asked about on its own now, and looked for again.
   */
  private missed(ids: readonly string[], absent: boolean): void {
    if (absent) {
      for (const id of ids) this.unlisted.add(id);
      if (ids.length) this.sweepableIds = undefined;
      this.handBack(ids);
      return;
    }
    const now: string[] = [];
    const failing: string[] = [];
    for (const id of ids) {
      const entry = this.h.store.get(id);
      if (!entry || !this.h.isPollable(entry)) continue;
      if (entry.error) {
        failing.push(id); // its own requests fail: it backs off on its own
        continue;
      }
      delete this.h.plan(id).dueAt;
      this.covered.add(id);
      if (!this.h.inFlight(id)) now.push(id);
    }
    this.handBack(failing);
    this.h.checkNow(now);
  }

  /** 429: everything waits, as for a task's 429. Anything else: per-task polling until a later sweep works. */
  private failed(error: ApiError): void {
    const now = this.h.clock.monotonic();
    this.dueAt = now + this.interval();
    if (error.kind === 'rate-limited') {
      this.h.hold(error);
      return;
    }
    this.failures++;
    this.offUntil = now + errorDelay(error, this.failures, this.h.base(), this.h.random());
    this.handBack([...this.covered]);
  }

  /** The follower's own look: the first page (a light one on a newest-first list), and on while it needs. */
  private async runLook(): Promise<void> {
    const f = this.o.follower;
    if (!f) return;
    const firstLimit = f.firstLimit(this.shape.order);
    const outcome = await this.walk(
      { wanted: NOTHING, ...(firstLimit !== undefined ? { firstLimit } : {}), readOn: { wants: (v) => f.wants(v), maxPages: f.maxPages } },
      true,
    );
    if (this.h.disposed()) return;
    if (outcome.error) {
      if (outcome.error.kind === 'rate-limited') this.h.hold(outcome.error);
      f.failed(outcome.error);
    }
    this.h.rearm();
  }
}
