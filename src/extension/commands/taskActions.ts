/** Per-task commands from the tree (item or selection) or the palette (asks which task). */
import * as vscode from 'vscode';
import { info } from '../messages';
import { formatDuration } from '../../core/format/time';
import { dashboardUrl } from '../../core/input/taskRef';
import type { Services } from '../services';
import { VIEW_ID } from '../tree/tasksTree';
import { commandTargets } from './targets';

export function registerTaskActions(services: Services): vscode.Disposable[] {
  const targets = (arg: unknown, selection: unknown, placeHolder: string, many: boolean) =>
    commandTargets(services, arg, selection, { placeHolder, many });
  const reg = (id: string, fn: (arg?: unknown, selection?: unknown) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg('extruct.stopWatching', async (arg, selection) => {
      const ids = await targets(arg, selection, 'Stop watching which tasks?', true);
      const removed = services.watchList.unwatch(ids);
      if (removed.length) {
        services.log.info(`Stopped watching ${removed.join(', ')}.`);
        vscode.window.setStatusBarMessage(`$(eye-closed) Stopped watching ${removed.length === 1 ? '1 task' : `${removed.length} tasks`}.`, 4000);
      }
      return removed;
    }),
    reg('extruct.clearFinished', () => {
      const removed = services.watchList.unwatch(services.store.finishedIds());
      vscode.window.setStatusBarMessage(removed.length ? `$(clear-all) Removed ${removed.length} finished task${removed.length === 1 ? '' : 's'}.` : 'No finished tasks to remove.', 4000);
      return removed;
    }),
    reg('extruct.refresh', async (arg, selection) => {
      const held = services.scheduler.heldUntil;
      if (held !== undefined || services.store.entries().some((e) => e.error?.kind === 'rate-limited')) {
        // Extruct asked for no requests for a while (HTTP 429); a refresh would only be refused.
        const when = held === undefined ? 'shortly' : `in ${formatDuration(held - Date.now())}, at ${new Date(held).toLocaleTimeString()}`;
        void info(`Extruct asked the extension to slow down (HTTP 429), so nothing is checked until then. Checks resume on their own ${when}.`);
        return;
      }
      const ids = arg === undefined ? undefined : await targets(arg, selection, 'Refresh which task?', true);
      await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => services.watchList.refresh(ids));
    }),
    reg('extruct.muteTask', async (arg, selection) => {
      const ids = await commandTargets(services, arg, selection, { placeHolder: 'Mute the notifications of which tasks?', many: true, filter: (e) => !e.muted });
      const muted = services.watchList.setMuted(ids, true);
      if (muted.length) vscode.window.setStatusBarMessage(`$(bell-slash) Muted ${muted.length === 1 ? '1 task' : `${muted.length} tasks`}: no notifications, in any window.`, 4000);
      return muted;
    }),
    reg('extruct.unmuteTask', async (arg, selection) => {
      const ids = await commandTargets(services, arg, selection, { placeHolder: 'Unmute the notifications of which tasks?', many: true, filter: (e) => e.muted });
      const unmuted = services.watchList.setMuted(ids, false);
      if (unmuted.length) vscode.window.setStatusBarMessage(`$(bell) Notifications back on for ${unmuted.length === 1 ? '1 task' : `${unmuted.length} tasks`}.`, 4000);
      return unmuted;
    }),
    reg('extruct.copyTaskId', async (arg, selection) => {
      const ids = await targets(arg, selection, 'Copy the ID of which task?', false);
      if (!ids.length) return;
      await vscode.env.clipboard.writeText(ids.join('\n'));
      vscode.window.setStatusBarMessage(`$(copy) Copied ${ids.length === 1 ? 'task ID' : `${ids.length} task IDs`}.`, 3000);
    }),
    reg('extruct.openInExtruct', async (arg, selection) => {
      const ids = await targets(arg, selection, 'Open which task in Extruct?', false);
      for (const id of ids.slice(0, 5)) await vscode.env.openExternal(vscode.Uri.parse(dashboardUrl(services.settings.dashboardUrl, id)));
    }),
    reg('extruct.openDetails', async (arg, selection) => {
      const ids = await targets(arg, selection, 'Open the details of which task?', false);
      for (const id of ids.slice(0, 5)) await services.panels.open(id);
    }),
  ];
}
