/** "Clear Finished Older Than…": stops watching the finished tasks that ended before a chosen age. */
import * as vscode from 'vscode';
import { finishedOlderThan } from '../../core/model/finished';
import type { Services } from '../services';
import { showQuickPick } from '../ui/inputs';
import { statusMessage } from '../ui/text';

interface AgePick extends vscode.QuickPickItem {
  readonly ids: readonly string[];
}

/** The ages offered, each with its own sentence. */
const AGES: ReadonlyArray<{ readonly days: number; readonly label: string }> = [
  { days: 1, label: 'Finished more than a day ago' },
  { days: 7, label: 'Finished more than a week ago' },
  { days: 30, label: 'Finished more than 30 days ago' },
];

const countText = (n: number): string => (n === 0 ? 'none' : n === 1 ? '1 task' : `${n} tasks`);

export async function clearFinishedOlder(s: Services): Promise<string[]> {
  const entries = s.store.entries();
  const now = Date.now();
  const all = s.store.finishedIds();
  const items: AgePick[] = [
    ...AGES.map(({ days, label }) => {
      const ids = finishedOlderThan(entries, now, days);
      return { label, description: countText(ids.length), ids };
    }),
    { label: 'All finished tasks', description: countText(all.length), ids: all },
  ];
  const pick = await showQuickPick(items, {
    title: 'Clear Finished Older Than…',
    placeHolder: 'Stop watching the finished tasks that ended before this (as far as VS Code saw them end)',
  });
  if (!pick) return [];
  if (pick.ids.length === 0) {
    statusMessage('clear-all', 'No finished task ended that long ago.', 4000);
    return [];
  }
  const removed = s.watchList.unwatch(pick.ids);
  s.log.info(`Stopped watching ${removed.length} finished tasks: ${removed.join(', ')}.`);
  statusMessage('clear-all', removed.length === 1 ? 'Removed 1 finished task.' : `Removed ${removed.length} finished tasks.`, 4000);
  return removed;
}
