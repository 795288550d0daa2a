// The shared watch list: registers merged field by field (src/core/sync/watchList.ts, registers.ts), and
// the stamps that order edits (stamp.ts).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BAD, lww } from '../../src/core/sync/registers';
import { compareStamps, MAX_DRIFT_MS, type Stamp, StampClock } from '../../src/core/sync/stamp';
import {
  addEdit,
  decodeList,
  dominatesList,
  EMPTY_LIST,
  encodeList,
  HEAD_FIELDS,
  mergeLists,
  muteEdit,
  notYetIn,
  openEdit,
  pruneList,
  RECORD_FIELDS,
  removeEdit,
  sameLists,
  type SharedList,
  TOMBSTONE_TTL_MS,
  tokenEdit,
  watchedIds,
} from '../../src/core/sync/watchList';
import { ID1, ID2, ID3 } from './support/tasks';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const YEAR = 365 * 24 * 3_600_000;
const stamp = (t: number, w: string, c = 0): Stamp => ({ t, c, w });
/** Edits with a given stamp, merged into the list as a window does. */
const at = (s: Stamp) => () => s;
const add = (l: SharedList, ids: string[], s: Stamp) =>
  mergeLists(
    l,
    addEdit(l, ids, at(s), () => s.t),
  );
const remove = (l: SharedList, ids: string[], s: Stamp) => mergeLists(l, removeEdit(l, ids, at(s)));
const mute = (l: SharedList, ids: string[], m: boolean, s: Stamp) => mergeLists(l, muteEdit(l, ids, m, at(s)));
const open = (l: SharedList, id: string, t: number) => mergeLists(l, openEdit(l, id, t));
const token = (l: SharedList, state: 'set' | 'cleared' | 'rejected', s: Stamp) => mergeLists(l, tokenEdit(l, state, at(s)));
const roundTrip = (l: SharedList): SharedList => decodeList(JSON.parse(JSON.stringify(encodeList(l)))).list;

type Op = { kind: 'add' | 'remove' | 'mute' | 'unmute' | 'open' | 'token'; id: string; s: Stamp };
const apply = (l: SharedList, op: Op): SharedList =>
  op.kind === 'add'
    ? add(l, [op.id], op.s)
    : op.kind === 'remove'
      ? remove(l, [op.id], op.s)
      : op.kind === 'open'
        ? open(l, op.id, op.s.t)
        : op.kind === 'token'
          ? token(l, op.s.c % 2 ? 'set' : 'rejected', op.s)
          : mute(l, [op.id], op.kind === 'mute', op.s);

suite('stamps', () => {
  test("a window's stamps only grow, also when its clock is set back a little", () => {
    let wall = T0;
    const c = new StampClock('a', () => wall);
    const s1 = c.next();
    const s2 = c.next();
    assert.ok(compareStamps(s2, s1) > 0, 'two in the same millisecond');
    wall -= MAX_DRIFT_MS / 2;
    assert.ok(compareStamps(c.next(), s2) > 0, 'after the clock went back half a minute');
  });

  test('an edit is stamped after the value it replaces, even one stamped a year ahead', () => {
    const c = new StampClock('a', () => T0);
    const future = stamp(T0 + YEAR, 'b', 7);
    const s = c.next(future);
    assert.ok(compareStamps(s, future) > 0);
    assert.equal(s.w, 'a');
    // That future time is not adopted: the next edit of something else is stamped by the wall clock.
    assert.equal(c.next().t, T0);
  });

  test('a window whose own stamps ran far ahead (its clock was ahead) starts again from the wall clock', () => {
    let wall = T0 + YEAR;
    const c = new StampClock('a', () => wall);
    c.next();
    wall = T0;
    assert.equal(c.next().t, T0, 'no stamp a year in the future');
  });

  test('ties: equal stamps are settled by the window, then by the value, the same whichever side comes first', () => {
    assert.ok(compareStamps(stamp(T0, 'a'), stamp(T0, 'b')) < 0);
    const kind = lww<boolean>({ encode: (v) => v, decode: (v) => (typeof v === 'boolean' ? v : undefined) });
    const x = { rev: stamp(T0, 'a'), value: true };
    const y = { rev: stamp(T0, 'a'), value: false };
    assert.deepEqual(kind.merge(x, y), kind.merge(y, x));
    assert.equal(kind.same(x, y), false);
  });
});

