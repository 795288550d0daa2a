/**
 * The watch list as versions up to 0.1 saved it, in VS Code's globalState. It is read once, when the
 * shared folder has no list yet, and moved there (sync/windowSync.ts); then the old copy is dropped.
 *
 *   version 1 (0.0.x previews): a bare JSON array of task ID strings.
 *   version 2 (0.1): { version: 2, tasks: [...] } with the last snapshot of each task.
 *
 * A damaged list is recovered entry by entry instead of being wiped.
 */
import * as l10n from '@vscode/l10n';
import type { Task } from '../api/types';
import { validateTask } from '../api/validate';
import { isTaskId } from '../input/taskRef';
import type { StopReason, WatchEntry } from '../model/watchEntry';

const LEGACY_VERSION = 2;

export interface Decoded {
  readonly entries: WatchEntry[];
  /** What could not be read, in words for the user; empty when everything was read. */
  readonly problems: string[];
}

const STOP_REASONS: readonly string[] = ['complete', 'not-found', 'plan'] satisfies StopReason[];
const time = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** Reads any version. `undefined` (nothing stored yet) is an empty list with no problems. */
export function decodeLegacyWatchList(raw: unknown, now: number): Decoded {
  if (raw === undefined || raw === null) return { entries: [], problems: [] };
  if (Array.isArray(raw)) return decodeV1(raw, now);
  if (typeof raw === 'object' && Array.isArray((raw as { tasks?: unknown }).tasks)) {
    const version = (raw as { version?: unknown }).version;
    const decoded = decodeV2((raw as { tasks: unknown[] }).tasks, now);
    if (typeof version === 'number' && version > LEGACY_VERSION) {
      decoded.problems.unshift(
        l10n.t('The watch list was saved by a newer version (format {0}); what this version understands was kept.', version),
      );
    }
    return decoded;
  }
  return { entries: [], problems: [l10n.t('The saved watch list could not be read at all.')] };
}

function decodeV1(raw: unknown[], now: number): Decoded {
  const entries: WatchEntry[] = [];
  const seen = new Set<string>();
  let bad = 0;
  for (const item of raw) {
    if (typeof item === 'string' && isTaskId(item.trim())) {
      const id = item.trim().toLowerCase();
      if (!seen.has(id)) {
        seen.add(id);
        entries.push({ id, addedAt: now, unseen: false, muted: false });
      }
    } else bad++;
  }
  return {
    entries,
    problems: !bad
      ? []
      : [
          bad === 1
            ? l10n.t('1 saved entry was not task IDs and could not be restored.')
            : l10n.t('{0} saved entries were not task IDs and could not be restored.', bad),
        ],
  };
}

function decodeV2(raw: unknown[], now: number): { entries: WatchEntry[]; problems: string[] } {
  const entries: WatchEntry[] = [];
  const seen = new Set<string>();
  let bad = 0;
  let badSnapshots = 0;
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) {
      bad++;
      continue;
    }
    const o = item as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id.trim().toLowerCase() : '';
    if (!isTaskId(id) || seen.has(id)) {
      bad++;
      continue;
    }
    seen.add(id);
    let task: Task | undefined;
    if (o.task !== undefined) {
      const v = validateTask(o.task);
      if (v.ok && v.value.id.toLowerCase() === id) task = v.value;
      else badSnapshots++;
    }
    const stopped = typeof o.stopped === 'string' && STOP_REASONS.includes(o.stopped) ? (o.stopped as StopReason) : undefined;
    const lastChangeAt = time(o.lastChangeAt);
    const keptStop = stopped && (stopped !== 'complete' || task) ? stopped : undefined;
    const completedAt = keptStop === 'complete' ? time(o.completedAt) : undefined;
    const unseen = o.unseen === true && completedAt !== undefined;
    entries.push({
      id,
      addedAt: time(o.addedAt) ?? now,
      unseen,
      muted: false,
      ...(task ? { task } : {}),
      ...(lastChangeAt !== undefined ? { lastChangeAt } : {}),
      // A "complete" stop without the snapshot that proves it is polled again.
      ...(keptStop ? { stopped: keptStop } : {}),
      ...(completedAt !== undefined ? { completedAt } : {}),
      // Opened since it completed: it is not an unseen completion any more.
      ...(completedAt !== undefined && !unseen ? { openedAt: completedAt } : {}),
    });
  }
  const problems: string[] = [];
  if (bad)
    problems.push(
      bad === 1
        ? l10n.t('1 saved entry could not be read and was left out.')
        : l10n.t('{0} saved entries could not be read and were left out.', bad),
    );
  if (badSnapshots)
    problems.push(
      badSnapshots === 1
        ? l10n.t('1 saved task state was damaged; it is fetched again.')
        : l10n.t('{0} saved task states were damaged; they are fetched again.', badSnapshots),
    );
  return { entries, problems };
}
