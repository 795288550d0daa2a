/**
 * Against the fake API's realistic mode, where it behaves as the real API plausibly does on the points its
 * documentation leaves open: tasks exhausted long before they end, resumes that stay "done" a while,
 * pages capped at 50 rows, unknown statuses and fields, nulls, timestamps without an offset. The fake's
 * clock is frozen and moved by the tests.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { styleOf } from '../../src/core/model/display';
import { AS_FILLED_IN, type Harness, integrationSetup, waitFor } from './helpers';

const MIN = 60_000;

suite('realistic API', () => {
  let h: Harness;
  suiteSetup(async () => {
    h = await integrationSetup({ realistic: true });
  });
  suiteTeardown(async () => {
    await h.dispose();
  });
  setup(async () => {
    await h.reset();
  });

  /** Moves the fake's clock and checks the task at once, as the timer would. */
  async function step(id: string, ms: number): Promise<void> {
    h.fake.advance(ms);
    await h.api.scheduler.refresh([id]);
  }

  test('a task exhausted early is followed to "done", with the final counts', async () => {
    const id = h.fake.addTask({
      query: 'Exhausted early',
      desiredNumResults: 100,
      durationMs: 10 * MIN,
      createdPhaseMs: 5_000,
      exhaustAtFraction: 0.4,
      exhaustedNumResults: 30,
    });
    await h.watch(id);
    await waitFor('first answer', () => h.api.store.get(id)?.task);
    const states = new Set<string>();
    for (let t = 0; t < 10 * MIN; t += 15_000) {
      await step(id, 15_000);
      const e = h.api.store.get(id)!;
      states.add(styleOf(e, false).state);
      if (h.fake.model.snapshot(id)!.status !== 'done')
        assert.equal(e.stopped, undefined, `still followed at ${t / 1000} s (${styleOf(e, false).label})`);
    }
    await step(id, 30_000);
    const e = h.api.store.get(id)!;
    const final = h.fake.model.snapshot(id)!;
    assert.equal(e.stopped, 'complete');
    assert.equal(e.task?.status, 'done');
    assert.deepEqual(
      [e.task.num_results, e.task.num_results_evaluated, e.task.num_results_enriched],
      [final.num_results, final.num_results_evaluated, final.num_results_enriched],
      'the final counts, not those of when evaluation first caught up',
    );
    assert.equal(e.task.num_results, 30);
    assert.ok(states.has('finishing') && states.has('exhausted'), `seen: ${[...states].join(', ')}`);
    await waitFor(
      'told once it is done',
      () => h.shown.some((m) => /"Exhausted early" ran out of candidates and finished: 30 high-fit results/.test(m)),
      5_000,
    );
  });

  test('a resumed task is followed to its new completion, though the API says "done" for a while', async () => {
    const id = h.fake.addTask({ query: 'Resume me', desiredNumResults: 20, durationMs: 2 * MIN, createdPhaseMs: 1_000 });
    await h.watch(id);
    await step(id, 3 * MIN);
    assert.equal(h.api.store.get(id)?.stopped, 'complete');
    await waitFor('the first completion is told', () => h.shown.some((m) => /"Resume me" finished: 20/.test(m)), 5_000);
    const before = h.shown.length;
    h.answerInput(/How many more results/, AS_FILLED_IN);
    const r = await vscode.commands.executeCommand<{ ok: boolean }>('extruct.resumeTask', id, 10);
    assert.equal(r.ok, true);
    assert.equal(h.api.store.get(id)?.stopped, undefined, 'followed again');
    await step(id, 10_000);
    assert.equal(h.fake.model.snapshot(id)!.status, 'done', 'the fake still reports the previous run');
    assert.equal(h.api.store.get(id)?.stopped, undefined, 'which is not taken for the end');
    assert.equal(styleOf(h.api.store.get(id)!, false).state, 'resuming');
    await step(id, 30_000);
    assert.equal(h.api.store.get(id)?.task?.status, 'in_progress');
    for (let i = 0; i < 8 && h.api.store.get(id)?.stopped !== 'complete'; i++) await step(id, 30_000);
    const e = h.api.store.get(id)!;
    assert.equal(e.stopped, 'complete');
    assert.equal(e.task?.num_results, 30);
    await waitFor('the new completion is told', () => h.shown.slice(before).some((m) => /"Resume me" finished: 30/.test(m)), 5_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const told = h.shown.slice(before).filter((m) => /"Resume me" finished/.test(m));
    assert.equal(told.length, 1, h.shown.slice(before).join('\n'));
  });

  test('250 results load through a server that caps pages at 50, and all 250 are exported', async () => {
    const id = h.fake.addTask({ query: 'Many results', desiredNumResults: 250, durationMs: MIN, createdPhaseMs: 1_000 });
    h.fake.advance(2 * MIN);
    await h.watch(id);
    await waitFor('done', () => h.api.store.get(id)?.stopped === 'complete');
    const file = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-export-')), 'results.json'));
    const before = h.fake.requestCount({ pathPrefix: `/v1/discovery_tasks/${id}/results` });
    h.answerSave(file);
    const outcome = await vscode.commands.executeCommand<{ count: number } | undefined>('extruct.exportResults', id, file);
    assert.equal(outcome?.count, 250);
    const json = JSON.parse(fs.readFileSync(file.fsPath, 'utf8')) as {
      task: Record<string, unknown>;
      results: Array<Record<string, unknown>>;
    };
    assert.equal(json.results.length, 250);
    assert.equal(new Set(json.results.map((r) => r.id)).size, 250);
    assert.equal(
      h.fake.requestCount({ pathPrefix: `/v1/discovery_tasks/${id}/results` }) - before,
      6,
      'five pages of 50, then an empty one',
    );
    assert.ok('progress' in json.task && 'updated_at' in json.task, 'the fields the docs do not name are exported too');
    assert.ok(json.results.every((r) => 'company_full_description' in r && 'company_profile_id' in r && 'task_id' in r));
  });

  test('an unknown status is shown as the API says it, and the raw answer shows the fields the docs do not name', async () => {
    const id = h.fake.addTask({
      query: 'Odd states',
      durationMs: 10 * MIN,
      createdPhaseMs: 0,
      unknownStatus: { status: 'queued_for_review', fromFraction: 0.2, toFraction: 0.6 },
    });
    h.fake.advance(3 * MIN);
    await h.watch(id);
    await waitFor('answered', () => h.api.store.get(id)?.task?.status === 'queued_for_review');
    const item = h.treeItem(id);
    assert.match(String(item.description), /^queued for review/);
    assert.equal(item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '', 'circle-large-filled');
    await vscode.commands.executeCommand('extruct.openDetails', id);
    const model = await waitFor('the panel rendered', () => h.api.panels.lastModel(id));
    assert.match(model.statusLine, /queued for review/);
    assert.match(model.raw ?? '', /"progress"/);
    assert.match(model.raw ?? '', /"updated_at"/);
    assert.equal(h.api.store.get(id)?.stopped, undefined, 'not final');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("a failed task's error message, a field the docs do not name, reaches the user", async () => {
    const id = h.fake.addTask({ query: 'Fails with a reason', durationMs: 2 * MIN, createdPhaseMs: 0, failAtFraction: 0.5 });
    h.fake.advance(5 * MIN);
    await h.watch(id);
    await waitFor('failed', () => h.api.store.get(id)?.stopped === 'complete');
    const raw = h.api.store.get(id)!.task!.extra ?? {};
    assert.ok('error' in raw || 'failure_reason' in raw, JSON.stringify(raw));
  });
});
