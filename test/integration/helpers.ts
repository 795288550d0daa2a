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
import { parseTaskRefs } from '../../src/core/input/taskRef';
import { watchIds } from '../../src/extension/actions/watch';
import type { TestApi } from '../../src/extension/testApi';
import type { Node } from '../../src/extension/tree/tasksTree';

export const EXTENSION_ID = 'taskwatch-labs.extruct-task-watcher';

export interface Harness {
  readonly api: TestApi;
  readonly fake: FakeExtruct;
  /** Every notification text shown since the suite began, as VS Code received it (see spyOnWindow). */
  readonly shown: readonly string[];
  /** The next notification or modal dialog matching `match` is answered with `choice` (a button's title, or undefined to dismiss), as a user would click. */
  answer(match: RegExp, choice: string | undefined): void;
  /** Every modal dialog the extension asked, with its detail and buttons. */
  readonly modals: ReadonlyArray<{ readonly message: string; readonly detail: string; readonly buttons: readonly string[] }>;
  /** The next input box (`window.showInputBox`) whose title or prompt matches is answered: the value it was filled in with, or `typed`, or undefined (Escape). */
  answerInput(match: RegExp, typed: string | typeof AS_FILLED_IN | undefined): void;
  /** Every `window.showInputBox` asked. */
  readonly inputs: readonly vscode.InputBoxOptions[];
  /** The next save dialog is answered with `uri` (undefined: cancelled). */
  answerSave(uri: vscode.Uri | undefined): void;
  /** Every save dialog shown. */
  readonly saves: readonly vscode.SaveDialogOptions[];
  /** The next quick pick (vscode.window.showQuickPick) is answered with its item whose label matches, as a user would pick. */
  pick(match: RegExp): void;
  /** The titles of the quick picks shown since the suite began, with their items' labels. */
  readonly picks: ReadonlyArray<{ readonly title: string | undefined; readonly labels: readonly string[] }>;
  /** Watches these IDs, as the Watch Task command does once it has them. */
  watch(...ids: string[]): Promise<void>;
  /** Adds a fake task and watches it. */
  addAndWatch(profile: TaskProfile): Promise<string>;
  /** Adds a 10-minute task wanting `n` results, watches it and lets it finish: its ID, the task done. */
  doneTask(query: string, n: number): Promise<string>;
  /** The tree item VS Code would show for a task. */
  treeItem(id: string): vscode.TreeItem;
  /** Unwatches everything, clears faults and unpauses. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

/** `answerInput`'s answer for "press Enter on what the box was filled in with". */
export const AS_FILLED_IN = Symbol('as filled in');

type Win = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

/**
 * Records what the extension passes to vscode.window.show{Information,Warning,Error}Message (notifications
 * and modal dialogs), showInputBox and showSaveDialog. The tests and the extension live in one extension
 * folder, so they share one `vscode` API object: wrapping its functions here sees the extension's real
 * calls. Notifications still go on to VS Code; a modal dialog, an input box or a save dialog that a test
 * answers does not (VS Code refuses dialogs in extension tests), one a test does not answer does, and is
 * refused.
 */
function spyOnWindow() {
  const shown: string[] = [];
  const modals: Array<{ message: string; detail: string; buttons: string[] }> = [];
  const answers: Array<{ match: RegExp; choice: string | undefined }> = [];
  const inputs: vscode.InputBoxOptions[] = [];
  const inputAnswers: Array<{ match: RegExp; typed: string | typeof AS_FILLED_IN | undefined }> = [];
  const saves: vscode.SaveDialogOptions[] = [];
  const saveAnswers: Array<vscode.Uri | undefined> = [];
  const picks: Array<{ title: string | undefined; labels: string[] }> = [];
  const pickAnswers: RegExp[] = [];
  const win = vscode.window as Win;
  const originals = {
    info: win.showInformationMessage,
    warning: win.showWarningMessage,
    error: win.showErrorMessage,
    input: win.showInputBox,
    save: win.showSaveDialog,
    quickPick: win.showQuickPick,
  };
  const wrap = <F extends (message: string, ...rest: never[]) => unknown>(original: F): F =>
    ((message: string, ...rest: never[]) => {
      shown.push(message);
      const [first] = rest as unknown[];
      const modal = typeof first === 'object' && first !== null && (first as vscode.MessageOptions).modal === true;
      if (modal) {
        const o = first as vscode.MessageOptions;
        modals.push({ message, detail: o.detail ?? '', buttons: (rest as unknown[]).slice(1).map(String) });
      }
      const i = answers.findIndex((a) => a.match.test(message));
      const answer = answers[i];
      if (!answer) return original(message, ...rest);
      answers.splice(i, 1);
      if (!modal) void original(message, ...rest); // still shown, as the user saw it
      return Promise.resolve(answer.choice);
    }) as F;
  win.showInformationMessage = wrap(originals.info);
  win.showWarningMessage = wrap(originals.warning);
  win.showErrorMessage = wrap(originals.error);
  win.showInputBox = (o?: vscode.InputBoxOptions, token?: vscode.CancellationToken) => {
    const options = o ?? {};
    inputs.push(options);
    const i = inputAnswers.findIndex((a) => a.match.test(`${options.title ?? ''}\n${options.prompt ?? ''}`));
    const answer = inputAnswers[i];
    if (!answer) return originals.input(o, token);
    inputAnswers.splice(i, 1);
    return Promise.resolve(answer.typed === AS_FILLED_IN ? options.value : answer.typed);
  };
  win.showSaveDialog = (o?: vscode.SaveDialogOptions) => {
    saves.push(o ?? {});
    if (saveAnswers.length === 0) return originals.save(o);
    return Promise.resolve(saveAnswers.shift());
  };
  // Only calls with items and options, as the extension makes them (the answer is one of the items).
  win.showQuickPick = (async (
    items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>,
    options?: vscode.QuickPickOptions,
  ) => {
    const list = await items;
    picks.push({ title: options?.title, labels: list.map((i) => i.label) });
    const match = pickAnswers.shift();
    if (!match) return originals.quickPick(list, options);
    return options?.canPickMany ? list.filter((i) => match.test(i.label)) : list.find((i) => match.test(i.label));
  }) as unknown as typeof win.showQuickPick;
  return {
    shown,
    modals,
    answers,
    inputs,
    inputAnswers,
    saves,
    saveAnswers,
    picks,
    pickAnswers,
    restore() {
      win.showQuickPick = originals.quickPick;
      win.showInformationMessage = originals.info;
      win.showWarningMessage = originals.warning;
      win.showErrorMessage = originals.error;
      win.showInputBox = originals.input;
      win.showSaveDialog = originals.save;
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
  // Tasks added to the fake behind the extension's back are not announced here (follow.test.ts turns it on).
  await setSetting('newTasks', 'off');
  const check = await vscode.commands.executeCommand<{ ok: boolean } | undefined>('extruct.setToken', fake.token);
  assert.equal(check?.ok, true, 'the fake API accepts its token');

  const spy = spyOnWindow();
  const h: Harness = {
    api,
    fake,
    shown: spy.shown,
    modals: spy.modals,
    inputs: spy.inputs,
    saves: spy.saves,
    answer(match, choice) {
      spy.answers.push({ match, choice });
    },
    answerInput(match, typed) {
      spy.inputAnswers.push({ match, typed });
    },
    answerSave(uri) {
      spy.saveAnswers.push(uri);
    },
    pick(match) {
      spy.pickAnswers.push(match);
    },
    picks: spy.picks,
    async watch(...ids) {
      await watchIds(api.services, parseTaskRefs(ids.join(' ')).ids);
    },
    async addAndWatch(profile) {
      const id = fake.addTask(profile);
      await h.watch(id);
      return id;
    },
    async doneTask(query, n) {
      const id = await h.addAndWatch({ query, desiredNumResults: n, durationMs: 10 * 60_000 });
      fake.advance(11 * 60_000);
      await api.scheduler.refresh([id]);
      assert.equal(api.store.get(id)?.stopped, 'complete', `the task "${query}" is done`);
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
