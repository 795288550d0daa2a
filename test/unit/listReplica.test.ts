// A window's copy of the watch list: journal first, then the list under its lock, retried until it lands
// (src/core/sync/listReplica.ts). Real files in a temporary folder, time on a fake clock.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFiles, type SyncFiles, type WriteOptions } from '../../src/core/sync/files';
import { SyncLayout } from '../../src/core/sync/layout';
import { ListLock, LOCK_HOLD_MAX_MS } from '../../src/core/sync/listLock';
import { JOURNAL_KEEP_MS, ListReplica } from '../../src/core/sync/listReplica';
import { StampClock } from '../../src/core/sync/stamp';
import { addEdit, decodeList, encodeList, EMPTY_LIST, mergeLists, muteEdit, watchedIds } from '../../src/core/sync/watchList';
import { ListFile } from '../../src/core/sync/listFile';
import { FakeClock } from './support/fakeClock';
import { FaultyFiles } from './support/faultyFiles';
import { ID1, ID2, ID3 } from './support/tasks';

/** Runs `stall` once, inside the next durable write of the list, after the flush and before the rename. */
class StallingFiles extends NodeFiles {
  stall: (() => void) | undefined;
  override write(file: string, text: string, o?: WriteOptions): boolean {
    const stall = o?.durable ? this.stall : undefined;
    if (!stall) return super.write(file, text, o);
    this.stall = undefined;
    return super.write(file, text, {
      ...o,
      commit: () => {
        stall();
        return o?.commit?.() ?? true;
      },
    });
  }
}

class Rig {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-replica-'));
  readonly layout = new SyncLayout(this.dir);
  readonly clock = new FakeClock();
  readonly alive = new Set<string>();
  /** Windows known to be gone (their presence was seen, their process ended). */
  readonly gone = new Set<string>();

  /** The window dies: no more tries, and the others know it is gone. */
  kill(window: string, r: ListReplica): void {
    r.dispose();
    this.alive.delete(window);
    this.gone.add(window);
  }
  readonly log: string[] = [];

  constructor() {
    for (const d of this.layout.folders) fs.mkdirSync(d, { recursive: true });
  }

  replica(window: string, files: SyncFiles = new NodeFiles(window)): ListReplica {
    this.alive.add(window);
    const log = { info: (m: string) => this.log.push(m), warn: (m: string) => this.log.push(`WARN ${m}`) };
    const process = { pid: 1, host: 'here', isAlive: () => true };
    const common = { files, window, clock: this.clock, log };
    const r = new ListReplica({
      ...common,
      layout: this.layout,
      lock: new ListLock({ ...common, path: this.layout.lock, process }),
      liveness: (w) => (this.alive.has(w) ? 'alive' : this.gone.has(w) ? 'gone' : 'unknown'),
      savedTaskIds: () => [],
    });
    r.start();
    return r;
  }

  watch(r: ListReplica, ids: string[]): void {
    const stamps = new StampClock(`w${Math.random().toString(36).slice(2, 6)}`, () => this.clock.now());
    r.edit(
      addEdit(
        r.list,
        ids,
        (p) => stamps.next(p),
        () => this.clock.now(),
      ),
    );
  }

  /** What list.json says is watched. */
  listed(): string[] {
    const text = fs.existsSync(this.layout.list) ? fs.readFileSync(this.layout.list, 'utf8') : undefined;
    return text === undefined ? [] : watchedIds(decodeList(JSON.parse(text)).list).sort();
  }

  journalOf(window: string): string[] {
    const file = this.layout.journal(window);
    return fs.existsSync(file) ? watchedIds(decodeList(JSON.parse(fs.readFileSync(file, 'utf8'))).list).sort() : [];
  }

