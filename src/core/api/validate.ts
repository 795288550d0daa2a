/**
 * Validation at the boundary: turns untrusted JSON into the types of types.ts.
 *
 * Tolerant where the API may legitimately vary (unknown fields ignored, optional fields missing or null,
 * unknown status strings kept), strict only where nothing sensible can be shown (no object, no `id`,
 * no `status`). Sizes are capped so that a hostile or broken response cannot flood the UI.
 */
import type { Account, Criterion, CriterionScore, ResultRow, ResultsPage, Task } from './types';

export const LIMITS = {
  /** Longest string kept from any field; longer ones are cut and end in "…". */
  text: 10_000,
  criteria: 200,
  excludeDomains: 1_000,
  dataSources: 20,
  sourcesPerScore: 50,
  scoresPerRow: 200,
  rowsPerPage: 1_000,
  /** Undocumented fields kept from an answer (shown in the panel's raw answer, exported to JSON). */
  extraFields: 50,
  extraBytes: 16_000,
} as const;

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

type Obj = Readonly<Record<string, unknown>>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  if (v.length <= LIMITS.text) return v;
  // Never cut between the two halves of a surrogate pair (an emoji): that would leave a broken character.
  const end = isHighSurrogate(v.charCodeAt(LIMITS.text - 2)) ? LIMITS.text - 2 : LIMITS.text - 1;
  return `${v.slice(0, end)}…`;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** A count: a finite number, floored, never negative. Anything else counts as 0. */
function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

function int(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null;
}

function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

function strings(v: unknown, max: number): string[] | null {
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const item of v) {
    if (out.length >= max) break;
    const s = text(item);
    if (s !== null) out.push(s);
  }
  return out;
}

/**
 * A timestamp as one ISO string in UTC. The API writes `…Z`, but a date-time without an offset must be
 * read as UTC too (the server's time), never as the local time of whoever reads it. Text that is no
 * date stays as it was, for people to read.
 */
function timestamp(v: unknown): string | null {
  const s = text(v);
  if (s === null) return null;
  const bare = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(s.trim());
  const ms = Date.parse(bare ? `${bare[1]}T${bare[2]}Z` : s.trim());
  return Number.isNaN(ms) ? s : new Date(ms).toISOString();
}

/** The fields of an answer this version does not know: kept (bounded), so that nothing the API says is lost. */
function extras(v: Obj, known: ReadonlySet<string>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let n = 0;
  let bytes = 0;
  for (const [key, value] of Object.entries(v)) {
    if (known.has(key)) continue;
    if (n >= LIMITS.extraFields || bytes >= LIMITS.extraBytes) break;
    let json: string | undefined;
    try {
      json = JSON.stringify(value); // parsed JSON: never undefined
    } catch {
      json = undefined; // a stack overflow on thousands of levels of nesting
    }
    const kept = json === undefined ? '(too deeply nested to keep)' : json.length <= 4_000 ? value : `${json.slice(0, 3_999)}…`;
    json ??= '';
    bytes += key.length + Math.min(json.length, 4_000);
    n++;
    // An own property even for "__proto__" (see validateResultRow).
    Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
  }
  return n ? out : undefined;
}

const TASK_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'created_at',
  'status',
  'query',
  'desired_num_results',
  'is_exhausted',
  'num_results_discovered',
  'num_results_enriched',
  'num_results_evaluated',
  'num_results',
  'table_id',
  'auto_data_sources',
  'data_sources',
  'criteria',
  'exclude_domains',
]);
const RESULTS_PAGE_FIELDS: ReadonlySet<string> = new Set([...TASK_FIELDS, 'results']);
const ROW_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'task_id',
  'company_name',
  'company_website',
  'company_description',
  'company_full_description',
  'company_profile_id',
  'relevance',
  'created_at',
  'founding_year',
  'employee_count',
  'hq_country',
  'hq_state_province',
  'hq_city',
  'source',
  'scores',
  'justification',
  'src_result_link',
  'src_result_title',
]);

function criteria(v: unknown): Criterion[] | null {
  if (!Array.isArray(v)) return null;
  const out: Criterion[] = [];
  for (const item of v) {
    if (out.length >= LIMITS.criteria) break;
    if (!isObj(item)) continue;
    const key = text(item.key);
    if (!key) continue;
    out.push({ key, name: text(item.name) ?? key, criterion: text(item.criterion) ?? '' });
  }
  return out;
}

/** Validates one task object (`DiscoveryTaskOutput`). */
export function validateTask(v: unknown): Validation<Task> {
  return readTask(v, TASK_FIELDS);
}

