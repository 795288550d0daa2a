// A process that shares the folder without being a window, as the MCP server does (src/core/sync/peerSync.ts):
// it reads what the windows show, watches through the same list code, and asks the window in front.
import assert from 'node:assert/strict';
import { PeerSync } from '../../src/core/sync/peerSync';
import { SCAN_MS } from '../../src/core/sync/windowSync';
import { BASE, ids, quiet, World } from './support/windowsWorld';

suite('the folder seen by a process that is no window (the MCP server)', () => {
  let world: World;
  let peer: PeerSync | undefined;
  setup(() => {
    world = new World();
  });
  teardown(() => {
    peer?.dispose();
    peer = undefined;
    world.dispose();
  });

  const openPeer = (): PeerSync => {
    peer = new PeerSync({ dir: world.dir, clock: world.clock, log: quiet, id: 'mcp-test' });
    peer.start();
    return peer;
  };

  test('it shows the watch list and each task as the polling window last saw it, and makes no request', async () => {
    const x = world.task(30, 'Seen from the MCP server');
    const a = await world.window('a', true);
    a.shared.watch([x]);
    await world.advance(BASE);
    const requests = world.requests.length;
    const p = openPeer();
    assert.deepEqual(
      p.store.entries().map((e) => e.id),
      [x],
    );
    assert.deepEqual(p.store.get(x)?.task, a.store.get(x)?.task);
    await world.advance(5 * BASE);
    p.look();
    assert.deepEqual(p.store.get(x)?.task, a.store.get(x)?.task, 'and follows it');
    assert.equal(p.windows, 1);
    assert.ok(
      world.requests.slice(requests).every((r) => r.window === 'a'),
      'only the window polls',
    );
  });

  test('a task it watches shows in every window within a look, and is polled', async () => {
    const x = world.task(30);
    const a = await world.window('a', true);
    const p = openPeer();
    assert.deepEqual(p.watch([x]).added, [x]);
    await world.advance(SCAN_MS);
    assert.deepEqual(ids(a), [x]);
    await world.advance(BASE);
    assert.ok(world.count({ window: 'a', id: x }) > 0);
  });

  test('what only a window may do, it asks the window in front; with no window open, it says so', async () => {
    const p0 = openPeer();
    assert.deepEqual(await p0.askWindow({ type: 'startSearch', input: { query: 'x' } }, 5_000), { ok: false, why: 'no-window' });
    const a = await world.window('a', false);
    const b = await world.window('b', true);
    const asked: Array<[string, unknown, string]> = [];
    for (const w of [a, b]) {
      w.shared.handleStartSearch((input, from) => {
        asked.push([w.name, input, from]);
        return Promise.resolve(`started by ${w.name}`);
      });
    }
    const reply = p0.askWindow({ type: 'startSearch', input: { query: 'Fintech in Berlin' } }, 10_000);
    await world.advance(2 * SCAN_MS);
    assert.deepEqual(await reply, { ok: true, reply: { type: 'answer', text: 'started by b' } });
    assert.deepEqual(asked, [['b', { query: 'Fintech in Berlin' }, 'mcp-test']], 'the focused window was asked, once');
  });
});
