// The tree's refreshes while the real scheduler sweeps 200 watched tasks (60 running, 120 finished, 20 not
// found) on a fake clock, against the fake Extruct API's realistic model (an undocumented list order, pages of
// 50, its answers validated as the client validates them). Every burst of changes (a sweep records its answers
// in one go) makes at most one refresh, which names no more elements than rows changed, plus one.
import assert from 'node:assert/strict';
import type { Result } from '../../src/core/api/errors';
import type { Task } from '../../src/core/api/types';
import { validateTask, validateTaskList } from '../../src/core/api/validate';
import { EtaTracker } from '../../src/core/model/eta';
import { Scheduler } from '../../src/core/poll/scheduler';
import { TaskStore } from '../../src/core/store/taskStore';
import { type TreeRefresh, TreeLayout } from '../../src/core/tree/layout';
import { FakeModel } from '../fake-extruct/model';
import { FakeClock } from './support/fakeClock';

const MIN = 60_000;
const LATENCY_MS = 200;

function account(clock: FakeClock) {
  const model = new FakeModel({ now: () => clock.now(), realistic: true });
  const running = Array.from({ length: 60 }, (_, i) =>
    model.addTask({
      query: `Running search ${i} for logistics software`,
      desiredNumResults: 100,
      durationMs: (8 + i / 4) * MIN,
      ageMs: MIN,
    }),
  );
  const finished = Array.from({ length: 120 }, (_, i) =>
    model.addTask({
      query: `Finished search ${i}`,
      durationMs: 10 * MIN,
      ageMs: (3 + i) * 60 * MIN,
      ...(i % 15 === 0 ? { finalStatus: 'failed' as const } : {}),
    }),
  );
  const missing = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${String(900 + i).padStart(12, '0')}`);
  let lists = 0;
  const wait = () => new Promise<void>((r) => clock.setTimeout(r, LATENCY_MS));
  const getTask = async (id: string): Promise<Result<Task>> => {
    await wait();
    const wire = model.wireTask(id, clock.now() - LATENCY_MS / 2);
    if (!wire) return { ok: false, error: { kind: 'not-found', status: 404, message: 'HTTP 404: not found' } };
    const v = validateTask(wire);
    return v.ok ? { ok: true, value: v.value } : { ok: false, error: { kind: 'malformed', message: v.reason } };
  };
  const listTasks = async (page: { offset: number; limit: number }): Promise<Result<Task[]>> => {
    lists++;
    await wait();
    const v = validateTaskList(model.wireList(page.offset, Math.min(page.limit, 50), clock.now() - LATENCY_MS / 2));
    return v.ok ? { ok: true, value: v.value } : { ok: false, error: { kind: 'malformed', message: v.reason } };
  };
  return { ids: [...running, ...finished, ...missing], running, getTask, listTasks, lists: () => lists };
}

suite('tree: refreshes while the sweep runs, 200 tasks', () => {
  test('one refresh per burst, naming no more elements than rows changed plus one; a sweep where only counters moved refreshes only rows', async () => {
    const clock = new FakeClock();
    const a = account(clock);
    const store = new TaskStore();
    const eta = new EtaTracker();
    const scheduler = new Scheduler({
      store,
      clock,
      fetchTask: a.getTask,
      listTasks: a.listTasks,
      intervalMs: () => 10_000,
      random: () => 0.5,
    });
    const followed = eta.follow(store, () => clock.now());
    const layout = new TreeLayout({ store, timeLeft: (id) => eta.timeLeft(id, clock.now()) });
    // The same tree without estimates: its order moves only when a task comes, goes or changes section.
    const plain = new TreeLayout({ store, timeLeft: () => undefined });
    const plainRefreshes: TreeRefresh[] = [];
    plain.onDidRefresh((r) => plainRefreshes.push(r));
    // Each burst: the rows the store changed, and the refresh it made (one at most).
    let changed = new Set<string>();
    let storeEvents = 0;
    const bursts: Array<{ changed: Set<string>; storeEvents: number; refresh: TreeRefresh; lists: number }> = [];
    store.onDidChange((cs) => {
      storeEvents++;
      for (const c of cs) changed.add(c.id);
    });
    layout.onDidRefresh((refresh) => {
      bursts.push({ changed, storeEvents, refresh, lists: a.lists() });
      changed = new Set();
      storeEvents = 0;
    });

    store.add(a.ids, clock.now());
    scheduler.start();
    await clock.advance(2 * MIN); // first answers, then sweeps
    assert.deepEqual(
      layout.sections.map((s) => [s.group, s.total]),
      [
        ['running', 60],
        ['attention', 20],
        ['finished', 120],
      ],
    );
    assert.ok(a.lists() > 0, 'the sweep is on');
    const settled = bursts.length;
    await clock.advance(10 * MIN); // counters move; from 8 min on, tasks finish
    const during = bursts.slice(settled);
    assert.ok(during.length > 10, `bursts while the tasks run: ${during.length}`);
    for (const b of during) {
      const { all, sections, tasks } = b.refresh;
      assert.equal(all, false, 'no section came or went: never the whole tree');
      assert.ok(
        tasks.every((id) => b.changed.has(id)),
        'only rows that changed',
      );
      assert.ok(
        sections.length + tasks.length <= b.changed.size + 1,
        `${sections.length} sections + ${tasks.length} rows for ${b.changed.size} changed`,
      );
    }
    // A sweep records many answers in one burst, and makes one refresh of them.
    const swept = during.filter((b) => b.storeEvents > 1);
    assert.ok(swept.length > 5, `bursts of several answers: ${swept.length}`);
    // With estimates, a sweep also refreshes Running when a task gets or loses its estimate (the order moves, as
    // before). Without, a sweep in which no task finished refreshes exactly the rows that changed.
    const plainDuring = plainRefreshes.slice(settled);
    assert.equal(plainDuring.length, during.length, 'the same bursts');
    let countersOnly = 0;
    for (const [k, b] of during.entries()) {
      const r = plainDuring[k]!;
      if (r.sections.length > 0) continue;
      countersOnly++;
      assert.deepEqual(new Set(r.tasks), b.changed, 'counters moved: just those rows');
    }
    assert.ok(countersOnly >= swept.length / 2, `sweeps in which only counters moved: ${countersOnly} of ${swept.length}`);
    const finishedNow = store.entries().filter((e) => e.stopped === 'complete').length;
    assert.ok(finishedNow > 130, `tasks finished during the run: ${finishedNow - 120}`);
    const elements = during.reduce((n, b) => n + b.refresh.sections.length + b.refresh.tasks.length, 0);
    const rows = during.reduce((n, b) => n + b.changed.size, 0);
    assert.ok(elements <= rows + during.length, `${elements} elements refreshed for ${rows} row changes in ${during.length} bursts`);
    scheduler.dispose();
    layout.dispose();
    plain.dispose();
    followed.dispose();
  });
});
