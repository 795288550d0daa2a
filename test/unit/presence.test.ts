// The poller lease: the oldest live window polls; liveness judged on each window's monotonic clock
// (src/core/sync/presence.ts).
import assert from 'node:assert/strict';
import {
  anyFocused,
  electPoller,
  notificationTarget,
  PRESENCE_TTL_MS,
  PresenceBoard,
  type PresenceFile,
  type PresenceRecord,
  presenceName,
} from '../../src/core/sync/presence';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const rec = (window: string, startedAt: number, focused = false, focusedAt?: number, token = true): PresenceRecord => ({
  window,
  startedAt,
  token,
  focused,
  ...(focusedAt !== undefined ? { focusedAt } : {}),
});
const file = (r: PresenceRecord, mtimeMs: number): PresenceFile => ({ name: presenceName(r), mtimeMs, record: r });

/** One observing window: its board, its wall clock and its monotonic clock. */
function observer(gone: ReadonlySet<number> = new Set()) {
  const board = new PresenceBoard({ isAlive: (pid, host) => host !== 'here' || !gone.has(pid) });
  let wall = T0;
  let mono = 1_000;
  return {
    board,
    see: (files: PresenceFile[]) => board.update(files, mono),
    pass: (ms: number) => {
      wall += ms;
      mono += ms;
    },
    jumpWall: (ms: number) => (wall += ms),
    get wall() {
      return wall;
    },
    get mono() {
      return mono;
    },
    alive: (self = 'self') => board.alive(mono, self).map((r) => r.window),
  };
}

suite('poller lease (presence)', () => {
  test('the oldest live window polls; a younger one shows its answers', () => {
    const a = rec('a', T0 - 60_000);
    const b = rec('b', T0);
    assert.equal(electPoller(a, [b]), 'a');
    assert.equal(electPoller(b, [a]), 'a', 'both agree');
    assert.equal(electPoller(b, []), 'b', 'alone, a window polls');
  });

  test('a window without a usable token does not poll while another has one', () => {
    const oldNoToken = rec('a', T0 - 60_000, false, undefined, false);
    const young = rec('b', T0);
    assert.equal(electPoller(oldNoToken, [young]), 'b');
    assert.equal(electPoller(young, [oldNoToken]), 'b');
    const nobody = rec('c', T0, false, undefined, false);
    assert.equal(electPoller(oldNoToken, [nobody]), 'a', 'nobody has one: the oldest (it will wait, paused)');
  });

  test('two claimants that start in the same millisecond: exactly one wins, the same in both', () => {
    const a = rec('k3a9', T0);
    const b = rec('f0b2', T0);
    assert.equal(electPoller(a, [b]), electPoller(b, [a]));
    assert.equal(electPoller(a, [b]), 'f0b2');
  });

  test('expiry: a window that stops beating is given up after the TTL, not before', () => {
    const o = observer();
    const a = rec('a', T0 - 10_000);
    o.see([file(a, o.wall)]);
    assert.deepEqual(o.alive(), ['a']);
    o.pass(PRESENCE_TTL_MS - 100);
    o.see([file(a, T0)]); // unchanged heartbeat
    assert.deepEqual(o.alive(), ['a'], 'still within the TTL');
    o.pass(200);
    o.see([file(a, T0)]);
    assert.deepEqual(o.alive(), [], 'expired');
    o.see([file(a, o.wall)]); // it beats again (it was only slow)
    assert.deepEqual(o.alive(), ['a']);
  });

  test('a window that closes removes its file: gone at the next scan', () => {
    const o = observer();
    const a = rec('a', T0 - 10_000);
    o.see([file(a, o.wall)]);
    o.pass(1_000);
    o.see([]);
    assert.deepEqual(o.alive(), []);
  });

  test('a window whose process is gone is not waited for: a crash is seen at the next look', () => {
    const o = observer(new Set([4242]));
    const crashed = { ...rec('crashed', T0 - 60_000), pid: 4242, host: 'here' };
    const live = { ...rec('live', T0 - 30_000), pid: 7, host: 'here' };
    o.see([file(crashed, o.wall), file(live, o.wall)]);
    assert.deepEqual(o.alive(), ['live']);
    assert.deepEqual(o.board.stale(o.mono, 'self'), [presenceName(crashed)], 'and its file is removed');
  });

  test('a window on another host, or of an earlier build (no process in its file), is judged by its heartbeat alone', () => {
    const o = observer(new Set([4242]));
    const elsewhere = { ...rec('elsewhere', T0), pid: 4242, host: 'other-machine' };
    const old = rec('old', T0); // a file from long ago: first seen now, it counts as just changed
    o.see([file(elsewhere, T0 - 3_600_000), file(old, T0 - 86_400_000)]);
    assert.deepEqual(o.alive().sort(), ['elsewhere', 'old']);
    o.pass(PRESENCE_TTL_MS);
    o.see([file(elsewhere, T0 - 3_600_000), file(old, T0 - 86_400_000)]);
    assert.deepEqual(o.alive(), [], 'no heartbeat within the TTL');
  });

  test('clock jump forward: a live window stays alive (its heartbeat keeps changing)', () => {
    const o = observer();
    const a = rec('a', T0 - 10_000);
    o.see([file(a, o.wall)]);
    for (let i = 0; i < 5; i++) {
      o.pass(2_000);
      if (i === 1) o.jumpWall(3_600_000); // the machine's clock moves an hour ahead
      o.see([file(a, o.wall)]);
      assert.deepEqual(o.alive(), ['a'], `beat ${i}`);
    }
  });

  test('clock jump backward: a dead window still expires after the TTL', () => {
    const o = observer();
    const a = rec('a', T0 - 10_000);
    o.see([file(a, o.wall)]);
    o.jumpWall(-3_600_000); // an hour back: its last heartbeat now lies in the future
    o.pass(PRESENCE_TTL_MS + 1);
    o.see([file(a, T0)]);
    assert.deepEqual(o.alive(), [], 'judged on the monotonic clock');
  });

  test('stale files are reported for deletion only after a long silence', () => {
    const o = observer();
    const a = rec('a', T0);
    o.see([file(a, o.wall)]);
    o.pass(60_000);
    o.see([file(a, T0)]);
    assert.deepEqual(o.board.stale(o.mono, 'self', 120_000), []);
    assert.deepEqual(o.board.stale(o.mono, 'self', 30_000), [presenceName(a)]);
  });

  test('notifications go to the focused window, else the one focused last, else this one', () => {
    const self = rec('self', T0, false, T0 + 1);
    const a = rec('a', T0, true, T0 + 5);
    const b = rec('b', T0, false, T0 + 9);
    assert.equal(notificationTarget(self, [a, b]), 'a', 'the focused one');
    assert.equal(notificationTarget(self, [{ ...a, focused: false }, b]), 'b', 'the one focused last');
    assert.equal(notificationTarget(rec('self', T0), [rec('x', T0)]), 'self', 'nobody was ever focused');
    assert.equal(anyFocused(self, [b]), false);
    assert.equal(anyFocused(self, [a]), true);
  });
});
