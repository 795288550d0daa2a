// Request validation with FastAPI/pydantic-shaped 422 details: {"detail":[{"type","loc","msg","input"}]}.
//
// POST /v1/discovery_tasks, every rule of the API document (docs/extruct-api.md §5), in its field order, with `loc`:
//   query                        required string (the fake also wants at least 1 character)   body.query
//   desired_num_results          integer 1..250 (default 100)                                  body.desired_num_results
//   table.id / table.columns[i]  UUIDs; table.run / table.auto_import booleans                  body.table.…
//   auto_data_sources            boolean                                                        body.auto_data_sources
//   data_sources[i]              'web_search' | 'linkedin' | 'maps'                             body.data_sources.i
//   criteria[i].key              letters, digits, underscores; starts with a letter            body.criteria.i.key
//   criteria[i].name             1–100 characters                                              body.criteria.i.name
//   criteria[i].criterion        10–500 characters                                             body.criteria.i.criterion
//   exclude_domains[i]           string                                                         body.exclude_domains.i
//   exclude_task_ids             at most 100 UUIDs                                              body.exclude_task_ids(.i)
// then, once every field is valid (a model validator): auto_data_sources false needs a non-empty data_sources (loc
// body), and one rule the document does not state: criterion keys are unique (loc body.criteria; scores are a map
// keyed by them). As pydantic: every field error is reported (not only the first), lengths count code points
// (Python's len), and integers are read leniently (5.0 and "5" are 5; 2.5 and "five" are not).
import { DATA_SOURCES, type CreateTaskBody, type CriterionWire, type DataSource, type TableRefBody } from './types.js';

export interface ValidationItem {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; detail: ValidationItem[] };

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** Python's len(): code points, so an emoji counts once where String.length counts two UTF-16 units. */
const codePoints = (s: string): number => Array.from(s).length;

/** Why `s` is not a UUID as pydantic reads one (hyphenated or 32 hex digits, optionally `urn:uuid:` or braces), or undefined. */
function uuidProblem(s: string): string | undefined {
  const body = s.replace(/^urn:uuid:/i, '').replace(/^\{(.*)\}$/, '$1');
  const bad = /[^0-9a-fA-F-]/.exec(body);
  if (bad)
    return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${bad[0]}\` at ${bad.index + 1}`;
  if (!body.includes('-'))
    return body.length === 32 ? undefined : `invalid length: expected length 32 for simple format, found ${body.length}`;
  const groups = body.split('-');
  if (groups.length !== 5) return `invalid group count: expected 5, found ${groups.length}`;
  const want = [8, 4, 4, 4, 12];
  const i = groups.findIndex((g, k) => g.length !== want[k]);
  return i < 0 ? undefined : `invalid group length in group ${i}: expected ${want[i] ?? 0}, found ${groups[i]?.length ?? 0}`;
}

class Checker {
  readonly errors: ValidationItem[] = [];

  fail(type: string, loc: Array<string | number>, msg: string, input: unknown): undefined {
    this.errors.push({ type, loc, msg, input });
    return undefined;
  }

