// Per-task snapshots shared between windows (src/core/sync/snapshot.ts).
import assert from 'node:assert/strict';
import { decodeSnapshot, encodeSnapshot, MAX_SNAPSHOT_BYTES, snapshotOf } from '../../src/core/sync/snapshot';
import { newEntry, type WatchEntry } from '../../src/core/model/watchEntry';
import { ID1, ID2, task } from './support/tasks';

const REV = { t: 1_764_579_600_000, c: 2, w: 'win1' };

suite('task snapshots', () => {
  test('what every window shows survives the file', () => {
    const entry: WatchEntry = {
      ...newEntry(ID1, 1),
      task: task({ status: 'done' }),
      stopped: 'complete',
      completedAt: 50,
      lastChangeAt: 40,
      error: { kind: 'server', status: 502, message: 'HTTP 502' },
      muted: true,
    };
    const back = decodeSnapshot(ID1, encodeSnapshot(ID1, snapshotOf(entry, REV, 45)))?.snapshot;
    assert.deepEqual(back, {
      rev: REV,
      task: entry.task,
      error: entry.error,
      stopped: 'complete',
      completedAt: 50,
      lastChangeAt: 40,
      checkedAt: 45,
    });
  });

  test('a hostile task is stored within the cap, shortened and marked so', () => {
    const huge = task({
      query: 'q'.repeat(10_000),
      criteria: Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, name: 'n'.repeat(10_000), criterion: 'c'.repeat(10_000) })),
      exclude_domains: Array.from({ length: 1_000 }, (_, i) => `${'d'.repeat(9_990)}${i}.com`),
    });
    const text = encodeSnapshot(ID1, snapshotOf({ ...newEntry(ID1, 1), task: huge }, REV, 1));
    assert.ok(Buffer.byteLength(text) <= MAX_SNAPSHOT_BYTES, `${Buffer.byteLength(text)} bytes`);
    const back = decodeSnapshot(ID1, text)!.snapshot;
    assert.equal(back.truncated, true);
    assert.ok(back.task!.query!.length <= 1_000);
    assert.equal(back.task!.num_results, huge.num_results, 'the counters are all there');
  });

  test('a snapshot of another task, a bad stamp or garbage is not taken', () => {
    const text = encodeSnapshot(ID1, snapshotOf({ ...newEntry(ID1, 1), task: task() }, REV, 1));
    assert.equal(decodeSnapshot(ID2, text), undefined);
    assert.equal(decodeSnapshot(ID1, text.replace('"1764579600000.2.win1"', '"yesterday"')), undefined);
    for (const bad of ['', '{', 'null', '[]', '{"id":"x"}']) assert.equal(decodeSnapshot(ID1, bad), undefined, bad);
  });

  test('"complete" without the answer that proves it is not taken', () => {
    const text = JSON.stringify({ format: 1, id: ID1, rev: '1.0.w', stopped: 'complete', completedAt: 5 });
    const back = decodeSnapshot(ID1, text)!.snapshot;
    assert.equal(back.stopped, undefined);
    assert.equal(back.completedAt, undefined);
  });
});
