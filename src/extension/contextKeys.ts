/** Context keys for `when` clauses: the welcome view and menus follow the store. */
import * as vscode from 'vscode';
import type { TaskStore } from '../core/store/taskStore';

export class ContextKeys implements vscode.Disposable {
  private readonly values = new Map<string, boolean>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: TaskStore) {
    this.subscription = store.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const entries = this.store.entries();
    this.set('extruct.hasTasks', entries.length > 0);
    this.set(
      'extruct.hasFinished',
      entries.some((e) => e.stopped !== undefined),
    );
  }

  set(key: string, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
