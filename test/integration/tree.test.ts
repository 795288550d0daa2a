/**
 * The tree at many tasks, and results as a document, inside a real VS Code against the fake Extruct API: the
 * sections and the filter (kept in the profile's globalState), the refreshes the real TasksTree fires while the
 * sweep runs, and "Open Results as CSV / JSON" in an untitled editor.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseCsv } from '../support/csv';
import { makeFilter, NO_FILTER } from '../../src/core/tree/filter';
import type { Node } from '../../src/extension/tree/tasksTree';
import { type Harness, integrationSetup, waitFor } from './helpers';

const MIN = 60_000;

suite('tree and results as a document', () => {
  let h: Harness;
  suiteSetup(async () => {
    h = await integrationSetup();
  });
  suiteTeardown(async () => {
    h.api.tree.setFilter(NO_FILTER);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h.dispose();
  });
  setup(async () => {
    h.api.tree.setFilter(NO_FILTER);
    await h.reset();
  });

  const sections = () =>
    h.api.tree.getChildren().map((s) => {
      const item = h.api.tree.getTreeItem(s);
      return `${typeof item.label === 'string' ? item.label : ''} ${typeof item.description === 'string' ? item.description : ''}`;
    });

  test('the filter narrows the sections, says so in the view, and is kept in the profile’s globalState', async () => {
    const berlin = await h.addAndWatch({ query: 'Fintech startups in Berlin', durationMs: 60 * MIN });
    await h.addAndWatch({ query: 'Robotics companies in Munich', durationMs: 60 * MIN });
    await h.addAndWatch({ query: 'Biotech labs in Berlin', durationMs: 2 * MIN, ageMs: 10 * MIN });
    await waitFor('every task answered', () => h.api.store.entries().every((e) => e.task));
    h.api.tree.layout.flush();
    assert.deepEqual(sections(), ['Running 2', 'Finished 1']);
    h.api.tree.setFilter(makeFilter('berlin', ['running']));
    h.api.tree.layout.flush();
    assert.deepEqual(sections(), ['Running 1 of 2']);
    assert.deepEqual(
      h.api.tree.getChildren(h.api.tree.getChildren()[0]).map((n) => (n.kind === 'task' ? n.id : '')),
      [berlin],
    );
    assert.deepEqual(h.api.globalState.get('extruct.tasks.filter'), { text: 'berlin', groups: ['running'] });
    await waitFor('the view says what the filter hides', () =>
      h.api.tree.view.message === 'Showing 1 of 3 tasks that match "berlin" in Running.' ? true : undefined,
    );
    assert.match(h.api.tree.view.title ?? '', /2 running/, 'the title counts every task');
    await vscode.commands.executeCommand('extruct.clearFilter');
    h.api.tree.layout.flush();
    assert.deepEqual(sections(), ['Running 2', 'Finished 1']);
    assert.equal(h.api.globalState.get('extruct.tasks.filter'), undefined);
  });

  test('"Clear Finished Older Than…" offers the ages with their counts, and removes what the pick names', async () => {
    const running = await h.addAndWatch({ query: 'Still running', durationMs: 60 * MIN });
    const done = await h.addAndWatch({ query: 'Long done', durationMs: 2 * MIN, ageMs: 10 * MIN });
    await waitFor('every task answered', () => h.api.store.entries().every((e) => e.task));
    const win = vscode.window as { showQuickPick: typeof vscode.window.showQuickPick };
    const original = win.showQuickPick;
    let offered: string[] = [];
    win.showQuickPick = ((items: readonly vscode.QuickPickItem[]) => {
      offered = items.map((i) => `${i.label}: ${i.description ?? ''}`);
      return Promise.resolve(items.find((i) => i.label === 'All finished tasks'));
    }) as unknown as typeof vscode.window.showQuickPick;
    try {
      const removed = await vscode.commands.executeCommand<string[]>('extruct.clearFinishedOlder');
      assert.deepEqual(removed, [done]);
    } finally {
      win.showQuickPick = original;
    }
    // It ended a moment ago, as far as this window saw: older than a day it is not.
    assert.deepEqual(offered, [
      'Finished more than a day ago: none',
      'Finished more than a week ago: none',
      'Finished more than 30 days ago: none',
      'All finished tasks: 1 task',
    ]);
    assert.deepEqual(
      h.api.store.entries().map((e) => e.id),
      [running],
    );
  });

  test('while the sweep answers for running tasks, the tree fires one refresh per burst, naming only what changed', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await h.addAndWatch({ query: `Swept in the tree ${i}`, desiredNumResults: 100, durationMs: 60 * MIN }));
    await waitFor('every task answered', () => ids.every((id) => h.api.store.get(id)?.task));
    const lists = () => h.fake.requests.filter((r) => r.method === 'GET' && r.path === '/v1/discovery_tasks').length;
    await waitFor('the sweep is on', () => lists() > 0 || undefined);
    const events: Array<Node | Node[] | undefined> = [];
    let changedRows = 0;
    const subs = [h.api.tree.onDidChangeTreeData((e) => events.push(e)), h.api.store.onDidChange((cs) => (changedRows += cs.length))];
    try {
      for (let sweep = 0; sweep < 3; sweep++) {
        const before = lists();
        h.fake.advance(MIN); // every task's counters move
        await waitFor('another sweep', () => lists() > before || undefined, 20_000);
        await waitFor('its answers recorded', () => events.length > sweep || undefined, 10_000);
      }
    } finally {
      for (const s of subs) s.dispose();
    }
    assert.ok(events.length >= 3, `${events.length} refreshes`);
    for (const e of events) assert.ok(Array.isArray(e), 'never the whole tree: no section came or went');
    const elements = events.reduce((n, e) => n + (Array.isArray(e) ? e.length : 0), 0);
    assert.ok(changedRows >= 15, `rows changed: ${changedRows}`);
    assert.ok(
      events.length <= changedRows / 5 + 3,
      `${events.length} refreshes for ${changedRows} row changes: one per sweep, not one per row`,
    );
    assert.ok(elements <= changedRows + events.length, `${elements} elements refreshed for ${changedRows} row changes`);
  });

  test('"Open Results as CSV" and "Open Results as JSON" open every result in an untitled editor, in the export’s format', async () => {
    const id = await h.addAndWatch({ query: 'Vet clinic groups in Ohio', desiredNumResults: 60, durationMs: 10 * MIN });
    h.fake.advance(11 * MIN);
    await h.api.scheduler.refresh([id]);
    const task = h.api.store.get(id)?.task;
    assert.equal(task?.status, 'done');
    const csv = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('extruct.openResultsCsv', id);
    assert.ok(csv?.isUntitled, 'an untitled editor');
    assert.equal(vscode.window.activeTextEditor?.document, csv, 'shown');
    const records = parseCsv(csv.getText()).filter((r) => r.some((c) => c !== ''));
    assert.equal(records[0]?.[0], 'id');
    assert.ok(records[0].includes('company_name'));
    assert.equal(records.length - 1, task.num_results, 'one line per result');
    const json = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('extruct.openResultsJson', id);
    assert.ok(json?.isUntitled);
    assert.equal(json.languageId, 'json');
    const parsed = JSON.parse(json.getText()) as { task: { id: string }; results: unknown[] };
    assert.equal(parsed.task.id, id);
    assert.equal(parsed.results.length, task.num_results);
    const reads = h.fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1/discovery_tasks/${id}/results`).length;
    assert.ok(reads >= 4, `read in pages, as the export reads them: ${reads} requests for two documents`);
    // Closed without saving (closing an untitled editor with text would ask).
    for (const doc of [csv, json]) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
