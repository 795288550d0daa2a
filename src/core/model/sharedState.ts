/**
 * What every window shows of a watched task beyond its place in the list: the last answer and what is
 * visible about polling it. The window that polls a task shares it with the others (sync/snapshots.ts).
 *
 * The fields are declared once, in SHARED_FIELDS: how to compare, write and read each one. Everything
 * else is derived from that table: which fields an entry shares (`sharedStateOf`), whether a change is
 * worth sharing (`sameSharedState`), what a snapshot file holds (`encodeSharedState`,
 * `decodeSharedState`), and what a new answer clears (`withoutSharedState`). A field added here is
 * shared, compared and stored everywhere at once; test/unit/sharedState.test.ts walks the table.
 */
import { API_ERROR_KINDS, type ApiError, type ApiErrorKind } from '../api/errors';
import type { Task } from '../api/types';
import { taskToWire, validateTask } from '../api/validate';
import type { StopReason, WatchEntry } from './watchEntry';

/** What another window saw of a task. */
export interface SharedState {
  readonly task?: Task;
  readonly error?: ApiError;
  readonly stopped?: StopReason;
  readonly completedAt?: number;
  readonly lastChangeAt?: number;
  readonly stalled?: true;
  readonly resumedAt?: number;
  readonly resumedFrom?: number;
}

/** How one field is compared, written (as a JSON value) and read back (undefined: not readable). */
interface Field<T> {
  same(a: T, b: T): boolean;
  encode(v: T): unknown;
  decode(raw: unknown): T | undefined;
}

type Table = { readonly [K in keyof SharedState]-?: Field<NonNullable<SharedState[K]>> };

/** Longest error texts kept (they come from servers). */
const ERROR_TEXT_MAX = 500;
const STOP_REASONS: readonly unknown[] = ['complete', 'not-found', 'plan'] satisfies StopReason[];
const ERROR_KINDS: readonly unknown[] = API_ERROR_KINDS;

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Two answers a user cannot tell apart. Validated tasks are built field by field, in a fixed order.
 * Fields the docs do not name are left out: an API that stamps every answer (an `updated_at`, say) would
 * otherwise make every answer a change to show, store and share. They are kept whenever a documented
 * field changes, so the raw answer lags at most until then.
 */
export function sameTask(a: Task | undefined, b: Task | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const { extra: _a, ...ka } = a;
  const { extra: _b, ...kb } = b;
  return JSON.stringify(ka) === JSON.stringify(kb);
}

export function sameError(a: ApiError | undefined, b: ApiError | undefined): boolean {
  return a === b || (!!a && !!b && a.kind === b.kind && a.status === b.status && a.message === b.message && a.detail === b.detail);
}

function decodeError(v: unknown): ApiError | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const e = v as Record<string, unknown>;
  if (!ERROR_KINDS.includes(e.kind) || typeof e.message !== 'string') return undefined;
  return {
    kind: e.kind as ApiErrorKind,
    message: cut(e.message, ERROR_TEXT_MAX),
    ...(typeof e.status === 'number' && Number.isInteger(e.status) ? { status: e.status } : {}),
    ...(typeof e.detail === 'string' ? { detail: cut(e.detail, ERROR_TEXT_MAX) } : {}),
    ...(isTime(e.retryAfterMs) ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}

const time: Field<number> = { same: (a, b) => a === b, encode: (v) => v, decode: (v) => (isTime(v) ? v : undefined) };

export const SHARED_FIELDS: Table = {
  task: {
    same: sameTask,
    encode: taskToWire,
    decode: (v) => {
      const r = validateTask(v);
      return r.ok ? r.value : undefined;
    },
  },
  error: {
    same: sameError,
    encode: (e) => ({ ...e, message: cut(e.message, ERROR_TEXT_MAX), ...(e.detail ? { detail: cut(e.detail, ERROR_TEXT_MAX) } : {}) }),
    decode: decodeError,
  },
  stopped: {
    same: (a, b) => a === b,
    encode: (v) => v,
    decode: (v) => (STOP_REASONS.includes(v) ? (v as StopReason) : undefined),
  },
  completedAt: time,
  lastChangeAt: time,
  stalled: { same: () => true, encode: () => true, decode: (v) => (v === true ? true : undefined) },
  resumedAt: time,
  resumedFrom: { ...time, decode: (v) => (isTime(v) && Number.isInteger(v) ? v : undefined) },
};

/** The shared fields, in the table's order. */
export const SHARED_KEYS = Object.keys(SHARED_FIELDS) as ReadonlyArray<keyof SharedState>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The shared fields that `s` has (an entry, a snapshot), and nothing else. */
export function sharedStateOf(s: SharedState): SharedState {
  const out: Mutable<SharedState> = {};
  for (const k of SHARED_KEYS) if (s[k] !== undefined) (out as Record<string, unknown>)[k] = s[k];
  return out;
}

/** Whether `a` and `b` show the same (a user could not tell them apart). */
export function sameSharedState(a: SharedState, b: SharedState): boolean {
  return SHARED_KEYS.every((k) => {
    const x = a[k];
    const y = b[k];
    if (x === undefined || y === undefined) return x === y;
    return (SHARED_FIELDS[k] as Field<unknown>).same(x, y);
  });
}

/** The entry without any shared field: what stays when an answer replaces them all. */
export function withoutSharedState<T extends WatchEntry>(e: T): Omit<T, keyof SharedState> {
  const keep = Object.entries(e).filter(([k]) => !(SHARED_KEYS as readonly string[]).includes(k));
  return Object.fromEntries(keep) as Omit<T, keyof SharedState>;
}

/** The fields as JSON values (for a snapshot file). */
export function encodeSharedState(s: SharedState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SHARED_KEYS) {
    const v = s[k];
    if (v !== undefined) out[k] = (SHARED_FIELDS[k] as Field<unknown>).encode(v);
  }
  return out;
}

/**
 * Reads the fields back; what cannot be read is left out. Two rules between fields: "complete" and the
 * time it completed need the answer that proves it.
 */
export function decodeSharedState(o: Readonly<Record<string, unknown>>): SharedState {
  const out: Record<string, unknown> = {};
  for (const k of SHARED_KEYS) {
    if (o[k] === undefined) continue;
    const v = (SHARED_FIELDS[k] as Field<unknown>).decode(o[k]);
    if (v !== undefined) out[k] = v;
  }
  if (out.task === undefined) {
    if (out.stopped === 'complete') delete out.stopped;
    delete out.completedAt;
  }
  return out;
}
