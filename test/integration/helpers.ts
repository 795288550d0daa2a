/**
 * Shared setup for integration tests: a fake Extruct API started inside the extension host, the
 * extension pointed at it with a valid token, and helpers to wait for state. Each test file bundles
 * its own copy, so each file gets its own fake server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { startFakeExtruct, type FakeExtruct } from '../fake-extruct';
import type { TaskProfile } from '../fake-extruct';
import type { TestApi } from '../../src/extension/testApi';
import type { Node } from '../../src/extension/tree/tasksTree';

export const EXTENSION_ID = 'taskwatch-labs.extruct-task-watcher';

export interface Harness {
  readonly api: TestApi;
  readonly fake: FakeExtruct;
  /** Every notification text shown since the suite began, as VS Code received it (see spyOnMessages). */
  readonly shown: readonly string[];
  /** The next notification matching `match` is answered with `choice` (a button's title, or undefined to dismiss), as a user would click. */
  answer(match: RegExp, choice: string | undefined): void;
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

/**
 * Records what the extension passes to vscode.window.show{Information,Warning,Error}Message. The tests
 * and the extension live in one extension folder, so they share one \`vscode\` API object: wrapping its
 * functions here sees the extension's real calls, which still go on to VS Code.
 */
function spyOnMessages(): {
  readonly shown: string[];
  readonly answers: Array<{ match: RegExp; choice: string | undefined }>;
  restore(): void;
} {
  const shown: string[] = [];
  const answers: Array<{ match: RegExp; choice: string | undefined }> = [];
  const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const originals = { info: win.showInformationMessage, warning: win.showWarningMessage, error: win.showErrorMessage };
  const wrap = <F extends (message: string, ...rest: never[]) => unknown>(original: F): F =>
    ((message: string, ...rest: never[]) => {
      shown.push(message);
      const i = answers.findIndex((a) => a.match.test(message));
      const answer = answers[i];
      if (!answer) return original(message, ...rest);
      answers.splice(i, 1);
      void original(message, ...rest); // still shown, as the user saw it
      return Promise.resolve(answer.choice);
    }) as F;
  win.showInformationMessage = wrap(originals.info);
  win.showWarningMessage = wrap(originals.warning);
  win.showErrorMessage = wrap(originals.error);
  return {
    shown,
    answers,
    restore() {
      win.showInformationMessage = originals.info;
      win.showWarningMessage = originals.warning;
      win.showErrorMessage = originals.error;
    },
  };
}

/** The extension's log so far, read from the file VS Code writes (it flushes within a fraction of a second). */
export function logText(api: TestApi): string {
  try {
    return fs.readFileSync(api.logFile, 'utf8');
  } catch {
    return '';
  }
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
  const fake = await startFakeExtruct({
    speed: opts.speed ?? 0,
    token: `tok-${Math.random().toString(36).slice(2)}-secret`,
    realistic: opts.realistic ?? false,
  });
  await setSetting('apiBaseUrl', fake.url);
  await setSetting('pollInterval', 5);
  await setSetting('notifications', 'all');
  const check = await vscode.commands.executeCommand<{ ok: boolean } | undefined>('extruct.setToken', fake.token);
  assert.equal(check?.ok, true, 'the fake API accepts its token');

  const spy = spyOnMessages();
  const h: Harness = {
    api,
    fake,
    shown: spy.shown,
    answer(match, choice) {
      spy.answers.push({ match, choice });
    },
    async watch(...ids) {
      await vscode.commands.executeCommand('extruct.watchTask', ids.join(' '));
    },
    async addAndWatch(profile) {
      const id = fake.addTask(profile);
      await h.watch(id);
      return id;
    },
    treeItem(id) {
      api.tree.layout.flush(); // changes made a moment ago
      return api.tree.getTreeItem({ kind: 'task', id, group: api.tree.layout.sectionOf(id) ?? 'running' } satisfies Node);
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
      spy.restore();
    },
  };
  await h.reset();
  return h;
}

export function iconOf(item: vscode.TreeItem): string {
  const icon = item.iconPath;
  return icon instanceof vscode.ThemeIcon
    ? icon.id
    : icon === undefined
      ? '(none)'
      : icon instanceof vscode.Uri
        ? icon.toString()
        : '(light/dark icons)';
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}
