/** One status-bar item while anything is watched: spinning with the number running, then a check or an error mark. */
import * as vscode from 'vscode';
import { summarize, summaryText } from '../core/model/summary';
import type { TaskStore } from '../core/store/taskStore';
import type { Event } from '../core/util/emitter';
import { createStatusBarItem } from './ui/surfaces';
import { setAccessibility, setStatusText, setTooltip } from './ui/text';

/** Which window polls (core/sync/windowSync.ts). */
export interface PollingWindows {
  readonly isPoller: boolean;
  readonly otherWindows: number;
  readonly onDidChangeRole: Event<boolean>;
  readonly onDidChangeWindows: Event<void>;
}

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: TaskStore,
    private readonly windows: PollingWindows,
  ) {
    this.item = createStatusBarItem('extruct.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Extruct Tasks';
    this.item.command = { command: 'extruct.tasks.focus', title: 'Show Extruct Tasks' };
    const update = () => this.update();
    this.disposables.push(
      this.item,
      store.onDidChange(update),
      store.onDidChangeAuthPaused(update),
      windows.onDidChangeRole(update),
      windows.onDidChangeWindows(update),
    );
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
      icon = 'key';
      text = 'Extruct: paused';
    } else if (s.running > 0) {
      icon = 'sync~spin';
      text = `Extruct: ${s.running} running`;
    } else if (s.failed > 0 || s.blocked > 0) {
      icon = 'error';
      text = `Extruct: ${s.failed > 0 ? `${s.failed} failed` : `${s.blocked} need${s.blocked === 1 ? 's' : ''} attention`}`;
    } else {
      icon = 'check';
      text = `Extruct: ${s.done + s.exhausted} finished`;
    }
    setStatusText(this.item, icon, text);
    this.item.backgroundColor =
      s.running === 0 && (s.failed > 0 || s.blocked > 0) ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const detail = summaryText(s);
    const where =
      this.windows.otherWindows === 0 ? '' : this.windows.isPoller ? 'checked by this window' : 'checked by another VS Code window';
    const lines = [`Extruct Deep Search: ${detail}`];
    if (this.store.authPaused) lines.push('Polling is paused until a valid API token is set.');
    else if (where) lines.push(`Running tasks are ${where}${this.windows.isPoller ? '' : '; this one shows its answers'}.`);
    lines.push('Click to show the tasks.');
    setTooltip(this.item, lines.join('\n'));
    setAccessibility(this.item, `Extruct tasks: ${detail}${where && !this.store.authPaused ? `; ${where}` : ''}`);
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
