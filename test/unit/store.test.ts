import assert from 'node:assert/strict';
import { TaskStore, type TaskChange } from '../../src/core/store/taskStore';
import { STALLED_AFTER_MS } from '../../src/core/model/completion';
import { completionOf } from '../../src/core/model/transitions';
import { RESUME_GRACE_MS } from '../../src/core/model/watchEntry';
import { summarize, summaryText } from '../../src/core/model/summary';
import { styleOf } from '../../src/core/model/display';
import { taskDescription, taskLabel, taskTooltip } from '../../src/core/format/text';
import { ID1, ID2, ID3, task } from './support/tasks';

suite('task store', () => {
  test('adds newest first (several at once: the first given on top), reports duplicates, one event per add', () => {
    const store = new TaskStore();
    const seen: TaskChange[][] = [];
    store.onDidChange((c) => seen.push([...c]));
    assert.deepEqual(store.add([ID1], 1), { added: [ID1], existing: [], invalid: [] });
    assert.deepEqual(store.add([ID2, ID1, ID2], 2), { added: [ID2], existing: [ID1, ID2], invalid: [] });
    assert.deepEqual(
      store.entries().map((e) => e.id),
      [ID2, ID1],
    );
    const four = 'c0ffee00-0000-4000-8000-000000000004';
    assert.deepEqual(store.add([ID3, four.toUpperCase(), '../x', ''], 10), { added: [ID3, four], existing: [], invalid: ['../x', ''] });
    assert.deepEqual(
      store.entries().map((e) => e.id),
      [ID3, four, ID2, ID1],
      'kept in lower case; what is not a task ID never gets in',
    );
    assert.equal(seen.length, 3);
  });

  test('30 000 IDs at once, with repeats, are added within the test timeout (no quadratic work)', () => {
    const ids = Array.from({ length: 30_000 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
    const store = new TaskStore();
    const r = store.add([...ids, ...ids.slice(0, 5_000)], 0);
    assert.equal(r.added.length, 30_000);
    assert.equal(r.existing.length, 5_000);
    assert.equal(store.size, 30_000);
  });

  test('an answer identical to the last one changes nothing and fires nothing', () => {
    const store = new TaskStore();
    store.add([ID1], 0);
    const seen: TaskChange[] = [];
    store.onDidChange((c) => seen.push(...c));
    assert.ok(store.recordSuccess(ID1, task(), 1));
    assert.equal(store.recordSuccess(ID1, task(), 2), undefined, 'same answer: no change');
    assert.equal(store.recordSuccess(ID1, { ...task() }, 3), undefined, 'an equal copy: no change');
    assert.equal(
      store.recordSuccess(ID1, { ...task(), extra: { updated_at: '2026-12-01T10:00:03Z' } }, 3),
      undefined,
      'only an undocumented field moved: no change',
    );
    assert.ok(store.recordSuccess(ID1, task({ num_results_discovered: 999 }), 4));
    store.recordError(ID1, { kind: 'server', message: 'HTTP 500', status: 500 }, 5);
    assert.equal(
      store.recordError(ID1, { kind: 'server', message: 'HTTP 500', status: 500 }, 6),
      undefined,
      'the same error again: no change',
    );
    assert.equal(seen.length, 3);
    assert.ok(seen.every((c) => c.origin === 'local'));
  });

  test("another window's state is applied as a shared change, and keeps this window's marks", () => {
    const store = new TaskStore();
    store.add([ID1], 0);
    store.setMuted(ID1, true);
    const seen: TaskChange[] = [];
    store.onDidChange((c) => seen.push(...c));
    store.applyShared(ID1, { task: task({ status: 'done' }), stopped: 'complete', completedAt: 50, lastChangeAt: 50 });
    const e = store.get(ID1)!;
    assert.equal(e.stopped, 'complete');
    assert.equal(e.muted, true);
    assert.equal(e.unseen, true, 'completed after it was last opened');
    assert.equal(seen[0]!.origin, 'shared');
    assert.equal(
      store.applyShared(ID1, { task: task({ status: 'done' }), stopped: 'complete', completedAt: 50, lastChangeAt: 50 }),
      undefined,
    );
    store.setOpened(ID1, 60, 'shared');
    assert.equal(store.get(ID1)!.unseen, false, 'opened in another window');
  });

  test('a success records the snapshot; completion stops polling and marks it unseen only when observed', () => {
    const store = new TaskStore();
    store.add([ID1, ID2], 0);
    store.recordSuccess(ID1, task(), 10);
    const change = store.recordSuccess(ID1, task({ status: 'done' }), 20)!;
    assert.equal(change.after!.stopped, 'complete');
    assert.equal(change.after!.unseen, true);
    assert.equal(change.after!.completedAt, 20);
    // first answer already complete: not unseen
    store.recordSuccess(ID2, { ...task({ status: 'done' }), id: ID2 }, 30);
    assert.equal(store.get(ID2)!.unseen, false);
    store.setOpened(ID1, 25);
    assert.equal(store.get(ID1)!.unseen, false);
  });

  test('an error is kept until the next success; 404 stops polling', () => {
    const store = new TaskStore();
    store.add([ID1], 0);
    store.recordError(ID1, { kind: 'server', message: 'HTTP 502', status: 502 }, 1);
    assert.equal(store.get(ID1)!.error?.status, 502);
    assert.equal(store.get(ID1)!.stopped, undefined);
    store.recordSuccess(ID1, task(), 3);
    assert.equal(store.get(ID1)!.error, undefined);
    store.recordError(ID1, { kind: 'not-found', message: 'HTTP 404', status: 404 }, 4);
    assert.equal(store.get(ID1)!.stopped, 'not-found');
    assert.equal(store.get(ID1)!.task?.status, 'in_progress', 'the last snapshot is kept');
  });

  test('the finished tasks are the complete, not-found and plan-stopped ones', () => {
    const store = new TaskStore();
    store.add([ID1, ID2, ID3], 0);
    store.recordSuccess(ID1, task({ status: 'done' }), 1);
    store.recordError(ID2, { kind: 'not-found', message: '404' }, 1);
    store.recordSuccess(ID3, { ...task(), id: ID3 }, 1);
    assert.deepEqual(store.finishedIds().sort(), [ID1, ID2].sort());
  });

  test('display state follows a task through every state', () => {
    const store = new TaskStore();
    store.add([ID1], 0);
    const state = () => styleOf(store.get(ID1)!, store.authPaused).state;
    assert.equal(state(), 'waiting');
    store.recordSuccess(ID1, task({ status: 'created', num_results_discovered: 0 }), 1);
    assert.equal(state(), 'created');
    store.recordSuccess(ID1, task(), 2);
    assert.equal(state(), 'in_progress');
    assert.equal(
      taskLabel(store.get(ID1)!),
      '37/100 · Vertical SaaS for freight forwarders',
      'the counter first: it stays visible in a narrow sidebar',
    );
    assert.equal(taskDescription(store.get(ID1)!, false), 'in progress');
    assert.equal(taskDescription(store.get(ID1)!, false, 4 * 60_000), 'in progress · about 4 min left');
    store.setMuted(ID1, true);
    assert.equal(taskDescription(store.get(ID1)!, false), 'in progress · muted');
    store.setMuted(ID1, false);
    store.recordError(ID1, { kind: 'timeout', message: 'no answer within 30 s' }, 3);
    assert.equal(state(), 'error');
    store.setAuthPaused(true);
    assert.equal(state(), 'auth');
    store.setAuthPaused(false);
    store.recordSuccess(ID1, task({ is_exhausted: true, num_results_evaluated: 150, num_results_enriched: 180 }), 4);
    assert.equal(state(), 'exhausted');
    assert.equal(styleOf(store.get(ID1)!, false).settled, false);
    store.recordSuccess(ID1, task({ is_exhausted: true, num_results_evaluated: 180, num_results_enriched: 180 }), 5);
    assert.equal(state(), 'finishing', 'evaluation caught up: finishing, still polled');
    assert.equal(styleOf(store.get(ID1)!, false).settled, false);
    assert.equal(store.get(ID1)!.stopped, undefined);
    store.recordSuccess(ID1, task({ status: 'done', is_exhausted: true, num_results_evaluated: 180 }), 6);
    assert.equal(state(), 'done');
    assert.equal(styleOf(store.get(ID1)!, false).label, 'done · no more candidates');
    store.recordSuccess(ID1, task({ status: 'weird_new_status' }), 7);
    assert.equal(state(), 'unknown');
    assert.equal(styleOf(store.get(ID1)!, false).label, 'weird new status', 'shown as the API says it');
    store.recordSuccess(ID1, task({ status: 'failed' }), 8);
    assert.equal(state(), 'failed');
  });

  test('after a resume, a "done" below the new target is the previous run: not final until the new run shows', () => {
    const store = new TaskStore();
    store.add([ID1], 0);
    store.recordSuccess(ID1, task({ status: 'in_progress', num_results: 80 }), 1);
    store.recordSuccess(ID1, task({ status: 'done', num_results: 100, desired_num_results: 100 }), 2);
    assert.equal(store.get(ID1)!.stopped, 'complete');
    const changes: TaskChange[] = [];
    store.onDidChange((c) => changes.push(...c));
    const t0 = 10_000;
    store.resumed(ID1, task({ status: 'done', num_results: 100, desired_num_results: 125 }), t0);
    assert.equal(store.get(ID1)!.stopped, undefined, 'polled again');
    assert.equal(styleOf(store.get(ID1)!, false).state, 'resuming');
    store.recordSuccess(ID1, task({ status: 'done', num_results: 100, desired_num_results: 125 }), t0 + 30_000);
    assert.equal(store.get(ID1)!.stopped, undefined, 'still the previous run');
    store.recordSuccess(ID1, task({ status: 'in_progress', num_results: 104, desired_num_results: 125 }), t0 + 40_000);
    assert.equal(store.get(ID1)!.resumedAt, undefined, 'the new run is picked up');
    store.recordSuccess(ID1, task({ status: 'done', num_results: 125, desired_num_results: 125 }), t0 + 300_000);
    assert.equal(store.get(ID1)!.stopped, 'complete');
    assert.equal(changes.map(completionOf).filter(Boolean).length, 1, 'the new completion is announced once');
  });

  test('after a resume, a "done" that never changes is final after the grace period', () => {
    const store = new TaskStore();
    store.add([ID1], 0);
    store.recordSuccess(ID1, task({ status: 'done', num_results: 100, desired_num_results: 100 }), 1);
    store.resumed(ID1, task({ status: 'done', num_results: 100, desired_num_results: 125 }), 10_000);
    const changes: TaskChange[] = [];
    store.onDidChange((c) => changes.push(...c));
    store.recordSuccess(ID1, task({ status: 'done', num_results: 100, desired_num_results: 125 }), 10_000 + RESUME_GRACE_MS + 1);
    assert.equal(store.get(ID1)!.stopped, 'complete');
    assert.equal(changes.map(completionOf).filter(Boolean).length, 0, 'nothing new to tell');
  });

  test('a task that does not move for 30 minutes is marked stalled, once, until it moves', () => {
    const store = new TaskStore();
    store.add([ID1], 0);
    const t = task({ is_exhausted: true, num_results_enriched: 180, num_results_evaluated: 180 });
    store.recordSuccess(ID1, t, 0);
    assert.equal(store.recordSuccess(ID1, t, STALLED_AFTER_MS - 1), undefined, 'not yet, and no change');
    assert.ok(store.recordSuccess(ID1, t, STALLED_AFTER_MS));
    assert.equal(store.get(ID1)!.stalled, true);
    assert.match(styleOf(store.get(ID1)!, false).label, /no more candidates · finishing · no change for 30\+ min/);
    assert.equal(store.recordSuccess(ID1, t, STALLED_AFTER_MS + 300_000), undefined, 'told once');
    store.recordSuccess(ID1, { ...t, num_results_enriched: 190 }, STALLED_AFTER_MS + 600_000);
    assert.equal(store.get(ID1)!.stalled, undefined);
  });

  test('the tooltip of a failing task says what happened and what to do', () => {
    const store = new TaskStore();
    store.add([ID1], 0);
    store.recordError(ID1, { kind: 'network', message: 'the connection was refused' }, 1_000);
    const md = taskTooltip(store.get(ID1)!, false, 2_000);
    assert.match(md, /Cannot reach the Extruct API/);
    assert.match(md, /check your connection/);
    assert.match(md, /Details: the connection was refused/);
  });

  test('summary counts and text', () => {
    const store = new TaskStore();
    store.add([ID1, ID2, ID3], 0);
    store.recordSuccess(ID1, task({ status: 'done' }), 1);
    store.recordSuccess(ID2, { ...task({ status: 'failed' }), id: ID2 }, 1);
    const s = summarize(store.entries(), false);
    assert.deepEqual([s.total, s.running, s.done, s.failed], [3, 1, 1, 1]);
    assert.equal(summaryText(s), '1 running · 1 done · 1 failed');
  });

  test('the tooltip escapes Markdown from the API and shows every counter', () => {
    const store = new TaskStore();
    store.add([ID1], 0);
    store.recordSuccess(ID1, task({ query: '[click](command:evil) **bold**' }), 1_000);
    const md = taskTooltip(store.get(ID1)!, false, 5_000, { lastCheckedAt: 1_000, nextCheckAt: 9_000, elsewhere: false });
    assert.ok(md.includes('\\[click\\] \\(command:evil\\)'), md); // defused (a space) and escaped
    for (const label of ['Discovered', 'Enriched', 'Evaluated', 'High-fit', 'Exhausted']) assert.ok(md.includes(label));
    assert.match(md, /Last checked 4 s ago/);
    assert.match(md, /Next check in 4 s/);
    const follower = taskTooltip(store.get(ID1)!, false, 5_000, { lastCheckedAt: 1_000, elsewhere: true });
    assert.match(follower, /Checked by another VS Code window/);
    assert.doesNotMatch(follower, /Next check/);
  });
});
