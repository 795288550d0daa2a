/**
 * Hostile answers and faults against the running extension: for each, no crash, a clear state on the
 * item, polling goes on (with backoff) where it should, the watch list stays intact, and the user sees
 * at most one message per distinct problem.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Harness, iconOf, labelOf, integrationSetup, setSetting, sleep, waitFor } from './helpers';

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
    await h.dispose();
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
    await waitFor('the first answer was handled', () => h.api.scheduler.pollInfo(id).lastCheckedAt);
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
    [
      'an HTML page with status 200',
      { raw: '<!doctype html><html><body>Maintenance</body></html>', contentType: 'text/html' },
      /HTML page/,
    ],
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
      assert.match(e.error.message, message);
      assert.equal(iconOf(h.treeItem(id)), 'warning');
      const p = h.api.scheduler.pollInfo(id);
      assert.ok(p.nextCheckAt! - p.lastCheckedAt! > 5_000, 'the next check backs off beyond the base interval (5 s in these tests)');
      await recovers(id);
    });
  }

  test('an unknown status is shown as the API says it, and polled on', async () => {
    const id = h.fake.addTask({ query: 'Odd status', durationMs: 30 * MIN });
    const snapshot = h.fake.model.snapshot(id)!;
    h.fake.script({ taskId: id, nth: 1, action: { json: { ...snapshot, status: 'queued_for_review', brand_new_field: { x: 1 } } } });
    await h.watch(id);
    await waitFor('answered', () => h.api.store.get(id)?.task);
    assert.equal(iconOf(h.treeItem(id)), 'circle-large-filled');
    assert.match(String(h.treeItem(id).description), /^queued for review/);
    assert.equal(h.api.store.get(id)!.stopped, undefined);
  });

  test('counters that go down or are negative, a 1 MB query and 10 000 criteria are survived', async () => {
    const id = h.fake.addTask({ query: 'Big', durationMs: 30 * MIN });
    const snapshot = h.fake.model.snapshot(id)!;
    const criteria = Array.from({ length: 10_000 }, (_, i) => ({ key: `c${i}`, name: `C${i}`, criterion: 'x'.repeat(20) }));
    h.fake.script({
      taskId: id,
      nth: 1,
      action: { json: { ...snapshot, query: 'q'.repeat(1_000_000), num_results: -5, num_results_discovered: -1, criteria } },
    });
    await h.watch(id);
    const task = await waitFor('answered', () => h.api.store.get(id)?.task);
    assert.equal(task.num_results, 0);
    assert.ok(task.query!.length <= 10_000);
    assert.ok(task.criteria!.length <= 200);
    assert.ok(labelOf(h.treeItem(id)).length <= 60);
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
    const ids = [
      h.fake.addTask({ query: 'Offline 1', durationMs: 30 * MIN }),
      h.fake.addTask({ query: 'Offline 2', durationMs: 30 * MIN }),
    ];
    const before = h.shown.length;
    await setSetting('apiBaseUrl', `http://127.0.0.1:${port}`);
    try {
      await h.watch(...ids);
      await waitFor('both failed', () => ids.every((i) => h.api.store.get(i)?.error?.kind === 'network'));
      await h.api.scheduler.refresh(ids);
      assert.match(String(h.treeItem(ids[0]!).description), /connection was refused/);
      const shown = h.shown.slice(before);
      assert.equal(shown.filter((m) => /Cannot reach the Extruct API/.test(m)).length, 1, shown.join('\n'));
      assert.equal(h.api.scheduler.pollInfo(ids[0]!).errorCount, 2);
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
    assert.equal(h.api.scheduler.pollInfo(id).errorCount, 2);
    await recovers(id);
  });

  test('the same task ID watched twice is one item, with one request at a time', async () => {
    const id = h.fake.addTask({ query: 'Twice', durationMs: 30 * MIN });
    await h.watch(id, id.toUpperCase(), `https://app.extruct.ai/tasks/${id}`);
    await h.watch(id);
    assert.equal(h.api.store.entries().filter((e) => e.id === id).length, 1);
    await waitFor('the first check is over', () => h.api.scheduler.requestsInFlight === 0 && h.api.store.get(id)?.task);
    // Slow answers, so that the two refreshes overlap: they must share one request.
    h.fake.script({ taskId: id, action: { delayMs: 500 } });
    const before = h.fake.requestCount({ taskId: id });
    await Promise.all([h.api.scheduler.refresh([id]), h.api.scheduler.refresh([id]), h.api.scheduler.refresh([id])]);
    assert.equal(h.fake.requestCount({ taskId: id }) - before, 1, 'one request for three overlapping refreshes');
  });

  test('a damaged shared watch list is recovered: tasks come back from their saved states, a copy is kept, the user is told', async () => {
    const ids = [
      h.fake.addTask({ query: 'Survivor 1', durationMs: 30 * MIN }),
      h.fake.addTask({ query: 'Survivor 2', durationMs: 30 * MIN }),
    ];
    await h.watch(...ids);
    await waitFor('both answered and shared', () =>
      ids.every((id) => fs.existsSync(path.join(h.api.shared.folderPath, 'tasks', `${id}.json`))),
    );
    const listPath = path.join(h.api.shared.folderPath, 'list.json');
    await waitFor('the list is on disk', () => ids.every((id) => fs.readFileSync(listPath, 'utf8').includes(id)));
    const before = h.shown.length;
    // As if a crash or another program left half a file behind (the extension itself only renames whole files).
    fs.writeFileSync(listPath, '{"format":1,"tasks":{"');
    await waitFor('the user is told', () => h.shown.slice(before).find((m) => /watch list was damaged/.test(m)), 5_000);
    const told = h.shown.slice(before).filter((m) => /watch list was damaged/.test(m));
    assert.equal(told.length, 1, told.join('\n'));
    assert.match(told[0]!, /A copy was kept as .*list\.json\.damaged-\d+/);
    const copies = fs.readdirSync(h.api.shared.folderPath).filter((f) => f.startsWith('list.json.damaged-'));
    assert.ok(copies.length >= 1);
    assert.equal(
      fs.readFileSync(path.join(h.api.shared.folderPath, copies.at(-1)!), 'utf8'),
      '{"format":1,"tasks":{"',
      'the damaged original is kept',
    );
    assert.deepEqual(
      h.api.store
        .entries()
        .map((e) => e.id)
        .sort(),
      [...ids].sort(),
      'still watched',
    );
    const repaired = await waitFor('the list is whole again', () => {
      try {
        return JSON.parse(fs.readFileSync(listPath, 'utf8')) as { tasks: Record<string, { watched: boolean }> };
      } catch {
        return undefined;
      }
    });
    for (const id of ids) assert.equal(repaired.tasks[id]?.watched, true, `${id} is in the repaired list`);
    for (const f of copies) fs.rmSync(path.join(h.api.shared.folderPath, f));
  });
});
