/** The tree's own words: section labels and counts, and the line that says what the filter hides. */
import * as l10n from '@vscode/l10n';
import type { TaskGroup } from '../model/display';
import { type TaskFilter, filtersByGroup, filtersByText } from './filter';

export function groupLabel(group: TaskGroup): string {
  switch (group) {
    case 'running':
      return l10n.t('Running');
    case 'attention':
      return l10n.t('Needs you');
    case 'finished':
      return l10n.t('Finished');
  }
}

/** A number of tasks in words, for a pick's description: "none", "1 task", "12 tasks". */
export function taskCount(n: number): string {
  return n === 0 ? l10n.t('none') : n === 1 ? l10n.t('1 task') : l10n.t('{0} tasks', n);
}

/** A section's count, "60", or "12 of 60" when the filter hides some of its tasks. */
export function sectionCount(shown: number, total: number): string {
  return shown === total ? String(total) : l10n.t('{0} of {1}', shown, total);
}

/** What a screen reader says for a section: "Running, 60 tasks" or "Running, 12 of 60 tasks shown". */
export function sectionAccessibleLabel(group: TaskGroup, shown: number, total: number): string {
  const section = groupLabel(group);
  if (shown === total) return total === 1 ? l10n.t('{0}, 1 task', section) : l10n.t('{0}, {1} tasks', section, total);
  return l10n.t('{0}, {1} of {2} tasks shown', section, shown, total);
}

/** The view's message while a filter is on (undefined when none is): what is shown, and of how many. */
export function filterMessage(filter: TaskFilter, shown: number, total: number): string | undefined {
  const byText = filtersByText(filter);
  const byGroup = filtersByGroup(filter);
  if (!byText && !byGroup) return undefined;
  const groups = filter.groups.map(groupLabel).join(', ');
  const text = filter.text;
  if (shown === 0) {
    if (byText && byGroup)
      return l10n.t('No watched task in {groups} matches "{text}". Change or clear the filter to see every task.', { groups, text });
    if (byText) return l10n.t('No watched task matches "{0}". Change or clear the filter to see every task.', text);
    return l10n.t('No watched task is in {0}. Change or clear the filter to see every task.', groups);
  }
  if (byText && byGroup) return l10n.t('Showing {shown} of {total} tasks that match "{text}" in {groups}.', { shown, total, text, groups });
  if (byText) return l10n.t('Showing {shown} of {total} tasks that match "{text}".', { shown, total, text });
  return l10n.t('Showing {shown} of {total} tasks: {groups}.', { shown, total, groups });
}