suite('shared watch list: merge', () => {
  test('concurrent add in one window and remove in another: the later edit wins, everywhere the same', () => {
    const base = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    const inA = add(remove(base, [ID1], stamp(T0 + 1, 'a')), [ID1], stamp(T0 + 3, 'a')); // removed, then watched again
    const inB = remove(base, [ID1], stamp(T0 + 2, 'b'));
    assert.deepEqual(watchedIds(mergeLists(inA, inB)), [ID1]);
    assert.deepEqual(watchedIds(mergeLists(inB, inA)), [ID1]);
    const inB2 = remove(base, [ID1], stamp(T0 + 4, 'b'));
    assert.deepEqual(watchedIds(mergeLists(inA, inB2)), [], 'a later remove wins');
  });

  test('a removal stays removed: a window that still had the task cannot bring it back', () => {
    const both = add(EMPTY_LIST, [ID1, ID2], stamp(T0, 'a'));
    const inA = remove(both, [ID2], stamp(T0 + 5, 'a'));
    const merged = mergeLists(both, inA);
    assert.deepEqual(watchedIds(merged), [ID1]);
    assert.equal(merged.tasks.get(ID2)?.member?.value.watched, false, 'a tombstone');
  });

  test('watching again a task removed with a stamp from a clock a year ahead works (the edit follows it)', () => {
    const removedAhead = remove(add(EMPTY_LIST, [ID1], stamp(T0, 'a')), [ID1], stamp(T0 + YEAR, 'a'));
    const c = new StampClock('b', () => T0 + 1_000);
    const again = mergeLists(
      removedAhead,
      addEdit(
        removedAhead,
        [ID1],
        (prev) => c.next(prev),
        () => T0 + 1_000,
      ),
    );
    assert.deepEqual(watchedIds(again), [ID1]);
    assert.deepEqual(watchedIds(mergeLists(removedAhead, again)), [ID1], 'and it holds when merged with the old list');
  });

  test('property: edits arriving in any order, any number of times, give the same list (stamps may collide)', () => {
    const id = fc.constantFrom(ID1, ID2, ID3);
    const op = fc.record({
      kind: fc.constantFrom('add', 'remove', 'mute', 'unmute', 'open', 'token'),
      id,
      // Few stamps, so that different edits often share one.
      s: fc.record({ t: fc.integer({ min: T0, max: T0 + 3 }), c: fc.nat(2), w: fc.constantFrom('a', 'b') }),
    }) as fc.Arbitrary<Op>;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (ops, order) => {
        // Each op is its own window's one-edit list, as it would be written to its journal.
        const lists = ops.map((o) => apply(o.kind === 'add' ? EMPTY_LIST : add(EMPTY_LIST, [o.id], stamp(T0 - 1, 'z')), o));
        const forward = lists.reduce(mergeLists, EMPTY_LIST);
        const shuffled = [...lists].sort((x, y) => (order[lists.indexOf(x)] ?? 0) - (order[lists.indexOf(y)] ?? 0));
        const other = [...shuffled, ...shuffled.slice(0, 2)].reverse().reduce(mergeLists, EMPTY_LIST);
        assert.ok(sameLists(forward, other), 'commutative, associative, idempotent');
        assert.ok(sameLists(roundTrip(forward), forward), 'the file keeps everything');
        for (const l of lists) assert.ok(dominatesList(forward, l), 'the merge holds every edit');
      }),
      { numRuns: 500 },
    );
  });

  test('what is not yet in the list: the edits still to write, and nothing once written', () => {
    const base = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    const pending = mergeLists(
      addEdit(base, [ID2], at(stamp(T0 + 1, 'a')), () => T0),
      muteEdit(base, [ID1], true, at(stamp(T0 + 1, 'a'))),
    );
    const left = notYetIn(pending, base);
    assert.deepEqual([...left.tasks.keys()].sort(), [ID1, ID2].sort());
    assert.equal(notYetIn(pending, mergeLists(base, pending)).tasks.size, 0);
    const later = remove(mergeLists(base, pending), [ID2], stamp(T0 + 9, 'b'));
    assert.equal(notYetIn(pending, later).tasks.has(ID2), false, 'an edit overtaken by a later one counts as written');
  });

  test('watching again after a removal starts afresh: not muted', () => {
    let l = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    l = mute(l, [ID1], true, stamp(T0 + 1, 'a'));
    assert.equal(l.tasks.get(ID1)?.muted?.value, true);
    l = add(remove(l, [ID1], stamp(T0 + 2, 'a')), [ID1], stamp(T0 + 3, 'b'));
    assert.equal(l.tasks.get(ID1)?.muted?.value, false);
  });

  test('a mute of a task removed meanwhile does not bring it back', () => {
    const base = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    const muted = mute(base, [ID1], true, stamp(T0 + 5, 'a'));
    const removed = remove(base, [ID1], stamp(T0 + 1, 'b'));
    assert.deepEqual(watchedIds(mergeLists(muted, removed)), []);
  });

  test('opened marks and the token state merge too', () => {
    const base = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    const a = token(open(base, ID1, T0 + 10), 'rejected', stamp(T0 + 10, 'a'));
    const b = token(open(base, ID1, T0 + 20), 'set', stamp(T0 + 20, 'b'));
    const m = mergeLists(a, b);
    assert.equal(m.tasks.get(ID1)?.openedAt, T0 + 20);
    assert.equal(m.token?.value, 'set', 'the token set after the rejection wins');
  });

  test('tombstones are dropped after their time, never before; a task without membership is dropped', () => {
    let l = add(EMPTY_LIST, [ID1, ID2], stamp(T0, 'a'));
    l = remove(l, [ID1], stamp(T0 + 1, 'a'));
    assert.ok(pruneList(l, T0 + TOMBSTONE_TTL_MS - 10).tasks.has(ID1));
    const pruned = pruneList(l, T0 + TOMBSTONE_TTL_MS + 10);
    assert.equal(pruned.tasks.has(ID1), false);
    assert.deepEqual(watchedIds(pruned), [ID2], 'watched tasks are never pruned');
    const orphanMute = mergeLists(l, { tasks: new Map([[ID3, { muted: { rev: stamp(T0, 'a'), value: true } }]]) });
    assert.equal(pruneList(orphanMute, T0).tasks.has(ID3), false);
  });

  test('the order is newest first', () => {
    const l = mergeLists(
      EMPTY_LIST,
      addEdit(EMPTY_LIST, [ID1, ID2, ID3], at(stamp(T0, 'a')), (id) => ({ [ID1]: 3, [ID2]: 1, [ID3]: 2 })[id] ?? 0),
    );
    assert.deepEqual(watchedIds(l), [ID1, ID3, ID2]);
  });
});

