// The Tasks tree's pure parts (src/core/tree/): the filter, the section words, and the layout with what it
// asks the view to refresh. A property test replays random changes on a copy of the view that only ever
// applies the refreshes asked for, and checks it against a fresh rendering after every burst.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ApiError } from '../../src/core/api/errors';
import { styleOf, TASK_GROUPS, type TaskGroup } from '../../src/core/model/display';
import { finishedOlderThan } from '../../src/core/model/finished';
import { orderEntries } from '../../src/core/model/order';
import { summarize } from '../../src/core/model/summary';
import type { WatchEntry } from '../../src/core/model/watchEntry';
import { taskDescription, taskLabel } from '../../src/core/format/text';
import { TaskStore } from '../../src/core/store/taskStore';
import { filterFrom, isFiltering, makeFilter, NO_FILTER, textMatcher } from '../../src/core/tree/filter';
import { sectionStartsOpen, type TreeRefresh, TreeLayout } from '../../src/core/tree/layout';
import { filterMessage, sectionAccessibleLabel, sectionCount } from '../../src/core/tree/text';
import { task } from './support/tasks';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.UTC(2026, 10, 29, 9);
const idOf = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const NOT_FOUND: ApiError = { kind: 'not-found', status: 404, message: 'HTTP 404: not found' };
const SERVER: ApiError = { kind: 'server', status: 503, message: 'HTTP 503: the Extruct API had a server error' };

/** A layout whose bursts end only when the test says so (`flush`). */
function manual(store: TaskStore, timeLeft: (id: string) => number | undefined = () => undefined) {
  const layout = new TreeLayout({ store, timeLeft, schedule: () => undefined });
  const refreshes: TreeRefresh[] = [];
  layout.onDidRefresh((r) => refreshes.push(r));
  return { layout, refreshes };
}

const sectionsOf = (layout: TreeLayout) => layout.sections.map((s) => [s.group, s.ids.length, s.total]);

suite('tree: filter and words', () => {
  test('a filter is normalised: text trimmed and cut, groups in order without repeats, none meaning all', () => {
    assert.deepEqual(makeFilter('  berlin  ', ['finished', 'running', 'finished']), { text: 'berlin', groups: ['running', 'finished'] });
    assert.deepEqual(makeFilter('', []), NO_FILTER);
    assert.equal(makeFilter('x'.repeat(500), []).text.length, 200);
    assert.equal(isFiltering(NO_FILTER), false);
    assert.equal(isFiltering(makeFilter('a', [])), true);
    assert.equal(isFiltering(makeFilter('', ['attention'])), true);
  });

  test('a saved filter is read back whatever it holds', () => {
    for (const junk of [undefined, null, 42, 'berlin', [], { text: 7, groups: 'running' }, { groups: ['nope'] }])
      assert.deepEqual(filterFrom(junk), NO_FILTER, JSON.stringify(junk));
    assert.deepEqual(filterFrom({ text: 'Berlin', groups: ['finished', 'bogus', 'running'] }), {
      text: 'Berlin',
      groups: ['running', 'finished'],
    });
  });

  test('text matches every word, in any case and without accents', () => {
    const m = textMatcher('  ZURICH  fintech ');
    assert.equal(m('Fintech startups in Zürich'), true);
    assert.equal(m('Fintech startups in Berlin'), false);
    assert.equal(textMatcher('')('anything'), true);
  });

  test('section counts and the filter message are whole sentences with the numbers in them', () => {
    assert.equal(sectionCount(60, 60), '60');
    assert.equal(sectionCount(12, 60), '12 of 60');
    assert.equal(sectionAccessibleLabel('running', 1, 1), 'Running, 1 task');
    assert.equal(sectionAccessibleLabel('finished', 3, 120), 'Finished, 3 of 120 tasks shown');
    assert.equal(filterMessage(NO_FILTER, 200, 200), undefined);
    assert.equal(filterMessage(makeFilter('berlin', []), 7, 200), 'Showing 7 of 200 tasks that match "berlin".');
    assert.equal(filterMessage(makeFilter('', ['running', 'attention']), 65, 200), 'Showing 65 of 200 tasks: Running, Needs you.');
    assert.equal(
      filterMessage(makeFilter('berlin', ['finished']), 0, 200),
      'No watched task in Finished matches "berlin". Change or clear the filter to see every task.',
    );
  });

  test('"Clear Finished Older Than…" takes the tasks that ended before the age, as far as VS Code saw them end', () => {
    const entry = (i: number, over: Partial<WatchEntry>): WatchEntry => ({
      id: idOf(i),
      addedAt: T0,
      unseen: false,
      muted: false,
      ...over,
    });
    const now = T0 + 40 * DAY;
    const entries = [
      entry(1, { stopped: 'complete', completedAt: now - 2 * DAY }),
      entry(2, { stopped: 'complete', lastChangeAt: now - 8 * DAY }), // already finished when first fetched
      entry(3, { stopped: 'not-found' }), // never answered: the time it was watched
      entry(4, { lastChangeAt: now - 60 * DAY }), // running: never
    ];
    assert.deepEqual(finishedOlderThan(entries, now, 1), [idOf(1), idOf(2), idOf(3)]);
    assert.deepEqual(finishedOlderThan(entries, now, 7), [idOf(2), idOf(3)]);
    assert.deepEqual(finishedOlderThan(entries, now, 30), [idOf(3)]);
  });
});

