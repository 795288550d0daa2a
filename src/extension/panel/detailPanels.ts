/**
 * The task detail panels: one editor-area webview per task, revealed when already open, restored after
 * a window reload (the serializer's state holds only the task ID). Panels follow the store the tree
 * uses; closing one never stops polling, and "Stop Watching" closes it. The panels' buttons run the
 * same commands as the tree and the palette (src/extension/commands/).
 */
import * as vscode from 'vscode';
import { warn } from '../ui/messages';
import { createWebviewPanel, registerWebviewPanelSerializer } from '../ui/surfaces';
import { taskTitle } from '../../core/format/text';
import type { AllResults } from '../../core/results/paging';
import { parsePanelState, type ResultsView, type TaskViewModel } from '../../protocol/messages';
import type { DetailPanels, CoreServices } from '../services';
import { webviewOptions } from './html';
import { TaskPanel, VIEW_TYPE } from './taskPanel';

export class DetailPanelManager implements DetailPanels, vscode.Disposable {
  private readonly panels = new Map<string, TaskPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: CoreServices) {
    this.disposables.push(
      registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => {
          this.restore(panel, state);
          return Promise.resolve();
        },
      }),
      services.store.onDidChange((changes) => {
        for (const c of changes) {
          const panel = this.panels.get(c.id);
          if (!panel) continue;
          if (c.after) panel.scheduleUpdate();
          else panel.dispose();
        }
      }),
      services.store.onDidChangeAuthPaused(() => {
        for (const panel of this.panels.values()) panel.scheduleUpdate();
      }),
    );
  }

  open(taskId: string): void {
    const entry = this.services.store.get(taskId);
    if (!entry) {
      void warn(vscode.l10n.t('Extruct task {0} is not watched.', taskId.slice(0, 60)));
      return;
    }
    this.services.watchList.opened(taskId);
    const existing = this.panels.get(taskId);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = createWebviewPanel(
      VIEW_TYPE,
      taskTitle(entry, 40),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(this.services.context.extensionUri),
    );
    this.attach(taskId, panel);
  }

  /** Shows the polling state again (after a check, or when another window took over polling). */
  refresh(taskId?: string): void {
    if (taskId) this.panels.get(taskId)?.scheduleUpdate();
    else for (const panel of this.panels.values()) panel.scheduleUpdate();
  }

  showResults(taskId: string, results: AllResults): void {
    this.panels.get(taskId)?.showResults(results);
  }

  // ---- for the integration tests (reached through the test API only)

  isOpen(taskId: string): boolean {
    return this.panels.has(taskId);
  }

  /** Whether the panel's webview has said `ready` (and so receives updates). */
  isReady(taskId: string): boolean {
    return this.panels.get(taskId)?.isReady ?? false;
  }

  lastModel(taskId: string): TaskViewModel | undefined {
    return this.panels.get(taskId)?.lastModel;
  }

  lastResults(taskId: string): ResultsView | undefined {
    return this.panels.get(taskId)?.lastResults;
  }

  loadResults(taskId: string): Promise<void> {
    return this.panels.get(taskId)?.loadResults() ?? Promise.resolve();
  }

  close(taskId: string): void {
    this.panels.get(taskId)?.dispose();
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }

  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    const taskId = parsePanelState(state)?.taskId;
    if (!taskId || !this.services.store.get(taskId) || this.panels.has(taskId)) {
      panel.dispose(); // no longer watched (or a duplicate): nothing to show
      return;
    }
    this.attach(taskId, panel);
  }

  private attach(taskId: string, panel: vscode.WebviewPanel): void {
    const taskPanel = new TaskPanel(taskId, panel, this.services, () => {
      if (this.panels.get(taskId) === taskPanel) this.panels.delete(taskId);
    });
    this.panels.set(taskId, taskPanel);
  }
}
