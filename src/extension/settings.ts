/** Typed access to the extension's settings, read fresh each time so changes apply without a reload. */
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../core/input/baseUrl';
import type { NotificationLevel } from '../core/notify/announcer';
import { DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS } from '../core/poll/policy';


export class Settings {
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('extruct');
  }

  /**
   * The API base URL. Application-scoped in package.json, and read here from the global (user) value
   * only, so a workspace's .vscode/settings.json can never redirect the token.
   */
  get apiBaseUrl(): string {
    return this.config.inspect<string>('apiBaseUrl')?.globalValue ?? DEFAULT_BASE_URL;
  }

  get dashboardUrl(): string {
    return this.config.inspect<string>('dashboardUrl')?.globalValue ?? 'https://app.extruct.ai';
  }

  get pollIntervalMs(): number {
    const seconds = this.config.get<number>('pollInterval', DEFAULT_INTERVAL_MS / 1000);
    return Math.max(MIN_INTERVAL_MS, (Number.isFinite(seconds) ? seconds : 10) * 1000);
  }

  get notifications(): NotificationLevel {
    const v = this.config.get<string>('notifications', 'all');
    return v === 'failuresOnly' || v === 'off' ? v : 'all';
  }

  onDidChange(listener: (e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('extruct')) listener(e);
    });
  }
}
