/**
 * What the user is told of Deep Searches started elsewhere (follow/follower.ts, "extruct.newTasks":
 * "ask"): one notice for the tasks that came together, shown by one window (the announcer's route). Its
 * text comes from outside (queries): it is made inert (format/plain.ts) and bounded.
 */
import * as l10n from '@vscode/l10n';
import type { Task } from '../api/types';
import { plain } from '../format/plain';
import { MAX_NOTICE_TASKS, type Notice } from '../sync/message';

/** The command that opens the settings at "extruct.newTasks" (the notice's second button). */
export const NEW_TASKS_SETTINGS_COMMAND = 'extruct.newTasks.settings';

const name = (t: Task): string => plain(t.query?.trim() || t.id, 80);

export function newTasksNotice(tasks: readonly Task[]): Notice {
  // One button acts on at most MAX_NOTICE_TASKS tasks; the others are in the tree's account list of their own.
  const ids = tasks.slice(0, MAX_NOTICE_TASKS).map((t) => t.id);
  const settings = { title: l10n.t('Settings'), command: NEW_TASKS_SETTINGS_COMMAND, args: [] };
  const [first] = tasks;
  if (tasks.length === 1 && first) {
    return {
      severity: 'info',
      text: l10n.t('New Deep Search started elsewhere: {0}. Watch?', name(first)),
      actions: [{ title: l10n.t('Watch'), command: 'extruct.watchTask', args: ids }, settings],
    };
  }
  const shown = tasks.slice(0, 3).map((t) => `"${name(t)}"`);
  const more = tasks.length - shown.length;
  return {
    severity: 'info',
    text: more
      ? l10n.t('{0} new Deep Searches started elsewhere: {1} and {2} more. Watch them?', tasks.length, shown.join(', '), more)
      : l10n.t('{0} new Deep Searches started elsewhere: {1}. Watch them?', tasks.length, shown.join(', ')),
    actions: [
      {
        title: tasks.length > MAX_NOTICE_TASKS ? l10n.t('Watch the First {0}', MAX_NOTICE_TASKS) : l10n.t('Watch All'),
        command: 'extruct.watchTask',
        args: ids,
      },
      settings,
    ],
  };
}
