// The journals (src/core/sync/journals.ts): a window that is gone has its journal merged and removed; a
// journal written again meanwhile is never lost, and one of a window not seen yet is left alone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFiles } from '../../src/core/sync/files';
import { Journals } from '../../src/core/sync/journals';
import { SyncLayout } from '../../src/core/sync/layout';
import { ListLock } from '../../src/core/sync/listLock';
import { ListReplica } from '../../src/core/sync/listReplica';
import { addEdit, decodeList, EMPTY_LIST, mergeLists, type SharedList, watchedIds } from '../../src/core/sync/watchList';
import { FakeClock } from './support/fakeClock';
import { ID1, ID2, ID3 } from './support/tasks';

/** Runs `after` once, right after the next rename: another process acting between two steps of this one. */
class HookedFiles extends NodeFiles {
  after: (() => void) | undefined;
  override rename(from: string, to: string): void {
    super.rename(from, to);
    const hook = this.after;
    this.after = undefined;
    hook?.();
  }
}

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const watched = (ids: string[]): SharedList =>
  mergeLists(
    EMPTY_LIST,
    addEdit(
      EMPTY_LIST,
      ids,
      () => ({ t: T0, c: ids.length, w: 'x' }),
      () => T0,
    ),
  );

suite('journals', () => {
  let dir: string;
  let layout: SyncLayout;
  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-journals-'));
    layout = new SyncLayout(dir);
    for (const d of layout.folders) fs.mkdirSync(d, { recursive: true });
  });
  teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  const journalOf = (owner: string): string[] => watchedIds(decodeList(JSON.parse(fs.readFileSync(layout.journal(owner), 'utf8'))).list);

  test('a journal written again while it is being removed keeps its newest content: never put back over it', () => {
    const clock = new FakeClock(T0);
    const owner = new Journals(new NodeFiles('x'), layout, 'x', clock);
    const files = new HookedFiles('y');
    const taker = new Journals(files, layout, 'y', clock);
    owner.save(watched([ID1]));
    taker.scan();
    owner.save(watched([ID1, ID2])); // x wrote again after y read it
    // Just after y moved it aside, x writes once more (its newest edit).
    files.after = () => owner.save(watched([ID1, ID2, ID3]));
    const rest = taker.removeMerged('x', watched([ID1]));
    assert.deepEqual(rest && watchedIds(rest).sort(), [ID1, ID2].sort(), 'what y moved aside and had not merged is handed back');
    assert.deepEqual(journalOf('x').sort(), [ID1, ID2, ID3].sort(), "x's newest journal is intact");
    assert.deepEqual(
      fs.readdirSync(layout.journalDir).filter((n) => n !== 'x.json'),
      [],
      'nothing left aside',
    );
  });

  test("a journal whose window was never seen among the windows is left alone a while; a gone window's is merged at once", async () => {
    const clock = new FakeClock(T0);
    const liveness = new Map<string, 'alive' | 'gone' | 'unknown'>([['y', 'alive']]);
    const replica = new ListReplica({
      files: new NodeFiles('y'),
      layout,
      window: 'y',
      clock,
      log: { info: () => undefined, warn: () => undefined },
      lock: new ListLock({
        files: new NodeFiles('y'),
        path: layout.lock,
        window: 'y',
        process: { pid: 1, host: 'here', isAlive: () => true },
        clock,
        log: { info: () => undefined, warn: () => undefined },
      }),
      liveness: (w) => liveness.get(w) ?? 'unknown',
      savedTaskIds: () => [],
    });
    new Journals(new NodeFiles('x'), layout, 'x', clock).save(watched([ID1])); // x has just joined: not seen yet
    replica.start();
    await replica.settled();
    assert.ok(fs.existsSync(layout.journal('x')), 'left alone');
    assert.deepEqual(watchedIds(replica.list), [ID1], 'though its edits show at once');
    await clock.advance(30_000);
    replica.sync();
    await replica.settled();
    assert.equal(fs.existsSync(layout.journal('x')), false, 'unchanged for long: merged and removed');
    new Journals(new NodeFiles('z'), layout, 'z', clock).save(watched([ID2]));
    liveness.set('z', 'gone');
    replica.sync();
    await replica.settled();
    assert.equal(fs.existsSync(layout.journal('z')), false, 'a window known gone: at once');
    assert.deepEqual(watchedIds(decodeList(JSON.parse(fs.readFileSync(layout.list, 'utf8'))).list).sort(), [ID1, ID2].sort());
    replica.dispose();
  });
});