suite('shared watch list: the fields table', () => {
  /** A value of each field, and a greater one: the test fails when a field is added without samples. */
  const samples: Record<string, [unknown, unknown]> = {
    member: [
      { rev: stamp(T0, 'a'), value: { watched: true, addedAt: T0 } },
      { rev: stamp(T0 + 1, 'b'), value: { watched: false, addedAt: T0 } },
    ],
    muted: [
      { rev: stamp(T0, 'a'), value: false },
      { rev: stamp(T0, 'b'), value: true },
    ],
    origin: [
      { rev: stamp(T0, 'a'), value: 'here' },
      { rev: stamp(T0 + 1, 'a'), value: 'elsewhere' },
    ],
    openedAt: [T0, T0 + 5],
    newTasksMark: [T0 - 60_000, T0 - 1_000],
    token: [
      { rev: stamp(T0, 'a', 1), value: 'rejected' },
      { rev: stamp(T0, 'a', 2), value: 'set' },
    ],
  };

  test('every field: written and read back the same, merged to the greater whichever comes first, idempotent', () => {
    for (const [name, kind] of [...Object.entries(RECORD_FIELDS), ...Object.entries(HEAD_FIELDS)] as Array<
      [string, (typeof RECORD_FIELDS)['muted']]
    >) {
      const pair = samples[name];
      assert.ok(pair, `the field "${name}" has samples in this test`);
      const [small, big] = pair as [never, never];
      const back = kind.read(name, JSON.parse(JSON.stringify(kind.write(name, small))) as Record<string, unknown>);
      assert.notEqual(back, BAD, name);
      assert.ok(back !== undefined && kind.same(back as never, small), `${name} survives the file`);
      assert.ok(kind.same(kind.merge(small, big), big) && kind.same(kind.merge(big, small), big), `${name}: the greater wins`);
      assert.ok(kind.same(kind.merge(big, big), big), `${name}: idempotent`);
      assert.equal(kind.read(name, { [name]: 'garbage', rev: 'garbage', watched: 1 }), BAD, `${name}: garbage is reported`);
    }
  });
});