function readTask(v: unknown, known: ReadonlySet<string>): Validation<Task> {
  if (!isObj(v)) return { ok: false, reason: 'expected a task object' };
  const id = text(v.id);
  if (!id) return { ok: false, reason: 'the task has no "id"' };
  const status = text(v.status);
  if (!status) return { ok: false, reason: 'the task has no "status"' };
  const extra = extras(v, known);
  return {
    ok: true,
    value: {
      id,
      status,
      created_at: timestamp(v.created_at),
      query: text(v.query),
      desired_num_results: int(v.desired_num_results),
      is_exhausted: v.is_exhausted === true,
      num_results_discovered: count(v.num_results_discovered),
      num_results_enriched: count(v.num_results_enriched),
      num_results_evaluated: count(v.num_results_evaluated),
      num_results: count(v.num_results),
      table_id: text(v.table_id),
      auto_data_sources: bool(v.auto_data_sources),
      data_sources: strings(v.data_sources, LIMITS.dataSources),
      criteria: criteria(v.criteria),
      exclude_domains: strings(v.exclude_domains, LIMITS.excludeDomains),
      ...(extra ? { extra } : {}),
    },
  };
}

/** The task as the API sent it: the known fields and the kept unknown ones side by side (for storage and display). */
export function taskToWire(task: Task): Record<string, unknown> {
  const { extra, ...known } = task;
  const out: Record<string, unknown> = { ...known };
  for (const [k, v] of Object.entries(extra ?? {}))
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Validates the list endpoint's bare array; entries that are not tasks are skipped. */
export function validateTaskList(v: unknown): Validation<Task[]> {
  if (!Array.isArray(v)) return { ok: false, reason: 'expected a list of tasks' };
  const out: Task[] = [];
  for (const item of v) {
    const t = validateTask(item);
    if (t.ok) out.push(t.value);
  }
  return { ok: true, value: out };
}

function score(v: unknown): CriterionScore | null {
  if (!isObj(v)) return null;
  const grade = int(v.grade);
  return {
    grade: grade !== null && grade >= 1 && grade <= 5 ? grade : null,
    explanation: text(v.explanation),
    sources: strings(v.sources, LIMITS.sourcesPerScore) ?? [],
  };
}

/** Validates one result row; rows without an id get a stable one from their position and name. */
export function validateResultRow(v: unknown, fallbackId: string): ResultRow | null {
  if (!isObj(v)) return null;
  const scores: Record<string, CriterionScore> = {};
  if (isObj(v.scores)) {
    let n = 0;
    for (const [key, value] of Object.entries(v.scores)) {
      if (n++ >= LIMITS.scoresPerRow) break;
      const s = score(value);
      // An own property even for the key "__proto__" (JSON.parse makes it an own key): plain assignment
      // would replace the prototype of `scores` instead.
      if (s) Object.defineProperty(scores, key, { value: s, enumerable: true, writable: true, configurable: true });
    }
  }
  const website = text(v.company_website) ?? text(v.src_result_link);
  const extra = extras(v, ROW_FIELDS);
  return {
    id: text(v.id) || website || fallbackId, // an empty id is no id: rows must stay distinguishable
    task_id: text(v.task_id),
    company_name: text(v.company_name) ?? text(v.src_result_title),
    company_website: website,
    company_description: text(v.company_description),
    company_full_description: text(v.company_full_description),
    company_profile_id: text(v.company_profile_id),
    created_at: timestamp(v.created_at),
    relevance: int(v.relevance),
    founding_year: int(v.founding_year),
    employee_count: text(v.employee_count),
    hq_country: text(v.hq_country),
    hq_state_province: text(v.hq_state_province),
    hq_city: text(v.hq_city),
    source: text(v.source),
    scores,
    justification: text(v.justification),
    ...(extra ? { extra } : {}),
  };
}

/** Validates a results page: the task fields plus `results`. */
export function validateResultsPage(v: unknown, offset: number): Validation<ResultsPage> {
  const task = readTask(v, RESULTS_PAGE_FIELDS);
  if (!task.ok) return task;
  const raw = (v as Obj).results;
  if (!Array.isArray(raw)) return { ok: false, reason: 'the results page has no "results" list' };
  const results: ResultRow[] = [];
  raw.slice(0, LIMITS.rowsPerPage).forEach((row, i) => {
    const r = validateResultRow(row, `row-${offset + i}`);
    if (r) results.push(r);
  });
  return { ok: true, value: { task: task.value, results } };
}

export function validateAccount(v: unknown): Validation<Account> {
  if (!isObj(v)) return { ok: false, reason: 'expected a user object' };
  return {
    ok: true,
    value: {
      user_id: text(v.user_id),
      email: text(v.email),
      available_credits: int(v.available_credits),
      organization_name: text(v.organization_name),
    },
  };
}
