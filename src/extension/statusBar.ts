/** One status-bar item while anything is watched: spinning with the number running, then a check or an error mark. */
import * as vscode from 'vscode';
import { summarize, summaryText } from '../core/model/summary';
import { isScheduleOnly, type TaskStore } from '../core/store/taskStore';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly store: TaskStore) {
    this.item = vscode.window.createStatusBarItem('extruct.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Extruct Tasks';
    this.item.command = { command: 'extruct.tasks.focus', title: 'Show Extruct Tasks' };
    this.disposables.push(this.item, store.onDidChange((changes) => changes.every(isScheduleOnly) || this.update()), store.onDidChangeAuthPaused(() => this.update()));
    this.update();
  }

  /** Exposed for tests: the text shown now. */
  get text(): string {
    return this.item.text;
  }

  private update(): void {
    const s = summarize(this.store.entries(), this.store.authPaused);
    if (s.total === 0) {
      this.item.hide();
      return;
    }
    let icon: string;
    let text: string;
    if (this.store.authPaused) {
      icon = '$(key)';
      text = 'Extruct: paused';
    } else if (s.running > 0) {
      icon = '$(sync~spin)';
      text = `Extruct: ${s.running} running`;
    } else if (s.failed > 0 || s.blocked > 0) {
      icon = '$(error)';
      text = `Extruct: ${s.failed > 0 ? `${s.failed} failed` : `${s.blocked} need${s.blocked === 1 ? 's' : ''} attention`}`;
    } else {
      icon = '$(check)';
      text = `Extruct: ${s.done + s.exhausted} finished`;
    }
    this.item.text = `${icon} ${text}`;
    this.item.backgroundColor =
      s.running === 0 && (s.failed > 0 || s.blocked > 0) ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const detail = summaryText(s);
    this.item.tooltip = `Extruct Deep Search: ${detail}${this.store.authPaused ? '\nPolling is paused until a valid API token is set.' : ''}\nClick to show the tasks.`;
    this.item.accessibilityInformation = { label: `Extruct tasks: ${detail}` };
    this.item.show();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
