/**
 * A VS Code window as another process sees it, on the real clock: its own store, scheduler and shared
 * state (the real WindowSync) in this process, polling the fake Extruct API over HTTP with the
 * extension's own client and HTTP stack. What it writes in the shared folder is what a window writes, so
 * the MCP server (a separate process) reads what the tree would show. It holds a usable token (it polls).
 */
import { ApiClient } from '../../../src/core/api/client';
import { Scheduler } from '../../../src/core/poll/scheduler';
import { TaskStore } from '../../../src/core/store/taskStore';
import { WindowSync } from '../../../src/core/sync/windowSync';
import { systemClock } from '../../../src/core/util/clock';
import type { FakeExtruct } from '../../fake-extruct/index.js';
import { nodeFetchAdapter } from './nodeFetchAdapter';
import { quiet } from './windowsWorld';

export interface RealWindow {
  readonly store: TaskStore;
  readonly shared: WindowSync;
  readonly client: ApiClient;
  close(): void;
}

/** The extension's User-Agent prefix, as extension.ts sets it (the MCP server's is `extruct-task-watcher-mcp/`). */
export const WINDOW_AGENT = 'extruct-task-watcher/test';

export async function openWindow(dir: string, fake: FakeExtruct, o: { readonly focused?: boolean } = {}): Promise<RealWindow> {
  const client = new ApiClient({
    fetch: nodeFetchAdapter,
    getBaseUrl: () => fake.url,
    getToken: () => Promise.resolve(fake.token),
    userAgent: WINDOW_AGENT,
  });
  const store = new TaskStore();
  const scheduler = new Scheduler({ store, clock: systemClock, fetchTask: (id) => client.getTask(id), intervalMs: () => 5_000 });
  const shared = new WindowSync({ dir, store, scheduler, clock: systemClock, log: quiet, focused: o.focused ?? true });
  await shared.start();
  shared.setHasToken(true);
  return {
    store,
    shared,
    client,
    close: () => {
      shared.dispose();
      scheduler.dispose();
      store.dispose();
    },
  };
}
