/**
 * The "Tasks" tree: a section per group (running, needs you, finished) with its count, a row per watched
 * task and, when expanded, its funnel. What to show and what to refresh is decided in the core
 * (core/tree/layout.ts): a burst of changes refreshes only the rows that changed, or the sections whose
 * list changed. The title shows the summary of every task, whatever the filter; the badge the unseen
 * completions; the view's message what the filter hides.
 */
import * as vscode from 'vscode';
import type { Task } from '../../core/api/types';
import { resumeBlocker } from '../../core/model/resume';
import { type TaskGroup, styleOf } from '../../core/model/display';
import { shortSummaryText, summarize } from '../../core/model/summary';
import type { WatchEntry } from '../../core/model/watchEntry';
import { type FunnelStage, funnel, taskDescription, taskLabel, taskTitle, taskTooltip } from '../../core/format/text';
import type { TaskStore } from '../../core/store/taskStore';
import type { PollStatus } from '../../core/poll/pollStatus';
import { NO_FILTER, type TaskFilter, filterFrom, isFiltering } from '../../core/tree/filter';
import { type TreeRefresh, TreeLayout, sectionStartsOpen } from '../../core/tree/layout';
import { filterMessage, groupLabel, sectionAccessibleLabel, sectionCount } from '../../core/tree/text';
import type { TasksView } from '../services';
import { createTreeView } from '../ui/surfaces';
import { markdown, setAccessibility, setBadge, setText, setTooltip, statusMessage, treeItem } from '../ui/text';

export type Node = SectionNode | TaskNode | StageNode;
export interface SectionNode {
  readonly kind: 'section';
  readonly group: TaskGroup;
  /** Open when it was first shown: part of its tree item's ID, so that a new default makes a new row. */
  readonly open: boolean;
}
export interface TaskNode {
  readonly kind: 'task';
  readonly id: string;
  /** The section it is shown in: a task that moves to another section is another node (and another row). */
  readonly group: TaskGroup;
}
interface StageNode {
  readonly kind: 'stage';
  readonly taskId: string;
  readonly index: number;
}

export const VIEW_ID = 'extruct.tasks';
/** Where the filter is kept: globalState is per profile, and the filter is the user's, not the workspace's. */
const FILTER_KEY = 'extruct.tasks.filter';

export class TasksTree implements vscode.TreeDataProvider<Node>, TasksView, vscode.Disposable {
  /** One node object per task (in its current section) and per section, so that VS Code refreshes exactly those. */
  private readonly taskNodes = new Map<string, TaskNode>();
  private readonly sectionNodes = new Map<TaskGroup, SectionNode>();
  /** Sections the user opened or closed in this window; the others are as `sectionStartsOpen` says. */
  private readonly expanded = new Map<TaskGroup, boolean>();
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  /** Until the view first asks for rows, the filter read back from the profile (see `layout`). */
  private savedFilter: TaskFilter;
  private laidOut: TreeLayout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Whether the context key "extruct.filtered" is set (unset counts as false in `when` clauses). */
  private filtered = false;
  private headerPending = false;

  constructor(
    private readonly store: TaskStore,
    private readonly pollStatus: (id: string) => PollStatus,
    private readonly timeLeft: (id: string) => number | undefined,
    private readonly memento: vscode.Memento,
  ) {
    this.savedFilter = filterFrom(memento.get(FILTER_KEY));
    // No "collapse all" button: a narrow sidebar needs the room for the title, and each funnel folds on its own.
    this.view = createTreeView(VIEW_ID, { treeDataProvider: this, canSelectMany: true });
    this.disposables.push(
      this.view,
      this.changed,
      { dispose: () => this.laidOut?.dispose() },
      store.onDidChange((changes) => {
        for (const c of changes) if (!c.after) this.taskNodes.delete(c.id);
        this.scheduleHeader(); // a task the filter hides still counts in the title and the badge
      }),
      store.onDidChangeAuthPaused(() => this.scheduleHeader()),
    );
    this.updateHeader();
  }

  /**
   * The layout shown: sections, order, filter; and what to refresh. Made when the view (or a command) first
   * needs it, not at activation: until the view is shown, the sweep's answers cost the tree nothing.
   */
  get layout(): TreeLayout {
    if (!this.laidOut) {
      const layout = new TreeLayout({ store: this.store, timeLeft: this.timeLeft, filter: this.savedFilter });
      this.laidOut = layout;
      const remember = (node: Node, open: boolean) => {
        if (node.kind === 'section') this.expanded.set(node.group, open);
      };
      this.disposables.push(
        layout.onDidRefresh((r) => this.refresh(r)),
        // Sections are opened or closed only once there are rows, so only from now on.
        this.view.onDidExpandElement((e) => remember(e.element, true)),
        this.view.onDidCollapseElement((e) => remember(e.element, false)),
      );
      this.scheduleHeader();
    }
    return this.laidOut;
  }

