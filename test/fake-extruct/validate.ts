// Request validation with FastAPI/pydantic-shaped 422 details: {"detail":[{"type","loc","msg","input"}]}.
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

class Checker {
  readonly errors: ValidationItem[] = [];

  fail(type: string, loc: Array<string | number>, msg: string, input: unknown): undefined {
    this.errors.push({ type, loc, msg, input });
    return undefined;
  }

  int(v: unknown, loc: Array<string | number>, min: number, max: number): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.fail('int_type', loc, 'Input should be a valid integer', v);
    if (v < min) return this.fail('greater_than_equal', loc, `Input should be greater than or equal to ${min}`, v);
    if (v > max) return this.fail('less_than_equal', loc, `Input should be less than or equal to ${max}`, v);
    return v;
  }

  str(v: unknown, loc: Array<string | number>, min = 0, max = Infinity, pattern?: RegExp): string | undefined {
    if (typeof v !== 'string') return this.fail('string_type', loc, 'Input should be a valid string', v);
    if (v.length < min) return this.fail('string_too_short', loc, `String should have at least ${min} character${min === 1 ? '' : 's'}`, v);
    if (v.length > max) return this.fail('string_too_long', loc, `String should have at most ${max} characters`, v);
    if (pattern && !pattern.test(v)) return this.fail('string_pattern_mismatch', loc, `String should match pattern '${pattern.source}'`, v);
    return v;
  }

  bool(v: unknown, loc: Array<string | number>): boolean | undefined {
    return typeof v === 'boolean' ? v : this.fail('bool_type', loc, 'Input should be a valid boolean', v);
  }

  /** An optional (nullable) list; undefined/null pass through as null. */
  list<T>(v: unknown, loc: Array<string | number>, item: (x: unknown, loc: Array<string | number>) => T | undefined, max = Infinity): T[] | null | undefined {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) return this.fail('list_type', loc, 'Input should be a valid list', v);
    if (v.length > max) return this.fail('too_long', loc, `List should have at most ${max} items after validation, not ${v.length}`, v);
    const before = this.errors.length;
    const out = v.map((x, i) => item(x, [...loc, i]));
    return this.errors.length === before ? (out as T[]) : undefined;
  }

  criterion = (v: unknown, loc: Array<string | number>): CriterionWire | undefined => {
    if (!isRecord(v)) return this.fail('model_attributes_type', loc, 'Input should be a valid dictionary or object to extract fields from', v);
    const field = (name: string): unknown => (name in v ? v[name] : this.fail('missing', [...loc, name], 'Field required', v));
    const key = 'key' in v ? this.str(v.key, [...loc, 'key'], 0, Infinity, KEY_PATTERN) : field('key');
    const name = 'name' in v ? this.str(v.name, [...loc, 'name'], 1, 100) : field('name');
    const criterion = 'criterion' in v ? this.str(v.criterion, [...loc, 'criterion'], 10, 500) : field('criterion');
    return typeof key === 'string' && typeof name === 'string' && typeof criterion === 'string' ? { key, name, criterion } : undefined;
  };

  dataSource = (v: unknown, loc: Array<string | number>): DataSource | undefined =>
    DATA_SOURCES.find((d) => d === v) ?? this.fail('enum', loc, "Input should be 'web_search', 'linkedin' or 'maps'", v);

  string = (v: unknown, loc: Array<string | number>): string | undefined => this.str(v, loc);
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
    return { ok: false, detail: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: parsed.value }] };
  }
  return { ok: true, value: parsed.value };
};

export function validateCreateBody(raw: string): Validated<CreateTaskBody> {
  const parsed = objectBody(raw);
  if (!parsed.ok) return parsed;
  const b = parsed.value;
  const c = new Checker();
  const query = 'query' in b ? c.str(b.query, ['body', 'query'], 1) : c.fail('missing', ['body', 'query'], 'Field required', b);
  const body: CreateTaskBody = { query: query ?? '' };
  if (b.desired_num_results !== undefined) body.desired_num_results = c.int(b.desired_num_results, ['body', 'desired_num_results'], 1, 250);
  if (b.auto_data_sources !== undefined) body.auto_data_sources = c.bool(b.auto_data_sources, ['body', 'auto_data_sources']);
  body.criteria = c.list(b.criteria, ['body', 'criteria'], c.criterion);
  body.data_sources = c.list(b.data_sources, ['body', 'data_sources'], c.dataSource);
  body.exclude_domains = c.list(b.exclude_domains, ['body', 'exclude_domains'], c.string);
  body.exclude_task_ids = c.list(b.exclude_task_ids, ['body', 'exclude_task_ids'], c.string, 100);
  if (b.table !== undefined && b.table !== null) {
    if (!isRecord(b.table)) c.fail('model_attributes_type', ['body', 'table'], 'Input should be a valid dictionary or object to extract fields from', b.table);
    else {
      const table: TableRefBody = {};
      if (typeof b.table.id === 'string') table.id = b.table.id;
      else if (b.table.id !== undefined && b.table.id !== null) c.str(b.table.id, ['body', 'table', 'id']);
      body.table = table;
    }
  }
  if (body.auto_data_sources === false && !(body.data_sources && body.data_sources.length > 0)) {
    c.fail('value_error', ['body'], 'Value error, data_sources must be provided when auto_data_sources is false', b);
  }
  if (body.criteria) {
    const keys = body.criteria.map((x) => x.key);
    if (new Set(keys).size !== keys.length) c.fail('value_error', ['body', 'criteria'], 'Value error, criterion keys must be unique', b.criteria);
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
    return Number.isNaN(n)
      ? c.fail('int_parsing', ['query', name], 'Input should be a valid integer, unable to parse string as an integer', s)
      : c.int(n, ['query', name], min, Number.MAX_SAFE_INTEGER);
  };
  const offset = read('offset', 0, 0);
  const limit = read('limit', defaultLimit, 1);
  return offset === undefined || limit === undefined ? { ok: false, detail: c.errors } : { ok: true, value: { offset, limit } };
}
