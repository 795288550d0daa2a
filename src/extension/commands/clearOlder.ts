/** "Clear Finished Older Than…": stops watching the finished tasks that ended before a chosen age. */
import * as vscode from 'vscode';
import { finishedOlderThan } from '../../core/model/finished';
import { taskCount } from '../../core/tree/text';
import type { Services } from '../services';
import { showQuickPick } from '../ui/inputs';
import { statusMessage } from '../ui/text';

interface AgePick extends vscode.QuickPickItem {
  readonly ids: readonly string[];
}

/** The ages offered, each with its own sentence. */
const ages = (): ReadonlyArray<{ readonly days: number; readonly label: string }> => [
  { days: 1, label: vscode.l10n.t('Finished more than a day ago') },
  { days: 7, label: vscode.l10n.t('Finished more than a week ago') },
  { days: 30, label: vscode.l10n.t('Finished more than 30 days ago') },
];

export async function clearFinishedOlder(s: Services): Promise<string[]> {
  const entries = s.store.entries();
  const now = Date.now();
  const all = s.store.finishedIds();
  const items: AgePick[] = [
    ...ages().map(({ days, label }) => {
      const ids = finishedOlderThan(entries, now, days);
      return { label, description: taskCount(ids.length), ids };
    }),
    { label: vscode.l10n.t('All finished tasks'), description: taskCount(all.length), ids: all },
  ];
  const pick = await showQuickPick(items, {
    title: vscode.l10n.t('Clear Finished Older Than…'),
    placeHolder: vscode.l10n.t('Stop watching the finished tasks that ended before this (as far as VS Code saw them end)'),
  });
  if (!pick) return [];
  if (pick.ids.length === 0) {
    statusMessage('clear-all', vscode.l10n.t('No finished task ended that long ago.'), 4000);
    return [];
  }
  const removed = s.watchList.unwatch(pick.ids);
  s.log.info(`Stopped watching ${removed.length} finished tasks: ${removed.join(', ')}.`);
  statusMessage(
    'clear-all',
    removed.length === 1 ? vscode.l10n.t('Removed 1 finished task.') : vscode.l10n.t('Removed {0} finished tasks.', removed.length),
    4000,
  );
  return removed;
}
