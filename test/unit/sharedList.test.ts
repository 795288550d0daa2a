// The shared watch list: per-task registers merged by stamp (src/core/sync/watchList.ts).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareStamps, type Stamp, StampClock } from '../../src/core/sync/stamp';
import {
  decodeList,
  EMPTY_LIST,
  encodeList,
  mergeLists,
  pruneTombstones,
  sameLists,
  type SharedList,
  TOMBSTONE_TTL_MS,
  watchedIds,
  withAdded,
  withMuted,
  withOpened,
  withRemoved,
  withToken,
} from '../../src/core/sync/watchList';
import { ID1, ID2, ID3 } from './support/tasks';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const stamp = (t: number, w: string, c = 0): Stamp => ({ t, c, w });
const add = (l: SharedList, ids: string[], s: Stamp) => withAdded(l, ids, s, () => s.t);
const roundTrip = (l: SharedList): SharedList => decodeList(JSON.parse(JSON.stringify(encodeList(l)))).list;

type Op = { kind: 'add' | 'remove' | 'mute' | 'unmute' | 'open'; id: string; s: Stamp };
const apply = (l: SharedList, op: Op): SharedList =>
  op.kind === 'add'
    ? add(l, [op.id], op.s)
    : op.kind === 'remove'
      ? withRemoved(l, [op.id], op.s)
      : op.kind === 'open'
        ? withOpened(l, op.id, op.s.t)
        : withMuted(l, [op.id], op.kind === 'mute', op.s);

suite('shared watch list: merge', () => {
  test("stamps: a window's clock never goes back and always passes what it has seen", () => {
    let wall = T0;
    const c = new StampClock('a', () => wall);
    const s1 = c.next();
    wall -= 3_600_000; // the machine's clock is set back an hour
    const s2 = c.next();
    assert.ok(compareStamps(s2, s1) > 0, 'later edits win even after the clock went back');
    c.observe(stamp(T0 + 10_000, 'b', 5));
    assert.ok(compareStamps(c.next(), stamp(T0 + 10_000, 'b', 5)) > 0, 'and over edits seen from a window whose clock is ahead');
  });

  test('concurrent add in one window and remove in another: the later edit wins, everywhere the same', () => {
    const base = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    const inA = add(withRemoved(base, [ID1], stamp(T0 + 1, 'a')), [ID1], stamp(T0 + 3, 'a')); // removed, then watched again
    const inB = withRemoved(base, [ID1], stamp(T0 + 2, 'b'));
    assert.deepEqual(watchedIds(mergeLists(inA, inB)), [ID1]);
    assert.deepEqual(watchedIds(mergeLists(inB, inA)), [ID1]);
    const inB2 = withRemoved(base, [ID1], stamp(T0 + 4, 'b'));
    assert.deepEqual(watchedIds(mergeLists(inA, inB2)), [], 'a later remove wins');
  });

  test('a removal stays removed: a window that still had the task cannot bring it back', () => {
    const both = add(EMPTY_LIST, [ID1, ID2], stamp(T0, 'a'));
    const staleCopyInB = both;
    const inA = withRemoved(both, [ID2], stamp(T0 + 5, 'a'));
    const merged = mergeLists(staleCopyInB, inA);
    assert.deepEqual(watchedIds(merged), [ID1]);
    assert.equal(merged.tasks.get(ID2)?.member.value.watched, false, 'a tombstone');
  });

  test('a task added in one window survives another window writing its older list over it', () => {
    const common = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    const replicaA = add(common, [ID2], stamp(T0 + 1, 'a')); // A watches ID2 and writes
    const fileAfterB = common; // B, which never saw it, writes its list over the file
    const healed = mergeLists(fileAfterB, replicaA); // A reads the file, merges, sees it differs, writes back
    assert.equal(sameLists(healed, fileAfterB), false, 'A notices that the file lacks something');
    assert.deepEqual(watchedIds(healed).sort(), [ID1, ID2].sort());
  });

  test('property: edits arriving in any order, any number of times, give the same list', () => {
    const id = fc.constantFrom(ID1, ID2, ID3);
    const op = fc.record({
      kind: fc.constantFrom('add', 'remove', 'mute', 'unmute', 'open'),
      id,
      s: fc.record({ t: fc.integer({ min: T0, max: T0 + 1000 }), c: fc.nat(3), w: fc.constantFrom('a', 'b', 'c') }),
    }) as fc.Arbitrary<Op>;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (ops, order) => {
        // Each op is its own window's one-edit list, as it would be written to the file.
        const lists = ops.map((o) => apply(o.kind === 'add' ? EMPTY_LIST : add(EMPTY_LIST, [o.id], stamp(T0 - 1, 'z')), o));
        const forward = lists.reduce(mergeLists, EMPTY_LIST);
        const shuffled = [...lists].sort((x, y) => (order[lists.indexOf(x)] ?? 0) - (order[lists.indexOf(y)] ?? 0));
        const other = [...shuffled, ...shuffled.slice(0, 2)].reverse().reduce(mergeLists, EMPTY_LIST);
        assert.ok(sameLists(forward, other), 'commutative, associative, idempotent');
        assert.ok(sameLists(roundTrip(forward), forward), 'the file keeps everything');
      }),
    );
  });

  test('watching again after a removal starts afresh: not muted', () => {
    let l = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    l = withMuted(l, [ID1], true, stamp(T0 + 1, 'a'));
    assert.equal(l.tasks.get(ID1)?.muted?.value, true);
    l = add(withRemoved(l, [ID1], stamp(T0 + 2, 'a')), [ID1], stamp(T0 + 3, 'b'));
    assert.equal(l.tasks.get(ID1)?.muted?.value, false);
  });

  test('a mute of a task removed meanwhile does not bring it back', () => {
    const base = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    const muted = withMuted(base, [ID1], true, stamp(T0 + 5, 'a'));
    const removed = withRemoved(base, [ID1], stamp(T0 + 1, 'b'));
    assert.deepEqual(watchedIds(mergeLists(muted, removed)), []);
  });

  test('opened marks and the token state merge too', () => {
    const base = add(EMPTY_LIST, [ID1], stamp(T0, 'a'));
    const a = withToken(withOpened(base, ID1, T0 + 10), 'rejected', stamp(T0 + 10, 'a'));
    const b = withToken(withOpened(base, ID1, T0 + 20), 'set', stamp(T0 + 20, 'b'));
    const m = mergeLists(a, b);
    assert.equal(m.tasks.get(ID1)?.openedAt, T0 + 20);
    assert.equal(m.token?.value, 'set', 'the token set after the rejection wins');
  });

  test('tombstones are dropped after their time, never before', () => {
    let l = add(EMPTY_LIST, [ID1, ID2], stamp(T0, 'a'));
    l = withRemoved(l, [ID1], stamp(T0 + 1, 'a'));
    assert.ok(pruneTombstones(l, T0 + TOMBSTONE_TTL_MS - 10).tasks.has(ID1));
    const pruned = pruneTombstones(l, T0 + TOMBSTONE_TTL_MS + 10);
    assert.equal(pruned.tasks.has(ID1), false);
    assert.deepEqual(watchedIds(pruned), [ID2], 'watched tasks are never pruned');
  });

  test('the order is newest first', () => {
    const l = withAdded(EMPTY_LIST, [ID1, ID2, ID3], stamp(T0, 'a'), (id) => ({ [ID1]: 3, [ID2]: 1, [ID3]: 2 })[id]!);
    assert.deepEqual(watchedIds(l), [ID1, ID3, ID2]);
  });
});

