/** The task a panel command is for: a task ID string, a tree node `{kind: 'task', id}`, or a pick. */
import * as vscode from 'vscode';
import type { WatchEntry } from '../../core/model/watchEntry';
import { pickTask } from '../commands/pickTask';
import type { Services } from '../services';

function nodeId(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as { kind?: unknown; id?: unknown; taskId?: unknown };
  if (node.kind === 'task' && typeof node.id === 'string') return node.id;
  if (node.kind === 'stage' && typeof node.taskId === 'string') return node.taskId;
  return undefined;
}

export async function targetTask(
  services: Services,
  arg: unknown,
  placeHolder: string,
  filter?: (e: WatchEntry) => boolean,
): Promise<string | undefined> {
  const given = typeof arg === 'string' ? arg.trim().toLowerCase() : nodeId(arg);
  if (given !== undefined) {
    if (services.store.get(given)) return given;
    void vscode.window.showWarningMessage(`Extruct task ${given.slice(0, 60)} is not watched. Watch it first with "Extruct: Watch Task".`);
    return undefined;
  }
  return pickTask(services.store, placeHolder, filter);
}