suite('tree: layout', () => {
  /** Running 0–2, finished 3–5 (4 failed), not found 6. */
  function seven() {
    const store = new TaskStore();
    store.add([0, 1, 2, 3, 4, 5, 6].map(idOf), T0);
    for (const i of [0, 1, 2]) store.recordSuccess(idOf(i), task({ id: idOf(i), query: `Running task ${i} in Berlin` }), T0 + i);
    for (const i of [3, 4, 5])
      store.recordSuccess(idOf(i), task({ id: idOf(i), query: `Finished task ${i}`, status: i === 4 ? 'failed' : 'done' }), T0 + i);
    store.recordError(idOf(6), NOT_FOUND, T0);
    return store;
  }

  test('three sections with their counts, each in the tree order; their counts are the summary’s', () => {
    const store = seven();
    const { layout } = manual(store);
    assert.deepEqual(sectionsOf(layout), [
      ['running', 3, 3],
      ['attention', 1, 1],
      ['finished', 3, 3],
    ]);
    const order = orderEntries(store.entries(), () => undefined);
    for (const s of layout.sections)
      assert.deepEqual(
        s.ids,
        order.filter((id) => s.ids.includes(id)),
      );
    const sum = summarize(store.entries(), false);
    assert.deepEqual(layout.groupTotals, { running: sum.running, attention: sum.blocked, finished: sum.done + sum.exhausted + sum.failed });
  });

  test('every section starts open but a Finished of more than 10 tasks', () => {
    assert.equal(sectionStartsOpen('running', 600), true);
    assert.equal(sectionStartsOpen('attention', 50), true);
    assert.equal(sectionStartsOpen('finished', 10), true);
    assert.equal(sectionStartsOpen('finished', 11), false);
  });

  test('counters that move refresh only those rows, one refresh per burst', () => {
    const store = seven();
    const { layout, refreshes } = manual(store);
    for (const i of [0, 1])
      store.recordSuccess(idOf(i), task({ id: idOf(i), query: `Running task ${i} in Berlin`, num_results: 50 }), T0 + MIN);
    layout.flush();
    assert.deepEqual(refreshes, [{ all: false, sections: [], tasks: [idOf(0), idOf(1)] }]);
  });

  test('a task that finishes refreshes the two sections it left and joined, not its row', () => {
    const store = seven();
    const { layout, refreshes } = manual(store);
    store.recordSuccess(idOf(1), task({ id: idOf(1), query: 'Running task 1 in Berlin', status: 'done' }), T0 + MIN);
    layout.flush();
    assert.deepEqual(refreshes, [{ all: false, sections: ['running', 'finished'], tasks: [] }]);
    assert.equal(layout.sectionOf(idOf(1)), 'finished');
    assert.equal(layout.sections[2]?.ids[0], idOf(1), 'the latest finished on top');
  });

  test('a section that appears or goes, or polling paused for the token, refreshes everything', () => {
    const store = seven();
    const { layout, refreshes } = manual(store);
    store.remove([idOf(6)]);
    layout.flush();
    store.setAuthPaused(true);
    layout.flush();
    assert.deepEqual(refreshes, [
      { all: true, sections: [], tasks: [] },
      { all: true, sections: [], tasks: [] },
    ]);
    assert.deepEqual(sectionsOf(layout), [
      ['attention', 3, 3],
      ['finished', 3, 3],
    ]);
  });

  test('the filter narrows by words and by group, keeps the totals, and a hidden task’s change refreshes nothing', () => {
    const store = seven();
    const { layout, refreshes } = manual(store);
    layout.setFilter(makeFilter('berlin 1', []));
    layout.flush();
    assert.deepEqual(sectionsOf(layout), [['running', 1, 3]]);
    assert.deepEqual(layout.counts, { shown: 1, total: 7 });
    assert.deepEqual(refreshes.at(-1), { all: true, sections: [], tasks: [] });
    layout.setFilter(makeFilter('', ['running', 'finished']));
    layout.flush();
    assert.deepEqual(sectionsOf(layout), [
      ['running', 3, 3],
      ['finished', 3, 3],
    ]);
    assert.equal(layout.sectionOf(idOf(6)), undefined);
    const before = refreshes.length;
    store.recordError(idOf(6), SERVER, T0); // nothing shown changes
    layout.flush();
    assert.equal(refreshes.length, before);
    // The state is searchable too: "failed".
    layout.setFilter(makeFilter('failed', []));
    layout.flush();
    assert.deepEqual(sectionsOf(layout), [['finished', 1, 3]]);
  });

  test('a row that is refreshed stays where it was: the order moves only when a task comes, goes or changes group', () => {
    const store = seven();
    let left: Record<string, number> = {};
    const { layout, refreshes } = manual(store, (id) => left[id]);
    const order = () => layout.sections[0]?.ids;
    const first = order();
    left = { [idOf(2)]: 5 * MIN };
    store.recordSuccess(idOf(2), task({ id: idOf(2), query: 'Running task 2 in Berlin', num_results: 60 }), T0 + MIN);
    layout.flush();
    assert.equal(order()?.[0], idOf(2), 'an estimate appeared: the one ending soonest comes first');
    assert.deepEqual(refreshes.at(-1), { all: false, sections: ['running'], tasks: [] });
    left = { [idOf(2)]: 1 * MIN, [idOf(1)]: 2 * MIN };
    store.recordSuccess(idOf(2), task({ id: idOf(2), query: 'Running task 2 in Berlin', num_results: 70 }), T0 + 2 * MIN);
    layout.flush();
    assert.notDeepEqual(first, order());
  });
});

