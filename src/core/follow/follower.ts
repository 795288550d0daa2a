/**
 * Following the account: a Deep Search started elsewhere (Extruct's CLI, a script, the dashboard, an
 * agent) is announced once, or watched at once ("extruct.newTasks": ask, watch, off). Extruct has no
 * webhooks and its task list has no filter and no documented order, so the follower reads the list:
 *
 *  - **What it reads.** Every walk of the list the sweep makes anyway is offered to it (poll/sweeper.ts):
 *    on a newest-first list the sweep's first page answers for free. When nothing is swept, it makes one
 *    light request of the first page (FOLLOW_LIGHT_LIMIT rows) every FOLLOW_IDLE_MS while a window is
 *    focused, none while no window is, and one catch-up when a window gets the focus back. On a list
 *    that is not newest first a look must read to the end; then looks are spaced by FOLLOW_IDLE_MS per
 *    page, so following costs about one request a minute whatever the size of the account.
 *  - **What is new.** A look counts only when it saw everything newer than the mark (account mark: the
 *    newest `created_at` accounted for, shared by every window and kept across restarts): on a newest-
 *    first list, once a row at or below the mark came; otherwise at the list's end. A task created after
 *    the mark, not watched and never stopped by the user (the watch list's tombstones), created within
 *    NEW_MAX_AGE_MS, is new. The first look, and the first after "off" or a change of account, only sets
 *    the mark: what was there before is not news. Times are the server's (`created_at` against
 *    `created_at`), so the local clock's skew does not matter.
 *  - **When it is told.** In "watch" mode at once. In "ask" mode a new task is held for SETTLE_MS and
 *    looked at again, so that one the user watches by hand right after starting it is not announced.
 *  - **Errors.** A 429 holds every request (the scheduler); any other failed look is retried after the
 *    poller's exponential pause (poll/policy.ts). Only the window that polls follows.
 *
 * Pure: time from the injected clock, requests made by the scheduler, effects through `onNewTasks`.
 */
import type { ApiError } from '../api/errors';
import type { Task } from '../api/types';
import type { Clock } from '../util/clock';
import { createdMs, type ListOrder } from '../poll/listShape';
import { errorDelay } from '../poll/policy';
import type { ListFollower } from '../poll/sweeper';
import type { ListView } from '../poll/sweep';
import type { AccountMark, NewTasksMode, WatchHistory } from './accountMark';

/** Between looks while nothing is swept and a window is focused (per page read, on a list that is not newest first). */
export const FOLLOW_IDLE_MS = 60_000;
/** Rows asked for by a look of its own at a newest-first list. */
export const FOLLOW_LIGHT_LIMIT = 10;
/** The most pages one look reads: past them, it takes what it saw (and says so in the log, once). */
const FOLLOW_MAX_PAGES = 20;
/** "ask": a new task is announced at the first look at least this long after it was first seen. */
export const SETTLE_MS = 8_000;
/** New tasks seen together wait for each other this long at most, then the settled ones are told. */
const SETTLE_BATCH_MS = 3 * SETTLE_MS;
/** A window that gets the focus back looks at once, unless a look was made this recently. */
const CATCH_UP_GAP_MS = 10_000;
/** Older tasks are not news, even when created after the mark (VS Code was closed for days). */
const NEW_MAX_AGE_MS = 24 * 60 * 60_000;

export interface FollowerOptions {
  readonly mark: AccountMark;
  readonly history: WatchHistory;
  /** The "extruct.newTasks" setting, read at each decision. */
  readonly mode: () => NewTasksMode;
  readonly clock: Clock;
  /** New tasks, oldest first: to announce ("ask") or to watch ("watch"). */
  readonly onNewTasks: (tasks: readonly Task[], mode: 'ask' | 'watch') => void;
  readonly log?: { info(message: string): void };
  readonly random?: () => number;
}

export class AccountFollower implements ListFollower {
  private lastLookAt: number | undefined;
  private lastPages = 1;
  private failures = 0;
  private offUntil = 0;
  private focused = true;
  private catchUp = false;
  private rebaselining = false;
  private lastMode: NewTasksMode | undefined;
  private warnedCapped = false;
  /** New tasks seen in "ask" mode, not announced yet: when first seen (monotonic) and created. */
  private readonly pending = new Map<string, { readonly seenAt: number; readonly created: number }>();
  /** Tasks announced or watched that the mark has not passed (it stops below a pending one). */
  private readonly told = new Map<string, number>();

  constructor(private readonly o: FollowerOptions) {}

  readonly maxPages = FOLLOW_MAX_PAGES;

  /** When (monotonic ms) the next look of its own is due; undefined while none is to be made. */
  dueAt(order: ListOrder): number | undefined {
    if (this.mode() === 'off' || !this.focused) return undefined;
    if (this.lastLookAt === undefined) return this.offUntil;
    const pace = this.pending.size ? SETTLE_MS : FOLLOW_IDLE_MS * (order === 'newest-first' ? 1 : Math.max(1, this.lastPages));
    const due = this.lastLookAt + (this.catchUp ? Math.min(pace, CATCH_UP_GAP_MS) : pace);
    return Math.max(due, this.offUntil);
  }

