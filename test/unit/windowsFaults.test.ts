// Several windows under the conditions real machines have: a clock that was ahead and jumps back, a shared
// folder deleted or made read-only, a write refused for a moment (support/windowsWorld.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeList, watchedIds } from '../../src/core/sync/watchList';
import { PRESENCE_TTL_MS } from '../../src/core/sync/presence';
import { SCAN_MS } from '../../src/core/sync/windowSync';
import { FaultyFiles } from './support/faultyFiles';
import { BASE, ids, MIN, World } from './support/windowsWorld';

const HOUR = 3_600_000;
const YEAR = 365 * 24 * HOUR;

suite('many windows, real machines', () => {
  let world: World;
  setup(() => {
    world = new World();
  });
  teardown(() => world.dispose());

  test('a token set while the clock was two hours ahead still works after the clock is put right, and after a restart', async () => {
    const x = world.task(600, 'Long');
    world.clock.jumpWall(2 * HOUR); // the machine's clock is two hours ahead
    const a = await world.window('a', true, '');
    a.shared.watch([x]);
    a.secrets!.set('tok-1');
    a.pause!.tokenSet();
    await world.advance(BASE);
    world.clock.jumpWall(-2 * HOUR); // NTP puts it right
    await world.advance(BASE);
    assert.equal(a.store.authPaused, false);
    a.close();
    // VS Code restarts: a new window, whose copy of the secrets holds the same token.
    const b = await world.window('b', true, 'tok-1');
    await world.advance(2 * SCAN_MS);
    assert.equal(b.pause!.usableHere, true, 'the token counts as current');
    assert.equal(b.store.authPaused, false, 'polling is not paused');
    const before = world.count({ window: 'b' });
    await world.advance(MIN);
    assert.ok(world.count({ window: 'b' }) > before, 'and the window polls');
    // A new token set now (after the jump back) is current too, here and in a window opened later.
    b.secrets!.set('tok-2');
    b.pause!.tokenSet();
    await world.advance(SCAN_MS);
    b.close();
    const c = await world.window('c', true, 'tok-2');
    await world.advance(2 * SCAN_MS);
    assert.equal(c.store.authPaused, false);
  });

  test('a task removed by a clock a year ahead can be watched again, and stays watched in every window', async () => {
    const x = world.task(60);
    world.clock.jumpWall(YEAR);
    const a = await world.window('a');
    a.shared.watch([x]);
    await world.advance(SCAN_MS);
    a.shared.unwatch([x]); // a tombstone stamped a year ahead
    await world.advance(SCAN_MS);
    a.close();
    world.clock.jumpWall(-YEAR);
    const b = await world.window('b');
    const c = await world.window('c');
    b.shared.watch([x]);
    await world.advance(2 * SCAN_MS);
    assert.deepEqual(ids(b), [x]);
    assert.deepEqual(ids(c), [x], 'the other window agrees');
    const listed = watchedIds(decodeList(JSON.parse(fs.readFileSync(path.join(world.dir, 'list.json'), 'utf8'))).list);
    assert.deepEqual(listed, [x], 'and so does the file');
  });

  test("snapshots written while the poller's clock was ahead do not hide the next poller's answers", async () => {
    const x = world.task(30, 'Ahead');
    world.clock.jumpWall(YEAR);
    const a = await world.window('a', true);
    await world.advance(SCAN_MS);
    const b = await world.window('b');
    a.shared.watch([x]);
    await world.advance(BASE); // A polls and writes a snapshot stamped a year ahead
    world.clock.jumpWall(-YEAR);
    a.close();
    await world.advance(SCAN_MS);
    assert.ok(b.shared.isPoller);
    const c = await world.window('c');
    await world.advance(10 * MIN);
    assert.ok(world.count({ window: 'b' }) > 0, 'B polls');
    assert.deepEqual(c.store.get(x)?.task, b.store.get(x)?.task, "C shows B's latest answer");
  });

  test('the shared folder deleted: it is made again, one window polls, edits still reach every window', async () => {
    const x = world.task(30);
    const y = world.task(30);
    const a = await world.window('a', true);
    await world.advance(SCAN_MS);
    const b = await world.window('b');
    a.shared.watch([x]);
    await world.advance(2 * SCAN_MS);
    fs.rmSync(world.dir, { recursive: true, force: true });
    await world.advance(5 * SCAN_MS);
    b.shared.watch([y]);
    await world.advance(5 * SCAN_MS);
    assert.deepEqual(ids(a).sort(), [x, y].sort(), "B's edit reached A");
    assert.deepEqual(ids(b).sort(), [x, y].sort());
    assert.equal([a, b].filter((w) => w.shared.isPoller).length, 1, 'one window polls');
    const since = world.requests.length;
    await world.advance(2 * MIN);
    assert.ok(
      world.requests.slice(since).some((r) => r.id === y),
      'and checks the new task',
    );
  });

  test('a shared folder that cannot be written: the window polls on its own, says so once, and rejoins when it can', async () => {
    const x = world.task(60);
    const files = new FaultyFiles('a');
    const a = await world.window('a', true, undefined, files);
    a.shared.watch([x]);
    await world.advance(SCAN_MS);
    files.readOnly = true;
    await world.advance(PRESENCE_TTL_MS + 2 * SCAN_MS);
    assert.ok(a.shared.isPoller, 'it polls');
    await world.advance(5 * MIN);
    assert.ok(world.count({ id: x }) > 5, 'and keeps checking');
    const said = world.logs.filter((l) => l.includes('cannot be used'));
    assert.equal(said.length, 1, `said once: ${said.join(' | ')}`);
    assert.ok(world.logs.filter((l) => l.includes('WARN')).length <= 5, 'no log storm');
    files.readOnly = false;
    await world.advance(3 * SCAN_MS);
    assert.match(world.logs.join('\n'), /can be written again/);
    const b = await world.window('b');
    await world.advance(3 * SCAN_MS);
    assert.equal([a, b].filter((w) => w.shared.isPoller).length, 1, 'back to one poller');
  });

  test('a list write refused for a moment in a window that does not poll: the poller still gets the task within seconds', async () => {
    const x = world.task(30, 'Refused once');
    const a = await world.window('a', true);
    await world.advance(SCAN_MS);
    const files = new FaultyFiles('b');
    const b = await world.window('b', false, undefined, files);
    await world.advance(2 * SCAN_MS);
    files.refuse(/list\.json$/, 3); // an antivirus holds the file for three tries
    b.shared.watch([x]);
    await world.advance(10 * SCAN_MS);
    assert.deepEqual(ids(a), [x], 'the poller has it');
    await world.advance(BASE);
    assert.ok(world.count({ window: 'a', id: x }) > 0, 'and checks it');
    await b.shared.settled();
    const listed = watchedIds(decodeList(JSON.parse(fs.readFileSync(path.join(world.dir, 'list.json'), 'utf8'))).list);
    assert.deepEqual(listed, [x], 'the write landed');
  });
});
