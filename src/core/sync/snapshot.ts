/**
 * A task's state as one window saw it, in the file other windows read (`tasks/<id>.json`): the shared
 * fields (model/sharedState.ts), stamped so that an older snapshot never replaces a newer one, with when
 * the answer behind it arrived.
 *
 * Bounded: a snapshot is at most MAX_SNAPSHOT_BYTES. A task whose texts or lists would exceed that is
 * stored with them shortened (`truncated`); the window that polled it keeps the full answer.
 *
 * Forward compatible like the list (watchList.ts): a snapshot of a newer format is read for what this
 * version understands, and keys it does not know are written back as they were (`kept`).
 */
import type { Task } from '../api/types';
import { decodeSharedState, encodeSharedState, SHARED_KEYS, type SharedState, sharedStateOf } from '../model/sharedState';
import { parseJsonObject } from './jsonObject';
import { formatStamp, parseStamp, type Stamp } from './stamp';

export interface TaskSnapshot extends SharedState {
  readonly rev: Stamp;
  /** When the answer behind this snapshot arrived (ms since epoch). */
  readonly checkedAt?: number;
  /** Texts or lists of the task were shortened to fit. */
  readonly truncated?: boolean;
}

const SNAPSHOT_FORMAT = 1;
export const MAX_SNAPSHOT_BYTES = 128 * 1024;
/** Room left for keys of a newer version: beyond this, they are not kept. */
const MAX_KEPT_BYTES = 8 * 1024;
const STORED = { text: 1_000, criteria: 20, excludeDomains: 200, domain: 253, dataSources: 20 } as const;
const OWN_KEYS = new Set<string>(['format', 'id', 'rev', 'checkedAt', 'truncated', ...SHARED_KEYS]);

/** The parts of an entry that every window shows, stamped. */
export function snapshotOf(state: SharedState, rev: Stamp, checkedAt: number | undefined): TaskSnapshot {
  return { rev, ...sharedStateOf(state), ...(checkedAt !== undefined ? { checkedAt } : {}) };
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

function text(id: string, s: TaskSnapshot, task: Task | undefined, truncated: boolean, kept: Record<string, unknown>): string {
  const { task: _t, ...rest } = s;
  return JSON.stringify({
    ...kept,
    format: Math.max(SNAPSHOT_FORMAT, typeof kept.format === 'number' && Number.isSafeInteger(kept.format) ? kept.format : 0),
    id,
    rev: formatStamp(s.rev),
    ...encodeSharedState({ ...rest, ...(task ? { task } : {}) }),
    ...(s.checkedAt !== undefined ? { checkedAt: s.checkedAt } : {}),
    ...(truncated ? { truncated: true } : {}),
  });
}

/** The file's text: at most MAX_SNAPSHOT_BYTES (UTF-8). `kept`: keys of the file it replaces that this version does not know. */
export function encodeSnapshot(id: string, s: TaskSnapshot, kept: Record<string, unknown> = {}): string {
  const extra = Buffer.byteLength(JSON.stringify(kept)) <= MAX_KEPT_BYTES ? kept : {};
  let out = text(id, s, s.task, s.truncated === true, extra);
  if (Buffer.byteLength(out) <= MAX_SNAPSHOT_BYTES || !s.task) return out;
  out = text(id, s, shrink(s.task), true, extra);
  if (Buffer.byteLength(out) <= MAX_SNAPSHOT_BYTES) return out;
  // Cannot happen with the limits above (about 110 KB at most); kept as a hard guarantee.
  return text(id, s, { ...shrink(s.task), criteria: null, exclude_domains: null }, true, {});
}

export interface DecodedSnapshot {
  readonly snapshot: TaskSnapshot;
  /** Keys this version does not know (a newer version's), to write back as they were. */
  readonly kept: Record<string, unknown>;
}

/** Reads a snapshot file's text; undefined when it is not a snapshot of task `id`. Never throws. */
export function decodeSnapshot(id: string, raw: string): DecodedSnapshot | undefined {
  const o = parseJsonObject(raw);
  if (!o) return undefined;
  const rev = parseStamp(o.rev);
  if (o.id !== id || !rev) return undefined;
  const state = decodeSharedState(o);
  if (o.task !== undefined && (!state.task || state.task.id.toLowerCase() !== id)) return undefined;
  const checkedAt = typeof o.checkedAt === 'number' && Number.isFinite(o.checkedAt) && o.checkedAt >= 0 ? o.checkedAt : undefined;
  return {
    snapshot: {
      rev,
      ...state,
      ...(checkedAt !== undefined ? { checkedAt } : {}),
      ...(o.truncated === true ? { truncated: true } : {}),
    },
    kept: Object.fromEntries(Object.entries(o).filter(([k]) => !OWN_KEYS.has(k) || k === 'format')),
  };
}
