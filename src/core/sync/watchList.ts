/**
 * The watch list that every VS Code window shares: which tasks are watched, which are muted, when each
 * was last opened, and what became of the API token. Several windows edit it, so it is a set of
 * registers (registers.ts) merged field by field, never a list that one window overwrites:
 *
 *  - per task (RECORD_FIELDS): a membership register (watched or not, and since when), a mute register
 *    and the time it was last opened (the greatest wins);
 *  - for the whole list (HEAD_FIELDS): the token register, and the account follower's mark (the newest
 *    task of the account already accounted for: a number that only grows);
 *  - stopping watching leaves a tombstone (watched: false) with its stamp, so a window that still
 *    remembers the task cannot bring it back; tombstones are dropped after TOMBSTONE_TTL_MS.
 *
 * Edits return a delta (only what they changed), which the caller merges into its copy and its journal
 * (listReplica.ts). The same format serves `list.json` and the journals.
 *
 * Forward compatibility: the file says which format wrote it. A later version keeps every field's
 * meaning (a new meaning gets a new name), so this version reads any file for what it understands, and
 * when it writes the list again it keeps, as they were, the keys it does not know (in each task and at
 * the top) and the greater format number.
 */
import * as l10n from '@vscode/l10n';
import { isTaskId } from '../input/taskRef';
import type { TaskOrigin } from '../model/watchEntry';
import {
  dominates,
  type FieldKind,
  lww,
  lwwInline,
  maxTime,
  mergeRecords,
  readRecord,
  type Register,
  sameRecords,
  type Table,
  unknownKeys,
  writeRecord,
} from './registers';
import { compareStamps, type Stamp } from './stamp';

export interface Membership {
  readonly watched: boolean;
  /** When it was (last) added to the list, ms since epoch. */
  readonly addedAt: number;
}

/** What the windows know of the API token: a window that sets, clears or sees it rejected says so here. */
export type TokenState = 'set' | 'cleared' | 'rejected';

/** One task's fields. In a delta or a journal any may be missing; in the list a task has its membership. */
export interface ListRecord {
  readonly member?: Register<Membership>;
  readonly muted?: Register<boolean>;
  /** Where the task was started, when known (set when it is watched; a later watch without it keeps it). */
  readonly origin?: Register<TaskOrigin>;
  /** When the user last opened the task's details in any window (ms since epoch). */
  readonly openedAt?: number;
}

/** The list's own fields. */
export interface ListHead {
  readonly token?: Register<TokenState>;
  /**
   * The newest `created_at` (ms, the server's clock) of the account's tasks already accounted for by the
   * account follower (core/follow/): tasks created after it are news. It only grows.
   */
  readonly newTasksMark?: number;
}

