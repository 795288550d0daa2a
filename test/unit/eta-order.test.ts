// "About N min left" (src/core/model/eta.ts) and the order of the tree (src/core/model/order.ts).
import assert from 'node:assert/strict';
import type { Task } from '../../src/core/api/types';
import { EtaTracker, etaText, ratePerMinute } from '../../src/core/model/eta';
import { orderEntries } from '../../src/core/model/order';
import { newEntry, type WatchEntry } from '../../src/core/model/watchEntry';
import { ID1, ID2, ID3, task } from './support/tasks';

const MIN = 60_000;
const running = (num: number): Task => task({ status: 'in_progress', desired_num_results: 100, num_results: num });

suite('time left', () => {
  test('a steady rate gives a steady estimate: 2 a minute, 40 to go, about 20 min', () => {
    const eta = new EtaTracker();
    for (let i = 0; i <= 6; i++) eta.observe(ID1, running(40 + 2 * i), i * MIN); // 52 at 6 min
    assert.equal(Math.round(eta.timeLeft(ID1, 6 * MIN)! / MIN), 24);
    assert.equal(etaText(eta.timeLeft(ID1, 6 * MIN)!), 'about 25 min left');
  });

  test('no estimate before enough answers, nor before the first result, nor once out of candidates', () => {
    const eta = new EtaTracker();
    eta.observe(ID1, running(10), 0);
    eta.observe(ID1, running(12), 20_000);
    assert.equal(eta.timeLeft(ID1, 20_000), undefined, 'two answers');
    const flat = new EtaTracker();
    for (let i = 0; i < 10; i++) flat.observe(ID2, running(0), i * MIN);
    assert.equal(flat.timeLeft(ID2, 10 * MIN), undefined, 'nothing found yet');
    for (let i = 0; i <= 5; i++) eta.observe(ID1, running(12 + i), (i + 2) * MIN);
    assert.ok(eta.timeLeft(ID1, 7 * MIN) !== undefined);
    eta.observe(ID1, { ...running(18), is_exhausted: true, num_results_enriched: 100, num_results_evaluated: 90 }, 8 * MIN);
    assert.equal(eta.timeLeft(ID1, 8 * MIN), undefined);
  });

  test('an estimate that swings is not shown', () => {
    const eta = new EtaTracker();
    const nums = [10, 20, 21, 40, 41, 70];
    nums.forEach((n, i) => eta.observe(ID1, running(n), i * MIN));
    assert.equal(eta.timeLeft(ID1, 5 * MIN), undefined);
  });

  test('a flat start (no results yet) does not drag the rate down', () => {
    const eta = new EtaTracker();
    for (let i = 0; i < 5; i++) eta.observe(ID1, running(0), i * MIN);
    for (let i = 1; i <= 4; i++) eta.observe(ID1, running(5 * i), (4 + i) * MIN); // 5 a minute from minute 4
    assert.equal(Math.round(eta.timeLeft(ID1, 8 * MIN)! / MIN), 16);
  });

  test('rounded for people', () => {
    assert.equal(etaText(40_000), 'less than a minute left');
    assert.equal(etaText(4.4 * MIN), 'about 4 min left');
    assert.equal(etaText(23 * MIN), 'about 25 min left');
    assert.equal(etaText(78 * MIN), 'about 1 h 20 min left');
    assert.equal(etaText(121 * MIN), 'about 2 h left');
  });

  test('the rate over the run', () => {
    const t = task({ created_at: '2026-11-29T09:00:00.000Z', num_results: 30 });
    assert.equal(ratePerMinute(t, Date.parse('2026-11-29T09:10:00Z')), 3);
    assert.equal(ratePerMinute({ ...t, num_results: 0 }, Date.parse('2026-11-29T09:10:00Z')), undefined);
  });
});

suite('tree order', () => {
  const e = (id: string, over: Partial<WatchEntry>): WatchEntry => ({ ...newEntry(id, 0), ...over });
  const four = 'c0ffee00-0000-4000-8000-000000000004';
  const five = 'c0ffee00-0000-4000-8000-000000000005';

  test('running first (soonest end first, then without an estimate), then finished (latest first), then the ones that need the user', () => {
    const entries = [
      e(ID1, { addedAt: 5, stopped: 'complete', completedAt: 100 }),
      e(ID2, { addedAt: 4 }),
      e(ID3, { addedAt: 3, stopped: 'not-found' }),
      e(four, { addedAt: 2 }),
      e(five, { addedAt: 1, stopped: 'complete', completedAt: 200 }),
    ];
    const left: Record<string, number> = { [four]: 60_000 };
    assert.deepEqual(
      orderEntries(entries, (id) => left[id]),
      [four, ID2, five, ID1, ID3],
    );
  });
});
