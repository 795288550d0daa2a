/**
 * Sorting and filtering of result rows for the results table. Pure and structural, so the panel's
 * webview script and the unit tests share it. Rows without a value always sort last, in either direction.
 */

export interface SortableRow {
  readonly id: string;
  readonly name: string | null;
  readonly website: string | null;
  readonly description: string | null;
  readonly relevance: number | null;
  readonly scores: Readonly<Record<string, { readonly grade: number | null }>>;
}

/** `relevance`, `name`, or a criterion key prefixed with `criterion:`. */
export type SortColumn = 'relevance' | 'name' | `criterion:${string}`;
export type SortDirection = 'ascending' | 'descending';

export interface SortSpec {
  readonly column: SortColumn;
  readonly direction: SortDirection;
}

export const DEFAULT_SORT: SortSpec = { column: 'relevance', direction: 'descending' };

function valueOf(row: SortableRow, column: SortColumn): number | string | null {
  if (column === 'relevance') return row.relevance;
  if (column === 'name') return row.name?.trim().toLowerCase() || null;
  const key = column.slice('criterion:'.length);
  return Object.hasOwn(row.scores, key) ? (row.scores[key]?.grade ?? null) : null;
}

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** A sorted copy. Stable: ties keep the API's order (relevance descending). */
export function sortRows<T extends SortableRow>(rows: readonly T[], spec: SortSpec): T[] {
  const sign = spec.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row, spec.column) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === null ? 1 : -1;
      }
      return sign * compareValues(a.value, b.value) || a.index - b.index;
    })
    .map((x) => x.row);
}

/** Rows whose name, website or description contain every word of the query (case-insensitive). */
export function filterRows<T extends SortableRow>(rows: readonly T[], query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const hay = [row.name, row.website, row.description]
      .filter((s): s is string => !!s)
      .join('\n')
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Clicking a header: a new column starts descending (best first), the same column flips. */
export function nextSort(current: SortSpec, column: SortColumn): SortSpec {
  if (current.column !== column) return { column, direction: column === 'name' ? 'ascending' : 'descending' };
  return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}
