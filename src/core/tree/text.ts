/** The tree's own words: section labels and counts, and the line that says what the filter hides. */
import type { TaskGroup } from '../model/display';
import { type TaskFilter, filtersByGroup, filtersByText } from './filter';

const GROUP_LABELS: Readonly<Record<TaskGroup, string>> = {
  running: 'Running',
  attention: 'Needs you',
  finished: 'Finished',
};

export function groupLabel(group: TaskGroup): string {
  return GROUP_LABELS[group];
}

/** A section's count, "60", or "12 of 60" when the filter hides some of its tasks. */
export function sectionCount(shown: number, total: number): string {
  return shown === total ? String(total) : `${shown} of ${total}`;
}

/** What a screen reader says for a section: "Running, 60 tasks" or "Running, 12 of 60 tasks shown". */
export function sectionAccessibleLabel(group: TaskGroup, shown: number, total: number): string {
  if (shown === total) return total === 1 ? `${groupLabel(group)}, 1 task` : `${groupLabel(group)}, ${total} tasks`;
  return `${groupLabel(group)}, ${shown} of ${total} tasks shown`;
}

/** The view's message while a filter is on (undefined when none is): what is shown, and of how many. */
export function filterMessage(filter: TaskFilter, shown: number, total: number): string | undefined {
  const byText = filtersByText(filter);
  const byGroup = filtersByGroup(filter);
  if (!byText && !byGroup) return undefined;
  const groups = filter.groups.map(groupLabel).join(', ');
  if (shown === 0) {
    if (byText && byGroup) return `No watched task in ${groups} matches "${filter.text}". Change or clear the filter to see every task.`;
    if (byText) return `No watched task matches "${filter.text}". Change or clear the filter to see every task.`;
    return `No watched task is in ${groups}. Change or clear the filter to see every task.`;
  }
  if (byText && byGroup) return `Showing ${shown} of ${total} tasks that match "${filter.text}" in ${groups}.`;
  if (byText) return `Showing ${shown} of ${total} tasks that match "${filter.text}".`;
  return `Showing ${shown} of ${total} tasks: ${groups}.`;
}
