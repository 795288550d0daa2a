/**
 * Reading every result of a task, page by page. The API has no total and no cursor, and documents neither
 * the largest `limit` nor what happens above it: a server may answer fewer rows than asked without the
 * list having ended. So the offset advances by the rows received, and reading stops on an empty page,
 * never on a short one. Pages ask for 50 rows, as the API's own example and Extruct's CLI do.
 *
 * While a task runs, new rows are inserted in relevance order, so an offset page can repeat rows of the
 * previous one; rows are de-duplicated by `id` (first copy kept).
 */
import * as l10n from '@vscode/l10n';
import type { ApiError, Result } from '../api/errors';
import type { ResultRow, ResultsPage, Task } from '../api/types';

const PAGE_SIZE = 50;
/** A task holds at most 250 results; legacy tasks could ask for 1000. Never read more than this. */
const MAX_ROWS = 2_000;

export type PageFetcher = (page: { readonly offset: number; readonly limit: number }) => Promise<Result<ResultsPage>>;

export interface AllResults {
  /** The task as the last page described it (undefined when no page was read). */
  readonly task: Task | undefined;
  /** Unique rows in the order first seen (relevance descending, as the API orders them). */
  readonly rows: ResultRow[];
  readonly pages: number;
  /** Rows that appeared again on a later page and were dropped. */
  readonly duplicates: number;
  /** False when reading stopped early: an error (see `error`) or the MAX_ROWS cap. */
  readonly complete: boolean;
  readonly error?: ApiError;
}

export interface FetchAllOptions {
  readonly limit?: number;
  readonly maxRows?: number;
  /** Called after each page with the rows so far, e.g. to show progress. */
  readonly onPage?: (rowsSoFar: number, pages: number) => void;
}

export async function fetchAllResults(fetchPage: PageFetcher, options: FetchAllOptions = {}): Promise<AllResults> {
  const limit = Math.max(1, Math.floor(options.limit ?? PAGE_SIZE));
  const maxRows = options.maxRows ?? MAX_ROWS;
  const byId = new Map<string, ResultRow>();
  let task: Task | undefined;
  let pages = 0;
  let duplicates = 0;
  const done = (complete: boolean, error?: ApiError): AllResults => ({
    task,
    rows: [...byId.values()].slice(0, maxRows),
    pages,
    duplicates,
    complete,
    ...(error ? { error } : {}),
  });
  for (let offset = 0; ;) {
    const r = await fetchPage({ offset, limit });
    if (!r.ok) return done(false, r.error);
    pages++;
    task = r.value.task;
    const received = r.value.results.length;
    if (received === 0) return done(true);
    for (const row of r.value.results) {
      if (byId.has(row.id)) duplicates++;
      else byId.set(row.id, row);
    }
    options.onPage?.(byId.size, pages);
    offset += received;
    if (offset >= maxRows) return done(false);
  }
}

/** "250 of 250 results", or "120 of 250 results (the task is still running)": what was read, against what the task counts. */
export function loadedText(loaded: number, task: Task | undefined, running: boolean): string {
  const total = task?.num_results;
  const one = (total ?? loaded) === 1;
  if (total !== undefined && total !== loaded) {
    if (running)
      return one
        ? l10n.t('{0} of {1} result (the task is still running, more may come)', loaded, total)
        : l10n.t('{0} of {1} results (the task is still running, more may come)', loaded, total);
    return one ? l10n.t('{0} of {1} result', loaded, total) : l10n.t('{0} of {1} results', loaded, total);
  }
  if (running)
    return one
      ? l10n.t('{0} result (the task is still running, more may come)', loaded)
      : l10n.t('{0} results (the task is still running, more may come)', loaded);
  return one ? l10n.t('{0} result', loaded) : l10n.t('{0} results', loaded);
}
