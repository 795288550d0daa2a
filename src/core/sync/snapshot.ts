/**
 * A task's state as one window saw it, shared with the other windows through a small file per task
 * (`tasks/<id>.json`). The window that polls a task writes it when something a user can see changed;
 * the others read it and show the same. The stamp orders snapshots: an older one never replaces a newer.
 *
 * Bounded: a snapshot is at most MAX_SNAPSHOT_BYTES. A task whose texts or lists would exceed that is
 * stored with them shortened (`truncated`); the window that polled it keeps the full answer.
 */
import { API_ERROR_KINDS, type ApiError, type ApiErrorKind } from '../api/errors';
import type { Task } from '../api/types';
import { taskToWire, validateTask } from '../api/validate';
import type { StopReason, WatchEntry } from '../model/watchEntry';
import { type SharedState, sharedStateOf } from '../store/taskStore';
import { formatStamp, parseStamp, type Stamp } from './stamp';
import { parseJsonObject } from './jsonObject';

/** What the store takes from another window (SharedState), stamped, with when it was checked. */
export interface TaskSnapshot extends SharedState {
  readonly rev: Stamp;
  /** When the answer behind this snapshot arrived (ms since epoch). */
  readonly checkedAt?: number;
  /** Texts or lists of the task were shortened to fit. */
  readonly truncated?: boolean;
}

const SNAPSHOT_FORMAT = 1;
export const MAX_SNAPSHOT_BYTES = 128 * 1024;
const STORED = { text: 1_000, criteria: 20, excludeDomains: 200, domain: 253, dataSources: 20 } as const;

/** The parts of an entry that every window shows. */
export function snapshotOf(entry: WatchEntry, rev: Stamp, checkedAt: number | undefined): TaskSnapshot {
  return {
    rev,
    ...sharedStateOf(entry),
    ...(checkedAt !== undefined ? { checkedAt } : {}),
  };
}

function cut(s: string, max: number): string;
function cut(s: string | null, max: number): string | null;
function cut(s: string | null, max: number): string | null {
  return s !== null && s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function shrink(task: Task): Task {
  return {
    ...task,
    query: cut(task.query, STORED.text),
    criteria: task.criteria
      ? task.criteria
          .slice(0, STORED.criteria)
          .map((c) => ({ key: cut(c.key, 200), name: cut(c.name, STORED.text), criterion: cut(c.criterion, STORED.text) }))
      : null,
    exclude_domains: task.exclude_domains ? task.exclude_domains.slice(0, STORED.excludeDomains).map((d) => cut(d, STORED.domain)) : null,
    data_sources: task.data_sources ? task.data_sources.slice(0, STORED.dataSources).map((d) => cut(d, 100)) : null,
  };
}

function dto(id: string, s: TaskSnapshot, task: Task | undefined, truncated: boolean): Record<string, unknown> {
  return {
    format: SNAPSHOT_FORMAT,
    id,
    rev: formatStamp(s.rev),
    ...(task ? { task: taskToWire(task) } : {}),
    ...(s.error
      ? { error: { ...s.error, message: cut(s.error.message, 500), ...(s.error.detail ? { detail: cut(s.error.detail, 500) } : {}) } }
      : {}),
    ...(s.stopped ? { stopped: s.stopped } : {}),
    ...(s.completedAt !== undefined ? { completedAt: s.completedAt } : {}),
    ...(s.lastChangeAt !== undefined ? { lastChangeAt: s.lastChangeAt } : {}),
    ...(s.stalled ? { stalled: true } : {}),
    ...(s.resumedAt !== undefined ? { resumedAt: s.resumedAt } : {}),
    ...(s.resumedFrom !== undefined ? { resumedFrom: s.resumedFrom } : {}),
    ...(s.checkedAt !== undefined ? { checkedAt: s.checkedAt } : {}),
    ...(truncated ? { truncated: true } : {}),
  };
}

/** The file's text: at most MAX_SNAPSHOT_BYTES (UTF-8). */
export function encodeSnapshot(id: string, s: TaskSnapshot): string {
  let text = JSON.stringify(dto(id, s, s.task, s.truncated === true));
  if (Buffer.byteLength(text) <= MAX_SNAPSHOT_BYTES || !s.task) return text;
  text = JSON.stringify(dto(id, s, shrink(s.task), true));
  if (Buffer.byteLength(text) <= MAX_SNAPSHOT_BYTES) return text;
  // Cannot happen with the limits above (about 110 KB at most); kept as a hard guarantee.
  return JSON.stringify(dto(id, s, { ...shrink(s.task), criteria: null, exclude_domains: null }, true));
}

const STOP_REASONS: readonly unknown[] = ['complete', 'not-found', 'plan'] satisfies StopReason[];
const ERROR_KINDS: readonly unknown[] = API_ERROR_KINDS;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function decodeError(v: unknown): ApiError | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const e = v as Record<string, unknown>;
  if (!ERROR_KINDS.includes(e.kind) || typeof e.message !== 'string') return undefined;
  return {
    kind: e.kind as ApiErrorKind,
    message: e.message.slice(0, 500),
    ...(typeof e.status === 'number' && Number.isInteger(e.status) ? { status: e.status } : {}),
    ...(typeof e.detail === 'string' ? { detail: e.detail.slice(0, 500) } : {}),
    ...(isTime(e.retryAfterMs) ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}

/** Reads a snapshot file's text; undefined when it is not a snapshot of task `id`. Never throws. */
export function decodeSnapshot(id: string, text: string): TaskSnapshot | undefined {
  const o = parseJsonObject(text);
  if (!o) return undefined;
  const rev = parseStamp(o.rev);
  if (o.id !== id || !rev) return undefined;
  let task: Task | undefined;
  if (o.task !== undefined) {
    const v = validateTask(o.task);
    if (!v.ok || v.value.id.toLowerCase() !== id) return undefined;
    task = v.value;
  }
  const error = decodeError(o.error);
  const stopped = STOP_REASONS.includes(o.stopped) ? (o.stopped as StopReason) : undefined;
  return {
    rev,
    ...(task ? { task } : {}),
    ...(error ? { error } : {}),
    // "complete" needs the answer that proves it.
    ...(stopped && (stopped !== 'complete' || task) ? { stopped } : {}),
    ...(isTime(o.completedAt) && task ? { completedAt: o.completedAt } : {}),
    ...(isTime(o.lastChangeAt) ? { lastChangeAt: o.lastChangeAt } : {}),
    ...(o.stalled === true ? { stalled: true as const } : {}),
    ...(isTime(o.resumedAt) ? { resumedAt: o.resumedAt } : {}),
    ...(isTime(o.resumedFrom) ? { resumedFrom: o.resumedFrom } : {}),
    ...(isTime(o.checkedAt) ? { checkedAt: o.checkedAt } : {}),
    ...(o.truncated === true ? { truncated: true } : {}),
  };
}
