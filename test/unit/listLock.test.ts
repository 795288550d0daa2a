// The list lock: broken by liveness, never by deleting a lock that someone may have just taken
// (src/core/sync/listLock.ts). Real files in a temporary folder, time on a fake clock.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFiles } from '../../src/core/sync/files';
import { decodeHolder, ListLock, LOCK_HOLD_MAX_MS } from '../../src/core/sync/listLock';
import type { ProcessInfo } from '../../src/core/sync/process';
import { FakeClock } from './support/fakeClock';

/** Runs `before` once, just before the next rename: another window acting between two steps of this one. */
class HookedFiles extends NodeFiles {
  before: (() => void) | undefined;
  override rename(from: string, to: string): void {
    const hook = this.before;
    this.before = undefined;
    hook?.();
    super.rename(from, to);
  }
}

class Rig {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-lock-'));
  readonly file = path.join(this.dir, 'list.lock');
  readonly clock = new FakeClock();
  readonly dead = new Set<number>();
  readonly logged: string[] = [];

  lock(window: string, pid: number, files = new NodeFiles(window)): ListLock {
    const process: ProcessInfo = { pid, host: 'here', isAlive: (p, h) => h !== 'here' || !this.dead.has(p) };
    const log = { info: (m: string) => this.logged.push(m), warn: (m: string) => this.logged.push(m) };
    return new ListLock({ files, path: this.file, window, process, clock: this.clock, log });
  }

  /** A lock file as some holder left it. */
  plant(holder: { window: string; pid: number; host: string; at: number; nonce?: string }): void {
    fs.writeFileSync(this.file, JSON.stringify({ nonce: `${holder.window}.planted`, ...holder }));
  }

  holder(): string | undefined {
    return decodeHolder(fs.existsSync(this.file) ? fs.readFileSync(this.file, 'utf8') : undefined)?.window;
  }

  leftovers(): string[] {
    return fs.readdirSync(this.dir).filter((n) => n !== 'list.lock');
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

suite('list lock', () => {
  let rig: Rig;
  setup(() => {
    rig = new Rig();
  });
  teardown(() => rig.dispose());

  test('one holder at a time; released, it can be taken again; the file names its holder', () => {
    const a = rig.lock('a', 1);
    const b = rig.lock('b', 2);
    const held = a.tryAcquire();
    assert.ok(held);
    assert.equal(rig.holder(), 'a');
    assert.equal(b.tryAcquire(), undefined, 'b waits');
    assert.ok(held.holds());
    held.release();
    assert.equal(held.holds(), false);
    const next = b.tryAcquire();
    assert.ok(next, 'b takes it');
    next.release();
    assert.deepEqual(rig.leftovers(), [], 'nothing left behind');
  });

  test("a lock whose holder's process is gone is broken at once", () => {
    rig.plant({ window: 'crashed', pid: 4242, host: 'here', at: rig.clock.now() });
    rig.dead.add(4242);
    const h = rig.lock('a', 1).tryAcquire();
    assert.ok(h);
    assert.equal(rig.holder(), 'a');
    assert.match(rig.logged.join('\n'), /process 4242\) is gone/);
  });

  test('a lock dated in the future, or long ago, is broken at once (its holder alive or not)', () => {
    for (const at of [rig.clock.now() + 3_600_000, rig.clock.now() - 3_600_000]) {
      rig.plant({ window: 'odd', pid: 7, host: 'here', at });
      const h = rig.lock('a', 1).tryAcquire();
      assert.ok(h, `at ${at - rig.clock.now()} ms`);
      h.release();
    }
  });

  test('a live holder keeps its lock; a lock that stays the same for the longest hold is broken', async () => {
    rig.plant({ window: 'slow', pid: 7, host: 'elsewhere', at: rig.clock.now() });
    const a = rig.lock('a', 1);
    assert.equal(a.tryAcquire(), undefined);
    await rig.clock.advance(LOCK_HOLD_MAX_MS - 1);
    rig.clock.jumpWall(-(LOCK_HOLD_MAX_MS - 1)); // keep its date plausible: only the watching counts
    assert.equal(a.tryAcquire(), undefined, 'not yet');
    await rig.clock.advance(1);
    rig.clock.jumpWall(-1);
    assert.ok(a.tryAcquire(), 'seen unchanged for the longest hold');
  });

  test("a folder at the lock's path (an earlier build's lock) or a damaged file is broken once seen unchanged for the longest hold", async () => {
    for (const plant of [() => fs.mkdirSync(rig.file), () => fs.writeFileSync(rig.file, '{"window":')]) {
      plant();
      const a = rig.lock('a', 1);
      assert.equal(a.tryAcquire(), undefined);
      await rig.clock.advance(LOCK_HOLD_MAX_MS);
      const h = a.tryAcquire();
      assert.ok(h);
      h.release();
    }
  });

  test('two windows break the same stale lock: one gets it, and the other puts back what it moved', () => {
    rig.plant({ window: 'crashed', pid: 4242, host: 'here', at: rig.clock.now() });
    rig.dead.add(4242);
    const a = rig.lock('a', 1);
    const bFiles = new HookedFiles('b');
    const b = rig.lock('b', 2, bFiles);
    let first: ReturnType<ListLock['tryAcquire']>;
    // b found the stale lock; just before b moves it aside, a breaks it and takes the lock.
    bFiles.before = () => {
      first = a.tryAcquire();
    };
    const second = b.tryAcquire();
    assert.ok(first, 'a got the lock');
    assert.equal(second, undefined, 'b did not');
    assert.ok(first.holds(), "a's lock is a's again: b put it back");
    assert.equal(rig.holder(), 'a');
    first.release();
    assert.deepEqual(rig.leftovers(), []);
  });

  test('a holder whose lock was broken (it stalled) sees so before writing, and its release leaves the new lock', () => {
    const a = rig.lock('a', 1);
    const b = rig.lock('b', 2);
    const stalled = a.tryAcquire();
    assert.ok(stalled);
    rig.clock.jumpWall(LOCK_HOLD_MAX_MS + 1); // a's date is now implausible for b
    const taken = b.tryAcquire();
    assert.ok(taken, 'b broke it');
    assert.equal(stalled.holds(), false, 'a must not write');
    stalled.release();
    assert.equal(rig.holder(), 'b', "a's release did not remove b's lock");
    assert.ok(taken.holds());
    taken.release();
    assert.deepEqual(rig.leftovers(), []);
  });

  test('acquire waits for a holder that releases', async () => {
    const a = rig.lock('a', 1);
    const held = a.tryAcquire();
    assert.ok(held);
    const waiting = rig.lock('b', 2).acquire(2_000);
    rig.clock.setTimeout(() => held.release(), 30);
    await rig.clock.advance(100);
    const got = await waiting;
    assert.ok(got);
    assert.equal(rig.holder(), 'b');
  });

  test('acquire gives up after its wait when the holder goes on holding (the caller tries again later)', async () => {
    rig.plant({ window: 'busy', pid: 7, host: 'here', at: rig.clock.now() });
    const waiting = rig.lock('a', 1).acquire(500);
    await rig.clock.advance(600);
    assert.equal(await waiting, undefined);
    assert.equal(rig.holder(), 'busy');
  });
});
