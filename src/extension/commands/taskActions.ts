/** The per-task commands: from a tree item (or the selection), a task ID, or the palette (which asks). */
import * as vscode from 'vscode';
import { stopWatchingIds } from '../actions/watch';
import { info } from '../ui/messages';
import { withProgress } from '../ui/surfaces';
import { statusMessage } from '../ui/text';
import { duration } from '../../core/format/timeWords';
import { dashboardUrl } from '../../core/input/taskRef';
import type { Services } from '../services';
import { VIEW_ID } from '../tree/tasksTree';
import { commandTargets } from './targets';

export async function stopWatching(s: Services, arg: unknown, selection: unknown): Promise<string[]> {
  const ids = await commandTargets(s, arg, selection, { placeHolder: vscode.l10n.t('Stop watching which tasks?'), many: true });
  return stopWatchingIds(s, ids);
}

export function clearFinished(s: Services): string[] {
  const removed = s.watchList.unwatch(s.store.finishedIds());
  statusMessage(
    'clear-all',
    removed.length === 0
      ? vscode.l10n.t('No finished tasks to remove.')
      : removed.length === 1
        ? vscode.l10n.t('Removed 1 finished task.')
        : vscode.l10n.t('Removed {0} finished tasks.', removed.length),
    4000,
  );
  return removed;
}

export async function refresh(s: Services, arg: unknown, selection: unknown): Promise<void> {
  const held = s.scheduler.heldUntil;
  if (held !== undefined || s.store.entries().some((e) => e.error?.kind === 'rate-limited')) {
    // Extruct asked for no requests for a while (HTTP 429); a refresh would only be refused.
    void info(
      held === undefined
        ? vscode.l10n.t(
            'Extruct asked the extension to slow down (HTTP 429), so nothing is checked until then. Checks resume on their own shortly.',
          )
        : vscode.l10n.t(
            'Extruct asked the extension to slow down (HTTP 429), so nothing is checked until then. Checks resume on their own in {0}, at {1}.',
            duration(held - Date.now()),
            new Date(held).toLocaleTimeString(vscode.env.language),
          ),
    );
    return;
  }
  const ids =
    arg === undefined
      ? undefined
      : await commandTargets(s, arg, selection, { placeHolder: vscode.l10n.t('Refresh which task?'), many: true });
  await withProgress({ location: { viewId: VIEW_ID } }, () => s.watchList.refresh(ids));
}

export async function setMuted(s: Services, arg: unknown, selection: unknown, mute: boolean): Promise<string[]> {
  const ids = await commandTargets(s, arg, selection, {
    placeHolder: mute ? vscode.l10n.t('Mute the notifications of which tasks?') : vscode.l10n.t('Unmute the notifications of which tasks?'),
    many: true,
    filter: (e) => e.muted !== mute,
  });
  const changed = s.watchList.setMuted(ids, mute);
  if (changed.length) {
    statusMessage(mute ? 'bell-slash' : 'bell', mutedText(mute, changed.length), 4000);
  }
  return changed;
}

export async function copyTaskId(s: Services, arg: unknown, selection: unknown): Promise<void> {
  const ids = await commandTargets(s, arg, selection, { placeHolder: vscode.l10n.t('Copy the ID of which task?') });
  if (!ids.length) return;
  await vscode.env.clipboard.writeText(ids.join('\n'));
  statusMessage('copy', ids.length === 1 ? vscode.l10n.t('Copied task ID.') : vscode.l10n.t('Copied {0} task IDs.', ids.length), 3000);
}

export async function openInExtruct(s: Services, arg: unknown, selection: unknown): Promise<void> {
  const ids = await commandTargets(s, arg, selection, { placeHolder: vscode.l10n.t('Open which task in Extruct?') });
  for (const id of ids.slice(0, 5)) await vscode.env.openExternal(vscode.Uri.parse(dashboardUrl(s.settings.dashboardUrl, id)));
}

export async function openDetails(s: Services, arg: unknown, selection: unknown): Promise<void> {
  const ids = await commandTargets(s, arg, selection, { placeHolder: vscode.l10n.t('Open the details of which task?') });
  for (const id of ids.slice(0, 5)) s.panels.open(id);
}

/** "Muted 2 tasks: no notifications, in any window." or "Notifications back on for 1 task." */
function mutedText(mute: boolean, n: number): string {
  if (mute)
    return n === 1
      ? vscode.l10n.t('Muted 1 task: no notifications, in any window.')
      : vscode.l10n.t('Muted {0} tasks: no notifications, in any window.', n);
  return n === 1 ? vscode.l10n.t('Notifications back on for 1 task.') : vscode.l10n.t('Notifications back on for {0} tasks.', n);
}