suite('tree: refreshes are enough (property)', () => {
  const N = 8;
  type Op =
    | { kind: 'add'; i: number }
    | { kind: 'answer'; i: number; status: 'in_progress' | 'done' | 'failed'; num: number }
    | { kind: 'error'; i: number; fatal: boolean }
    | { kind: 'remove'; i: number }
    | { kind: 'mute'; i: number }
    | { kind: 'pause'; on: boolean }
    | { kind: 'filter'; text: string; groups: TaskGroup[] }
    | { kind: 'flush' };
  const i = fc.integer({ min: 0, max: N - 1 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), i }),
    fc.record({ kind: fc.constant('answer' as const), i, status: fc.constantFrom('in_progress', 'done', 'failed'), num: fc.nat(100) }),
    fc.record({ kind: fc.constant('error' as const), i, fatal: fc.boolean() }),
    fc.record({ kind: fc.constant('remove' as const), i }),
    fc.record({ kind: fc.constant('mute' as const), i }),
    fc.record({ kind: fc.constant('pause' as const), on: fc.boolean() }),
    fc.record({
      kind: fc.constant('filter' as const),
      text: fc.constantFrom('', 'berlin', 'task 3', 'failed', 'zzz'),
      groups: fc.subarray([...TASK_GROUPS]),
    }),
    fc.constant({ kind: 'flush' as const }),
  );

  test('a view that applies only the refreshes asked for always shows what a fresh one would', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const store = new TaskStore();
        const { layout } = manual(store);
        const row = (id: string) => {
          const e = store.get(id)!;
          return `${styleOf(e, store.authPaused).icon} ${taskLabel(e)} ${taskDescription(e, store.authPaused)}`;
        };
        const fresh = () =>
          layout.sections.map((s) => ({ head: `${s.group} ${sectionCount(s.ids.length, s.total)}`, rows: s.ids.map(row) }));
        let shown = fresh();
        layout.onDidRefresh((r) => {
          if (r.all) {
            shown = fresh();
            return;
          }
          const now = fresh();
          for (const g of r.sections) {
            const at = layout.sections.findIndex((s) => s.group === g);
            shown[at] = now[at]!;
          }
          for (const id of r.tasks) {
            const at = layout.sections.findIndex((s) => s.group === layout.sectionOf(id));
            const k = layout.sections[at]!.ids.indexOf(id);
            shown[at]!.rows[k] = row(id);
          }
        });
        let t = T0;
        for (const o of ops) {
          t += MIN;
          if (o.kind === 'add') store.add([idOf(o.i)], t);
          else if (o.kind === 'answer')
            store.recordSuccess(
              idOf(o.i),
              task({ id: idOf(o.i), query: `Task ${o.i} in Berlin`, status: o.status, num_results: o.num }),
              t,
            );
          else if (o.kind === 'error') store.recordError(idOf(o.i), o.fatal ? NOT_FOUND : SERVER, t);
          else if (o.kind === 'remove') store.remove([idOf(o.i)]);
          else if (o.kind === 'mute') store.setMuted(idOf(o.i), !store.get(idOf(o.i))?.muted);
          else if (o.kind === 'pause') store.setAuthPaused(o.on);
          else if (o.kind === 'filter') layout.setFilter(makeFilter(o.text, o.groups));
          else {
            layout.flush();
            assert.deepEqual(shown, fresh());
          }
        }
        layout.flush();
        assert.deepEqual(shown, fresh());
      }),
      { numRuns: 300 },
    );
  });
});