  /** Lets timers and writes run: `ms` of fake time, a second at a time. */
  async run(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 1_000) await this.clock.advance(Math.min(1_000, ms - t));
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

suite('list replica', () => {
  let rig: Rig;
  setup(() => {
    rig = new Rig();
  });
  teardown(() => rig.dispose());

  test('an edit is in the journal before anything else, then in the list, then out of the journal', async () => {
    const a = rig.replica('a');
    rig.watch(a, [ID1]);
    assert.deepEqual(rig.journalOf('a'), [ID1], 'journaled at once, synchronously');
    await a.settled();
    assert.deepEqual(rig.listed(), [ID1]);
    assert.equal(a.unwritten.tasks.size, 0, 'nothing left to write');
    assert.deepEqual(rig.journalOf('a'), [ID1], 'kept in the journal a while longer, in case a late writer replaces the list');
    await rig.clock.advance(JOURNAL_KEEP_MS);
    a.sync();
    assert.equal(fs.existsSync(rig.layout.journal('a')), false, 'then the empty journal is deleted');
  });

  test('a writer whose lock was broken while it flushed to disk replaces nothing; it merges again and lands', async () => {
    const files = new StallingFiles('a');
    const a = rig.replica('a', files);
    // While a flushes its list to disk, it stalls so long that another window breaks its lock and writes the list.
    files.stall = () => {
      rig.clock.jumpWall(LOCK_HOLD_MAX_MS + 1); // a's lock is now implausibly old
      const other = new ListLock({
        files: new NodeFiles('b'),
        path: rig.layout.lock,
        window: 'b',
        process: { pid: 2, host: 'here', isAlive: () => true },
        clock: rig.clock,
        log: { info: () => undefined, warn: () => undefined },
      });
      const held = other.tryAcquire();
      assert.ok(held, 'b broke the stale lock');
      const list = mergeLists(
        EMPTY_LIST,
        addEdit(
          EMPTY_LIST,
          [ID2],
          () => ({ t: rig.clock.now(), c: 0, w: 'b' }),
          () => rig.clock.now(),
        ),
      );
      new ListFile(new NodeFiles('b'), rig.layout).write(list, undefined, () => held.holds());
      held.release();
    };
    rig.watch(a, [ID1]);
    await a.settled(); // a's attempt: its lock was broken, it gives up for now
    assert.equal(files.stall, undefined, 'a stalled');
    assert.deepEqual(rig.listed(), [ID2], "b's list stands: a's copy, read before b wrote, replaced nothing");
    await rig.run(5_000);
    await a.settled();
    assert.deepEqual(rig.listed(), [ID1, ID2].sort(), 'a tried again, merged: nothing lost');
    assert.equal(a.unwritten.tasks.size, 0);
  });

  test('an edit made just as a write ends is written too (no edit waits for a write that has ended)', async () => {
    const a = rig.replica('a');
    const id = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    // Each second edit comes k microtasks after the first: for some k it lands just as the first one's write ends.
    for (let k = 0; k < 12; k++) {
      rig.watch(a, [id(2 * k)]);
      for (let i = 0; i < k; i++) await Promise.resolve();
      rig.watch(a, [id(2 * k + 1)]);
      await a.settled();
      assert.ok(rig.listed().includes(id(2 * k + 1)), `the edit made ${k} microtasks later is in the list`);
    }
    assert.equal(a.unwritten.tasks.size, 0, 'nothing left waiting to be written');
  });

  test('without the lock nothing is written; the edit waits in the journal and lands once the lock is free', async () => {
    const a = rig.replica('a');
    // Another live window holds the lock (on another host: nobody can tell whether it lives).
    fs.writeFileSync(rig.layout.lock, JSON.stringify({ window: 'x', pid: 9, host: 'elsewhere', nonce: 'x.1', at: rig.clock.now() }));
    rig.watch(a, [ID1]);
    await rig.run(2_500);
    assert.deepEqual(rig.listed(), [], 'not written without the lock');
    assert.deepEqual(rig.journalOf('a'), [ID1], 'kept in the journal');
    fs.rmSync(rig.layout.lock); // released
    await rig.run(10_000);
    await a.settled();
    assert.deepEqual(rig.listed(), [ID1], 'written at a later try');
    assert.equal(a.unwritten.tasks.size, 0);
  });

  test('a write refused for a while (a rename blocked by an antivirus) is tried again until it lands, and said once', async () => {
    const files = new FaultyFiles('a');
    const a = rig.replica('a', files);
    files.refuse(/list\.json$/, 5);
    rig.watch(a, [ID1, ID2]);
    await rig.run(20_000);
    await a.settled();
    assert.deepEqual(rig.listed(), [ID1, ID2].sort());
    assert.equal(files.refused, 5);
    assert.equal(rig.log.filter((l) => l.startsWith('WARN Could not save the watch list')).length, 1, 'one warning for the whole streak');
  });

  test('the folder deleted: it is made again and the edit lands', async () => {
    const a = rig.replica('a');
    fs.rmSync(rig.dir, { recursive: true, force: true });
    rig.watch(a, [ID3]);
    await rig.run(5_000);
    await a.settled();
    assert.deepEqual(rig.listed(), [ID3]);
  });

  test('a window that died with edits only in its journal: the next writer merges them and removes the journal', async () => {
    const a = rig.replica('a');
    fs.writeFileSync(rig.layout.lock, JSON.stringify({ window: 'x', pid: 9, host: 'elsewhere', nonce: 'x.1', at: rig.clock.now() }));
    rig.watch(a, [ID1]);
    await rig.run(1_000);
    rig.kill('a', a);
    fs.rmSync(rig.layout.lock);
    const b = rig.replica('b');
    assert.deepEqual(watchedIds(b.list), [ID1], "b sees a's edit at once");
    await b.settled();
    assert.deepEqual(rig.listed(), [ID1], 'and writes it into the list');
    assert.equal(fs.existsSync(rig.layout.journal('a')), false, "a's journal is gone");
  });

  test("a live window's journal is read by the others but left to its owner", () => {
    const a = rig.replica('a');
    const b = rig.replica('b');
    fs.writeFileSync(rig.layout.lock, JSON.stringify({ window: 'x', pid: 9, host: 'elsewhere', nonce: 'x.1', at: rig.clock.now() }));
    rig.watch(a, [ID2]);
    b.sync();
    assert.deepEqual(watchedIds(b.list), [ID2], 'seen before it reaches the list');
    assert.deepEqual(rig.journalOf('a'), [ID2]);
  });

  test('a closing window that cannot get the lock leaves its journal; nothing is lost', async () => {
    const a = rig.replica('a');
    fs.writeFileSync(rig.layout.lock, JSON.stringify({ window: 'x', pid: 9, host: 'elsewhere', nonce: 'x.1', at: rig.clock.now() }));
    rig.watch(a, [ID1]);
    a.edit(muteEdit(a.list, [ID1], true, () => ({ t: rig.clock.now(), c: 9, w: 'a' })));
    a.flushSync();
    rig.kill('a', a);
    fs.rmSync(rig.layout.lock);
    const b = rig.replica('b');
    await b.settled();
    assert.deepEqual(rig.listed(), [ID1]);
    assert.equal(decodeList(JSON.parse(fs.readFileSync(rig.layout.list, 'utf8'))).list.tasks.get(ID1)?.muted?.value, true, 'the mute too');
  });

  test("a newer version's list is kept whole: what this version does not know is written back as it was", async () => {
    const newer = {
      ...encodeList(EMPTY_LIST),
      format: 3,
      labels: ['kept'],
      tasks: { [ID1]: { watched: true, addedAt: 1, rev: '1.0.z', priority: { value: 'high', rev: '1.0.z' } } },
    };
    fs.writeFileSync(rig.layout.list, JSON.stringify(newer));
    const a = rig.replica('a');
    assert.deepEqual(watchedIds(a.list), [ID1]);
    rig.watch(a, [ID2]);
    await a.settled();
    const written = JSON.parse(fs.readFileSync(rig.layout.list, 'utf8')) as Record<string, unknown>;
    assert.equal(written.format, 3);
    assert.deepEqual(written.labels, ['kept']);
    assert.deepEqual((written.tasks as Record<string, Record<string, unknown>>)[ID1]!.priority, { value: 'high', rev: '1.0.z' });
    assert.deepEqual(rig.listed(), [ID1, ID2].sort());
    assert.doesNotMatch(rig.log.join('\n'), /damaged/);
  });

  test('a damaged list is kept aside, at most three copies, and reported once per damage', async () => {
    const problems: string[] = [];
    const a = rig.replica('a');
    a.onProblem((p) => problems.push(p));
    rig.watch(a, [ID1]);
    await a.settled();
    for (let i = 0; i < 5; i++) {
      fs.writeFileSync(rig.layout.list, `{"format":1,"tasks":{ damaged ${i}`);
      a.sync();
      await a.settled();
      assert.deepEqual(rig.listed(), [ID1], 'rebuilt from what the window remembers');
    }
    const copies = fs.readdirSync(rig.dir).filter((n) => n.startsWith('list.json.damaged-'));
    assert.deepEqual(copies.sort(), ['list.json.damaged-3', 'list.json.damaged-4', 'list.json.damaged-5']);
    assert.equal(problems.length, 5);
    assert.match(fs.readFileSync(path.join(rig.dir, 'list.json.damaged-5'), 'utf8'), /damaged 4/);
  });
});