  getChildren(element?: Node): Node[] {
    if (!element) return this.layout.sections.map((s) => this.sectionNode(s.group));
    if (element.kind === 'section') {
      return (this.layout.sections.find((s) => s.group === element.group)?.ids ?? []).map((id) => this.taskNode(id, element.group));
    }
    if (element.kind === 'task' && this.store.get(element.id)?.task) {
      return [0, 1, 2, 3].map((index) => ({ kind: 'stage', taskId: element.id, index }));
    }
    return [];
  }

  getParent(element: Node): Node | undefined {
    if (element.kind === 'section') return undefined;
    if (element.kind === 'task') return this.sectionNode(element.group);
    const group = this.layout.sectionOf(element.taskId);
    return group ? this.taskNode(element.taskId, group) : undefined;
  }

  getTreeItem(element: Node): vscode.TreeItem {
    if (element.kind === 'section') return this.sectionItem(element);
    const entry = this.store.get(element.kind === 'task' ? element.id : element.taskId);
    const none = vscode.TreeItemCollapsibleState.None;
    if (!entry) return treeItem(vscode.l10n.t('(removed)'), none);
    if (element.kind === 'task') return this.taskItem(entry, element.group);
    const stage = entry.task ? funnel(entry.task)[element.index] : undefined;
    return entry.task && stage ? stageItem(entry.task, stage) : treeItem(vscode.l10n.t('(not loaded)'), none);
  }

  /** The tooltip is built on hover, so its "last checked 5 s ago" is always current. */
  resolveTreeItem(item: vscode.TreeItem, element: Node): vscode.TreeItem {
    if (element.kind !== 'task') return item;
    const entry = this.store.get(element.id);
    if (!entry) return item;
    // Outside text in it went through `literal` (core/format/text.ts); the icons are ours.
    setTooltip(
      item,
      markdown(taskTooltip(entry, this.store.authPaused, Date.now(), this.pollStatus(entry.id), this.timeLeft(entry.id)), { icons: true }),
    );
    return item;
  }

  /** Shows the task in the tree, clearing the filter first if the filter hides it. */
  async reveal(taskId: string): Promise<void> {
    if (!this.store.get(taskId)) return;
    this.layout.flush(); // a task watched a moment ago is in the layout from now on
    if (this.layout.sectionOf(taskId) === undefined && isFiltering(this.layout.filter)) {
      this.setFilter(NO_FILTER);
      this.layout.flush();
      statusMessage('filter', vscode.l10n.t('The filter was cleared to show the task.'), 4000);
    }
    const group = this.layout.sectionOf(taskId);
    if (group) await this.view.reveal(this.taskNode(taskId, group), { select: true, focus: true, expand: false });
  }

  get filter(): TaskFilter {
    return this.layout.filter;
  }

  get groupTotals(): Readonly<Record<TaskGroup, number>> {
    return this.layout.groupTotals;
  }