  /** Rows to ask for on the first page of a look of its own. */
  firstLimit(order: ListOrder): number | undefined {
    return order === 'newest-first' ? FOLLOW_LIGHT_LIMIT : undefined;
  }

  /** Whether a walk must read on for this look to count (it has not seen everything newer than the mark). */
  wants(view: ListView): boolean {
    return !this.covers(view, this.o.mark.value);
  }

  setFocused(focused: boolean): void {
    if (focused && !this.focused) this.catchUp = true;
    this.focused = focused;
  }

  /** Another account (a new token, another API base URL): its existing tasks are not news. */
  rebaseline(): void {
    this.rebaselining = true;
    this.pending.clear();
    this.told.clear();
  }

  /** Its own look failed. (A 429 holds every request in the scheduler; the pause here comes on top.) */
  failed(error: ApiError): void {
    this.failures++;
    const now = this.o.clock.monotonic();
    this.offUntil = now + errorDelay(error, this.failures, FOLLOW_IDLE_MS, (this.o.random ?? Math.random)());
  }

  /** A walk from the top: the sweep's (`own` false) or one made for this look. */
  observe(view: ListView, own: boolean): void {
    if (this.mode() === 'off') return;
    const mark = this.o.mark.value;
    const capped = own && !view.reachedEnd && view.pages >= FOLLOW_MAX_PAGES;
    if (!this.covers(view, mark) && !capped) return;
    if (capped && !this.warnedCapped) {
      this.warnedCapped = true;
      this.o.log?.info(
        `The Extruct task list is not newest first and longer than ${FOLLOW_MAX_PAGES} pages: a new task further down may be missed.`,
      );
    }
    const now = this.o.clock.monotonic();
    this.lastLookAt = now;
    this.catchUp = false;
    if (own) {
      this.lastPages = view.pages;
      this.failures = 0;
      this.offUntil = 0;
    }
    let newest = mark ?? 0;
    const fresh: Array<{ task: Task; created: number }> = [];
    const seen = new Set<string>();
    for (const task of view.rows) {
      const created = createdMs(task);
      if (created === undefined || seen.has(task.id)) continue;
      seen.add(task.id);
      newest = Math.max(newest, created);
      if (mark !== undefined && created > mark && !this.o.history.known(task.id) && !this.told.has(task.id)) fresh.push({ task, created });
    }
    if (mark === undefined || this.rebaselining) {
      this.rebaselining = false;
      this.o.mark.advance(newest);
      return;
    }
    this.decide(fresh, seen, now, newest);
  }

  private decide(fresh: ReadonlyArray<{ task: Task; created: number }>, seen: ReadonlySet<string>, now: number, newest: number): void {
    const mode = this.mode();
    if (mode === 'off') return;
    // Held tasks that were watched by hand meanwhile, or are gone from the list, are dropped.
    for (const id of this.pending.keys()) if (!seen.has(id) || this.o.history.known(id)) this.pending.delete(id);
    const wall = this.o.clock.now();
    const recent = fresh.filter((f) => {
      if (wall - f.created <= NEW_MAX_AGE_MS) return true;
      this.o.log?.info(`Task ${f.task.id} was started elsewhere more than a day ago: not announced.`);
      this.told.set(f.task.id, f.created);
      return false;
    });
    for (const f of recent) if (!this.pending.has(f.task.id)) this.pending.set(f.task.id, { seenAt: now, created: f.created });
    // Told together: once every one seen has settled (or the oldest waited long enough, should more keep coming).
    const waited = (f: { task: Task }): number => now - (this.pending.get(f.task.id)?.seenAt ?? now);
    const settled = recent.filter((f) => waited(f) >= SETTLE_MS);
    const ready = mode === 'watch' || settled.length === recent.length || recent.some((f) => waited(f) >= SETTLE_BATCH_MS) ? settled : [];
    if (mode === 'watch') ready.push(...recent.filter((f) => !settled.includes(f)));
    for (const r of ready) {
      this.pending.delete(r.task.id);
      this.told.set(r.task.id, r.created);
    }
    // The mark stops below the oldest task still held, so that a restart does not lose it.
    let next = newest;
    for (const p of this.pending.values()) next = Math.min(next, p.created - 1);
    const before = this.o.mark.value ?? -Infinity;
    if (next > before) this.o.mark.advance(next);
    const passed = this.o.mark.value ?? -Infinity;
    for (const [id, created] of this.told) if (created <= passed) this.told.delete(id);
    if (ready.length) {
      ready.sort((a, b) => a.created - b.created);
      this.o.onNewTasks(
        ready.map((r) => r.task),
        mode,
      );
    }
  }

  /** Whether the rows read so far hold every task newer than `mark`. */
  private covers(view: ListView, mark: number | undefined): boolean {
    if (view.reachedEnd) return true;
    if (view.order !== 'newest-first') return false;
    if (mark === undefined) return view.rows.length > 0;
    return view.rows.some((t) => {
      const at = createdMs(t);
      return at !== undefined && at <= mark;
    });
  }

  /** The setting, noting a change from "off" (what came meanwhile is not news). */
  private mode(): NewTasksMode {
    const mode = this.o.mode();
    if (this.lastMode === 'off' && mode !== 'off') this.rebaseline();
    this.lastMode = mode;
    return mode;
  }
}
