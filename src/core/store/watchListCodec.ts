/**
 * The persisted form of the watch list, versioned so that a newer extension reads what an older one
 * wrote, and so that a damaged list is recovered entry by entry instead of being wiped.
 *
 *   version 1 (0.0.x previews): a bare JSON array of task ID strings.
 *   version 2 (current): { version: 2, tasks: EntryDtoV2[] } with the last snapshot of each task, so the
 *     tree shows the last known state at once after a restart and completed tasks are not polled again.
 */
import type { Task } from '../api/types';
import { validateTask } from '../api/validate';
import { isTaskId } from '../input/taskRef';
import type { StopReason, WatchEntry } from '../model/watchEntry';

export const WATCH_LIST_VERSION = 2;

export interface EntryDtoV2 {
  id: string;
  addedAt: number;
  task?: Task;
  lastCheckedAt?: number;
  lastChangeAt?: number;
  stopped?: StopReason;
  completedAt?: number;
  unseen?: boolean;
}

export interface WatchListDtoV2 {
  version: 2;
  tasks: EntryDtoV2[];
}

export interface Decoded {
  readonly entries: WatchEntry[];
  /** What could not be read, in words for the user; empty when everything was read. */
  readonly problems: string[];
}

export function encodeWatchList(entries: readonly WatchEntry[]): WatchListDtoV2 {
  return {
    version: 2,
    tasks: entries.map((e) => ({
      id: e.id,
      addedAt: e.addedAt,
      ...(e.task ? { task: e.task } : {}),
      ...(e.lastCheckedAt !== undefined ? { lastCheckedAt: e.lastCheckedAt } : {}),
      ...(e.lastChangeAt !== undefined ? { lastChangeAt: e.lastChangeAt } : {}),
      ...(e.stopped ? { stopped: e.stopped } : {}),
      ...(e.completedAt !== undefined ? { completedAt: e.completedAt } : {}),
      ...(e.unseen ? { unseen: true } : {}),
    })),
  };
}

const STOP_REASONS: readonly string[] = ['complete', 'not-found', 'plan'] satisfies StopReason[];
const time = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** Reads any version. `undefined` (nothing stored yet) is an empty list with no problems. */
export function decodeWatchList(raw: unknown, now: number): Decoded {
  if (raw === undefined || raw === null) return { entries: [], problems: [] };
  if (Array.isArray(raw)) return decodeV1(raw, now);
  if (typeof raw === 'object' && Array.isArray((raw as { tasks?: unknown }).tasks)) {
    const version = (raw as { version?: unknown }).version;
    const decoded = decodeV2((raw as { tasks: unknown[] }).tasks, now);
    if (typeof version === 'number' && version > WATCH_LIST_VERSION) {
      decoded.problems.unshift(`The watch list was saved by a newer version (format ${version}); what this version understands was kept.`);
    }
    return decoded;
  }
  return { entries: [], problems: ['The saved watch list could not be read at all.'] };
}

function decodeV1(raw: unknown[], now: number): Decoded {
  const entries: WatchEntry[] = [];
  let bad = 0;
  for (const item of raw) {
    if (typeof item === 'string' && isTaskId(item.trim())) {
      const id = item.trim().toLowerCase();
      if (!entries.some((e) => e.id === id)) entries.push({ id, addedAt: now, errorCount: 0, unseen: false });
    } else bad++;
  }
  return { entries, problems: bad ? [`${bad} saved ${bad === 1 ? 'entry was' : 'entries were'} not task IDs and could not be restored.`] : [] };
}

function decodeV2(raw: unknown[], now: number): { entries: WatchEntry[]; problems: string[] } {
  const entries: WatchEntry[] = [];
  let bad = 0;
  let badSnapshots = 0;
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) {
      bad++;
      continue;
    }
    const o = item as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id.trim().toLowerCase() : '';
    if (!isTaskId(id) || entries.some((e) => e.id === id)) {
      bad++;
      continue;
    }
    let task: Task | undefined;
    if (o.task !== undefined) {
      const v = validateTask(o.task);
      if (v.ok && v.value.id.toLowerCase() === id) task = v.value;
      else badSnapshots++;
    }
    const stopped = typeof o.stopped === 'string' && STOP_REASONS.includes(o.stopped) ? (o.stopped as StopReason) : undefined;
    const lastCheckedAt = time(o.lastCheckedAt);
    const lastChangeAt = time(o.lastChangeAt);
    const completedAt = time(o.completedAt);
    entries.push({
      id,
      addedAt: time(o.addedAt) ?? now,
      errorCount: 0,
      unseen: o.unseen === true,
      ...(task ? { task } : {}),
      ...(lastCheckedAt !== undefined ? { lastCheckedAt } : {}),
      ...(lastChangeAt !== undefined ? { lastChangeAt } : {}),
      // A "complete" stop without the snapshot that proves it is polled again.
      ...(stopped && (stopped !== 'complete' || task) ? { stopped } : {}),
      ...(completedAt !== undefined && task ? { completedAt } : {}),
    });
  }
  const problems: string[] = [];
  if (bad) problems.push(`${bad} saved ${bad === 1 ? 'entry' : 'entries'} could not be read and ${bad === 1 ? 'was' : 'were'} left out.`);
  if (badSnapshots) problems.push(`${badSnapshots} saved task ${badSnapshots === 1 ? 'state was' : 'states were'} damaged; ${badSnapshots === 1 ? 'it is' : 'they are'} fetched again.`);
  return { entries, problems };
}
