/** What the VS Code layer's parts share. Built once in extension.ts and passed down; no module-level state. */
import type * as vscode from 'vscode';
import type { ApiClient } from '../core/api/client';
import type { Scheduler } from '../core/poll/scheduler';
import type { TaskStore } from '../core/store/taskStore';
import type { Log } from './log';
import type { Settings } from './settings';
import type { TokenStore } from './token';

/** The detail panels (src/extension/panel/). */
export interface DetailPanels {
  /** Opens the task's panel, or reveals it when it is already open. */
  open(taskId: string): Promise<void>;
}

/** The tasks tree view (src/extension/tree/). */
export interface TasksView {
  /** Shows the task in the tree: focuses the view and selects the item. */
  reveal(taskId: string): Promise<void>;
}

/** Everything but the panels; what the panels themselves are built from. */
export type CoreServices = Omit<Services, 'panels'>;

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly settings: Settings;
  readonly log: Log;
  readonly token: TokenStore;
  readonly client: ApiClient;
  readonly store: TaskStore;
  readonly scheduler: Scheduler;
  readonly view: TasksView;
  readonly panels: DetailPanels;
}
