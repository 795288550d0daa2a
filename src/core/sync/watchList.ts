/**
 * The watch list that every VS Code window shares: which tasks are watched, which are muted, when each
 * was last opened, and whether the API token works. Several windows edit it, so it is a set of
 * per-task registers merged by revision stamp (stamp.ts), never a list that one window overwrites:
 *
 *  - each task has a membership register (watched or not, and since when), a mute register and the
 *    time it was last opened (the greatest wins);
 *  - stopping watching leaves a tombstone (watched: false) with its stamp, so a window that still
 *    remembers the task cannot bring it back; tombstones are dropped after TOMBSTONE_TTL_MS;
 *  - `merge` is commutative, associative and idempotent: windows that have seen the same edits agree,
 *    whatever order the edits reached them in.
 */
import { isTaskId } from '../input/taskRef';
import { compareStamps, formatStamp, parseStamp, type Stamp } from './stamp';

export interface Register<T> {
  readonly rev: Stamp;
  readonly value: T;
}

export interface Membership {
  readonly watched: boolean;
  /** When it was (last) added to the list, ms since epoch. */
  readonly addedAt: number;
}

export interface ListRecord {
  readonly member: Register<Membership>;
  readonly muted?: Register<boolean>;
  /** When the user last opened the task's details in any window (ms since epoch). */
  readonly openedAt?: number;
}

/** What the windows know of the API token: a window that sets, clears or sees it rejected says so here. */
export type TokenState = 'set' | 'cleared' | 'rejected';

export interface SharedList {
  readonly tasks: ReadonlyMap<string, ListRecord>;
  readonly token?: Register<TokenState>;
}

export const EMPTY_LIST: SharedList = { tasks: new Map() };
const LIST_FORMAT = 1;
/** A tombstone is kept this long: far longer than any window goes without reading the list. */
export const TOMBSTONE_TTL_MS = 30 * 24 * 60 * 60_000;
/** At most this many tombstones are kept (the newest). */
const MAX_TOMBSTONES = 5_000;

const newer = <T>(a: Register<T> | undefined, b: Register<T> | undefined): Register<T> | undefined =>
  !a ? b : !b ? a : compareStamps(a.rev, b.rev) >= 0 ? a : b;

function mergeRecord(a: ListRecord | undefined, b: ListRecord): ListRecord {
  if (!a) return b;
  const muted = newer(a.muted, b.muted);
  const openedAt = Math.max(a.openedAt ?? -1, b.openedAt ?? -1);
  return {
    member: compareStamps(a.member.rev, b.member.rev) >= 0 ? a.member : b.member,
    ...(muted ? { muted } : {}),
    ...(openedAt >= 0 ? { openedAt } : {}),
  };
}

/** Everything either side knows, each register at its newest. */
export function mergeLists(a: SharedList, b: SharedList): SharedList {
  const tasks = new Map(a.tasks);
  for (const [id, rec] of b.tasks) tasks.set(id, mergeRecord(tasks.get(id), rec));
  const token = newer(a.token, b.token);
  return { tasks, ...(token ? { token } : {}) };
}

const sameRegister = <T>(a: Register<T> | undefined, b: Register<T> | undefined, eq: (x: T, y: T) => boolean): boolean =>
  a === b || (!!a && !!b && compareStamps(a.rev, b.rev) === 0 && eq(a.value, b.value));

export function sameLists(a: SharedList, b: SharedList): boolean {
  if (a.tasks.size !== b.tasks.size || !sameRegister(a.token, b.token, (x, y) => x === y)) return false;
  for (const [id, ra] of a.tasks) {
    const rb = b.tasks.get(id);
    if (!rb || ra.openedAt !== rb.openedAt) return false;
    if (!sameRegister(ra.member, rb.member, (x, y) => x.watched === y.watched && x.addedAt === y.addedAt)) return false;
    if (!sameRegister(ra.muted, rb.muted, (x, y) => x === y)) return false;
  }
  return true;
}

