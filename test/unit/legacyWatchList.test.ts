import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isTaskId } from '../../src/core/input/taskRef';
import { decodeLegacyWatchList } from '../../src/core/store/legacyWatchList';
import { ID1, ID2, ID3, task } from './support/tasks';

const NOW = 1_700_000_000_000;

suite('legacy watch list (globalState of versions up to 0.1)', () => {
  test('version 2 keeps snapshots, stop reasons and unseen marks', () => {
    const raw = {
      version: 2,
      tasks: [
        {
          id: ID1,
          addedAt: 1,
          task: task({ status: 'done' }),
          stopped: 'complete',
          completedAt: 5,
          unseen: true,
          lastCheckedAt: 4,
          lastChangeAt: 3,
        },
        { id: ID2, addedAt: 2, stopped: 'not-found' },
        { id: ID3, addedAt: 3, task: { ...task({ status: 'done' }), id: ID3 }, stopped: 'complete', completedAt: 7 },
      ],
    };
    const back = decodeLegacyWatchList(JSON.parse(JSON.stringify(raw)), NOW);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(
      back.entries.map((e) => e.id),
      [ID1, ID2, ID3],
    );
    assert.deepEqual(back.entries[0], {
      id: ID1,
      addedAt: 1,
      task: task({ status: 'done' }),
      stopped: 'complete',
      completedAt: 5,
      unseen: true,
      muted: false,
      lastChangeAt: 3,
    });
    assert.equal(back.entries[1]!.stopped, 'not-found');
    assert.equal(back.entries[2]!.unseen, false, 'a completion already opened stays seen');
    assert.equal(back.entries[2]!.openedAt, 7);
  });

  test('reads version 1 (a bare list of IDs)', () => {
    const r = decodeLegacyWatchList([ID1, ` ${ID2.toUpperCase()} `, 'garbage', 42, ID1], NOW);
    assert.deepEqual(
      r.entries.map((e) => e.id),
      [ID1, ID2],
    );
    assert.equal(r.entries[0]!.addedAt, NOW);
    assert.equal(r.problems.length, 1);
  });

  test('nothing stored is an empty list without problems', () => {
    assert.deepEqual(decodeLegacyWatchList(undefined, NOW), { entries: [], problems: [] });
  });

  test('a corrupt list keeps every readable entry and reports the rest', () => {
    const r = decodeLegacyWatchList(
      {
        version: 2,
        tasks: [
          { id: ID1, addedAt: 1 },
          null,
          { id: 'nope' },
          { id: ID2, addedAt: 'x', task: { broken: true }, stopped: 'complete' },
          'str',
          { id: ID1 },
        ],
      },
      NOW,
    );
    assert.deepEqual(
      r.entries.map((e) => e.id),
      [ID1, ID2],
    );
    assert.equal(r.entries[1]!.addedAt, NOW);
    assert.equal(r.entries[1]!.task, undefined);
    assert.equal(r.entries[1]!.stopped, undefined, 'a "complete" stop without its snapshot is polled again');
    assert.equal(r.problems.length, 2);
  });

  test('an unreadable value is reported, not silently dropped', () => {
    for (const raw of ['oops', 42, { version: 2 }, { tasks: 'x' }]) {
      const r = decodeLegacyWatchList(raw, NOW);
      assert.deepEqual(r.entries, []);
      assert.equal(r.problems.length, 1, JSON.stringify(raw));
    }
  });

  test('a newer version is read as far as possible, with a note', () => {
    const r = decodeLegacyWatchList({ version: 9, tasks: [{ id: ID1, addedAt: 1, futureField: {} }] }, NOW);
    assert.deepEqual(
      r.entries.map((e) => e.id),
      [ID1],
    );
    assert.match(r.problems[0]!, /newer version/);
  });

  test('property: decoding arbitrary JSON never throws and yields only valid, unique, canonical IDs', () => {
    const entry = fc.record({
      id: fc.oneof(fc.uuid(), fc.string()),
      addedAt: fc.oneof(fc.nat(), fc.string()),
      task: fc.option(fc.jsonValue()),
    });
    const raw = fc.oneof(
      fc.jsonValue(),
      fc.array(fc.oneof(fc.uuid(), fc.string())),
      fc.record({ version: fc.constant(2), tasks: fc.array(entry) }),
    );
    fc.assert(
      fc.property(raw, (value) => {
        const r = decodeLegacyWatchList(value, NOW);
        assert.equal(new Set(r.entries.map((e) => e.id)).size, r.entries.length);
        for (const e of r.entries) {
          assert.ok(isTaskId(e.id), e.id);
          assert.equal(e.id, e.id.toLowerCase());
        }
      }),
    );
  });
});
