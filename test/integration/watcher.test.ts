/**
 * The watcher inside a real VS Code: token, watching, the tree, polling until complete, errors.
 * The fake API's clock is frozen (speed 0) and moved by the tests, so task states are exact.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Log } from '../../src/extension/log';
import { type Harness, iconOf, labelOf, integrationSetup, logText, sleep, waitFor } from './helpers';

const MIN = 60_000;

suite('watcher', () => {
  let h: Harness;
  suiteSetup(async () => {
    h = await integrationSetup();
  });
  suiteTeardown(async () => {
    await h.dispose();
  });
  setup(async () => {
    await h.reset();
  });

  test('activates in the real extension host and registers every contributed command', async () => {
    console.log(`    VS Code ${vscode.version}, ${vscode.env.appName}; activation took ${h.api.activationMs.toFixed(1)} ms`);
    const ext = vscode.extensions.getExtension('taskwatch-labs.extruct-task-watcher')!;
    assert.equal(ext.isActive, true);
    const contributed = (ext.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map(
      (c) => c.command,
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) assert.ok(registered.has(c), `${c} is registered`);
    assert.ok(contributed.length >= 12);
  });

  test('set token: a valid token names the account, a rejected one says why and is not stored', async () => {
    const good = await vscode.commands.executeCommand<{ ok: boolean; account?: { email: string } }>('extruct.setToken', h.fake.token);
    assert.equal(good.ok, true);
    assert.equal(good.account?.email, 'demo@example.com');
    const bad = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('extruct.setToken', 'wrong-token');
    assert.equal(bad.ok, false);
    assert.match(bad.message ?? '', /rejected this token \(HTTP 401\)/);
    // the good token is still the one in use
    const id = await h.addAndWatch({ query: 'still works', durationMs: 10 * MIN });
    await h.api.scheduler.refresh([id]);
    assert.equal(h.api.store.get(id)?.task?.query, 'still works');
  });

  test('watch by ID, by dashboard URL and several at once; watching again only reveals', async () => {
    const a = h.fake.addTask({ query: 'Task A', durationMs: 10 * MIN });
    const b = h.fake.addTask({ query: 'Task B', durationMs: 10 * MIN });
    const c = h.fake.addTask({ query: 'Task C', durationMs: 10 * MIN });
    // Run with arguments (as another extension could), Watch Task asks first, as a vscode:// link does.
    h.answer(/^Watch this Extruct task named by another extension or a command\?$/, 'Watch Task');
    await vscode.commands.executeCommand('extruct.watchTask', `  ${a.toUpperCase()} `);
    h.answer(/^Watch this Extruct task named by another extension or a command\?$/, 'Watch Task');
    await vscode.commands.executeCommand('extruct.watchTask', `https://app.extruct.ai/tasks/${b}`);
    assert.deepEqual(
      h.api.store.entries().map((e) => e.id),
      [b, a],
    );
    h.answer(/^Watch this Extruct task named by another extension or a command\?$/, 'Watch Task');
    const r = await vscode.commands.executeCommand<{ added: string[]; existing: string[] }>('extruct.watchTask', `${a}, ${c}`);
    assert.deepEqual(r, { added: [c], existing: [a] });
    assert.deepEqual(h.modals.at(-1)?.detail.split('\n')[0], c, 'only the new task is asked about');
    assert.equal(h.api.store.size, 3);
    await waitFor('all three answered', () => h.api.store.entries().every((e) => e.task));
    assert.equal(h.treeItem(c).label, '0/100 · Task C', 'the counter first, then the query');
  });

  test('the tree item follows a task through every state, and polling stops at completion', async () => {
    const id = h.fake.addTask({ query: 'Lifecycle', durationMs: 10 * MIN, createdPhaseMs: MIN, exhaustAtFraction: 0.6 });
    // A task that keeps running: its checks show that the timer is alive while the finished one gets none.
    const companion = h.fake.addTask({ query: 'Companion', durationMs: 60 * MIN });
    await h.watch(id, companion);
    const item = () => h.treeItem(id);
    const shown = () => `${iconOf(item())} ${labelOf(item())} | ${String(item().description)}`;
    await waitFor('first answer', () => h.api.store.get(id)?.task);
    assert.match(shown(), /^clock 0\/100 · Lifecycle \| queued$/);
    const seen: string[] = [shown()];
    let at = 0;
    for (const minutes of [2, 7, 9.5, 11]) {
      h.fake.advance((minutes - at) * MIN);
      at = minutes;
      await h.api.scheduler.refresh([id]);
      seen.push(shown());
    }
    assert.match(seen[1]!, /^sync~spin \d+\/100 · Lifecycle \| in progress/);
    assert.match(seen[2]!, /^loading~spin \d+\/100 · Lifecycle \| no more candidates · (evaluating|finishing)/);
    assert.match(seen[4]!, /^pass-filled \d+\/100 · Lifecycle \| done · no more candidates$/, seen.join(' || '));
    assert.equal(h.api.store.get(id)?.stopped, 'complete');
    const after = h.fake.requestCount({ taskId: id });
    const companionBefore = h.fake.requestCount({ taskId: companion });
    await waitFor('two more checks of the running task', () => h.fake.requestCount({ taskId: companion }) >= companionBefore + 2, 30_000);
    assert.equal(h.fake.requestCount({ taskId: id }), after, 'no request after completion');
    assert.match(h.api.statusBar.text, /Extruct: 1 running/);
    await waitFor('told', () => h.shown.some((m) => m.includes('"Lifecycle" ran out of candidates and finished')), 5_000);
  });

  test('the background timer polls a running task on its own', async () => {
    const id = await h.addAndWatch({ query: 'Timer', durationMs: 30 * MIN });
    await waitFor('first answer', () => h.api.store.get(id)?.task);
    const first = h.fake.requestCount({ taskId: id });
    await waitFor('a second request from the timer', () => h.fake.requestCount({ taskId: id }) > first, 8_000);
    assert.match(h.api.statusBar.text, /\$\(sync~spin\) Extruct: 1 running/);
  });

  test('a revoked token pauses polling with one message for all tasks, and a new token resumes it', async () => {
    const ids = [h.fake.addTask({ query: 'Auth 1', durationMs: 30 * MIN }), h.fake.addTask({ query: 'Auth 2', durationMs: 30 * MIN })];
    // Every endpoint refuses the token, GET /v1/user (which confirms it) included.
    h.fake.script({ path: /^\/v1\//, action: { status: 401, body: { detail: 'Could not validate credentials' } } });
    const before = h.shown.length;
    await h.watch(...ids);
    await waitFor('paused', () => h.api.store.authPaused);
    await waitFor('nothing in flight', () => h.api.scheduler.requestsInFlight === 0);
    for (const id of ids) assert.equal(h.api.scheduler.pollInfo(id).nextCheckAt, undefined, 'no check planned while paused');
    const messages = h.shown.slice(before);
    assert.equal(messages.filter((m) => /rejected the API token/.test(m)).length, 1, messages.join('\n'));
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.equal(iconOf(h.treeItem(ids[0]!)), 'key');
    assert.equal(h.api.shared.tokenState, 'rejected', 'every window learns it');
    h.fake.clearFaults();
    await vscode.commands.executeCommand('extruct.setToken', h.fake.token);
    await waitFor(
      'resumed and answered',
      () => !h.api.store.authPaused && ids.every((i) => h.api.store.get(i)?.task && !h.api.store.get(i)?.error),
    );
  });

  test("a 401 or 403 on one task, while the token works, is that task's error: nothing pauses", async () => {
    const refused = h.fake.addTask({ query: 'Refused by a proxy', durationMs: 30 * MIN });
    const forbidden = h.fake.addTask({ query: 'Forbidden', durationMs: 30 * MIN });
    const fine = h.fake.addTask({ query: 'Fine', durationMs: 30 * MIN });
    h.fake.script(
      { taskId: refused, action: { status: 401, body: { detail: 'proxy says no' } } },
      { taskId: forbidden, action: { status: 403, body: { detail: 'Forbidden' } } },
      // The list is down, so each task is asked about on its own (a list that shows a task answers for it).
      { method: 'GET', path: '/v1/discovery_tasks', action: { status: 503 } },
    );
    await h.watch(refused, forbidden, fine);
    await waitFor('the token was checked', () => h.fake.requestCount({ pathPrefix: '/v1/user' }) > 0 || h.api.store.get(forbidden)?.error);
    await waitFor(
      'both errors shown',
      () => h.api.store.get(refused)?.error?.status === 401 && h.api.store.get(forbidden)?.error?.status === 403,
    );
    await h.api.scheduler.refresh([fine]);
    await sleep(500);
    assert.equal(h.api.store.authPaused, false);
    assert.equal(h.api.store.get(fine)?.error, undefined);
    assert.equal(iconOf(h.treeItem(refused)), 'warning');
    assert.notEqual(h.api.shared.tokenState, 'rejected');
  });

  test('without a token, polling pauses quietly; a refresh then says "no token" once', async () => {
    const id = await h.addAndWatch({ query: 'No token', durationMs: 30 * MIN });
    await waitFor('answered', () => h.api.store.get(id)?.task);
    const before = h.shown.length;
    await vscode.commands.executeCommand('extruct.clearToken');
    assert.equal(h.api.store.authPaused, true);
    assert.equal(iconOf(h.treeItem(id)), 'key');
    const requests = h.fake.requestCount({ taskId: id });
    await h.api.scheduler.refresh([id]);
    await h.api.scheduler.refresh([id]);
    assert.equal(h.fake.requestCount({ taskId: id }), requests, 'no request goes out without a token');
    await sleep(300);
    const shown = h.shown.slice(before);
    assert.deepEqual(shown, [
      'Extruct API token removed. Watched tasks are paused until you set a token again.', // the command's own answer
      'No Extruct API token is set, so watched tasks are paused. Set one to resume.', // once, for two refreshes
    ]);
    await vscode.commands.executeCommand('extruct.setToken', h.fake.token);
    await waitFor('resumed', () => !h.api.store.authPaused && !h.api.store.get(id)?.error);
  });

  test('a 429 with Retry-After is obeyed, and the user is told once', async () => {
    const id = h.fake.addTask({ query: 'Rate limited', durationMs: 30 * MIN });
    h.fake.script({ taskId: id, nth: 1, action: { status: 429, headers: { 'Retry-After': '7' }, body: { detail: 'Too many requests' } } });
    await h.watch(id);
    await waitFor('429 seen', () => h.api.store.get(id)?.error?.kind === 'rate-limited');
    const limitedAt = Date.now();
    assert.ok(h.shown.some((m) => /HTTP 429\). Checks pause for 7 s/.test(m)));
    // A Refresh meanwhile asks nothing and comes back at once (it says why, instead of spinning).
    await vscode.commands.executeCommand('extruct.refresh', id);
    assert.ok(Date.now() < limitedAt + 6_500, 'Refresh came back before the 7 s hold ended, not after it');
    assert.equal(h.fake.requestCount({ taskId: id }), 1, 'no request during the hold');
    await waitFor('the next request', () => h.fake.requestCount({ taskId: id }) >= 2, 15_000);
    const gap = Date.now() - limitedAt;
    assert.ok(gap >= 6_500, `the next request came after ${gap} ms`);
    await waitFor('recovered', () => h.api.store.get(id)?.task && !h.api.store.get(id)?.error);
  });

  test('a 404 stops polling that task and says so', async () => {
    const missing = '9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
    const companion = h.fake.addTask({ query: 'Companion', durationMs: 60 * MIN });
    await h.watch(missing, companion);
    await waitFor('not found', () => h.api.store.get(missing)?.stopped === 'not-found');
    assert.equal(iconOf(h.treeItem(missing)), 'circle-slash');
    assert.match(String(h.treeItem(missing).description), /not found/);
    const companionBefore = h.fake.requestCount({ taskId: companion });
    await waitFor('two more checks of the running task', () => h.fake.requestCount({ taskId: companion }) >= companionBefore + 2, 30_000);
    assert.equal(h.fake.requestCount({ taskId: missing }), 1, 'the missing task is not asked about again');
    assert.ok(h.shown.some((m) => m.includes('HTTP 404')));
  });

  test('a malformed body shows on the item, and polling goes on', async () => {
    const id = h.fake.addTask({ query: 'Malformed', durationMs: 30 * MIN });
    h.fake.script({ taskId: id, nth: 1, action: { malformed: true } });
    await h.watch(id);
    await waitFor('error shown', () => h.api.store.get(id)?.error?.kind === 'malformed');
    assert.equal(iconOf(h.treeItem(id)), 'warning');
    assert.match(String(h.treeItem(id).description), /^error: Unexpected response/);
    await h.api.scheduler.refresh([id]);
    assert.equal(h.api.store.get(id)?.error, undefined);
    assert.equal(h.api.store.get(id)?.task?.query, 'Malformed');
  });

  test("the watch list and each task's last state are saved in the shared folder, as versioned JSON", async () => {
    const ids = [h.fake.addTask({ query: 'Persist 1', durationMs: MIN }), h.fake.addTask({ query: 'Persist 2', durationMs: 30 * MIN })];
    await h.watch(...ids);
    h.fake.advance(2 * MIN);
    await h.api.scheduler.refresh(ids);
    const dir = h.api.shared.folderPath;
    const read = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const list = await waitFor('saved', () => {
      const l = read('list.json') as { format: number; tasks: Record<string, { watched: boolean }> };
      return ids.every((id) => l.tasks[id]?.watched) ? l : undefined;
    });
    assert.equal(list.format, 1);
    const snapshots = await waitFor('both states saved', () => {
      const s = ids.map((id) => read(`tasks/${id}.json`) as { format: number; task?: { status: string }; stopped?: string });
      return s[0]?.stopped === 'complete' && s[1]?.task?.status === 'in_progress' ? s : undefined;
    });
    assert.deepEqual(
      snapshots.map((s) => [s.format, s.task?.status, s.stopped]),
      [
        [1, 'done', 'complete'],
        [1, 'in_progress', undefined],
      ],
    );
  });

  test('the token is in neither the log, the stored state nor the settings', async () => {
    const id = await h.addAndWatch({ query: 'Secret check', durationMs: 10 * MIN });
    await h.api.scheduler.refresh([id]);
    const token = h.fake.token;
    // The log file as VS Code wrote it, once it holds this test's lines (and so the token-setting ones before).
    const log = await waitFor('the log file is written', () => /API token set/.test(logText(h.api)) && logText(h.api));
    assert.equal(log.includes(token), false, 'the log file leaks the token');
    for (const key of h.api.globalState.keys())
      assert.ok(!JSON.stringify(h.api.globalState.get(key)).includes(token), `globalState ${key}`);
    const files = fs.readdirSync(h.api.shared.folderPath, { recursive: true }).map(String);
    assert.ok(
      files.some((f) => f.endsWith('.json')),
      files.join(', '),
    );
    for (const f of files) {
      const full = path.join(h.api.shared.folderPath, f);
      if (fs.statSync(full).isFile()) assert.ok(!fs.readFileSync(full, 'utf8').includes(token), `the shared file ${f} leaks the token`);
    }
    const config = JSON.stringify(vscode.workspace.getConfiguration('extruct'));
    assert.ok(!config.includes(token));
  });

  test('a line logged while the window closes (after the log is disposed) is dropped, never thrown at its caller', () => {
    const log = new Log();
    log.info('Extruct integration test: a line before closing.');
    log.dispose();
    // What a closing window's last writes report, once VS Code has closed the channel.
    assert.doesNotThrow(() => {
      log.info('after dispose');
      log.warn('after dispose');
      log.error('after dispose');
    });
  });

  test('stop watching, clear finished, copy ID', async () => {
    const done = h.fake.addTask({ query: 'Finished', durationMs: MIN });
    const running = h.fake.addTask({ query: 'Running', durationMs: 30 * MIN });
    await h.watch(done, running);
    h.fake.advance(2 * MIN);
    await h.api.scheduler.refresh();
    await vscode.commands.executeCommand('extruct.copyTaskId', running);
    assert.equal(await vscode.env.clipboard.readText(), running);
    const cleared = await vscode.commands.executeCommand<string[]>('extruct.clearFinished');
    assert.deepEqual(cleared, [done]);
    const removed = await vscode.commands.executeCommand<string[]>('extruct.stopWatching', running);
    assert.deepEqual(removed, [running]);
    assert.equal(h.api.store.size, 0);
  });
});