/** The watched task IDs, newest first. */
export function watchedIds(list: SharedList): string[] {
  const out: Array<[string, number]> = [];
  for (const [id, r] of list.tasks) if (r.member.value.watched) out.push([id, r.member.value.addedAt]);
  return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

// ---- edits: each returns a new list; `rev` is a fresh stamp of the editing window

export function withAdded(list: SharedList, ids: readonly string[], rev: Stamp, addedAt: (id: string) => number): SharedList {
  const tasks = new Map(list.tasks);
  for (const id of ids) {
    if (tasks.get(id)?.member.value.watched) continue;
    // Watching again starts afresh: not muted.
    tasks.set(id, {
      member: { rev, value: { watched: true, addedAt: addedAt(id) } },
      muted: { rev, value: false },
      ...openedOf(tasks.get(id)),
    });
  }
  return { ...list, tasks };
}

export function withRemoved(list: SharedList, ids: readonly string[], rev: Stamp): SharedList {
  const tasks = new Map(list.tasks);
  for (const id of ids) {
    const r = tasks.get(id);
    if (!r?.member.value.watched) continue;
    tasks.set(id, { ...r, member: { rev, value: { watched: false, addedAt: r.member.value.addedAt } } });
  }
  return { ...list, tasks };
}

export function withMuted(list: SharedList, ids: readonly string[], muted: boolean, rev: Stamp): SharedList {
  const tasks = new Map(list.tasks);
  for (const id of ids) {
    const r = tasks.get(id);
    if (!r?.member.value.watched || (r.muted?.value ?? false) === muted) continue;
    tasks.set(id, { ...r, muted: { rev, value: muted } });
  }
  return { ...list, tasks };
}

export function withOpened(list: SharedList, id: string, at: number): SharedList {
  const r = list.tasks.get(id);
  if (!r || (r.openedAt ?? -1) >= at) return list;
  const tasks = new Map(list.tasks);
  tasks.set(id, { ...r, openedAt: at });
  return { ...list, tasks };
}

export function withToken(list: SharedList, state: TokenState, rev: Stamp): SharedList {
  return { ...list, token: { rev, value: state } };
}

const openedOf = (r: ListRecord | undefined): { openedAt?: number } => (r?.openedAt !== undefined ? { openedAt: r.openedAt } : {});

/** Drops tombstones older than the TTL, and the oldest beyond MAX_TOMBSTONES. */
export function pruneTombstones(list: SharedList, now: number): SharedList {
  const dead = [...list.tasks].filter(([, r]) => !r.member.value.watched);
  const drop = new Set<string>();
  for (const [id, r] of dead) if (r.member.rev.t < now - TOMBSTONE_TTL_MS) drop.add(id);
  const left = dead.filter(([id]) => !drop.has(id));
  if (left.length > MAX_TOMBSTONES) {
    left.sort((a, b) => compareStamps(a[1].member.rev, b[1].member.rev));
    for (const [id] of left.slice(0, left.length - MAX_TOMBSTONES)) drop.add(id);
  }
  if (drop.size === 0) return list;
  const tasks = new Map(list.tasks);
  for (const id of drop) tasks.delete(id);
  return { ...list, tasks };
}

/** The newest stamp anywhere in the list (so a window's clock can move past it). */
export function newestStamp(list: SharedList): Stamp | undefined {
  let best: Stamp | undefined = list.token?.rev;
  const take = (s: Stamp | undefined) => {
    if (s && (!best || compareStamps(s, best) > 0)) best = s;
  };
  for (const r of list.tasks.values()) {
    take(r.member.rev);
    take(r.muted?.rev);
  }
  return best;
}

// ---- the file format

interface RecordDto {
  watched: boolean;
  addedAt: number;
  rev: string;
  muted?: { value: boolean; rev: string };
  openedAt?: number;
}

export interface ListDto {
  format: number;
  tasks: Record<string, RecordDto>;
  token?: { value: TokenState; rev: string };
}

export function encodeList(list: SharedList): ListDto {
  const tasks: Record<string, RecordDto> = {};
  for (const [id, r] of [...list.tasks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    tasks[id] = {
      watched: r.member.value.watched,
      addedAt: r.member.value.addedAt,
      rev: formatStamp(r.member.rev),
      ...(r.muted ? { muted: { value: r.muted.value, rev: formatStamp(r.muted.rev) } } : {}),
      ...(r.openedAt !== undefined ? { openedAt: r.openedAt } : {}),
    };
  }
  return { format: LIST_FORMAT, tasks, ...(list.token ? { token: { value: list.token.value, rev: formatStamp(list.token.rev) } } : {}) };
}

export interface DecodedList {
  readonly list: SharedList;
  /** In words for the log; empty when everything was read. */
  readonly problems: string[];
  /** Something could not be read (as opposed to: written by a newer version). */
  readonly damaged: boolean;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const TOKEN_STATES: readonly unknown[] = ['set', 'cleared', 'rejected'] satisfies TokenState[];

/** Reads the file's JSON value. What cannot be read is left out and reported; nothing throws. */
export function decodeList(raw: unknown): DecodedList {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { list: EMPTY_LIST, problems: ['it is not a JSON object'], damaged: true };
  const o = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof o.format === 'number' && o.format > LIST_FORMAT)
    problems.push(`it was written by a newer version (format ${o.format}); what this version understands was kept`);
  const tasks = new Map<string, ListRecord>();
  let bad = 0;
  const src = typeof o.tasks === 'object' && o.tasks !== null && !Array.isArray(o.tasks) ? (o.tasks as Record<string, unknown>) : {};
  for (const [id, value] of Object.entries(src)) {
    const rec = decodeRecord(id, value);
    if (rec) tasks.set(id, rec);
    else bad++;
  }
  if (bad) problems.push(`${bad} ${bad === 1 ? 'entry' : 'entries'} could not be read and ${bad === 1 ? 'was' : 'were'} left out`);
  let token: Register<TokenState> | undefined;
  if (typeof o.token === 'object' && o.token !== null) {
    const t = o.token as Record<string, unknown>;
    const rev = parseStamp(t.rev);
    if (rev && TOKEN_STATES.includes(t.value)) token = { rev, value: t.value as TokenState };
  }
  return { list: { tasks, ...(token ? { token } : {}) }, problems, damaged: bad > 0 };
}

function decodeRecord(id: string, value: unknown): ListRecord | undefined {
  if (!isTaskId(id) || id !== id.toLowerCase() || typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const rev = parseStamp(v.rev);
  if (!rev || typeof v.watched !== 'boolean' || !isTime(v.addedAt)) return undefined;
  let muted: Register<boolean> | undefined;
  if (typeof v.muted === 'object' && v.muted !== null) {
    const m = v.muted as Record<string, unknown>;
    const mrev = parseStamp(m.rev);
    if (mrev && typeof m.value === 'boolean') muted = { rev: mrev, value: m.value };
  }
  return {
    member: { rev, value: { watched: v.watched, addedAt: v.addedAt } },
    ...(muted ? { muted } : {}),
    ...(isTime(v.openedAt) ? { openedAt: v.openedAt } : {}),
  };
}
