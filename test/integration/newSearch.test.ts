/**
 * "New Deep Search" in the real extension host, against the fake API: the command's flow is driven
 * through its form with scripted answers (the form's prompts are the only stand-in: the request, the
 * watch list, the panel and the messages are the real ones), then followed to completion. A 422 reopens
 * the form at the field at fault and a 402 offers to edit, with every value kept.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSearch } from '../../src/extension/commands/newSearch';
import { EMPTY_DRAFT, draftFromTask } from '../../src/core/model/newSearch';
import type { InputOptions, PickOptions } from '../../src/core/input/searchForm';
import { ScriptedPrompter } from '../support/scriptedPrompter';
import { type Harness, integrationSetup, waitFor } from './helpers';

const QUERY = 'Robotics startups in Munich building warehouse automation';
const posts = (h: Harness): number => h.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/discovery_tasks').length;

suite('new Deep Search', () => {
  let h: Harness;
  suiteSetup(async () => {
    h = await integrationSetup();
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h.dispose();
  });
  setup(async () => {
    await h.reset();
  });

  test('the command is contributed, and in the view title while a token is set', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('extruct.newSearch'));
    assert.ok(commands.includes('extruct.runAgain'));
  });

  test('fill in the form, start: the task is created as asked, watched, its panel opens, and it is followed to the end', async () => {
    const p = new ScriptedPrompter([
      QUERY,
      '20',
      { pick: 'Add a criterion' },
      'Warehouse focus',
      'The company sells automation for warehouses or fulfilment centres',
      { pick: 'Use this criterion' },
      { pickMany: ['LinkedIn', 'Web search'] },
      'https://www.acme-robotics.com/about, example.org',
      { pick: 'Start' },
    ]);
    const before = posts(h);
    const outcome = await startSearch(h.api.services, p, EMPTY_DRAFT, 'query');
    assert.ok(outcome?.ok, JSON.stringify(outcome));
    assert.equal(posts(h) - before, 1, 'one request');
    const id = outcome.task.id;
    const created = h.fake.model.snapshot(id)!;
    assert.equal(created.query, QUERY);
    assert.equal(created.desired_num_results, 20);
    assert.deepEqual(created.criteria, [
      { key: 'warehouse_focus', name: 'Warehouse focus', criterion: 'The company sells automation for warehouses or fulfilment centres' },
    ]);
    assert.equal(created.auto_data_sources, false);
    assert.deepEqual([...created.data_sources].sort(), ['linkedin', 'web_search']);
    assert.ok(h.api.store.has(id), 'watched at once');
    assert.equal(h.api.store.get(id)?.task?.query, QUERY, 'with the answer of the create request');
    await waitFor('its panel open', () => h.api.panels.isOpen(id));
    assert.ok(h.shown.some((m) => m.startsWith('Started the Deep Search')));
    h.fake.advance(3 * 60 * 60_000);
    await h.api.scheduler.refresh([id]);
    await waitFor('followed to the end', () => h.api.store.get(id)?.stopped === 'complete');
    assert.equal(h.api.store.get(id)?.task?.num_results, 20);
  });

  test('a 422 reopens the form at the field at fault, with the server’s words and every value kept', async () => {
    h.fake.script({
      method: 'POST',
      path: '/v1/discovery_tasks',
      nth: 1,
      action: {
        status: 422,
        body: {
          detail: [
            { type: 'less_than_equal', loc: ['body', 'desired_num_results'], msg: 'Input should be less than or equal to 200', input: 240 },
          ],
        },
      },
    });
    const p = new ScriptedPrompter([
      QUERY,
      '240',
      { pick: 'Let Extruct write' },
      { pickMany: [] },
      'acme.com',
      { pick: 'Start' },
      '200',
      { pick: 'Let Extruct write' },
      { pickMany: [] },
      'acme.com',
      { pick: 'Start' },
    ]);
    const outcome = await startSearch(h.api.services, p, EMPTY_DRAFT, 'query');
    assert.ok(outcome?.ok);
    const reopened = p.seen[6]?.o as InputOptions;
    assert.equal(reopened.step, 2, 'back at the number of results');
    assert.equal(reopened.value, '240', 'what was typed is still there');
    assert.match(reopened.problem ?? '', /HTTP 422: Input should be less than or equal to 200\)\. Fix the number of results/);
    assert.equal((p.seen[9]?.o as InputOptions).value, 'acme.com', 'and the later fields too');
    assert.equal(h.fake.model.snapshot(outcome.task.id)?.desired_num_results, 200);
  });

  test('a 402 says why, offers the dashboard, and "Edit Search" keeps every value', async () => {
    h.fake.script({
      method: 'POST',
      path: '/v1/discovery_tasks',
      times: 2,
      action: { status: 402, body: { detail: { error: 'insufficient_credits', message: 'No credits left' } } },
    });
    h.answer(/out of credits/, 'Edit Search');
    h.answer(/out of credits/, undefined);
    const p = new ScriptedPrompter([
      QUERY,
      '50',
      { pick: 'Let Extruct write' },
      { pickMany: ['Maps'] },
      '',
      { pick: 'Start' },
      { pick: 'Start' },
    ]);
    const before = posts(h);
    const outcome = await startSearch(h.api.services, p, EMPTY_DRAFT, 'query');
    assert.deepEqual(outcome && !outcome.ok ? outcome.error?.kind : outcome, 'plan');
    assert.equal(posts(h) - before, 2, 'tried, edited (nothing changed), tried again, then the user gave up');
    const summary = (p.seen[6]?.o as PickOptions<unknown>).items.map((i) => i.label).join('\n');
    assert.match(summary, new RegExp(QUERY));
    assert.match(summary, /Results wanted: 50 high-fit/);
    assert.match(summary, /Data sources: Maps/);
    assert.equal(h.shown.filter((m) => /out of credits \(HTTP 402 insufficient_credits\)/.test(m)).length, 2);
  });

  test('"Run Again With Changes" opens the form at its summary, filled in from the task', async () => {
    const id = await h.addAndWatch({
      query: 'Cold-chain logistics software in the Nordics',
      desiredNumResults: 40,
      durationMs: 60_000,
      criteria: [{ key: 'cold_chain', name: 'Cold chain', criterion: 'The company serves temperature-controlled logistics' }],
    });
    await h.api.scheduler.refresh([id]);
    const task = h.api.store.get(id)?.task;
    assert.ok(task);
    const p = new ScriptedPrompter([{ pick: 'Results wanted' }, '60', { pick: 'Start' }]);
    const outcome = await startSearch(h.api.services, p, draftFromTask(task), 'summary', 'Run Again');
    assert.ok(outcome?.ok);
    const created = h.fake.model.snapshot(outcome.task.id)!;
    assert.equal(created.query, 'Cold-chain logistics software in the Nordics');
    assert.equal(created.desired_num_results, 60);
    assert.deepEqual(created.criteria, task.criteria);
    assert.notEqual(outcome.task.id, id, 'a new task');
  });
});
