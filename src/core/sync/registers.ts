/**
 * The building blocks of what windows edit together: registers whose merge is commutative, associative
 * and idempotent, so that windows which have seen the same edits agree, whatever order and however many
 * times the edits reached them. A record is a table of named fields (watchList.ts declares its tables);
 * merging, comparing, writing and reading a record are derived from its table here.
 *
 *  - `lww`: a last-writer-wins register, a value with the stamp of the edit that set it. The greater
 *    stamp wins; equal stamps with different values (a damaged file, a test) are settled by the values'
 *    JSON, so that the merge is the same whichever side comes first.
 *  - `maxOf`: a number that only grows (the greatest wins); no stamp.
 *
 * A field is written into the record's JSON object by `write` (usually under its own key) and read back
 * by `read`, which returns `undefined` when the field is absent and `BAD` when it is there but cannot be
 * read. Keys a table does not know are kept by the caller (forward compatibility: see watchList.ts).
 */
import { compareStamps, formatStamp, parseStamp, type Stamp } from './stamp';

export interface Register<T> {
  readonly rev: Stamp;
  readonly value: T;
}

/** A field present but unreadable. */
export const BAD = Symbol('unreadable');

export interface FieldKind<T> {
  merge(a: T, b: T): T;
  same(a: T, b: T): boolean;
  /** The JSON object's keys for this value. */
  write(key: string, v: T): Record<string, unknown>;
  read(key: string, o: Readonly<Record<string, unknown>>): T | undefined | typeof BAD;
  /** The JSON keys this field uses (for telling known keys from unknown ones). */
  keys(key: string): readonly string[];
  /** The stamp that orders the next edit of this field (lww only). */
  rev?(v: T): Stamp;
}

/** How a register's value is written and read. */
export interface ValueCodec<T> {
  encode(v: T): unknown;
  decode(raw: unknown): T | undefined;
}

const order = <T>(codec: ValueCodec<T>, a: Register<T>, b: Register<T>): number =>
  compareStamps(a.rev, b.rev) || compareText(JSON.stringify(codec.encode(a.value)), JSON.stringify(codec.encode(b.value)));

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A last-writer-wins register, stored as `{ "value": …, "rev": "t.c.w" }` under its key. */
export function lww<T>(codec: ValueCodec<T>): FieldKind<Register<T>> {
  return {
    merge: (a, b) => (order(codec, a, b) >= 0 ? a : b),
    same: (a, b) => order(codec, a, b) === 0,
    write: (key, r) => ({ [key]: { value: codec.encode(r.value), rev: formatStamp(r.rev) } }),
    read: (key, o) => {
      const raw = o[key];
      if (raw === undefined) return undefined;
      if (typeof raw !== 'object' || raw === null) return BAD;
      const { value, rev } = raw as Record<string, unknown>;
      const stamp = parseStamp(rev);
      const v = codec.decode(value);
      return stamp && v !== undefined ? { rev: stamp, value: v } : BAD;
    },
    keys: (key) => [key],
    rev: (r) => r.rev,
  };
}

/**
 * A last-writer-wins register stored inline: its value's keys and `rev` sit in the record itself (the
 * list's membership register, as format 1 has always written it).
 */
export function lwwInline<T extends object>(codec: {
  encode(v: T): Record<string, unknown>;
  decode(o: Readonly<Record<string, unknown>>): T | undefined;
  keys: readonly string[];
}): FieldKind<Register<T>> {
  const plain: ValueCodec<T> = { encode: (v) => codec.encode(v), decode: (raw) => codec.decode(raw as Record<string, unknown>) };
  return {
    merge: (a, b) => (order(plain, a, b) >= 0 ? a : b),
    same: (a, b) => order(plain, a, b) === 0,
    write: (_key, r) => ({ ...codec.encode(r.value), rev: formatStamp(r.rev) }),
    read: (_key, o) => {
      if (o.rev === undefined) return undefined;
      const stamp = parseStamp(o.rev);
      const v = codec.decode(o);
      return stamp && v !== undefined ? { rev: stamp, value: v } : BAD;
    },
    keys: () => [...codec.keys, 'rev'],
    rev: (r) => r.rev,
  };
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A time that only grows (ms since epoch), stored as a number under its key. */
export const maxTime: FieldKind<number> = {
  merge: (a, b) => Math.max(a, b),
  same: (a, b) => a === b,
  write: (key, v) => ({ [key]: v }),
  read: (key, o) => (o[key] === undefined ? undefined : isTime(o[key]) ? o[key] : BAD),
  keys: (key) => [key],
};

/** A record's fields and how each behaves. */
export type Table<R> = { readonly [K in keyof R]-?: FieldKind<NonNullable<R[K]>> };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function fieldsOf<R extends object>(table: Table<R>): Array<[keyof R & string, FieldKind<unknown>]> {
  return Object.entries(table) as Array<[keyof R & string, FieldKind<unknown>]>;
}

/** Each field at its merge; a field only one side has is taken as it is. */
export function mergeRecords<R extends object>(table: Table<R>, a: R, b: R): R {
  const out: Mutable<R> = { ...a };
  for (const [k, kind] of fieldsOf(table)) {
    const x = a[k];
    const y = b[k];
    if (y === undefined) continue;
    out[k] = (x === undefined ? y : kind.merge(x, y)) as R[typeof k];
  }
  return out;
}

export function sameRecords<R extends object>(table: Table<R>, a: R, b: R): boolean {
  return fieldsOf(table).every(([k, kind]) => {
    const x = a[k];
    const y = b[k];
    return x === undefined || y === undefined ? x === y : kind.same(x, y);
  });
}

/** `big` already holds everything `small` says: merging `small` in changes nothing. */
export function dominates<R extends object>(table: Table<R>, big: R, small: R): boolean {
  return sameRecords(table, mergeRecords(table, big, small), big);
}

export function writeRecord<R extends object>(table: Table<R>, r: R): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const [k, kind] of fieldsOf(table)) {
    const v = r[k];
    if (v !== undefined) out = { ...out, ...kind.write(k, v) };
  }
  return out;
}

/** The record's fields, and the names of those present but unreadable (they are left out). */
export function readRecord<R extends object>(table: Table<R>, o: Readonly<Record<string, unknown>>): { record: Partial<R>; bad: string[] } {
  const record: Record<string, unknown> = {};
  const bad: string[] = [];
  for (const [k, kind] of fieldsOf(table)) {
    const v = kind.read(k, o);
    if (v === BAD) bad.push(k);
    else if (v !== undefined) record[k] = v;
  }
  return { record: record as Partial<R>, bad };
}

/** The JSON keys of `o` that the table does not know: kept as they are when the record is written again. */
export function unknownKeys<R extends object>(table: Table<R>, o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const known = new Set(fieldsOf(table).flatMap(([k, kind]) => kind.keys(k)));
  // fromEntries defines own properties: a key such as "__proto__" stays a plain key.
  return Object.fromEntries(Object.entries(o).filter(([k]) => !known.has(k)));
}
