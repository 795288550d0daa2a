/**
 * What a task ID's link offers (links/taskLinks.ts): watch it, open its details, copy it, or open it in
 * the Extruct dashboard; what fits depends on whether it is watched. One quick pick, from a terminal or
 * an editor alike.
 */
import * as vscode from 'vscode';
import { canonicalTaskId, dashboardUrl } from '../../core/input/taskRef';
import { watchIds } from '../actions/watch';
import type { Services } from '../services';
import { showQuickPick } from '../ui/inputs';
import { statusMessage } from '../ui/text';

/** The command a document link runs (a `command:` link with the task ID): registered, not in the palette. */
export const TASK_LINK_COMMAND = 'extruct.taskLink';

interface Action extends vscode.QuickPickItem {
  readonly run: () => Thenable<unknown>;
}

export async function showTaskActions(s: Services, raw: unknown): Promise<void> {
  const id = typeof raw === 'string' ? canonicalTaskId(raw) : undefined;
  if (!id) return;
  const watched = s.store.get(id);
  // The user picked "Watch" in this menu: watched at once (the command with an argument would ask again).
  const watch = (): Promise<unknown> => watchIds(s, [id]);
  const icon = (name: string): vscode.ThemeIcon => new vscode.ThemeIcon(name);
  const copy: Action = {
    label: vscode.l10n.t('Copy Task ID'),
    iconPath: icon('copy'),
    run: async () => {
      await vscode.env.clipboard.writeText(id);
      statusMessage('copy', vscode.l10n.t('Copied task ID.'), 3000);
    },
  };
  const open: Action = {
    label: vscode.l10n.t('Open in Extruct'),
    iconPath: icon('link-external'),
    description: vscode.l10n.t('the dashboard, in your browser'),
    run: () => vscode.env.openExternal(vscode.Uri.parse(dashboardUrl(s.settings.dashboardUrl, id))),
  };
  const details = (): Thenable<unknown> => vscode.commands.executeCommand('extruct.openDetails', id);
  const actions: Action[] = watched
    ? [
        { label: vscode.l10n.t('Open Details'), iconPath: icon('open-preview'), run: details },
        { label: vscode.l10n.t('Show in the Extruct View'), iconPath: icon('eye'), run: () => s.view.reveal(id) },
        copy,
        open,
      ]
    : [
        {
          label: vscode.l10n.t('Watch'),
          iconPath: icon('eye'),
          description: vscode.l10n.t('progress in the sidebar, a notification when it ends'),
          run: watch,
        },
        { label: vscode.l10n.t('Watch and Open Details'), iconPath: icon('open-preview'), run: async () => (await watch(), details()) },
        copy,
        open,
      ];
  const title = watched?.task?.query ? vscode.l10n.t('Extruct task: {0}', watched.task.query) : vscode.l10n.t('Extruct task {0}', id);
  const picked = await showQuickPick(actions, { title, placeHolder: id });
  await picked?.run();
}
