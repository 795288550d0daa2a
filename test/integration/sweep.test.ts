/**
 * The sweep in the real extension host, against the fake API: running tasks are followed through the
 * list endpoint, and each ending is confirmed with the task's own request, counted by the fake. Once in
 * the documented mode (newest first, `limit` honoured) and once in the realistic one (an unspecified
 * order, pages capped at 50, with older tasks in the account).
 */
import * as assert from 'node:assert/strict';
import { type Harness, integrationSetup, waitFor } from './helpers';

const MIN = 60_000;

for (const realistic of [false, true]) {
  suite(`sweep (${realistic ? 'realistic' : 'documented'} list)`, () => {
    let h: Harness;
    suiteSetup(async () => {
      h = await integrationSetup({ realistic });
    });
    suiteTeardown(async () => {
      await h.dispose();
    });
    setup(async () => {
      await h.reset();
    });

    const lists = (): number => h.fake.requests.filter((r) => r.method === 'GET' && r.path === '/v1/discovery_tasks').length;
    const gets = (id: string): number => h.fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1/discovery_tasks/${id}`).length;

    test('five running tasks are followed to completion with list requests and one confirming GET each', async () => {
      // Older tasks in the account, finished: the list holds more than the watched ones.
      // Fixed IDs: the realistic list's order is a fixed pseudo-random position per ID, so the same run every time.
      const fixedId = (n: number): string => `5e7e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      for (let i = 0; i < 60; i++) h.fake.addTask({ id: fixedId(100 + i), query: `old task ${i}`, durationMs: MIN, ageMs: 3 * 60 * MIN });
      const ids = [0, 1, 2, 3, 4].map((i) =>
        h.fake.addTask({
          id: fixedId(i),
          query: `Swept task ${i}`,
          desiredNumResults: 20,
          durationMs: (4 + i) * MIN,
          ...(i === 4 ? { finalStatus: 'failed' as const } : {}),
        }),
      );
      const listsBefore = lists();
      const shownBefore = h.shown.length;
      await h.watch(...ids);
      await waitFor('every task answered', () => ids.every((id) => h.api.store.get(id)?.task));
      // The fake's clock is frozen: the tasks run, and the sweep (every 5 s here) answers for them all.
      await waitFor('two sweeps', () => lists() >= listsBefore + 2, 20_000);
      const before = new Map(ids.map((id) => [id, gets(id)]));
      const sweepsBefore = lists();
      await waitFor('another sweep', () => lists() > sweepsBefore, 15_000);
      assert.deepEqual(
        ids.map((id) => gets(id) - before.get(id)!),
        [0, 0, 0, 0, 0],
        'no per-task request while the sweep answers for the running tasks',
      );
      h.fake.advance(10 * MIN);
      await waitFor('all five complete', () => ids.every((id) => h.api.store.get(id)?.stopped === 'complete'), 20_000);
      assert.deepEqual(
        ids.map((id) => gets(id) - before.get(id)!),
        [1, 1, 1, 1, 1],
        'each ending confirmed by exactly one GET of the task',
      );
      assert.equal(h.api.store.get(ids[4]!)?.task?.status, 'failed');
      for (const id of ids.slice(0, 4)) assert.equal(h.api.store.get(id)?.task?.status, 'done');
      // Told once per task: in one message for the batch, or one each if they ended further apart.
      const told = (): number =>
        h.shown
          .slice(shownBefore)
          .reduce(
            (n, m) => n + Number(/^(\d+) Extruct tasks finished/.exec(m)?.[1] ?? (/^Extruct task "Swept task \d"/.test(m) ? 1 : 0)),
            0,
          );
      await waitFor('told of all five', () => told() === 5 || undefined, 5_000);
      // Nothing is running: no more list requests.
      const after = lists();
      await new Promise((r) => setTimeout(r, 6_000));
      assert.equal(lists(), after, 'no sweep once nothing runs');
    });
  });
}
