/** The per-task commands: from a tree item (or the selection), a task ID, or the palette (which asks). */
import * as vscode from 'vscode';
import { stopWatchingIds } from '../actions/watch';
import { info } from '../ui/messages';
import { withProgress } from '../ui/surfaces';
import { statusMessage } from '../ui/text';
import { formatDuration } from '../../core/format/time';
import { dashboardUrl } from '../../core/input/taskRef';
import type { Services } from '../services';
import { VIEW_ID } from '../tree/tasksTree';
import { commandTargets } from './targets';

const many = (n: number): string => (n === 1 ? '1 task' : `${n} tasks`);

export async function stopWatching(s: Services, arg: unknown, selection: unknown): Promise<string[]> {
  const ids = await commandTargets(s, arg, selection, { placeHolder: 'Stop watching which tasks?', many: true });
  return stopWatchingIds(s, ids);
}

export function clearFinished(s: Services): string[] {
  const removed = s.watchList.unwatch(s.store.finishedIds());
  statusMessage(
    'clear-all',
    removed.length ? `Removed ${removed.length} finished task${removed.length === 1 ? '' : 's'}.` : 'No finished tasks to remove.',
    4000,
  );
  return removed;
}

export async function refresh(s: Services, arg: unknown, selection: unknown): Promise<void> {
  const held = s.scheduler.heldUntil;
  if (held !== undefined || s.store.entries().some((e) => e.error?.kind === 'rate-limited')) {
    // Extruct asked for no requests for a while (HTTP 429); a refresh would only be refused.
    const when = held === undefined ? 'shortly' : `in ${formatDuration(held - Date.now())}, at ${new Date(held).toLocaleTimeString()}`;
    void info(`Extruct asked the extension to slow down (HTTP 429), so nothing is checked until then. Checks resume on their own ${when}.`);
    return;
  }
  const ids = arg === undefined ? undefined : await commandTargets(s, arg, selection, { placeHolder: 'Refresh which task?', many: true });
  await withProgress({ location: { viewId: VIEW_ID } }, () => s.watchList.refresh(ids));
}

export async function setMuted(s: Services, arg: unknown, selection: unknown, mute: boolean): Promise<string[]> {
  const ids = await commandTargets(s, arg, selection, {
    placeHolder: mute ? 'Mute the notifications of which tasks?' : 'Unmute the notifications of which tasks?',
    many: true,
    filter: (e) => e.muted !== mute,
  });
  const changed = s.watchList.setMuted(ids, mute);
  if (changed.length) {
    statusMessage(
      mute ? 'bell-slash' : 'bell',
      mute ? `Muted ${many(changed.length)}: no notifications, in any window.` : `Notifications back on for ${many(changed.length)}.`,
      4000,
    );
  }
  return changed;
}

export async function copyTaskId(s: Services, arg: unknown, selection: unknown): Promise<void> {
  const ids = await commandTargets(s, arg, selection, { placeHolder: 'Copy the ID of which task?' });
  if (!ids.length) return;
  await vscode.env.clipboard.writeText(ids.join('\n'));
  statusMessage('copy', `Copied ${ids.length === 1 ? 'task ID' : `${ids.length} task IDs`}.`, 3000);
}

export async function openInExtruct(s: Services, arg: unknown, selection: unknown): Promise<void> {
  const ids = await commandTargets(s, arg, selection, { placeHolder: 'Open which task in Extruct?' });
  for (const id of ids.slice(0, 5)) await vscode.env.openExternal(vscode.Uri.parse(dashboardUrl(s.settings.dashboardUrl, id)));
}

export async function openDetails(s: Services, arg: unknown, selection: unknown): Promise<void> {
  const ids = await commandTargets(s, arg, selection, { placeHolder: 'Open the details of which task?' });
  for (const id of ids.slice(0, 5)) s.panels.open(id);
}
