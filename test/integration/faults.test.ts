/**
 * Hostile answers and faults against the running extension: for each, no crash, a clear state on the
 * item, polling goes on (with backoff) where it should, the watch list stays intact, and the user sees
 * at most one message per distinct problem.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { decodeWatchList } from '../../src/core/store/watchListCodec';
import { BACKUP_KEY, loadWatchList, WATCH_LIST_KEY } from '../../src/extension/persistence';
import { type Harness, iconOf, integrationSetup, setSetting, sleep, waitFor } from './helpers';

const MIN = 60_000;

suite('faults and hostile input', () => {
  let h: Harness;
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => rejections.push(e);
  suiteSetup(async () => {
    h = await integrationSetup();
    process.on('unhandledRejection', onRejection);
  });
  suiteTeardown(async () => {
    process.off('unhandledRejection', onRejection);
    await setSetting('apiBaseUrl', h.fake.url);
    await h?.dispose();
  });
  setup(async () => {
    await h.reset();
    rejections.length = 0;
  });
  teardown(() => {
    assert.deepEqual(rejections, [], 'no unhandled promise rejection');
  });

  /** Watches a fresh running task whose first answer is replaced by `action`; returns its ID. */
  async function firstAnswer(action: Parameters<Harness['fake']['script']>[0]['action'], query = 'Hostile'): Promise<string> {
    const id = h.fake.addTask({ query, durationMs: 30 * MIN });
    h.fake.script({ taskId: id, nth: 1, action });
    await h.watch(id);
    await waitFor('the first answer was handled', () => h.api.store.get(id)?.lastCheckedAt);
    return id;
  }

  async function recovers(id: string): Promise<void> {
    await h.api.scheduler.refresh([id]);
    const e = h.api.store.get(id)!;
    assert.equal(e.error, undefined, 'the next good answer clears the error');
    assert.equal(e.task?.id, id);
  }

  const hostile: Array<[string, Parameters<Harness['fake']['script']>[0]['action'], RegExp]> = [
    ['an empty body', { raw: '' }, /empty/],
    ['an HTML page with status 200', { raw: '<!doctype html><html><body>Maintenance</body></html>', contentType: 'text/html' }, /HTML page/],
    ['truncated JSON', { malformed: true }, /not JSON/],
    ['wrong types in every field', { json: { id: 42, status: ['done'], query: {}, num_results: 'many' } }, /no "id"/],
    ['null everywhere', { json: { id: null, status: null, query: null } }, /no "id"/],
    ['deeply nested junk', { raw: `${'['.repeat(5000)}${']'.repeat(5000)}` }, /expected a task object/],
  ];
  for (const [name, action, message] of hostile) {
    test(`${name}: the item shows the error, polling goes on, nothing crashes`, async () => {
      const id = await firstAnswer(action);
      const e = h.api.store.get(id)!;
      assert.equal(e.error?.kind, 'malformed', JSON.stringify(e.error));
      assert.match(e.error!.message, message);
      assert.equal(iconOf(h.treeItem(id)), 'warning');
      assert.ok(e.nextCheckAt! - e.lastCheckedAt! > 5_000, 'the next check backs off beyond the base interval (5 s in these tests)');
      await recovers(id);
    });
  }

  test('an unknown status is shown as such and polled on', async () => {
    const id = h.fake.addTask({ query: 'Odd status', durationMs: 30 * MIN });
    const snapshot = h.fake.model.snapshot(id)!;
    h.fake.script({ taskId: id, nth: 1, action: { json: { ...snapshot, status: 'queued_for_review', brand_new_field: { x: 1 } } } });
    await h.watch(id);
    await waitFor('answered', () => h.api.store.get(id)?.task);
    assert.equal(iconOf(h.treeItem(id)), 'question');
    assert.match(String(h.treeItem(id).description), /^unknown status/);
    assert.equal(h.api.store.get(id)!.stopped, undefined);
  });

  test('counters that go down or are negative, a 1 MB query and 10 000 criteria are survived', async () => {
    const id = h.fake.addTask({ query: 'Big', durationMs: 30 * MIN });
    const snapshot = h.fake.model.snapshot(id)!;
    const criteria = Array.from({ length: 10_000 }, (_, i) => ({ key: `c${i}`, name: `C${i}`, criterion: 'x'.repeat(20) }));
    h.fake.script({ taskId: id, nth: 1, action: { json: { ...snapshot, query: 'q'.repeat(1_000_000), num_results: -5, num_results_discovered: -1, criteria } } });
    await h.watch(id);
    const task = await waitFor('answered', () => h.api.store.get(id)?.task);
    assert.equal(task.num_results, 0);
    assert.ok(task.query!.length <= 10_000);
    assert.ok(task.criteria!.length <= 200);
    assert.ok(String(h.treeItem(id).label).length <= 60);
    await vscode.commands.executeCommand('extruct.openDetails', id);
    await waitFor('the panel rendered', () => h.api.panels.lastModel(id));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a redirect to another host is not followed and the token does not travel', async () => {
    const seen: Array<string | undefined> = [];
    const other = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end('{}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const port = (other.address() as AddressInfo).port;
      const id = await firstAnswer({ redirect: `http://127.0.0.2:${port}/steal`, status: 307 });
      assert.equal(h.api.store.get(id)!.error?.kind, 'unexpected');
      assert.match(h.api.store.get(id)!.error!.message, /redirect/);
      await sleep(300);
      assert.deepEqual(seen, [], 'the other host got no request at all');
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  test('connection refused: one message, the items show it, polling backs off', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const ids = [h.fake.addTask({ query: 'Offline 1', durationMs: 30 * MIN }), h.fake.addTask({ query: 'Offline 2', durationMs: 30 * MIN })];
    const before = h.api.notifier.shown.length;
    await setSetting('apiBaseUrl', `http://127.0.0.1:${port}`);
    try {
      await h.watch(...ids);
      await waitFor('both failed', () => ids.every((i) => h.api.store.get(i)?.error?.kind === 'network'));
      await h.api.scheduler.refresh(ids);
      assert.match(String(h.treeItem(ids[0]!).description), /connection was refused/);
      const shown = h.api.notifier.shown.slice(before);
      assert.equal(shown.filter((m) => /Cannot reach the Extruct API/.test(m)).length, 1, shown.join('\n'));
      assert.equal(h.api.store.get(ids[0]!)!.errorCount, 2);
    } finally {
      await setSetting('apiBaseUrl', h.fake.url);
    }
    await h.api.scheduler.refresh(ids);
    assert.ok(ids.every((i) => !h.api.store.get(i)!.error));
  });

  test('a connection reset and a 502 are retried with backoff', async () => {
    const id = h.fake.addTask({ query: 'Flaky', durationMs: 30 * MIN });
    h.fake.script({ taskId: id, nth: 1, action: { reset: true } }, { taskId: id, nth: 2, action: { status: 502 } });
    await h.watch(id);
    await waitFor('reset seen', () => h.api.store.get(id)?.error?.kind === 'network');
    await h.api.scheduler.refresh([id]);
    assert.equal(h.api.store.get(id)!.error?.kind, 'server');
    assert.equal(h.api.store.get(id)!.errorCount, 2);
    await recovers(id);
  });

  test('the same task ID watched twice is one item, with one request at a time', async () => {
    const id = h.fake.addTask({ query: 'Twice', durationMs: 30 * MIN });
    await h.watch(id, id.toUpperCase(), `https://app.extruct.ai/tasks/${id}`);
    await h.watch(id);
    assert.equal(h.api.store.entries().filter((e) => e.id === id).length, 1);
    await Promise.all([h.api.scheduler.refresh([id]), h.api.scheduler.refresh([id])]);
    assert.ok(h.api.scheduler.requestsInFlight <= 2);
  });

  test('a corrupt saved watch list is recovered: readable entries kept, the original backed up, the user told', async () => {
    const good = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const corrupt = { version: 2, tasks: [{ id: good, addedAt: 1 }, 'garbage', { id: 'not-a-uuid' }, null] };
    const saved = h.api.globalState.get(WATCH_LIST_KEY);
    try {
      await h.api.globalState.update(WATCH_LIST_KEY, corrupt);
      const loaded = loadWatchList(h.api.globalState, h.api.log);
      assert.deepEqual(loaded.entries.map((e) => e.id), [good]);
      assert.equal(loaded.problems.length, 1);
      assert.deepEqual(h.api.globalState.get(BACKUP_KEY), corrupt, 'the unreadable original is kept');
      assert.ok(h.api.log.recent.some((l) => /could not be read/.test(l)));
    } finally {
      await h.api.globalState.update(WATCH_LIST_KEY, saved);
      await h.api.globalState.update(BACKUP_KEY, undefined);
    }
    assert.equal(decodeWatchList(h.api.globalState.get(WATCH_LIST_KEY), Date.now()).problems.length, 0);
  });
});