export interface SharedList extends ListHead {
  readonly tasks: ReadonlyMap<string, ListRecord>;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const TOKEN_STATES: readonly unknown[] = ['set', 'cleared', 'rejected'] satisfies TokenState[];

export const RECORD_FIELDS: Table<ListRecord> = {
  member: lwwInline<Membership>({
    encode: (m) => ({ watched: m.watched, addedAt: m.addedAt }),
    decode: (o) => (typeof o.watched === 'boolean' && isTime(o.addedAt) ? { watched: o.watched, addedAt: o.addedAt } : undefined),
    keys: ['watched', 'addedAt'],
  }),
  muted: lww<boolean>({ encode: (v) => v, decode: (v) => (typeof v === 'boolean' ? v : undefined) }),
  origin: lww<TaskOrigin>({ encode: (v) => v, decode: (v) => (v === 'here' || v === 'elsewhere' ? v : undefined) }),
  openedAt: maxTime,
};

export const HEAD_FIELDS: Table<ListHead> = {
  token: lww<TokenState>({ encode: (v) => v, decode: (v) => (TOKEN_STATES.includes(v) ? (v as TokenState) : undefined) }),
  newTasksMark: maxTime,
};

export const EMPTY_LIST: SharedList = { tasks: new Map() };
const LIST_FORMAT = 1;
/** A tombstone is kept this long: far longer than any window goes without reading the list. */
export const TOMBSTONE_TTL_MS = 30 * 24 * 60 * 60_000;
/** At most this many tombstones are kept (the newest). */
const MAX_TOMBSTONES = 5_000;

const headOf = (l: SharedList): ListHead => {
  const { tasks: _tasks, ...head } = l;
  return head;
};
const isWatched = (r: ListRecord | undefined): boolean => r?.member?.value.watched === true;

/** Everything either side knows, each field at its merge. */
export function mergeLists(a: SharedList, b: SharedList): SharedList {
  const tasks = new Map(a.tasks);
  for (const [id, rec] of b.tasks) {
    const mine = tasks.get(id);
    tasks.set(id, mine ? mergeRecords(RECORD_FIELDS, mine, rec) : rec);
  }
  return { ...mergeRecords(HEAD_FIELDS, headOf(a), headOf(b)), tasks };
}

export function sameLists(a: SharedList, b: SharedList): boolean {
  if (a.tasks.size !== b.tasks.size || !sameRecords(HEAD_FIELDS, headOf(a), headOf(b))) return false;
  for (const [id, ra] of a.tasks) {
    const rb = b.tasks.get(id);
    if (!rb || !sameRecords(RECORD_FIELDS, ra, rb)) return false;
  }
  return true;
}

/** `big` already holds everything `small` says. */
export function dominatesList(big: SharedList, small: SharedList): boolean {
  if (!dominates(HEAD_FIELDS, headOf(big), headOf(small))) return false;
  for (const [id, r] of small.tasks) {
    const b = big.tasks.get(id);
    if (!b || !dominates(RECORD_FIELDS, b, r)) return false;
  }
  return true;
}

/** What `pending` says that `by` does not hold yet: the edits still to be written. */
export function notYetIn(pending: SharedList, by: SharedList): SharedList {
  const tasks = new Map<string, ListRecord>();
  for (const [id, r] of pending.tasks) {
    const left = leftOver(RECORD_FIELDS, r, by.tasks.get(id) ?? {});
    if (Object.keys(left).length) tasks.set(id, left);
  }
  return { ...leftOver(HEAD_FIELDS, headOf(pending), headOf(by)), tasks };
}

function leftOver<R extends object>(table: Table<R>, mine: R, theirs: R): Partial<R> {
  const out: Partial<R> = {};
  for (const [k, kind] of Object.entries(table) as Array<[keyof R, FieldKind<unknown>]>) {
    const v = mine[k];
    if (v === undefined) continue;
    const t = theirs[k];
    if (t === undefined || !kind.same(kind.merge(t, v), t)) out[k] = v;
  }
  return out;
}

export const isEmptyList = (l: SharedList): boolean => l.tasks.size === 0 && Object.values(headOf(l)).every((v) => v === undefined);

/** The watched task IDs, newest first. */
export function watchedIds(list: SharedList): string[] {
  const out: Array<[string, number]> = [];
  for (const [id, r] of list.tasks) if (r.member?.value.watched) out.push([id, r.member.value.addedAt]);
  return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

// ---- edits: each returns a delta (only what it changed); `stamp(prev)` makes a stamp after `prev`

export type StampAfter = (prev?: Stamp) => Stamp;

const later = (a: Stamp | undefined, b: Stamp | undefined): Stamp | undefined => (!a ? b : !b ? a : compareStamps(a, b) >= 0 ? a : b);

/** Watches the IDs not yet watched. Watching again starts afresh: not muted. `origin`: where they were started, if known. */
export function addEdit(
  list: SharedList,
  ids: readonly string[],
  stamp: StampAfter,
  addedAt: (id: string) => number,
  origin?: TaskOrigin,
): SharedList {
  const tasks = new Map<string, ListRecord>();
  for (const id of ids) {
    const r = list.tasks.get(id);
    if (isWatched(r)) continue;
    const rev = stamp(later(later(r?.member?.rev, r?.muted?.rev), r?.origin?.rev));
    tasks.set(id, {
      member: { rev, value: { watched: true, addedAt: addedAt(id) } },
      muted: { rev, value: false },
      ...(origin ? { origin: { rev, value: origin } } : {}),
    });
  }
  return { tasks };
}

export function removeEdit(list: SharedList, ids: readonly string[], stamp: StampAfter): SharedList {
  const tasks = new Map<string, ListRecord>();
  for (const id of ids) {
    const member = list.tasks.get(id)?.member;
    if (!member?.value.watched) continue;
    tasks.set(id, { member: { rev: stamp(member.rev), value: { watched: false, addedAt: member.value.addedAt } } });
  }
  return { tasks };
}

export function muteEdit(list: SharedList, ids: readonly string[], muted: boolean, stamp: StampAfter): SharedList {
  const tasks = new Map<string, ListRecord>();
  for (const id of ids) {
    const r = list.tasks.get(id);
    if (!isWatched(r) || (r?.muted?.value ?? false) === muted) continue;
    tasks.set(id, { muted: { rev: stamp(r?.muted?.rev), value: muted } });
  }
  return { tasks };
}

export function openEdit(list: SharedList, id: string, at: number): SharedList {
  const r = list.tasks.get(id);
  return !r || (r.openedAt ?? -1) >= at ? EMPTY_LIST : { tasks: new Map([[id, { openedAt: at }]]) };
}

/** Raises the account follower's mark (a lower one changes nothing). */
export function markEdit(list: SharedList, createdAtMs: number): SharedList {
  return createdAtMs > (list.newTasksMark ?? -1) ? { tasks: new Map(), newTasksMark: createdAtMs } : EMPTY_LIST;
}

export function tokenEdit(list: SharedList, state: TokenState, stamp: StampAfter): SharedList {
  return { tasks: new Map(), token: { rev: stamp(list.token?.rev), value: state } };
}

/**
 * Drops what needs no keeping: tombstones older than the TTL (a tombstone stamped by a clock that was
 * ahead lives longer; the count bounds them), the oldest beyond MAX_TOMBSTONES, and fields of a task
 * that has no membership (a mute edit of a task whose tombstone expired).
 */
export function pruneList(list: SharedList, now: number): SharedList {
  const drop = new Set<string>();
  const left: Array<[string, Stamp]> = [];
  for (const [id, r] of list.tasks) {
    if (isWatched(r)) continue;
    if (!r.member || r.member.rev.t < now - TOMBSTONE_TTL_MS) drop.add(id);
    else left.push([id, r.member.rev]);
  }
  if (left.length > MAX_TOMBSTONES) {
    left.sort((a, b) => compareStamps(a[1], b[1]));
    for (const [id] of left.slice(0, left.length - MAX_TOMBSTONES)) drop.add(id);
  }
  if (drop.size === 0) return list;
  const tasks = new Map(list.tasks);
  for (const id of drop) tasks.delete(id);
  return { ...list, tasks };
}

// ---- the file format

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The list as the file's JSON value. `kept` is the JSON value last read from the file: its keys that
 * this version does not know are written back as they were.
 */
export function encodeList(list: SharedList, kept?: Json): Json {
  const keptTasks = kept && isObject(kept.tasks) ? kept.tasks : {};
  const tasks: Json = {};
  for (const [id, r] of [...list.tasks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const before = keptTasks[id];
    tasks[id] = {
      ...(isObject(before) && Object.hasOwn(keptTasks, id) ? unknownKeys(RECORD_FIELDS, before) : {}),
      ...writeRecord(RECORD_FIELDS, r),
    };
  }
  const keptFormat = kept && typeof kept.format === 'number' && Number.isSafeInteger(kept.format) ? kept.format : 0;
  const top = kept ? unknownKeys(HEAD_FIELDS, kept) : {};
  return { ...top, format: Math.max(LIST_FORMAT, keptFormat), tasks, ...writeRecord(HEAD_FIELDS, headOf(list)) };
}

export interface DecodedList {
  readonly list: SharedList;
  /** In words for the log; empty when everything was read. */
  readonly problems: string[];
  /** Something could not be read (as opposed to: written by a newer version). */
  readonly damaged: boolean;
  /** Written by a newer version of the extension. */
  readonly newer: boolean;
}

/** Reads the file's JSON value. What cannot be read is left out and reported; nothing throws. */
export function decodeList(raw: unknown): DecodedList {
  if (!isObject(raw)) return { list: EMPTY_LIST, problems: [l10n.t('it is not a JSON object')], damaged: true, newer: false };
  const problems: string[] = [];
  const format = typeof raw.format === 'number' ? raw.format : LIST_FORMAT;
  const newer = format > LIST_FORMAT;
  if (newer)
    problems.push(l10n.t('it was written by a newer version (format {0}); what this version understands is used, the rest kept', format));
  const tasks = new Map<string, ListRecord>();
  let bad = 0;
  const src = isObject(raw.tasks) ? raw.tasks : {};
  for (const [id, value] of Object.entries(src)) {
    if (!isTaskId(id) || id !== id.toLowerCase() || !isObject(value)) {
      bad++;
      continue;
    }
    const { record, bad: fields } = readRecord(RECORD_FIELDS, value);
    if (fields.length) bad++;
    if (Object.keys(record).length) tasks.set(id, record);
  }
  if (bad)
    problems.push(
      bad === 1
        ? l10n.t('1 entry could not be read (in part or whole) and was left out')
        : l10n.t('{0} entries could not be read (in part or whole) and were left out', bad),
    );
  const head = readRecord(HEAD_FIELDS, raw);
  return { list: { ...head.record, tasks }, problems, damaged: bad > 0 || head.bad.length > 0, newer };
}