  /** Shows only what `filter` lets through, and keeps it for the next windows of this profile. */
  setFilter(filter: TaskFilter): void {
    if (!this.layout.setFilter(filter)) return;
    void this.memento.update(FILTER_KEY, isFiltering(filter) ? { text: filter.text, groups: filter.groups } : undefined);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private refresh(r: TreeRefresh): void {
    // A section the user left alone that should now start otherwise (Finished grew past 10 tasks, say) is a new
    // row: VS Code keeps the state of a row it knows, whatever its tree item says.
    let reopened = false;
    for (const s of this.layout.sections) {
      const node = this.sectionNodes.get(s.group);
      if (node && !this.expanded.has(s.group) && node.open !== sectionStartsOpen(s.group, s.total)) {
        this.sectionNodes.delete(s.group);
        reopened = true;
      }
    }
    if (r.all || reopened) this.changed.fire(undefined);
    else {
      const nodes: Node[] = r.sections.map((g) => this.sectionNode(g));
      for (const id of r.tasks) {
        const group = this.layout.sectionOf(id);
        if (group) nodes.push(this.taskNode(id, group));
      }
      this.changed.fire(nodes);
    }
    this.updateHeader();
  }

  /** The header once the current burst of changes is over, like the rows. */
  private scheduleHeader(): void {
    if (this.headerPending) return;
    this.headerPending = true;
    queueMicrotask(() => {
      this.headerPending = false;
      this.updateHeader();
    });
  }

  private sectionNode(group: TaskGroup): SectionNode {
    let node = this.sectionNodes.get(group);
    if (!node) {
      const total = this.layout.sections.find((s) => s.group === group)?.total ?? 0;
      node = { kind: 'section', group, open: this.expanded.get(group) ?? sectionStartsOpen(group, total) };
      this.sectionNodes.set(group, node);
    }
    return node;
  }

  private taskNode(id: string, group: TaskGroup): TaskNode {
    let node = this.taskNodes.get(id);
    if (node?.group !== group) {
      node = { kind: 'task', id, group };
      this.taskNodes.set(id, node);
    }
    return node;
  }

  private sectionItem(node: SectionNode): vscode.TreeItem {
    const group = node.group;
    const section = this.layout.sections.find((s) => s.group === group);
    const shown = section?.ids.length ?? 0;
    const total = section?.total ?? 0;
    const open = this.expanded.get(group) ?? node.open;
    const item = treeItem(groupLabel(group), open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed, {
      description: sectionCount(shown, total),
    });
    item.id = `section/${group}/${node.open ? 'open' : 'closed'}`;
    item.contextValue = ['section', group].join(' ');
    setAccessibility(item, sectionAccessibleLabel(group, shown, total), 'treeitem');
    return item;
  }

  private taskItem(entry: WatchEntry, group: TaskGroup): vscode.TreeItem {
    const style = styleOf(entry, this.store.authPaused);
    const description = taskDescription(entry, this.store.authPaused, this.timeLeft(entry.id));
    const item = treeItem(taskLabel(entry), entry.task ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None, {
      description,
    });
    // Unique across sections: a task that moves is a new row in its new section (VS Code refuses an ID twice).
    item.id = `${group}/${entry.id}`;
    item.iconPath = new vscode.ThemeIcon(style.icon, style.color ? new vscode.ThemeColor(style.color) : undefined);
    item.contextValue = contextValueOf(entry);
    setAccessibility(item, `${taskTitle(entry, 200)}, ${description}`, 'treeitem');
    item.command = { command: 'extruct.openDetails', title: vscode.l10n.t('Open Details'), arguments: [this.taskNode(entry.id, group)] };
    return item;
  }

  /** The title, the badge, the filter's message and its context key. */
  private updateHeader(): void {
    const summary = summarize(this.store.entries(), this.store.authPaused);
    // In the title rather than the description: alone in its container, a view shows only its title, and
    // a narrow sidebar cuts it: only what matters most (the whole summary is in the status bar's tooltip).
    const text = shortSummaryText(summary);
    const title = text ? vscode.l10n.t('Tasks · {0}', text) : vscode.l10n.t('Tasks');
    setText(this.view, { title });
    const layout = this.laidOut;
    if (layout) {
      const { shown, total } = layout.counts;
      setText(this.view, { message: total > 0 ? filterMessage(layout.filter, shown, total) : undefined });
    }
    const filtered = isFiltering(layout?.filter ?? this.savedFilter);
    if (filtered !== this.filtered) {
      this.filtered = filtered;
      void vscode.commands.executeCommand('setContext', 'extruct.filtered', filtered);
    }
    if ((this.view.badge?.value ?? 0) === summary.unseen) return;
    setBadge(
      this.view,
      summary.unseen,
      summary.unseen === 1
        ? vscode.l10n.t('1 finished task not opened yet')
        : vscode.l10n.t('{0} finished tasks not opened yet', summary.unseen),
    );
  }
}

/** Context-menu keys: "task", plus "running"/"complete", "muted"/"audible", "loaded", "resumable", "hasResults". */
function contextValueOf(entry: WatchEntry): string {
  const parts = ['task', entry.stopped ? 'complete' : 'running', entry.muted ? 'muted' : 'audible'];
  if (entry.task) parts.push('loaded');
  if (!resumeBlocker(entry.task)) parts.push('resumable');
  if ((entry.task?.num_results ?? 0) > 0) parts.push('hasResults');
  return parts.join(' ');
}

const STAGE_ICONS: Readonly<Record<FunnelStage['key'], string>> = {
  discovered: 'search',
  enriched: 'database',
  evaluated: 'checklist',
  'high-fit': 'star-full',
};

function stageItem(task: Task, stage: FunnelStage): vscode.TreeItem {
  const target = stage.key === 'high-fit' ? task.desired_num_results : undefined;
  const description = target ? vscode.l10n.t('{0} / {1} wanted', stage.value, target) : String(stage.value);
  const item = treeItem(stage.label, vscode.TreeItemCollapsibleState.None, { description });
  setTooltip(item, `${stage.label}: ${stage.value} — ${stage.hint}`);
  item.iconPath = new vscode.ThemeIcon(STAGE_ICONS[stage.key]);
  item.contextValue = 'stage';
  return item;
}
