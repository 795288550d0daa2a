/**
 * The sweep: one walk down `GET /v1/discovery_tasks` answers for many running tasks at once, where
 * per-task polling makes one request each. It is a source of snapshots, not a new truth:
 *
 *  - The list's order and page size are undocumented, so neither is assumed (listShape.ts learns both).
 *    The walk starts at the top and reads on while the next page is worth a request: the last page
 *    held a task it looks for, or the places where they were last seen say the next one does. On a list
 *    that holds still, it then reads the pages further down where they were last seen, and (on one not
 *    newest first) one page of a round that discovers the places of tasks never seen. It never
 *    reads more pages than it has found tasks, plus one: with the tasks it did not reach asked about on
 *    their own, a sweep costs at most one request more than polling each task, whatever the size of the
 *    account's history. A short page is the last only once the server's page size is known.
 *  - Another reader of the list (the account follower, follow/follower.ts) may ask it to read on.
 *  - A task the list shows ended (done or failed) is not recorded from the list: the scheduler confirms
 *    it with `GET /v1/discovery_tasks/{id}`, the documented polling endpoint, before anyone is told.
 *  - An answer older than the last one the scheduler has for a task is dropped (sweeper.ts).
 *
 * The figures behind the rules are in bench/RESULTS.md ("One request for all running tasks").
 */
import type { ApiError, Result } from '../api/errors';
import type { Task } from '../api/types';
import type { Page } from '../api/client';
import type { ListOrder, ListShape } from './listShape';

/** Rows asked for per page (the server may answer fewer: its page size is learned). */
export const SWEEP_PAGE_SIZE = 100;
/** The sweep runs while at least this many tasks are followed (the bench's pick: see bench/RESULTS.md). */
export const SWEEP_MIN_TASKS = 3;

export type ListTasks = (page: Page) => Promise<Result<Task[]>>;

/** The rows a walk read, from the top, in the list's order. */
export interface ListView {
  readonly rows: readonly Task[];
  readonly pages: number;
  /** The walk read to the end of the list. */
  readonly reachedEnd: boolean;
  readonly order: ListOrder;
}

export interface WalkRequest {
  /** The tasks to find. */
  readonly wanted: ReadonlySet<string>;
  /** Rows asked for on the first page (SWEEP_PAGE_SIZE by default; then always SWEEP_PAGE_SIZE). */
  readonly firstLimit?: number;
  /** Another reader's reason to read on after a page (the account follower's), with its own page bound. */
  readonly readOn?: { readonly wants: (view: ListView) => boolean; readonly maxPages: number };
}

export interface SweepOutcome extends ListView {
  /** The wanted tasks seen, each in the last page that held it. */
  readonly found: ReadonlyMap<string, Task>;
  /** Rows read further down, where tasks were last seen or to discover them (not part of `rows`). */
  readonly otherRows: readonly Task[];
  /** No task came twice: the list held still during the walk (a walk that did not cannot prove a task absent). */
  readonly consistent: boolean;
  /** Why the walk stopped early, if a page failed (what was read before it still counts). */
  readonly error?: ApiError;
}

/** Rows a task may have moved down since it was seen (tasks created meanwhile, in a list not newest first). */
const SLACK = 1;

/** Walks the list from the top for the wanted tasks (and for whoever else asks it to read on). */
export async function sweepList(list: ListTasks, request: WalkRequest, shape: ListShape): Promise<SweepOutcome> {
  const w = new Walk(list, request.wanted, shape);
  const { readOn } = request;
  // A list whose order is known and holds still: the places where tasks were last seen say which pages
  // to read, so the walk from the top goes on only while it meets tasks never seen.
  const byPlace = shape.order !== 'unknown' && shape.placesHold;
  // From the top, without a gap: while a page pays, or another reader wants more.
  let limit = request.firstLimit ?? SWEEP_PAGE_SIZE;
  for (;;) {
    const page = await w.read(w.top, limit);
    if (!page) return w.outcome(false);
    if (page.last) return w.outcome(true);
    // A list reshuffled from one request to the next: a page further down is a lottery.
    const pays = !shape.placesHold ? false : byPlace ? page.newHere > 0 : page.foundHere > 0 || w.expectedNear(w.top) > 0;
    const forTasks = w.affordable() && pays;
    const forOther = readOn !== undefined && w.pages < readOn.maxPages && readOn.wants(w.view(false));
    if (!forTasks && !forOther) break;
    limit = SWEEP_PAGE_SIZE;
  }
  // Further down: the pages where they were last seen; on a list not newest first, then on with
  // the round that discovers the places of tasks never seen (on a newest-first one they come on top).
  if (byPlace && !(await w.jumps())) return w.outcome(false);
  if (byPlace && shape.order === 'other' && !(await w.discover())) return w.outcome(false);
  return w.outcome(false);
}

