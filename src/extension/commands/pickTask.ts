/** When a command is run from the palette instead of a tree item: ask which watched task(s) it is for. */
import * as vscode from 'vscode';
import { styleOf } from '../../core/model/display';
import { taskDescription, taskTitle } from '../../core/format/text';
import type { TaskStore } from '../../core/store/taskStore';
import type { WatchEntry } from '../../core/model/watchEntry';

interface TaskPick extends vscode.QuickPickItem {
  readonly id: string;
}

function toPick(e: WatchEntry, authPaused: boolean): TaskPick {
  return {
    id: e.id,
    label: `$(${styleOf(e, authPaused).icon.replace('~spin', '')}) ${taskTitle(e, 80)}`,
    description: taskDescription(e, authPaused),
    detail: e.id,
  };
}

export async function pickTasks(
  store: TaskStore,
  placeHolder: string,
  filter: (e: WatchEntry) => boolean = () => true,
): Promise<string[]> {
  const entries = store.entries().filter(filter);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('No watched task fits this command. Run "Extruct: Watch Task" to add one.');
    return [];
  }
  const picks = await vscode.window.showQuickPick(entries.map((e) => toPick(e, store.authPaused)), { placeHolder, canPickMany: true, matchOnDetail: true });
  return picks?.map((p) => p.id) ?? [];
}

export async function pickTask(
  store: TaskStore,
  placeHolder: string,
  filter: (e: WatchEntry) => boolean = () => true,
): Promise<string | undefined> {
  const entries = store.entries().filter(filter);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('No watched task fits this command. Run "Extruct: Watch Task" to add one.');
    return undefined;
  }
  if (entries.length === 1) return entries[0]!.id;
  const pick = await vscode.window.showQuickPick(entries.map((e) => toPick(e, store.authPaused)), { placeHolder, matchOnDetail: true });
  return pick?.id;
}