  /** An integer as pydantic's lax mode reads one: a whole number, or a string of one. */
  int(raw: unknown, loc: Array<string | number>, min: number, max: number): number | undefined {
    const v = typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof v === 'string') this.fail('int_parsing', loc, 'Input should be a valid integer, unable to parse string as an integer', v);
    else if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v))
      this.fail('int_from_float', loc, 'Input should be a valid integer, got a number with a fractional part', v);
    else if (typeof v !== 'number' || !Number.isInteger(v)) this.fail('int_type', loc, 'Input should be a valid integer', v);
    else if (v < min) this.fail('greater_than_equal', loc, `Input should be greater than or equal to ${min}`, v);
    else if (v > max) this.fail('less_than_equal', loc, `Input should be less than or equal to ${max}`, v);
    else return v;
    return undefined;
  }

  /** A string; `min` and `max` count code points, as Python's len() does (an emoji is one character, not two). */
  str(v: unknown, loc: Array<string | number>, min = 0, max = Infinity, pattern?: RegExp): string | undefined {
    const length = typeof v === 'string' ? codePoints(v) : 0;
    if (typeof v !== 'string') this.fail('string_type', loc, 'Input should be a valid string', v);
    else if (length < min) this.fail('string_too_short', loc, `String should have at least ${min} character${min === 1 ? '' : 's'}`, v);
    else if (length > max) this.fail('string_too_long', loc, `String should have at most ${max} character${max === 1 ? '' : 's'}`, v);
    else if (pattern && !pattern.test(v)) this.fail('string_pattern_mismatch', loc, `String should match pattern '${pattern.source}'`, v);
    else return v;
    return undefined;
  }

  bool(v: unknown, loc: Array<string | number>): boolean | undefined {
    if (typeof v === 'boolean') return v;
    this.fail('bool_type', loc, 'Input should be a valid boolean', v);
    return undefined;
  }

  /** An optional (nullable) list; undefined/null pass through as null. */
  list<T>(
    v: unknown,
    loc: Array<string | number>,
    item: (x: unknown, loc: Array<string | number>) => T | undefined,
    max = Infinity,
  ): T[] | null | undefined {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) this.fail('list_type', loc, 'Input should be a valid list', v);
    else if (v.length > max) this.fail('too_long', loc, `List should have at most ${max} items after validation, not ${v.length}`, v);
    else {
      const before = this.errors.length;
      const out = v.map((x, i) => item(x, [...loc, i]));
      if (this.errors.length === before) return out as T[];
    }
    return undefined;
  }

  criterion = (v: unknown, loc: Array<string | number>): CriterionWire | undefined => {
    if (!isRecord(v)) {
      this.fail('model_attributes_type', loc, 'Input should be a valid dictionary or object to extract fields from', v);
      return undefined;
    }
    const field = (name: string): unknown => (name in v ? v[name] : this.fail('missing', [...loc, name], 'Field required', v));
    const key = 'key' in v ? this.str(v.key, [...loc, 'key'], 0, Infinity, KEY_PATTERN) : field('key');
    const name = 'name' in v ? this.str(v.name, [...loc, 'name'], 1, 100) : field('name');
    const criterion = 'criterion' in v ? this.str(v.criterion, [...loc, 'criterion'], 10, 500) : field('criterion');
    return typeof key === 'string' && typeof name === 'string' && typeof criterion === 'string' ? { key, name, criterion } : undefined;
  };

  dataSource = (v: unknown, loc: Array<string | number>): DataSource | undefined =>
    DATA_SOURCES.find((d) => d === v) ?? this.fail('enum', loc, "Input should be 'web_search', 'linkedin' or 'maps'", v);

  string = (v: unknown, loc: Array<string | number>): string | undefined => this.str(v, loc);

  uuid = (v: unknown, loc: Array<string | number>): string | undefined => {
    const problem = typeof v === 'string' ? uuidProblem(v) : undefined;
    if (typeof v !== 'string') this.fail('uuid_type', loc, 'UUID input should be a string, bytes or UUID object', v);
    else if (problem !== undefined) this.fail('uuid_parsing', loc, `Input should be a valid UUID, ${problem}`, v);
    else return v;
    return undefined;
  };
}

export function parseJson(raw: string): Validated<unknown> {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: msg } }] };
  }
}

const objectBody = (raw: string): Validated<Record<string, unknown>> => {
  if (raw.trim() === '') return { ok: false, detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] };
  const parsed = parseJson(raw);
  if (!parsed.ok) return parsed;
  if (!isRecord(parsed.value)) {
    return {
      ok: false,
      detail: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: parsed.value,
        },
      ],
    };
  }
  return { ok: true, value: parsed.value };
};

