/** What the VS Code layer's parts share. Built once in extension.ts and passed down; no module-level state. */
import type * as vscode from 'vscode';
import type { ApiClient } from '../core/api/client';
import type { TaskGroup } from '../core/model/display';
import type { TokenPause } from '../core/auth/tokenPause';
import type { PollStatus } from '../core/poll/pollStatus';
import type { Scheduler } from '../core/poll/scheduler';
import type { AllResults } from '../core/results/paging';
import type { TaskStore } from '../core/store/taskStore';
import type { TaskOrigin } from '../core/model/watchEntry';
import type { TaskFilter } from '../core/tree/filter';
import type { Log } from './log';
import type { CommandTickets } from './actions/tickets';
import type { Settings } from './settings';
import type { TokenStore } from './token';

/** The detail panels (src/extension/panel/). */
export interface DetailPanels {
  /** Opens the task's panel, or reveals it when it is already open. */
  open(taskId: string): void;
  /** Shows these results in the task's panel, if it is open (after an export has read them all). */
  showResults(taskId: string, results: AllResults): void;
}

/** The tasks tree view (src/extension/tree/). */
export interface TasksView {
  /** Shows the task in the tree: focuses the view and selects the item (clearing a filter that hides it). */
  reveal(taskId: string): Promise<void>;
  /** What the tree shows (core/tree/filter.ts); kept per profile. */
  readonly filter: TaskFilter;
  setFilter(filter: TaskFilter): void;
  /** How many tasks each group holds, whatever the filter. */
  readonly groupTotals: Readonly<Record<TaskGroup, number>>;
}

/**
 * Edits of the watch list that every window shares (core/sync/windowSync.ts). The store follows at
 * once; the other windows within a second.
 */
export interface WatchList {
  /** Watches the IDs (canonical task IDs) not yet watched; the first given ends up on top. */
  watch(ids: readonly string[], origin?: TaskOrigin): { added: string[]; existing: string[] };
  unwatch(ids: readonly string[]): string[];
  setMuted(ids: readonly string[], muted: boolean): string[];
  /** The user opened the task's details: no longer an unseen completion, in any window. */
  opened(id: string): void;
  /** Checks these tasks (all when omitted) now, through the window that polls; resolves when done. */
  refresh(ids?: readonly string[]): Promise<void>;
  /** What the views show about polling the task. */
  pollStatus(id: string): PollStatus;
}

/** Everything but the panels; what the panels themselves are built from. */
export type CoreServices = Omit<Services, 'panels'>;

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly settings: Settings;
  readonly log: Log;
  readonly token: TokenStore;
  readonly tokenPause: TokenPause;
  readonly client: ApiClient;
  readonly store: TaskStore;
  readonly watchList: WatchList;
  readonly scheduler: Scheduler;
  /** The steady estimate of the time a running task has left (core/model/eta.ts), in ms. */
  readonly timeLeft: (id: string) => number | undefined;
  readonly view: TasksView;
  readonly panels: DetailPanels;
  /** Tickets our own UI passes to commands it runs with arguments (actions/tickets.ts). */
  readonly tickets: CommandTickets;
}
