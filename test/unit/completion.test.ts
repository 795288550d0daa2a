import assert from 'node:assert/strict';
import { hasProgressed, isComplete, phaseOf, statusText } from '../../src/core/model/completion';
import { completionOf } from '../../src/core/model/transitions';
import { newEntry } from '../../src/core/model/watchEntry';
import { task } from './support/tasks';

suite('completion rule', () => {
  test('done and failed are final', () => {
    assert.equal(isComplete(task({ status: 'done' })), true);
    assert.equal(isComplete(task({ status: 'failed' })), true);
  });

  test('created and in_progress are not final', () => {
    assert.equal(isComplete(task({ status: 'created' })), false);
    assert.equal(isComplete(task({ status: 'in_progress' })), false);
  });

  test('exhausted alone is not final while evaluation is behind', () => {
    const t = task({ is_exhausted: true, num_results_enriched: 200, num_results_evaluated: 150 });
    assert.equal(isComplete(t), false);
    assert.equal(phaseOf(t), 'exhausted');
  });

  test('exhausted with evaluation caught up is not final either: it is finishing (enrichment may still go on)', () => {
    const t = task({ is_exhausted: true, num_results_enriched: 200, num_results_evaluated: 200 });
    assert.equal(isComplete(t), false);
    assert.equal(phaseOf(t), 'finishing');
    // enrichment rises again: evaluating again
    assert.equal(phaseOf({ ...t, num_results_enriched: 210 }), 'exhausted');
    assert.equal(isComplete({ ...t, status: 'done' }), true);
  });

  test('an unknown status is shown as the API says it, and is not final', () => {
    const t = task({ status: 'paused_by_admin' });
    assert.equal(phaseOf(t), 'unknown');
    assert.equal(isComplete(t), false);
    assert.equal(statusText(t.status), 'paused by admin');
  });

  test('done wins over exhausted in the phase', () => {
    assert.equal(phaseOf(task({ status: 'done', is_exhausted: true })), 'done');
  });

  test('progress is any counter, status or exhaustion change', () => {
    const t = task();
    assert.equal(hasProgressed(undefined, t), true);
    assert.equal(hasProgressed(t, { ...t }), false);
    assert.equal(hasProgressed(t, { ...t, num_results_discovered: t.num_results_discovered + 1 }), true);
    assert.equal(hasProgressed(t, { ...t, is_exhausted: true }), true);
    assert.equal(hasProgressed(t, { ...t, status: 'done' }), true);
  });

  test('a completion counts only when observed as a transition', () => {
    const running = { ...newEntry(task().id, 0), task: task() };
    const done = { ...running, task: task({ status: 'done' }), stopped: 'complete' as const, unseen: true };
    assert.equal(completionOf({ origin: 'local', id: running.id, before: running, after: done }), 'done');
    // first load of an already finished task: no "before" snapshot, not unseen
    const fresh = newEntry(task().id, 0);
    assert.equal(completionOf({ origin: 'local', id: fresh.id, before: fresh, after: { ...done, unseen: false } }), undefined);
    // already complete before (e.g. restored after reload)
    assert.equal(completionOf({ origin: 'local', id: done.id, before: done, after: done }), undefined);
    const failed = { ...done, task: task({ status: 'failed' }) };
    assert.equal(completionOf({ origin: 'local', id: running.id, before: running, after: failed }), 'failed');
    const exhausted = { ...done, task: task({ is_exhausted: true, num_results_evaluated: 180 }) };
    assert.equal(completionOf({ origin: 'local', id: running.id, before: running, after: exhausted }), 'exhausted');
  });
});
