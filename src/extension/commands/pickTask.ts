/** When a command is run from the palette instead of a tree item: ask which watched task(s) it is for. */
import * as vscode from 'vscode';
import { styleOf } from '../../core/model/display';
import { taskDescription, taskTitle } from '../../core/format/text';
import type { TaskStore } from '../../core/store/taskStore';
import type { WatchEntry } from '../../core/model/watchEntry';
import { showQuickPick } from '../ui/inputs';
import { info } from '../ui/messages';

interface TaskPick extends vscode.QuickPickItem {
  readonly id: string;
}

function toPick(e: WatchEntry, authPaused: boolean): TaskPick {
  return {
    id: e.id,
    iconPath: new vscode.ThemeIcon(styleOf(e, authPaused).icon.replace('~spin', '')),
    label: taskTitle(e, 80),
    description: taskDescription(e, authPaused),
    detail: e.id,
  };
}

/** Asks which watched task(s) a command is for; one matching task is taken without asking. */
export async function pickTasks(
  store: TaskStore,
  placeHolder: string,
  o: { readonly many: boolean; readonly filter?: (e: WatchEntry) => boolean },
): Promise<string[]> {
  const entries = o.filter ? store.entries().filter(o.filter) : store.entries();
  if (entries.length === 0) {
    void info(vscode.l10n.t('No watched task fits this command. Run "Extruct: Watch Task" to add one.'));
    return [];
  }
  const [only] = entries;
  if (only && entries.length === 1 && !o.many) return [only.id];
  const items = entries.map((e) => toPick(e, store.authPaused));
  if (o.many) return (await showQuickPick(items, { placeHolder, canPickMany: true, matchOnDetail: true }))?.map((p) => p.id) ?? [];
  const pick = await showQuickPick(items, { placeHolder, matchOnDetail: true });
  return pick ? [pick.id] : [];
}
