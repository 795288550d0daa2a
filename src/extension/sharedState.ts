/**
 * Starts the state shared by every window (core/sync/windowSync.ts) and moves an older version's
 * watch list out of globalState into it, once. globalState is one object per extension that windows
 * overwrite wholesale (last writer wins, no change event), so it holds nothing shared any more.
 */
import * as vscode from 'vscode';
import type { WindowSync } from '../core/sync/windowSync';
import { decodeLegacyWatchList } from '../core/store/legacyWatchList';
import type { Log } from './log';

/** Where versions up to 0.1 kept the watch list. */
const LEGACY_KEY = 'extruct.watchList';
const LEGACY_BACKUP_KEY = 'extruct.watchList.unreadableBackup';

export async function startSharedState(shared: WindowSync, state: vscode.Memento, log: Log, warn: (text: string) => void): Promise<void> {
  const raw = state.get<unknown>(LEGACY_KEY);
  const legacy = raw === undefined ? undefined : decodeLegacyWatchList(raw, Date.now());
  const { migrated } = await shared.start(legacy ? { entries: legacy.entries } : undefined);
  if (raw === undefined) return;
  if (legacy?.problems.length) {
    await state.update(LEGACY_BACKUP_KEY, raw);
    const text = vscode.l10n.t(
      'Part of the saved Extruct watch list could not be read: {0} The original was backed up.',
      legacy.problems.join(' '),
    );
    log.warn(text);
    if (migrated) warn(text);
  }
  // Moved (or the shared list already existed): the old copy must not come back later.
  await state.update(LEGACY_KEY, undefined);
}
