/**
 * "Filter Tasks…": one quick pick for both filters. Type words to keep only the tasks whose query, ID or
 * state holds them all; tick the groups to show. The tree follows as you type; Escape puts back the filter
 * you had. The filter is kept per profile (tree/tasksTree.ts), so it survives a reload.
 */
import * as vscode from 'vscode';
import { TASK_GROUPS, type TaskGroup } from '../../core/model/display';
import { NO_FILTER, type TaskFilter, makeFilter } from '../../core/tree/filter';
import { groupLabel, taskCount } from '../../core/tree/text';
import type { Services } from '../services';
import { createQuickPick, setItems } from '../ui/inputs';

interface GroupPick extends vscode.QuickPickItem {
  readonly group: TaskGroup;
}

/** Resolves with the filter in force when the pick closes: the new one, or the one it had (Escape). */
export function filterTasks(s: Services): Promise<TaskFilter> {
  const view = s.view;
  const before = view.filter;
  return new Promise((resolve) => {
    const qp = createQuickPick<GroupPick>({
      title: vscode.l10n.t('Filter Tasks'),
      placeholder: vscode.l10n.t('Type words from a query, a task ID or a state; tick the groups to show'),
    });
    qp.canSelectMany = true;
    const totals = view.groupTotals;
    // Always shown: typing filters the tasks in the tree, not these three lines.
    const items: GroupPick[] = TASK_GROUPS.map((group) => ({
      group,
      label: groupLabel(group),
      description: taskCount(totals[group]),
      alwaysShow: true,
    }));
    setItems(qp, items);
    qp.selectedItems = items.filter((i) => before.groups.includes(i.group));
    qp.value = before.text;
    qp.buttons = [{ iconPath: new vscode.ThemeIcon('clear-all'), tooltip: vscode.l10n.t('Clear Filter') }];
    const current = (): TaskFilter =>
      makeFilter(
        qp.value,
        qp.selectedItems.map((i) => i.group),
      );
    let kept = false;
    qp.onDidChangeValue(() => view.setFilter(current()));
    qp.onDidChangeSelection(() => view.setFilter(current()));
    qp.onDidTriggerButton(() => {
      kept = true;
      view.setFilter(NO_FILTER);
      qp.hide();
    });
    qp.onDidAccept(() => {
      kept = true;
      view.setFilter(current());
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!kept) view.setFilter(before);
      qp.dispose();
      resolve(view.filter);
    });
    qp.show();
  });
}

export function clearFilter(s: Services): void {
  s.view.setFilter(NO_FILTER);
}
