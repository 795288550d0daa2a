/** Typed access to the extension's settings, read fresh each time so changes apply without a reload. */
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../core/input/baseUrl';
import { DEFAULT_DASHBOARD_URL } from '../core/input/taskRef';
import { type CreditLimits, DEFAULT_CREDIT_LIMITS } from '../core/agent/creditGuard';
import type { NewTasksMode } from '../core/follow/accountMark';
import type { NotificationLevel } from '../core/notify/announcer';
import { baseInterval, DEFAULT_INTERVAL_MS } from '../core/poll/policy';

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
    return this.config.inspect<string>('dashboardUrl')?.globalValue ?? DEFAULT_DASHBOARD_URL;
  }

  /**
   * The base interval in ms, within [5 s, 1 h] whatever the settings file says. Application-scoped and
   * read from the user value only: one window polls for all of them, so a workspace cannot change it.
   */
  get pollIntervalMs(): number {
    const seconds = this.config.inspect<unknown>('pollInterval')?.globalValue;
    return baseInterval(typeof seconds === 'number' ? seconds * 1000 : DEFAULT_INTERVAL_MS);
  }

  /** Application-scoped, read from the user value only (one window tells for all). */
  get notifications(): NotificationLevel {
    const v = this.config.inspect<unknown>('notifications')?.globalValue;
    return v === 'failuresOnly' || v === 'off' ? v : 'all';
  }

  /**
   * Whether a chat tool's Deep Search waits for the extension's own modal dialog (default: yes). Like
   * every chat tool setting, application-scoped and read from the user value only: a workspace's
   * .vscode/settings.json cannot turn the question off or raise the budget.
   */
  get confirmSearches(): boolean {
    return this.config.inspect<unknown>('chatTools.confirmSearches')?.globalValue !== false;
  }

  /** The credit guard's budget (core/agent/creditGuard.ts). */
  get creditLimits(): CreditLimits {
    return {
      searchesPerRequest: this.whole('chatTools.searchesPerRequest', 0, 10, DEFAULT_CREDIT_LIMITS.searchesPerRequest),
      resultsPerHour: this.whole('chatTools.resultsPerHour', 0, 10_000, DEFAULT_CREDIT_LIMITS.resultsPerHour),
    };
  }

  private whole(key: string, min: number, max: number, fallback: number): number {
    const v = this.config.inspect<unknown>(key)?.globalValue;
    return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
  }

  /** What to do with a Deep Search started elsewhere. Application-scoped, read from the user value only (one window follows for all). */
  get newTasks(): NewTasksMode {
    const v = this.config.inspect<unknown>('newTasks')?.globalValue;
    return v === 'watch' || v === 'off' ? v : 'ask';
  }

  onDidChange(listener: (e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('extruct')) listener(e);
    });
  }
}
