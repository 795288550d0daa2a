/**
 * What activate() returns to the integration tests: read access to the real objects, so tests can
 * assert on state. Only in development builds (the production bundle is built with TEST_HOOKS false, so
 * this code is not in it) and only when the extension host runs with EXTRUCT_TEST_HOOKS=1.
 */
import type * as vscode from 'vscode';
import type { Scheduler } from '../core/poll/scheduler';
import type { WindowSync } from '../core/sync/windowSync';
import type { TaskStore } from '../core/store/taskStore';
import type { TaskLinks } from './links/taskLinks';
import type { ExtructMcpServerProvider } from './mcp/provider';
import type { DetailPanelManager } from './panel/detailPanels';
import type { Services } from './services';
import type { CreditKit } from './actions/agentSearch';
import type { StatusBar } from './statusBar';
import type { TasksTree } from './tree/tasksTree';

export interface TestApi {
  readonly store: TaskStore;
  readonly scheduler: Scheduler;
  readonly shared: WindowSync;
  readonly statusBar: StatusBar;
  readonly tree: TasksTree;
  readonly panels: DetailPanelManager;
  /** What the commands are given, for tests that run a command's flow with their own Prompter. */
  readonly services: Services;
  /** This window's credit guard and chat request keys (the chat tools' budget). */
  readonly credits: CreditKit;
  /** The MCP server definition provider (src/extension/mcp/provider.ts). */
  readonly mcp: ExtructMcpServerProvider;
  /** The "Extruct" log channel's file, as VS Code writes it (context.logUri/Extruct.log). */
  readonly logFile: string;
  readonly activationMs: number;
  /** Settles when the start-up work after activation (shared state, token, demo mode) is done. */
  readonly ready: Promise<void>;
  readonly globalState: vscode.Memento;
  /** The task links' providers (terminal, documents, code actions), to call them as VS Code would. */
  readonly links: TaskLinks;
}
