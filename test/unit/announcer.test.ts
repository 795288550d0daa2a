// What the user is told, once (src/core/notify/announcer.ts): batches, mutes, the setting, other windows' news.
import assert from 'node:assert/strict';
import { Announcer, type NotificationLevel } from '../../src/core/notify/announcer';
import type { Notice } from '../../src/core/sync/message';
import { TaskStore } from '../../src/core/store/taskStore';
import { FakeClock } from './support/fakeClock';
import { ID1, ID2, ID3, task } from './support/tasks';

function rig(level: NotificationLevel = 'all') {
  const clock = new FakeClock();
  const store = new TaskStore();
  const notices: Notice[] = [];
  const announcer = new Announcer({
    store,
    clock,
    level: () => level,
    log: { info: () => undefined, warn: () => undefined },
    route: (n) => notices.push(n),
  });
  store.add([ID1, ID2, ID3], clock.now());
  for (const id of [ID1, ID2, ID3]) store.recordSuccess(id, { ...task(), id }, clock.now());
  const finish = (id: string, status = 'done') => store.recordSuccess(id, { ...task({ status }), id }, clock.now());
  return { clock, store, notices, announcer, finish };
}

suite('announcer', () => {
  test('completions close together make one notice; a task that completes twice in a batch counts once', async () => {
    const r = rig();
    r.finish(ID1);
    r.finish(ID2, 'failed');
    r.store.resumed(ID1, { ...task({ status: 'in_progress' }), id: ID1 }, r.clock.now());
    r.finish(ID1);
    await r.clock.advance(1_000);
    assert.deepEqual(
      r.notices.map((n) => n.text),
      ['2 Extruct tasks finished, 1 of them failed.'],
    );
  });

  test('a muted task is not told; the others are', async () => {
    const r = rig();
    r.store.setMuted(ID1, true);
    r.finish(ID1);
    await r.clock.advance(1_000);
    r.finish(ID2);
    await r.clock.advance(1_000);
    assert.equal(r.notices.length, 1);
    assert.match(r.notices[0]!.text, /finished/);
    assert.deepEqual(
      r.notices[0]!.actions.map((a) => a.args[0]),
      [ID2, ID2],
    );
  });

  test('"failuresOnly" tells a failure, not a success; "off" nothing', async () => {
    const only = rig('failuresOnly');
    only.finish(ID1);
    only.finish(ID2, 'failed');
    await only.clock.advance(1_000);
    assert.deepEqual(
      only.notices.map((n) => n.severity),
      ['error'],
    );
    const off = rig('off');
    off.finish(ID1, 'failed');
    await off.clock.advance(1_000);
    assert.deepEqual(off.notices, []);
  });

  test('what another window saw is not told again here', async () => {
    const r = rig();
    r.store.applyShared(ID1, { task: { ...task({ status: 'done' }), id: ID1 }, stopped: 'complete', completedAt: r.clock.now() });
    await r.clock.advance(1_000);
    assert.deepEqual(r.notices, []);
  });
});
