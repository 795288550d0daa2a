/**
 * Saves the watch list in globalState (versioned, see core/store/watchListCodec.ts) a moment after each
 * change, and at once on shutdown. A list that cannot be fully read is never silently overwritten: the
 * raw value is first copied to a backup key and the user is told what was recovered.
 */
import * as vscode from 'vscode';
import { decodeWatchList, encodeWatchList } from '../core/store/watchListCodec';
import { isScheduleOnly, type TaskStore } from '../core/store/taskStore';
import type { WatchEntry } from '../core/model/watchEntry';
import type { Log } from './log';

export const WATCH_LIST_KEY = 'extruct.watchList';
export const BACKUP_KEY = 'extruct.watchList.unreadableBackup';
const SAVE_DELAY_MS = 500;

export interface Loaded {
  readonly entries: WatchEntry[];
  readonly problems: string[];
}

/**
 * Reads the saved list. Synchronous, to keep activation cheap: the backup write is started here and,
 * being queued before any later save, always lands first.
 */
export function loadWatchList(state: vscode.Memento, log: Log): Loaded {
  const raw = state.get<unknown>(WATCH_LIST_KEY);
  const decoded = decodeWatchList(raw, Date.now());
  if (decoded.problems.length > 0) {
    void state.update(BACKUP_KEY, raw).then(undefined, (e: unknown) => log.error(`Could not back up the watch list: ${String(e)}`));
    for (const p of decoded.problems) log.warn(`Watch list: ${p} The saved value was backed up under "${BACKUP_KEY}".`);
  }
  return decoded;
}

export class WatchListSaver implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: vscode.Memento,
    private readonly store: TaskStore,
    private readonly log: Log,
  ) {
    this.subscription = store.onDidChange((changes) => {
      // The next-check time alone is not worth a write.
      if (changes.every(isScheduleOnly)) return;
      this.timer ??= setTimeout(() => void this.flush(), SAVE_DELAY_MS);
    });
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      await this.state.update(WATCH_LIST_KEY, encodeWatchList(this.store.entries()));
    } catch (e) {
      this.log.error(`Could not save the watch list: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    if (this.timer) void this.flush();
  }
}