export function validateCreateBody(raw: string): Validated<CreateTaskBody> {
  const parsed = objectBody(raw);
  if (!parsed.ok) return parsed;
  const b = parsed.value;
  const c = new Checker();
  let query: string | undefined;
  if ('query' in b) query = c.str(b.query, ['body', 'query'], 1);
  else c.fail('missing', ['body', 'query'], 'Field required', b);
  const body: CreateTaskBody = { query: query ?? '' };
  if (b.desired_num_results !== undefined) body.desired_num_results = c.int(b.desired_num_results, ['body', 'desired_num_results'], 1, 250);
  if (b.table !== undefined && b.table !== null) {
    if (!isRecord(b.table))
      c.fail('model_attributes_type', ['body', 'table'], 'Input should be a valid dictionary or object to extract fields from', b.table);
    else {
      const t = b.table;
      const table: TableRefBody = {};
      if (t.id !== undefined && t.id !== null) table.id = c.uuid(t.id, ['body', 'table', 'id']);
      const columns = c.list(t.columns, ['body', 'table', 'columns'], c.uuid);
      if (columns) table.columns = columns;
      if (t.run !== undefined) table.run = c.bool(t.run, ['body', 'table', 'run']);
      if (t.auto_import !== undefined) table.auto_import = c.bool(t.auto_import, ['body', 'table', 'auto_import']);
      body.table = table;
    }
  }
  if (b.auto_data_sources !== undefined) body.auto_data_sources = c.bool(b.auto_data_sources, ['body', 'auto_data_sources']);
  body.data_sources = c.list(b.data_sources, ['body', 'data_sources'], c.dataSource);
  body.criteria = c.list(b.criteria, ['body', 'criteria'], c.criterion);
  body.exclude_domains = c.list(b.exclude_domains, ['body', 'exclude_domains'], c.string);
  body.exclude_task_ids = c.list(b.exclude_task_ids, ['body', 'exclude_task_ids'], c.uuid, 100);
  // The model-level rules run, as a pydantic `model_validator(mode="after")` does, only once every field is valid.
  if (c.errors.length > 0) return { ok: false, detail: c.errors };
  if (body.auto_data_sources === false && !(body.data_sources && body.data_sources.length > 0)) {
    c.fail('value_error', ['body'], 'Value error, data_sources must be provided when auto_data_sources is false', b);
  }
  if (body.criteria) {
    const keys = body.criteria.map((x) => x.key);
    if (new Set(keys).size !== keys.length)
      c.fail('value_error', ['body', 'criteria'], 'Value error, criterion keys must be unique', b.criteria);
  }
  return c.errors.length > 0 ? { ok: false, detail: c.errors } : { ok: true, value: body };
}

/** The resume body; an empty body means the default of 25. */
export function validateResumeBody(raw: string): Validated<number> {
  if (raw.trim() === '') return { ok: true, value: 25 };
  const parsed = objectBody(raw);
  if (!parsed.ok) return parsed;
  const v = parsed.value.desired_new_results;
  if (v === undefined) return { ok: true, value: 25 };
  const c = new Checker();
  const n = c.int(v, ['body', 'desired_new_results'], 0, 250);
  return n === undefined ? { ok: false, detail: c.errors } : { ok: true, value: n };
}

/** `offset` / `limit` query parameters (integer or absent). */
export function validatePaging(search: URLSearchParams, defaultLimit: number): Validated<{ offset: number; limit: number }> {
  const c = new Checker();
  const read = (name: string, fallback: number, min: number): number | undefined => {
    const s = search.get(name);
    if (s === null || s === '') return fallback;
    const n = /^-?\d+$/.test(s.trim()) ? Number(s) : NaN;
    if (!Number.isNaN(n)) return c.int(n, ['query', name], min, Number.MAX_SAFE_INTEGER);
    c.fail('int_parsing', ['query', name], 'Input should be a valid integer, unable to parse string as an integer', s);
    return undefined;
  };
  const offset = read('offset', 0, 0);
  const limit = read('limit', defaultLimit, 1);
  return offset === undefined || limit === undefined ? { ok: false, detail: c.errors } : { ok: true, value: { offset, limit } };
}
