/**
 * What `GET /v1/discovery_tasks` has shown of itself. Its docs give neither a page size nor an order,
 * so both are learned from its answers, never assumed:
 *
 *  - **Page size.** The most rows one answer ever held is the server's page size as far as anyone knows
 *    (it may cap `limit` silently). A page with fewer rows than that, or than asked, is the list's last;
 *    before the size is known, only an empty page is.
 *  - **Order.** Adjacent rows are compared by `created_at`: once ORDER_EVIDENCE pairs were newest first
 *    and none was not, the list is taken to be newest first (new tasks appear on its first page); one
 *    pair out of that order, and it is not, for good.
 *  - **Where each followed task was last seen**, so that a walk knows which pages are worth a request
 *    (sweep.ts), and whether those places hold: a list whose order changes from one request to the next
 *    (each page a new shuffle) makes them worthless, and its walks prove nothing about a task they missed.
 */
import type { Task } from '../api/types';

/** Newest-first pairs needed before the list is taken to be newest first (10 random rows fall in that order once in 3.6 million). */
const ORDER_EVIDENCE = 9;

export type ListOrder = 'newest-first' | 'other' | 'unknown';

/** `created_at` in ms, or undefined when missing or no date. */
export function createdMs(task: Task): number | undefined {
  if (!task.created_at) return undefined;
  const ms = Date.parse(task.created_at);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Looks for tasks where they were last seen, counted over the last this many (the hit rate). */
const HIT_WINDOW = 40;
/** Below this share of tasks found where expected, places are not trusted any more. */
const MIN_HIT_RATE = 0.5;

export class ListShape {
  private maxRows = 0;
  private inOrder = 0;
  private outOfOrder = 0;
  private readonly where = new Map<string, number>();
  /** Whether each recent look for a task where it was last seen found it there. */
  private readonly hits: boolean[] = [];
  /** Where the next page read to discover tasks not seen yet starts. */
  discoveryAt = 0;
  /** The newest `created_at` on the list's first page when it was last read. */
  private topCreated: number | undefined;

  /** The server's page size as far as its answers tell; undefined before any row came. */
  get pageSize(): number | undefined {
    return this.maxRows || undefined;
  }

  get order(): ListOrder {
    if (this.outOfOrder > 0) return 'other';
    return this.inOrder >= ORDER_EVIDENCE ? 'newest-first' : 'unknown';
  }

  /**
   * Takes in one page of a walk from the top: `rows` answered a request for `limit` rows at `offset`;
   * `before` is the last row of the previous page of the same walk. Returns whether it is the last page.
   */
  learn(offset: number, limit: number, rows: readonly Task[], before: Task | undefined, tracked: ReadonlySet<string>): boolean {
    const last = rows.length === 0 || rows.length < Math.min(limit, this.maxRows);
    this.maxRows = Math.max(this.maxRows, rows.length);
    if (offset === 0) this.newOnTop(rows);
    let previous = before === undefined ? undefined : createdMs(before);
    rows.forEach((task, i) => {
      const at = createdMs(task);
      if (at !== undefined && previous !== undefined) {
        if (at <= previous) this.inOrder++;
        else this.outOfOrder++;
      }
      if (at !== undefined) previous = at;
      if (tracked.has(task.id)) this.where.set(task.id, offset + i);
    });
    return last;
  }

  /**
   * A newest-first list grows at the top: every row moves down by the number of tasks created since
   * its first page was last read, and so do the places remembered.
   */
  private newOnTop(rows: readonly Task[]): void {
    const created = rows.map(createdMs).filter((c): c is number => c !== undefined);
    const before = this.topCreated;
    if (created.length) this.topCreated = Math.max(before ?? -Infinity, ...created);
    if (before === undefined || this.order !== 'newest-first') return;
    const moved = created.filter((c) => c > before).length;
    if (moved) for (const [id, at] of this.where) this.where.set(id, at + moved);
  }

  /** Whether a task is still found where it was last seen (false once a list shows it is reshuffled). */
  get placesHold(): boolean {
    if (this.hits.length < 4) return true;
    return this.hits.filter(Boolean).length >= MIN_HIT_RATE * this.hits.length;
  }

  /** A page was read where the task was expected: it was there, or not. */
  looked(found: boolean): void {
    this.hits.push(found);
    if (this.hits.length > HIT_WINDOW) this.hits.shift();
  }

  /** Where the task was last seen (its offset), if it was. */
  positionOf(id: string): number | undefined {
    return this.where.get(id);
  }

  forget(id: string): void {
    this.where.delete(id);
  }

  /** Forgets the positions of tasks no longer followed. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.where.keys()) if (!ids.has(id)) this.where.delete(id);
  }
}
