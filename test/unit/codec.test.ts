import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeWatchList, encodeWatchList, WATCH_LIST_VERSION } from '../../src/core/store/watchListCodec';
import { newEntry, type WatchEntry } from '../../src/core/model/watchEntry';
import { ID1, ID2, ID3, task } from './support/tasks';

const NOW = 1_700_000_000_000;

suite('watch list codec', () => {
  test('round trip of the current version keeps snapshots, stop reasons and unseen marks', () => {
    const entries: WatchEntry[] = [
      { ...newEntry(ID1, 1), task: task({ status: 'done' }), stopped: 'complete', completedAt: 5, unseen: true, lastCheckedAt: 4, lastChangeAt: 3 },
      { ...newEntry(ID2, 2), stopped: 'not-found' },
      newEntry(ID3, 3),
    ];
    const dto = encodeWatchList(entries);
    assert.equal(dto.version, WATCH_LIST_VERSION);
    const back = decodeWatchList(JSON.parse(JSON.stringify(dto)), NOW);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.entries.map((e) => e.id), [ID1, ID2, ID3]);
    assert.deepEqual(back.entries[0], entries[0]);
    assert.equal(back.entries[1]!.stopped, 'not-found');
  });

  test('the error state and next check are not persisted (they are rediscovered)', () => {
    const dto = encodeWatchList([{ ...newEntry(ID1, 1), error: { kind: 'server', message: 'x' }, errorCount: 3, nextCheckAt: 9 }]);
    assert.deepEqual(Object.keys(dto.tasks[0]!).sort(), ['addedAt', 'id']);
  });

  test('reads version 1 (a bare list of IDs)', () => {
    const r = decodeWatchList([ID1, ` ${ID2.toUpperCase()} `, 'garbage', 42, ID1], NOW);
    assert.deepEqual(r.entries.map((e) => e.id), [ID1, ID2]);
    assert.equal(r.entries[0]!.addedAt, NOW);
    assert.equal(r.problems.length, 1);
  });

  test('nothing stored is an empty list without problems', () => {
    assert.deepEqual(decodeWatchList(undefined, NOW), { entries: [], problems: [] });
  });

  test('a corrupt list keeps every readable entry and reports the rest', () => {
    const r = decodeWatchList(
      { version: 2, tasks: [{ id: ID1, addedAt: 1 }, null, { id: 'nope' }, { id: ID2, addedAt: 'x', task: { broken: true }, stopped: 'complete' }, 'str', { id: ID1 }] },
      NOW,
    );
    assert.deepEqual(r.entries.map((e) => e.id), [ID1, ID2]);
    assert.equal(r.entries[1]!.addedAt, NOW);
    assert.equal(r.entries[1]!.task, undefined);
    assert.equal(r.entries[1]!.stopped, undefined, 'a "complete" stop without its snapshot is polled again');
    assert.equal(r.problems.length, 2);
  });

  test('an unreadable value is reported, not silently dropped', () => {
    for (const raw of ['oops', 42, { version: 2 }, { tasks: 'x' }]) {
      const r = decodeWatchList(raw, NOW);
      assert.deepEqual(r.entries, []);
      assert.equal(r.problems.length, 1, JSON.stringify(raw));
    }
  });

  test('a newer version is read as far as possible, with a note', () => {
    const r = decodeWatchList({ version: 9, tasks: [{ id: ID1, addedAt: 1, futureField: {} }] }, NOW);
    assert.deepEqual(r.entries.map((e) => e.id), [ID1]);
    assert.match(r.problems[0]!, /newer version/);
  });

  test('property: decoding arbitrary JSON never throws and yields only valid, unique IDs', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const r = decodeWatchList(raw, NOW);
        assert.equal(new Set(r.entries.map((e) => e.id)).size, r.entries.length);
      }),
    );
  });
});
