/**
 * The "Tasks" tree: one item per watched task and, when expanded, its funnel. A change to one task
 * refreshes only that task's item; the title shows the aggregate and the badge the unseen completions.
 */
import * as vscode from 'vscode';
import type { Task } from '../../core/api/types';
import { resumeBlocker } from '../../core/model/resume';
import { styleOf } from '../../core/model/display';
import { shortSummaryText, summarize } from '../../core/model/summary';
import type { WatchEntry } from '../../core/model/watchEntry';
import { type FunnelStage, funnel, taskDescription, taskLabel, taskTitle, taskTooltip } from '../../core/format/text';
import { groupOf, orderEntries } from '../../core/model/order';
import type { TaskStore } from '../../core/store/taskStore';
import type { PollStatus } from '../../core/poll/pollStatus';
import type { TasksView } from '../services';
import { createTreeView } from '../ui/surfaces';
import { markdown, setAccessibility, setBadge, setText, setTooltip, treeItem } from '../ui/text';

export type Node = TaskNode | StageNode;
export interface TaskNode {
  readonly kind: 'task';
  readonly id: string;
}
interface StageNode {
  readonly kind: 'stage';
  readonly taskId: string;
  readonly index: number;
}

export const VIEW_ID = 'extruct.tasks';

export class TasksTree implements vscode.TreeDataProvider<Node>, TasksView, vscode.Disposable {
  /** One node object per task, so that VS Code can refresh exactly that item. */
  private readonly nodes = new Map<string, TaskNode>();
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  /** The order shown; computed again only when a task comes, goes or changes group (see `orderKey`). */
  private order: string[] = [];
  private orderKey = '';

  constructor(
    private readonly store: TaskStore,
    private readonly pollStatus: (id: string) => PollStatus,
    private readonly timeLeft: (id: string) => number | undefined,
  ) {
    // No "collapse all" button: a narrow sidebar needs the room for the title, and each funnel folds on its own.
    this.view = createTreeView(VIEW_ID, { treeDataProvider: this, canSelectMany: true });
    this.disposables.push(
      this.view,
      this.changed,
      store.onDidChange((changes) => {
        for (const c of changes) if (!c.after) this.nodes.delete(c.id);
        if (this.reorder()) this.changed.fire(undefined);
        else for (const c of changes) this.changed.fire(this.nodeFor(c.id));
        this.updateTitle();
      }),
      store.onDidChangeAuthPaused(() => {
        this.changed.fire(undefined);
        this.updateTitle();
      }),
    );
    this.updateTitle();
  }

  getChildren(element?: Node): Node[] {
    if (!element) {
      this.reorder();
      return this.order.map((id) => this.nodeFor(id));
    }
    if (element.kind === 'task' && this.store.get(element.id)?.task) {
      return [0, 1, 2, 3].map((index) => ({ kind: 'stage', taskId: element.id, index }));
    }
    return [];
  }

  getParent(element: Node): Node | undefined {
    return element.kind === 'stage' ? this.nodeFor(element.taskId) : undefined;
  }

  getTreeItem(element: Node): vscode.TreeItem {
    const entry = this.store.get(element.kind === 'task' ? element.id : element.taskId);
    if (!entry) return treeItem('(removed)', vscode.TreeItemCollapsibleState.None);
    if (element.kind === 'task') return this.taskItem(entry);
    const stage = entry.task ? funnel(entry.task)[element.index] : undefined;
    return entry.task && stage ? stageItem(entry.task, stage) : treeItem('(not loaded)', vscode.TreeItemCollapsibleState.None);
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

  async reveal(taskId: string): Promise<void> {
    if (!this.store.get(taskId)) return;
    await this.view.reveal(this.nodeFor(taskId), { select: true, focus: true });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private nodeFor(id: string): TaskNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = { kind: 'task', id };
      this.nodes.set(id, node);
    }
    return node;
  }

  /**
   * Sorts again when a task came or went, changed group (running, finished, needs the user) or got or
   * lost its estimate; not when counters move, so that items do not jump while the user looks at them.
   * True when the order changed.
   */
  private reorder(): boolean {
    const entries = this.store.entries();
    const key = entries
      .map((e) => `${e.id}:${groupOf(e)}:${this.timeLeft(e.id) === undefined ? 0 : 1}`)
      .sort()
      .join('|');
    if (key === this.orderKey) return false;
    this.orderKey = key;
    const next = orderEntries(entries, this.timeLeft);
    const changed = next.join() !== this.order.join();
    this.order = next;
    return changed;
  }

  private taskItem(entry: WatchEntry): vscode.TreeItem {
    const style = styleOf(entry, this.store.authPaused);
    const description = taskDescription(entry, this.store.authPaused, this.timeLeft(entry.id));
    const item = treeItem(taskLabel(entry), entry.task ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None, {
      description,
    });
    item.id = entry.id;
    item.iconPath = new vscode.ThemeIcon(style.icon, style.color ? new vscode.ThemeColor(style.color) : undefined);
    item.contextValue = contextValueOf(entry);
    setAccessibility(item, `${taskTitle(entry, 200)}, ${description}`, 'treeitem');
    item.command = { command: 'extruct.openDetails', title: 'Open Details', arguments: [this.nodeFor(entry.id)] };
    return item;
  }

  private updateTitle(): void {
    const summary = summarize(this.store.entries(), this.store.authPaused);
    // In the title rather than the description: alone in its container, a view shows only its title, and
    // a narrow sidebar cuts it: only what matters most (the whole summary is in the status bar's tooltip).
    const text = shortSummaryText(summary);
    const title = text ? `Tasks · ${text}` : 'Tasks';
    setText(this.view, { title });
    if ((this.view.badge?.value ?? 0) === summary.unseen) return;
    setBadge(this.view, summary.unseen, `${summary.unseen} finished task${summary.unseen === 1 ? '' : 's'} not opened yet`);
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
  const target = stage.key === 'high-fit' && task.desired_num_results ? ` / ${task.desired_num_results} wanted` : '';
  const item = treeItem(stage.label, vscode.TreeItemCollapsibleState.None, { description: `${stage.value}${target}` });
  setTooltip(item, `${stage.label}: ${stage.value} — ${stage.hint}`);
  item.iconPath = new vscode.ThemeIcon(STAGE_ICONS[stage.key]);
  item.contextValue = 'stage';
  return item;
}