suite('shared watch list: the file', () => {
  test('a damaged file is reported as damaged, with what could be read kept', () => {
    const l = add(EMPTY_LIST, [ID1, ID2], stamp(T0, 'a'));
    const dto = encodeList(l) as unknown as { tasks: Record<string, unknown> };
    dto.tasks[ID2] = { watched: 'yes', rev: 'x' };
    dto.tasks['not-a-task'] = dto.tasks[ID1];
    const r = decodeList(dto);
    assert.equal(r.damaged, true);
    assert.deepEqual(watchedIds(r.list), [ID1]);
    assert.match(r.problems.join(' '), /2 entries could not be read/);
    for (const raw of [null, 42, 'x', [ID1]]) assert.equal(decodeList(raw).damaged, true, JSON.stringify(raw));
  });

  test("a newer version's file is read for what this version understands, and written back with the rest kept", () => {
    const mine = encodeList(add(EMPTY_LIST, [ID1, ID2], stamp(T0, 'a')));
    const tasks = mine.tasks as Record<string, Record<string, unknown>>;
    const newer = {
      ...mine,
      format: 7,
      future: { x: 1 },
      tasks: { ...tasks, [ID1]: { ...tasks[ID1], priority: { value: 'high', rev: `${T0}.0.z` } } },
    };
    const r = decodeList(JSON.parse(JSON.stringify(newer)));
    assert.equal(r.damaged, false);
    assert.equal(r.newer, true);
    assert.deepEqual(watchedIds(r.list).sort(), [ID1, ID2].sort());
    assert.match(r.problems[0]!, /newer version/);
    // This version stops watching ID2 and writes the list again.
    const edited = remove(r.list, [ID2], stamp(T0 + 1, 'a'));
    const written = encodeList(edited, JSON.parse(JSON.stringify(newer)) as Record<string, unknown>);
    assert.equal(written.format, 7, 'the newer format is kept');
    assert.deepEqual(written.future, { x: 1 });
    assert.deepEqual((written.tasks as Record<string, Record<string, unknown>>)[ID1]!.priority, { value: 'high', rev: `${T0}.0.z` });
    assert.deepEqual(watchedIds(decodeList(written).list), [ID1]);
  });

  test('property: arbitrary JSON never throws, and what is read holds only canonical task IDs', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.oneof(fc.uuid(), fc.string()), fc.jsonValue()), (raw, tasks) => {
        for (const value of [raw, { format: 1, tasks }]) {
          const r = decodeList(value);
          for (const id of r.list.tasks.keys()) assert.match(id, /^[0-9a-f-]{36}$/);
          encodeList(r.list, typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined);
        }
      }),
    );
  });
});
