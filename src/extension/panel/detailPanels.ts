/**
 * The task detail panels: one editor-area webview per task, revealed when already open, restored after
 * a window reload (the serializer's state holds only the task ID). Panels follow the store the tree
 * uses; closing one never stops polling, and "Stop Watching" closes it. Also registers the
 * "Export Results…" and "Resume Task" commands, which the panels' buttons share.
 */
import * as vscode from 'vscode';
import { warn } from '../messages';
import { resumeBlocker } from '../../core/model/resume';
import { taskTitle } from '../../core/format/text';
import { parsePanelState, type ResultsView, type TaskViewModel } from '../../protocol/messages';
import type { DetailPanels, CoreServices } from '../services';
import { type ExportOutcome, exportResults } from './exportResults';
import { webviewOptions } from './html';
import { type ResumeOutcome, resumeTask } from './resumeTask';
import { commandTargets } from '../commands/targets';
import { type DomSnapshot, TaskPanel, VIEW_TYPE } from './taskPanel';

export class DetailPanelManager implements DetailPanels, vscode.Disposable {
  private readonly panels = new Map<string, TaskPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: CoreServices) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state) => this.restore(panel, state),
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
      vscode.commands.registerCommand('extruct.exportResults', async (arg?: unknown, target?: unknown) => {
        const [id] = await commandTargets(services, arg, undefined, { placeHolder: 'Export the results of which task?' });
        return id ? this.exportResults(id, target instanceof vscode.Uri ? target : undefined) : undefined;
      }),
      vscode.commands.registerCommand('extruct.resumeTask', async (arg?: unknown, count?: unknown) => {
        const [id] = await commandTargets(services, arg, undefined, { placeHolder: 'Resume which task?', filter: (e) => !resumeBlocker(e.task) });
        return id ? this.resume(id, typeof count === 'number' ? count : undefined) : undefined;
      }),
    );
  }

  async open(taskId: string): Promise<void> {
    const entry = this.services.store.get(taskId);
    if (!entry) {
      void warn(`Extruct task ${taskId.slice(0, 60)} is not watched.`);
      return;
    }
    this.services.watchList.opened(taskId);
    const existing = this.panels.get(taskId);
    if (existing) return existing.reveal();
    const panel = vscode.window.createWebviewPanel(
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

  /** Exports to `target`, or asks where (the save dialog) when it is omitted. */
  async exportResults(taskId: string, target?: vscode.Uri): Promise<ExportOutcome | undefined> {
    const outcome = await exportResults(this.services, taskId, target);
    if (outcome) this.panels.get(taskId)?.showResults(outcome.results);
    return outcome;
  }

  /** Resumes with `count` new results, or asks how many when it is omitted. */
  resume(taskId: string, count?: number): Promise<ResumeOutcome | undefined> {
    return resumeTask(this.services, taskId, count);
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

  domSnapshot(taskId: string): Promise<DomSnapshot> {
    const panel = this.panels.get(taskId);
    return panel ? panel.domSnapshot() : Promise.reject(new Error(`No panel is open for ${taskId}.`));
  }

  close(taskId: string): void {
    this.panels.get(taskId)?.dispose();
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    this.disposables.forEach((d) => d.dispose());
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
    const host = { resume: (id: string) => this.resume(id), export: (id: string) => this.exportResults(id) };
    const taskPanel = new TaskPanel(taskId, panel, this.services, host, () => {
      if (this.panels.get(taskId) === taskPanel) this.panels.delete(taskId);
    });
    this.panels.set(taskId, taskPanel);
  }
}