/** One walk: what it read, found and cost. */
class Walk {
  private readonly found = new Map<string, Task>();
  private readonly rows: Task[] = [];
  private readonly otherRows: Task[] = [];
  private readonly seen = new Set<string>();
  private duplicates = 0;
  private error: ApiError | undefined;
  pages = 0;

  constructor(
    private readonly list: ListTasks,
    private readonly wanted: ReadonlySet<string>,
    private readonly shape: ListShape,
  ) {}

  /** Where the rows read from the top without a gap end. */
  get top(): number {
    return this.rows.length;
  }

  /** One more page keeps the walk within one request more than the tasks it found. */
  affordable(): boolean {
    return this.found.size < this.wanted.size && this.pages <= this.found.size;
  }

  view(reachedEnd: boolean): ListView {
    return { rows: this.rows, pages: this.pages, reachedEnd, order: this.shape.order };
  }

  outcome(reachedEnd: boolean): SweepOutcome {
    return {
      ...this.view(reachedEnd),
      found: this.found,
      otherRows: this.otherRows,
      consistent: this.duplicates === 0,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Reads a page; undefined when it failed (the walk ends). */
  async read(
    offset: number,
    limit: number,
  ): Promise<{ last: boolean; foundHere: number; newHere: number; rows: readonly Task[] } | undefined> {
    this.pages++;
    let r: Result<Task[]>;
    try {
      r = await this.list({ offset, limit });
    } catch (e) {
      r = { ok: false, error: { kind: 'unexpected', message: e instanceof Error ? e.message : String(e) } };
    }
    if (!r.ok) {
      this.error = r.error;
      return undefined;
    }
    const onTop = offset === this.top;
    const unplaced = new Set(r.value.filter((t) => this.wanted.has(t.id) && this.shape.positionOf(t.id) === undefined).map((t) => t.id));
    const last = this.shape.learn(offset, limit, r.value, onTop ? this.rows.at(-1) : undefined, this.wanted);
    let foundHere = 0;
    for (const task of r.value) {
      if (this.seen.has(task.id)) this.duplicates++;
      this.seen.add(task.id);
      if (!this.wanted.has(task.id)) continue;
      if (!this.found.has(task.id)) foundHere++;
      this.found.set(task.id, task);
    }
    (onTop ? this.rows : this.otherRows).push(...r.value);
    return { last, foundHere, newHere: unplaced.size, rows: r.value };
  }

  /**
   * How many of the tasks not found yet were last seen on the page from `offset`, or on the page before
   * it (a list that grows pushes older rows down).
   */
  expectedNear(offset: number): number {
    const size = this.shape.pageSize ?? SWEEP_PAGE_SIZE;
    return this.missing().filter(([, at]) => at !== undefined && at >= offset - size && at < offset + size).length;
  }

  /** Reads each page where tasks not found yet were last seen, while that pays. False when a page failed. */
  async jumps(): Promise<boolean> {
    const size = this.shape.pageSize ?? SWEEP_PAGE_SIZE;
    let from = this.top;
    for (;;) {
      const ahead = this.missing()
        .flatMap(([id, at]) => (at !== undefined && at >= from ? [{ id, at }] : []))
        .sort((a, b) => a.at - b.at);
      const first = ahead[0];
      if (!first || !this.affordable()) return true;
      // Rows only move down (tasks created meanwhile): a page from the first place holds the others that fit.
      // Alone on its page, it costs as much as its own request: the page is read all the same, for the
      // places of the tasks around it (and so the sweep answers for every task it can).
      const start = first.at;
      const inside = ahead.filter((t) => t.at < start + size - SLACK);
      const page = await this.read(start, SWEEP_PAGE_SIZE);
      if (!page) return false;
      for (const t of inside) {
        const there = this.found.has(t.id);
        this.shape.looked(there);
        if (!there) this.shape.forget(t.id);
      }
      if (page.last) return true;
      from = start + page.rows.length;
    }
  }

  /**
   * Goes on with the round through the list that finds the places of tasks never seen: a page per walk,
   * and the next while the last found one. False when a page failed.
   */
  async discover(): Promise<boolean> {
    while (this.affordable() && this.missing().some(([, at]) => at === undefined)) {
      const at = Math.max(this.shape.discoveryAt, this.top);
      const page = await this.read(at, SWEEP_PAGE_SIZE);
      if (!page) return false;
      this.shape.discoveryAt = page.last ? 0 : at + page.rows.length;
      if (page.newHere === 0) return true;
    }
    return true;
  }

  private missing(): Array<[string, number | undefined]> {
    const out: Array<[string, number | undefined]> = [];
    for (const id of this.wanted) if (!this.found.has(id)) out.push([id, this.shape.positionOf(id)]);
    return out;
  }
}
