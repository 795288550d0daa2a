/**
 * What a task ID's link offers (links/taskLinks.ts): watch it, open its details, copy it, or open it in
 * the Extruct dashboard; what fits depends on whether it is watched. One quick pick, from a terminal or
 * an editor alike.
 */
import * as vscode from 'vscode';
import { plain } from '../../core/format/plain';
import { shorten } from '../../core/format/text';
import { canonicalTaskId, dashboardUrl } from '../../core/input/taskRef';
import type { Services } from '../services';

/** The command a document link runs (a `command:` link with the task ID): registered, not in the palette. */
export const TASK_LINK_COMMAND = 'extruct.taskLink';

interface Action extends vscode.QuickPickItem {
  readonly run: () => Thenable<unknown>;
}

export async function showTaskActions(s: Services, raw: unknown): Promise<void> {
  const id = typeof raw === 'string' ? canonicalTaskId(raw) : undefined;
  if (!id) return;
  const watched = s.store.get(id);
  const watch = (): Thenable<unknown> => vscode.commands.executeCommand('extruct.watchTask', id);
  const copy: Action = {
    label: '$(copy) Copy Task ID',
    run: async () => {
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage('$(copy) Copied task ID.', 3000);
    },
  };
  const open: Action = {
    label: '$(link-external) Open in Extruct',
    description: 'the dashboard, in your browser',
    run: () => vscode.env.openExternal(vscode.Uri.parse(dashboardUrl(s.settings.dashboardUrl, id))),
  };
  const details = (): Thenable<unknown> => vscode.commands.executeCommand('extruct.openDetails', id);
  const actions: Action[] = watched
    ? [
        { label: '$(open-preview) Open Details', run: details },
        { label: '$(eye) Show in the Extruct View', run: () => s.view.reveal(id) },
        copy,
        open,
      ]
    : [
        { label: '$(eye) Watch', description: 'progress in the sidebar, a notification when it ends', run: watch },
        { label: '$(open-preview) Watch and Open Details', run: async () => (await watch(), details()) },
        copy,
        open,
      ];
  const title = watched?.task?.query ? `Extruct task: ${plain(shorten(watched.task.query, 80))}` : `Extruct task ${id}`;
  const picked = await vscode.window.showQuickPick(actions, { title, placeHolder: id });
  await picked?.run();
}
