/** PLACEHOLDER — replaced by the detail panel implementation. */
import * as vscode from 'vscode';
import type { DetailPanels, Services } from '../services';

export class DetailPanelManager implements DetailPanels, vscode.Disposable {
  constructor(private readonly services: Services) {}
  async open(taskId: string): Promise<void> {
    this.services.store.markSeen(taskId);
  }
  dispose(): void {}
}
