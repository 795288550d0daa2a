/**
 * The task detail panel inside a real VS Code against the fake Extruct API: opening, live updates,
 * results paging, export, resume and its refusals, and that API text is shown as text, never as markup.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseCsv } from '../support/csv';
import type { TaskViewModel } from '../../src/protocol/messages';
import { AS_FILLED_IN, type Harness, integrationSetup, waitFor } from './helpers';

const MIN = 60_000;

suite('detail panel', () => {
  let h: Harness;
  let tmp: string;
  suiteSetup(async () => {
    h = await integrationSetup();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-panel-'));
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  setup(async () => {
    await h.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const panels = () => h.api.panels;
  const model = (id: string) => waitFor(`the panel of ${id} has a model`, () => panels().lastModel(id));
  const modelWhere = (id: string, what: string, ok: (m: TaskViewModel) => boolean) =>
    waitFor(`panel of ${id}: ${what}`, () => {
      const m = panels().lastModel(id);
      return m && ok(m) ? m : undefined;
    });
  const panelTabs = () =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('extruct.taskDetails'));

  test('opens one panel per task, renders every field, and reveals it on a second open', async () => {
    const id = await h.addAndWatch({
      query: 'Freight SaaS in Europe',
      desiredNumResults: 40,
      durationMs: 10 * MIN,
      tableId: 'tbl_1',
      excludeDomains: ['a.com', 'b.com'],
    });
    await h.api.scheduler.refresh([id]);
    await vscode.commands.executeCommand('extruct.openDetails', id);
    const m = await model(id);
    assert.equal(m.id, id);
    assert.equal(m.query, 'Freight SaaS in Europe');
    assert.equal(m.title, 'Freight SaaS in Europe');
    assert.equal(m.desiredNumResults, 40);
    assert.equal(m.tableId, 'tbl_1');
    assert.deepEqual(m.excludeDomains, ['a.com', 'b.com']);
    assert.deepEqual(
      m.funnel.map((s) => s.key),
      ['discovered', 'enriched', 'evaluated', 'high-fit'],
    );
    assert.ok(m.criteria && m.criteria.length > 0);
    assert.match(m.dashboardUrl, new RegExp(`/tasks/${id}$`));
    assert.equal(JSON.stringify(m).includes(h.fake.token), false, 'the token never reaches the webview');
    await vscode.commands.executeCommand('extruct.openDetails', { kind: 'task', id });
    assert.equal(panelTabs().length, 1);
    assert.equal(panelTabs()[0]?.label, 'Freight SaaS in Europe');
  });

  test('follows the task through its states in place; closing the panel does not stop polling', async () => {
    const id = await h.addAndWatch({ query: 'Lifecycle', durationMs: 10 * MIN, createdPhaseMs: MIN });
    await vscode.commands.executeCommand('extruct.openDetails', id);
    await modelWhere(id, 'queued', (m) => m.state.key === 'created');
    h.fake.advance(3 * MIN);
    await h.api.scheduler.refresh([id]);
    const running = await modelWhere(id, 'in progress', (m) => m.state.key === 'in_progress');
    assert.ok(running.funnel[0]!.value > 0);
    h.fake.advance(8 * MIN);
    await h.api.scheduler.refresh([id]);
    const done = await modelWhere(id, 'done', (m) => m.state.key === 'done');
    assert.equal(done.state.icon, 'pass-filled');
    assert.equal(done.polling, 'complete');
    assert.equal(h.api.store.get(id)?.unseen, false, 'an open, visible panel counts as seen');

    const other = await h.addAndWatch({ query: 'Keeps polling', durationMs: 10 * MIN });
    await vscode.commands.executeCommand('extruct.openDetails', other);
    await model(other);
    panels().close(other);
    await waitFor('panel closed', () => !panels().isOpen(other));
    const before = h.fake.requestCount({ method: 'GET', taskId: other });
    await h.api.scheduler.refresh([other]);
    assert.ok(h.fake.requestCount({ method: 'GET', taskId: other }) > before);
    assert.equal(h.api.store.get(other)?.stopped, undefined);
  });

  test('results load once on completion, in pages of 50 until an empty one, and not on every tick', async () => {
    const id = await h.doneTask('Many results', 250);
    await vscode.commands.executeCommand('extruct.openDetails', id);
    const r = await waitFor('results loaded', () => (panels().lastResults(id)?.state === 'loaded' ? panels().lastResults(id) : undefined));
    assert.equal(r.rows.length, 250);
    assert.equal(new Set(r.rows.map((x) => x.id)).size, 250);
    assert.equal(h.fake.requestCount({ method: 'GET', pathPrefix: `/v1/discovery_tasks/${id}/results` }), 6);
    assert.equal(r.total, 250);
    assert.ok(r.columns.length > 0);
    assert.ok(r.rows.every((x) => x.websiteUrl === null || /^https?:\/\//.test(x.websiteUrl)));
    await h.api.scheduler.refresh([id]);
    await h.api.scheduler.refresh([id]);
    assert.equal(h.fake.requestCount({ method: 'GET', pathPrefix: `/v1/discovery_tasks/${id}/results` }), 6, 'no reload per tick');
  });

  test('results can be read while the task runs', async () => {
    const id = await h.addAndWatch({ query: 'Running', desiredNumResults: 50, durationMs: 10 * MIN });
    h.fake.advance(7 * MIN);
    await h.api.scheduler.refresh([id]);
    await vscode.commands.executeCommand('extruct.openDetails', id);
    await model(id);
    assert.equal(panels().lastResults(id)?.state, 'idle', 'a running task does not load results by itself');
    await panels().loadResults(id);
    const r = panels().lastResults(id)!;
    assert.equal(r.state, 'loaded');
    assert.equal(r.partial, true);
    assert.equal(r.rows.length, h.api.store.get(id)?.task?.num_results);
  });

  test('export writes CSV and JSON that parse back to the same rows', async () => {
    const id = await h.doneTask('Export me', 120);
    const csvUri = vscode.Uri.file(path.join(tmp, 'out.csv'));
    const jsonUri = vscode.Uri.file(path.join(tmp, 'out.json'));
    // A location given with the command only fills in the save dialog, which the user answers.
    h.answerSave(csvUri);
    const c = await vscode.commands.executeCommand<{ count: number; format: string }>('extruct.exportResults', id, csvUri);
    assert.equal(h.saves.at(-1)?.defaultUri?.toString(), csvUri.toString(), 'the save dialog was shown, filled in');
    h.answerSave(jsonUri);
    const j = await vscode.commands.executeCommand<{ count: number; format: string }>('extruct.exportResults', { kind: 'task', id });
    assert.deepEqual([c.count, c.format, j.count, j.format], [120, 'csv', 120, 'json']);
    const csv = parseCsv(fs.readFileSync(csvUri.fsPath, 'utf8'));
    const json = JSON.parse(fs.readFileSync(jsonUri.fsPath, 'utf8')) as {
      task: { id: string };
      results: Array<{ id: string; company_name: string | null; relevance: number | null }>;
    };
    assert.equal(json.task.id, id);
    assert.equal(csv.length, 121);
    const header = csv[0]!;
    const col = (name: string) => header.indexOf(name);
    assert.deepEqual(
      csv.slice(1).map((r) => r[col('id')]),
      json.results.map((r) => r.id),
    );
    assert.deepEqual(
      csv.slice(1).map((r) => r[col('company_name')]),
      json.results.map((r) => r.company_name ?? ''),
    );
    assert.deepEqual(
      csv.slice(1).map((r) => r[col('relevance')]),
      json.results.map((r) => (r.relevance === null ? '' : String(r.relevance))),
    );
    assert.ok(header.some((x) => x.endsWith('(grade)')));
  });

  test('resume starts polling again', async () => {
    const id = await h.doneTask('Resume me', 20);
    await vscode.commands.executeCommand('extruct.openDetails', id);
    await modelWhere(id, 'resumable', (m) => m.resumeBlocker === null);
    // A count given with the command only fills in the input box: the user confirms it.
    h.answerInput(/How many more results/, AS_FILLED_IN);
    const out = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('extruct.resumeTask', id, 10);
    assert.equal(h.inputs.at(-1)?.value, '10');
    assert.equal(out.ok, true, out.message);
    assert.equal(h.api.store.get(id)?.task?.desired_num_results, 30);
    assert.equal(h.api.store.get(id)?.stopped, undefined);
    const taskGets = () =>
      h.fake.requestCount({ method: 'GET', taskId: id }) -
      h.fake.requestCount({ method: 'GET', pathPrefix: `/v1/discovery_tasks/${id}/results` });
    const before = taskGets();
    await waitFor('the scheduler polls the task again', () => taskGets() > before || undefined, 15_000);
    await modelWhere(id, 'polling again', (m) => m.polling === 'polling');
  });

  test('a 400 or 402 on resume is explained', async () => {
    const id = await h.doneTask('Refused', 20);
    const resumePath = `/v1/discovery_tasks/${id}/resume`;
    h.fake.script({ method: 'POST', path: resumePath, nth: 1, action: { status: 400, body: { detail: 'Task is exhausted' } } });
    h.answerInput(/How many more results/, '5');
    const r400 = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('extruct.resumeTask', id);
    assert.equal(r400.ok, false);
    assert.match(r400.message, /exhausted/);
    assert.match(r400.message, /new task/);
    h.fake.script({
      method: 'POST',
      path: resumePath,
      nth: 1,
      action: { status: 402, body: { detail: { error: 'insufficient_credits' } } },
    });
    h.answerInput(/How many more results/, AS_FILLED_IN);
    const r402 = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('extruct.resumeTask', id, 5);
    assert.equal(r402.ok, false);
    assert.match(r402.message, /out of credits/);
    assert.equal(h.api.store.get(id)?.stopped, 'complete', 'a refused resume changes nothing');
  });

  test('Stop Watching closes the panel', async () => {
    const id = await h.addAndWatch({ query: 'Goodbye', durationMs: 10 * MIN });
    await vscode.commands.executeCommand('extruct.openDetails', id);
    await model(id);
    await vscode.commands.executeCommand('extruct.stopWatching', id);
    await waitFor('panel closed', () => !panels().isOpen(id));
    await waitFor('its tab is gone', () => panelTabs().length === 0);
  });
});
