/**
 * What activate() returns when the extension host runs with EXTRUCT_TEST_HOOKS=1 (integration tests
 * only): read access to the real objects, so tests can assert on state. Normal activation returns
 * nothing, so no other extension can reach these objects.
 */
import type * as vscode from 'vscode';
import type { Scheduler } from '../core/poll/scheduler';
import type { TaskStore } from '../core/store/taskStore';
import type { Log } from './log';
import type { Notifier } from './notifier';
import type { DetailPanelManager } from './panel/detailPanels';
import type { StatusBar } from './statusBar';
import type { TasksTree } from './tree/tasksTree';

export interface TestApi {
  readonly store: TaskStore;
  readonly scheduler: Scheduler;
  readonly statusBar: StatusBar;
  readonly tree: TasksTree;
  readonly notifier: Notifier;
  readonly panels: DetailPanelManager;
  readonly log: Log;
  readonly activationMs: number;
  /** Settles when the start-up work after activation (token, demo mode, first schedule) is done. */
  readonly ready: Promise<void>;
  readonly globalState: vscode.Memento;
}
