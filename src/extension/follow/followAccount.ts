/**
 * Following the account in VS Code (core/follow/follower.ts decides): what "extruct.newTasks" asks for,
 * a new task's notice (shown by one window: the shared notice route) or its watching, and a fresh start
 * when the account changes (another token, another API base URL).
 */
import * as vscode from 'vscode';
import type { Task } from '../../core/api/types';
import type { AccountMark, WatchHistory } from '../../core/follow/accountMark';
import { AccountFollower } from '../../core/follow/follower';
import { NEW_TASKS_SETTINGS_COMMAND, newTasksNotice } from '../../core/notify/newTasks';
import type { Notice } from '../../core/sync/message';
import type { TaskStore } from '../../core/store/taskStore';
import type { Clock } from '../../core/util/clock';
import { MAX_WATCHED } from '../../core/model/watchEntry';
import type { Log } from '../log';
import type { Settings } from '../settings';
import type { TokenStore } from '../token';
import { statusMessage } from '../ui/text';

export interface FollowOptions {
  readonly state: AccountMark & WatchHistory;
  readonly store: TaskStore;
  readonly settings: Settings;
  readonly token: TokenStore;
  readonly clock: Clock;
  readonly log: Log;
  /** Shows a notice in the one window that should (the shared state's route). */
  readonly notify: (notice: Notice) => void;
  /** Watches task IDs in every window (the shared watch list). */
  readonly watch: (ids: readonly string[]) => void;
}

export function followAccount(o: FollowOptions): { readonly follower: AccountFollower; readonly disposables: vscode.Disposable[] } {
  const follower = new AccountFollower({
    mark: o.state,
    history: o.state,
    mode: () => o.settings.newTasks,
    clock: o.clock,
    log: o.log,
    onNewTasks: (tasks, mode) => (mode === 'watch' ? watchNew(o, tasks) : announce(o, tasks)),
  });
  // The first token read at start-up is no change of account; a different one later is.
  let token: string | undefined | null = null;
  const disposables = [
    o.token.onDidChange((value) => {
      if (token !== null && value !== undefined && value !== token) follower.rebaseline();
      token = value;
    }),
    o.settings.onDidChange((e) => {
      if (e.affectsConfiguration('extruct.apiBaseUrl')) follower.rebaseline();
    }),
    vscode.commands.registerCommand(NEW_TASKS_SETTINGS_COMMAND, () =>
      vscode.commands.executeCommand('workbench.action.openSettings', 'extruct.newTasks'),
    ),
  ];
  return { follower, disposables };
}

function announce(o: FollowOptions, tasks: readonly Task[]): void {
  o.log.info(`Started elsewhere, not watched yet: ${tasks.map((t) => t.id).join(', ')}.`);
  o.notify(newTasksNotice(tasks));
}

/** "watch": into the watch list at once, quietly (no notification, no focus taken), within its size. */
function watchNew(o: FollowOptions, tasks: readonly Task[]): void {
  const room = Math.max(0, MAX_WATCHED - o.store.size);
  const ids = tasks.map((t) => t.id).slice(0, room);
  if (ids.length < tasks.length)
    o.log.warn(`The watch list is full (${MAX_WATCHED} tasks): ${tasks.length - ids.length} task(s) started elsewhere were not watched.`);
  if (!ids.length) return;
  o.watch(ids);
  o.log.info(`Watching ${ids.join(', ')}: started elsewhere ("extruct.newTasks" is "watch").`);
  statusMessage(
    'eye',
    ids.length === 1
      ? vscode.l10n.t('Watching a Deep Search started elsewhere.')
      : vscode.l10n.t('Watching {0} Deep Searches started elsewhere.', ids.length),
    5000,
  );
}
