/** Per-task commands from the tree (item or selection) or the palette (asks which task). */
import * as vscode from 'vscode';
import { dashboardUrl } from '../../core/input/taskRef';
import type { Services } from '../services';
import type { Node, TasksTree } from '../tree/tasksTree';
import { pickTask, pickTasks } from './pickTask';

/** The tasks a command is for: a task ID string, the tree selection/item, or (none given) a pick. */
async function targets(services: Services, tree: TasksTree, arg: unknown, selection: unknown, placeHolder: string, many: boolean): Promise<string[]> {
  if (typeof arg === 'string') return services.store.get(arg) ? [arg] : [];
  if (isNode(arg)) return tree.selectedIds(arg, Array.isArray(selection) ? selection.filter(isNode) : undefined);
  if (many) return pickTasks(services.store, placeHolder);
  const id = await pickTask(services.store, placeHolder);
  return id ? [id] : [];
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && ((v as Node).kind === 'task' || (v as Node).kind === 'stage');
}

export function registerTaskActions(services: Services, tree: TasksTree): vscode.Disposable[] {
  const reg = (id: string, fn: (arg?: unknown, selection?: unknown) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg('extruct.stopWatching', async (arg, selection) => {
      const ids = await targets(services, tree, arg, selection, 'Stop watching which tasks?', true);
      const removed = services.store.remove(ids);
      if (removed.length) {
        services.log.info(`Stopped watching ${removed.join(', ')}.`);
        vscode.window.setStatusBarMessage(`$(eye-closed) Stopped watching ${removed.length === 1 ? '1 task' : `${removed.length} tasks`}.`, 4000);
      }
      return removed;
    }),
    reg('extruct.clearFinished', () => {
      const removed = services.store.clearFinished();
      vscode.window.setStatusBarMessage(removed.length ? `$(clear-all) Removed ${removed.length} finished task${removed.length === 1 ? '' : 's'}.` : 'No finished tasks to remove.', 4000);
      return removed;
    }),
    reg('extruct.refresh', async (arg, selection) => {
      const ids = arg === undefined ? undefined : await targets(services, tree, arg, selection, 'Refresh which task?', true);
      await vscode.window.withProgress({ location: { viewId: 'extruct.tasks' } }, () => services.scheduler.refresh(ids));
    }),
    reg('extruct.copyTaskId', async (arg, selection) => {
      const ids = await targets(services, tree, arg, selection, 'Copy the ID of which task?', false);
      if (!ids.length) return;
      await vscode.env.clipboard.writeText(ids.join('\n'));
      vscode.window.setStatusBarMessage(`$(copy) Copied ${ids.length === 1 ? 'task ID' : `${ids.length} task IDs`}.`, 3000);
    }),
    reg('extruct.openInExtruct', async (arg, selection) => {
      const ids = await targets(services, tree, arg, selection, 'Open which task in Extruct?', false);
      for (const id of ids.slice(0, 5)) await vscode.env.openExternal(vscode.Uri.parse(dashboardUrl(services.settings.dashboardUrl, id)));
    }),
    reg('extruct.openDetails', async (arg, selection) => {
      const ids = await targets(services, tree, arg, selection, 'Open the details of which task?', false);
      for (const id of ids.slice(0, 5)) await services.panels.open(id);
    }),
  ];
}