suite('shared watch list: the file', () => {
  test('a damaged file is reported as damaged, with what could be read kept', () => {
    const l = add(EMPTY_LIST, [ID1, ID2], stamp(T0, 'a'));
    const dto = encodeList(l) as unknown as { tasks: Record<string, unknown> };
    dto.tasks[ID2] = { watched: 'yes' };
    dto.tasks['not-a-task'] = dto.tasks[ID1];
    const r = decodeList(dto);
    assert.equal(r.damaged, true);
    assert.deepEqual(watchedIds(r.list), [ID1]);
    assert.match(r.problems.join(' '), /2 entries could not be read/);
    for (const raw of [null, 42, 'x', [ID1]]) assert.equal(decodeList(raw).damaged, true, JSON.stringify(raw));
  });

  test('a file from a newer version is read as far as possible and is not damaged', () => {
    const dto = { ...encodeList(add(EMPTY_LIST, [ID1], stamp(T0, 'a'))), format: 7, future: { x: 1 } };
    const r = decodeList(dto);
    assert.equal(r.damaged, false);
    assert.deepEqual(watchedIds(r.list), [ID1]);
    assert.match(r.problems[0]!, /newer version/);
  });

  test('property: arbitrary JSON never throws, and what is read holds only canonical task IDs', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.oneof(fc.uuid(), fc.string()), fc.jsonValue()), (raw, tasks) => {
        for (const value of [raw, { format: 1, tasks }]) {
          const r = decodeList(value);
          for (const id of r.list.tasks.keys()) assert.match(id, /^[0-9a-f-]{36}$/);
        }
      }),
    );
  });
});
