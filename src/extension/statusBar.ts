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
    this.item.name = vscode.l10n.t('Extruct Tasks');
    this.item.command = { command: 'extruct.tasks.focus', title: vscode.l10n.t('Show Extruct Tasks') };
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
      text = vscode.l10n.t('Extruct: paused');
    } else if (s.running > 0) {
      icon = 'sync~spin';
      text = vscode.l10n.t('Extruct: {0} running', s.running);
    } else if (s.failed > 0 || s.blocked > 0) {
      icon = 'error';
      text =
        s.failed > 0
          ? vscode.l10n.t('Extruct: {0} failed', s.failed)
          : s.blocked === 1
            ? vscode.l10n.t('Extruct: 1 needs attention')
            : vscode.l10n.t('Extruct: {0} need attention', s.blocked);
    } else {
      icon = 'check';
      text = vscode.l10n.t('Extruct: {0} finished', s.done + s.exhausted);
    }
    setStatusText(this.item, icon, text);
    this.item.backgroundColor =
      s.running === 0 && (s.failed > 0 || s.blocked > 0) ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const detail = summaryText(s);
    const shared = this.windows.otherWindows > 0;
    const where = !shared
      ? ''
      : this.windows.isPoller
        ? vscode.l10n.t('checked by this window')
        : vscode.l10n.t('checked by another VS Code window');
    const lines = [vscode.l10n.t('Extruct Deep Search: {0}', detail)];
    if (this.store.authPaused) lines.push(vscode.l10n.t('Polling is paused until a valid API token is set.'));
    else if (shared)
      lines.push(
        this.windows.isPoller
          ? vscode.l10n.t('Running tasks are checked by this window.')
          : vscode.l10n.t('Running tasks are checked by another VS Code window; this one shows its answers.'),
      );
    lines.push(vscode.l10n.t('Click to show the tasks.'));
    setTooltip(this.item, lines.join('\n'));
    setAccessibility(
      this.item,
      where && !this.store.authPaused
        ? vscode.l10n.t('Extruct tasks: {0}; {1}', detail, where)
        : vscode.l10n.t('Extruct tasks: {0}', detail),
    );
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
