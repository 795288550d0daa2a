// The account follower's mark and memory, kept by the shared watch list (src/core/sync/watchList.ts
// `newTasksMark`, WindowSync.knows): one for every window, across restarts.
import assert from 'node:assert/strict';
import { SCAN_MS } from '../../src/core/sync/windowSync';
import { taskTooltip } from '../../src/core/format/text';
import { task } from './support/tasks';
import { T0, World } from './support/windowsWorld';

suite("the account follower's mark, in the shared list", () => {
  let world: World;
  setup(() => {
    world = new World();
  });
  teardown(() => world.dispose());

  test('raised in one window, seen by the others within a look and after a restart; it never goes down', async () => {
    const a = await world.window('a', true);
    const b = await world.window('b');
    assert.equal(a.shared.newTasksMark, undefined, 'none before the first look at the account');
    const mark = Date.UTC(2026, 11, 1, 8, 0, 0);
    a.shared.advanceNewTasksMark(mark);
    await world.advance(SCAN_MS);
    assert.equal(b.shared.newTasksMark, mark);
    b.shared.advanceNewTasksMark(mark - 60_000); // a window with an older view
    b.shared.advanceNewTasksMark(mark + 5_000);
    a.shared.advanceNewTasksMark(mark + 1_000); // at the same time, lower: the higher wins everywhere
    await world.advance(2 * SCAN_MS);
    assert.equal(a.shared.newTasksMark, mark + 5_000);
    assert.equal(b.shared.newTasksMark, mark + 5_000);
    a.close();
    b.close();
    const c = await world.window('c');
    assert.equal(c.shared.newTasksMark, mark + 5_000, 'a restart goes on from it');
  });

  test('the list remembers tasks watched and tasks the user stopped watching; never those it never had', async () => {
    const [x, y, z] = [world.task(30), world.task(30), world.task(30)];
    const a = await world.window('a', true);
    a.shared.watch([x, y]);
    a.shared.unwatch([y]);
    await world.advance(SCAN_MS);
    a.close();
    const b = await world.window('b');
    assert.deepEqual(
      [x, y, z].map((id) => b.shared.knows(id)),
      [true, true, false],
    );
  });
});

suite('where a task was started, in the shared list', () => {
  test('watched as started here or elsewhere: every window and a restart know; a later watch by ID keeps it', async () => {
    const world = new World();
    try {
      const [x, y, z] = [world.task(30), world.task(30), world.task(30)];
      const a = await world.window('a', true);
      const b = await world.window('b');
      a.shared.watch([x], 'here');
      a.shared.watch([y], 'elsewhere');
      a.shared.watch([z]);
      await world.advance(SCAN_MS);
      assert.deepEqual(
        [x, y, z].map((id) => b.store.get(id)?.origin),
        ['here', 'elsewhere', undefined],
      );
      b.shared.unwatch([x]);
      b.shared.watch([x]); // brought back by its ID
      a.close();
      await world.advance(SCAN_MS);
      const c = await world.window('c');
      assert.equal(c.store.get(x)?.origin, 'here');
      assert.equal(c.store.get(y)?.origin, 'elsewhere');
      // The tooltip says so (and the chat tools' details: core/agent/describe.ts use the same words).
      assert.match(
        taskTooltip({ ...c.store.get(y)!, task: task({ id: y }) }, false, T0),
        /Created .*, started elsewhere \(found in your account\)/,
      );
      assert.match(taskTooltip({ ...c.store.get(x)!, task: task({ id: x }) }, false, T0), /, started from VS Code/);
    } finally {
      world.dispose();
    }
  });
});
