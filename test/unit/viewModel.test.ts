// The panel's view model (src/extension/panel/viewModel.ts): built from the store entry and result rows only.
import assert from 'node:assert/strict';
import type { ResultRow } from '../../src/core/api/types';
import { validateResultRow } from '../../src/core/api/validate';
import { newEntry } from '../../src/core/model/watchEntry';
import { rowView, taskViewModel } from '../../src/extension/panel/viewModel';
import { ID1, task } from './support/tasks';

const row = (scores: unknown): ResultRow => validateResultRow({ id: 'r1', company_name: 'Acme', scores }, 'r1')!;

suite('panel view model', () => {
  test('a criterion keyed "__proto__" keeps its score (and changes no prototype)', () => {
    const parsed = JSON.parse(
      '{"__proto__": {"grade": 5, "explanation": "fits", "sources": []}, "size": {"grade": 2, "explanation": null, "sources": []}}',
    ) as unknown;
    const view = rowView(row(parsed));
    assert.deepEqual(Object.keys(view.scores).sort(), ['__proto__', 'size']);
    const own = Object.getOwnPropertyDescriptor(view.scores, '__proto__')?.value as (typeof view.scores)[string] | undefined;
    assert.equal(own?.grade, 5);
    assert.equal(Object.getPrototypeOf(view.scores), Object.prototype);
  });

  test('every field of the task is in the model, missing ones as null, and polling as this window sees it', () => {
    const entry = { ...newEntry(ID1, 1), task: task({ table_id: null, criteria: null }) };
    const m = taskViewModel(entry, false, 'https://app.extruct.ai/', 10_000, {
      lastCheckedAt: 9_000,
      nextCheckAt: 15_000,
      elsewhere: false,
    });
    assert.equal(m.query, entry.task.query);
    assert.equal(m.tableId, null);
    assert.equal(m.criteria, null);
    assert.equal(m.lastCheckedAt, 9_000);
    assert.equal(m.nextCheckAt, 15_000);
    assert.equal(m.polling, 'polling');
    assert.equal(m.dashboardUrl, `https://app.extruct.ai/tasks/${ID1}`);
    const follower = taskViewModel(entry, false, 'https://app.extruct.ai', 10_000, { lastCheckedAt: 9_000, elsewhere: true });
    assert.equal(follower.polling, 'elsewhere');
    assert.equal(follower.nextCheckAt, null);
    assert.equal(taskViewModel(entry, true, 'https://app.extruct.ai', 10_000, { elsewhere: false }).polling, 'paused');
  });
});
