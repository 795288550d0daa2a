/**
 * Export formats for a task's results. CSV follows RFC 4180 (comma, CRLF, fields with a comma, quote or
 * line break are quoted, quotes doubled) and guards against formula injection: a text cell that starts
 * with = + - @ (or a tab or carriage return) gets a leading apostrophe, so spreadsheets show it as text.
 * JSON is `{task, results}`, pretty-printed.
 */
import type { ResultRow, Task } from '../api/types';
import { taskToWire } from '../api/validate';

export interface CriterionColumn {
  readonly key: string;
  readonly name: string;
}

/** The task's criteria, then any criterion key that only the rows' scores mention. */
export function criterionColumns(task: Task | undefined, rows: readonly ResultRow[]): CriterionColumn[] {
  const out: CriterionColumn[] = (task?.criteria ?? []).map((c) => ({ key: c.key, name: c.name }));
  const seen = new Set(out.map((c) => c.key));
  for (const row of rows) {
    for (const key of Object.keys(row.scores)) {
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ key, name: key });
      }
    }
  }
  return out;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell's text with the formula guard applied (numbers are left alone). */
export function guardCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting of one (already guarded) field. */
export function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const BASE_COLUMNS = [
  'id',
  'company_name',
  'company_website',
  'company_description',
  'relevance',
  'founding_year',
  'employee_count',
  'hq_city',
  'hq_state_province',
  'hq_country',
  'source',
  'company_full_description',
  'company_profile_id',
  'created_at',
] as const;

/** The CSV as a table of cell texts (header first), guarded but not yet quoted. */
export function csvRecords(task: Task | undefined, rows: readonly ResultRow[]): string[][] {
  const criteria = criterionColumns(task, rows);
  const legacy = rows.some((r) => r.justification !== null);
  const header = [
    ...BASE_COLUMNS,
    // eslint-disable-next-line extruct/localised-text -- a data file's column names stay the same in every language, for the scripts that read it
    ...criteria.flatMap((c) => [`${c.name} (grade)`, `${c.name} (explanation)`, `${c.name} (sources)`]),
    ...(legacy ? ['justification'] : []),
  ];
  const body = rows.map((row) => [
    ...BASE_COLUMNS.map((k) => guardCell(row[k])),
    ...criteria.flatMap((c) => {
      const s = Object.hasOwn(row.scores, c.key) ? row.scores[c.key] : undefined;
      return [guardCell(s?.grade), guardCell(s?.explanation), guardCell(s?.sources.join(' '))];
    }),
    ...(legacy ? [guardCell(row.justification)] : []),
  ]);
  return [header.map((h) => guardCell(h)), ...body];
}

export function toCsv(task: Task | undefined, rows: readonly ResultRow[]): string {
  return (
    csvRecords(task, rows)
      .map((r) => r.map(quoteField).join(','))
      .join('\r\n') + '\r\n'
  );
}

/** Everything the API sent: every documented field, and the undocumented ones side by side, as the API named them. */
export function toJson(task: Task | undefined, rows: readonly ResultRow[]): string {
  return `${JSON.stringify({ task: task ? taskToWire(task) : null, results: rows.map(rowToWire) }, null, 2)}\n`;
}

function rowToWire(row: ResultRow): Record<string, unknown> {
  const { extra, ...known } = row;
  const out: Record<string, unknown> = { ...known };
  for (const [k, v] of Object.entries(extra ?? {}))
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** A file name from the query: letters, digits and dashes, at most 60 characters. */
export function exportFileName(query: string | null | undefined, id: string, extension: 'csv' | 'json'): string {
  const base = (query ?? '')
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
    .toLowerCase();
  return `${base || `extruct-${id.slice(0, 8)}`}-results.${extension}`;
}
