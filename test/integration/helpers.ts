/**
 * Shared setup for integration tests: a fake Extruct API started inside the extension host, the
 * extension pointed at it with a valid token, and helpers to wait for state. Each test file bundles
 * its own copy, so each file gets its own fake server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeExtruct, type FakeExtruct } from '../fake-extruct';
import type { TaskProfile } from '../fake-extruct';
import type { TestApi } from '../../src/extension/testApi';
import type { Node } from '../../src/extension/tree/tasksTree';

export const EXTENSION_ID = 'taskwatch-labs.extruct-task-watcher';

export interface Harness {
  readonly api: TestApi;
  readonly fake: FakeExtruct;
  /** Watches these IDs through the real command. */
  watch(...ids: string[]): Promise<void>;
  /** Adds a fake task and watches it. */
  addAndWatch(profile: TaskProfile): Promise<string>;
  /** The tree item VS Code would show for a task. */
  treeItem(id: string): vscode.TreeItem;
  /** Unwatches everything, clears faults and unpauses. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

export async function getApi(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  assert.ok(api, 'the extension returns its test hooks (EXTRUCT_TEST_HOOKS=1)');
  await api.ready;
  return api;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('extruct').update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Starts the fake API (simulated clock frozen unless `speed` is given; its realistic mode when asked) and
 * points the extension at it.
 */
export async function integrationSetup(opts: { speed?: number; realistic?: boolean } = {}): Promise<Harness> {
  const api = await getApi();
  const fake = await startFakeExtruct({ speed: opts.speed ?? 0, token: `tok-${Math.random().toString(36).slice(2)}-secret`, realistic: opts.realistic ?? false });
  await setSetting('apiBaseUrl', fake.url);
  await setSetting('pollInterval', 5);
  await setSetting('notifications', 'all');
  const check = (await vscode.commands.executeCommand('extruct.setToken', fake.token)) as { ok: boolean } | undefined;
  assert.equal(check?.ok, true, 'the fake API accepts its token');

  const h: Harness = {
    api,
    fake,
    async watch(...ids) {
      await vscode.commands.executeCommand('extruct.watchTask', ids.join(' '));
    },
    async addAndWatch(profile) {
      const id = fake.addTask(profile);
      await h.watch(id);
      return id;
    },
    treeItem(id) {
      return api.tree.getTreeItem({ kind: 'task', id } satisfies Node);
    },
    async reset() {
      api.shared.unwatch(api.store.entries().map((e) => e.id));
      fake.clearFaults();
      if (api.store.authPaused) await vscode.commands.executeCommand('extruct.setToken', fake.token);
      assert.equal(api.store.authPaused, false, 'a fresh token resumes polling');
    },
    async dispose() {
      await h.reset();
      await fake.close();
    },
  };
  await h.reset();
  return h;
}

export function iconOf(item: vscode.TreeItem): string {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : String(item.iconPath);
}
