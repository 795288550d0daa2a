/**
 * What the user is told: the notification setting, batching, the status bar's end states, and the
 * vscode:// link handler, in the real extension host against the fake API.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { watchNamed } from '../../src/extension/actions/watch';
import { WatchUriHandler } from '../../src/extension/uriHandler';
import { type Harness, integrationSetup, logText, setSetting, sleep, waitFor } from './helpers';

const MIN = 60_000;

suite('notifications, status bar and links', () => {
  let h: Harness;
  suiteSetup(async () => {
    h = await integrationSetup();
  });
  suiteTeardown(async () => {
    await setSetting('notifications', 'all');
    await h.dispose();
  });
  setup(async () => {
    await h.reset();
    await setSetting('notifications', 'all');
  });

  /** Watches running tasks, lets the fake clock pass their end, and refreshes: the completions are observed. */
  async function complete(...profiles: Array<{ query: string; finalStatus?: 'done' | 'failed' }>): Promise<string[]> {
    const ids = profiles.map((p) => h.fake.addTask({ durationMs: 10 * MIN, ...p }));
    await h.watch(...ids);
    await h.api.scheduler.refresh(ids);
    h.fake.advance(11 * MIN);
    await h.api.scheduler.refresh(ids);
    await sleep(600); // completions are batched for 400 ms
    return ids;
  }

  test('"failuresOnly" announces a failure but not a success; "off" announces nothing', async () => {
    await setSetting('notifications', 'failuresOnly');
    let before = h.shown.length;
    await complete({ query: 'Quiet success' }, { query: 'Loud failure', finalStatus: 'failed' });
    let shown = h.shown.slice(before);
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.match(shown[0]!, /"Loud failure" failed/);

    await h.reset();
    await setSetting('notifications', 'off');
    before = h.shown.length;
    const [silent] = await complete({ query: 'Silent failure', finalStatus: 'failed' });
    shown = h.shown.slice(before);
    assert.deepEqual(shown, []);
    await waitFor('the log still records it', () => logText(h.api).includes(`Task ${silent!} failed`));
  });

  test('several completions at once make one message, and the status bar shows the failure', async () => {
    const before = h.shown.length;
    await complete({ query: 'Batch 1' }, { query: 'Batch 2' }, { query: 'Batch 3', finalStatus: 'failed' });
    const shown = h.shown.slice(before);
    assert.deepEqual(shown, ['3 Extruct tasks finished, 1 of them failed.']);
    assert.match(h.api.statusBar.text, /^\$\(error\) Extruct: 1 failed$/);
    await waitFor('the badge counts the unseen completions', () => h.api.tree.view.badge?.value === 3);
  });

  test('all finished without failure: a check in the status bar; opening a task clears its badge count', async () => {
    const [id] = await complete({ query: 'Only success' });
    assert.match(h.api.statusBar.text, /^\$\(check\) Extruct: 1 finished$/);
    assert.equal(h.api.tree.view.badge?.value, 1);
    await vscode.commands.executeCommand('extruct.openDetails', id);
    await waitFor('badge cleared', () => h.api.tree.view.badge === undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a vscode:// link watches the tasks it names once the user agrees; bad links are refused without echoing them', async () => {
    const a = h.fake.addTask({ query: 'From a link', durationMs: 30 * MIN });
    const b = h.fake.addTask({ query: 'From a link, too', durationMs: 30 * MIN });
    const asked: string[][] = [];
    let answer = false;
    const handler = new WatchUriHandler((text) =>
      watchNamed(h.api.services, text, 'link', (ids) => {
        asked.push([...ids]);
        return Promise.resolve(answer);
      }),
    );
    const link = (rest: string) => vscode.Uri.parse(`vscode://taskwatch-labs.extruct-task-watcher${rest}`);
    await handler.handleUri(link(`/watch?task=${a}&task=${b.toUpperCase()}`));
    assert.deepEqual(asked, [[a, b]]);
    assert.equal(h.api.store.size, 0, 'declined: nothing added');
    answer = true;
    await handler.handleUri(link(`/watch?task=${a}&task=${b.toUpperCase()}`));
    await handler.handleUri(link(`/watch/${a}`)); // already watched: revealed, not asked about again
    assert.deepEqual(asked, [
      [a, b],
      [a, b],
    ]);
    assert.deepEqual(
      h.api.store
        .entries()
        .map((e) => e.id)
        .sort(),
      [a, b].sort(),
    );
    const many = Array.from({ length: 21 }, (_, i) => `${'0'.repeat(8)}-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await handler.handleUri(link(`/watch?task=${many.join(',')}`));
    await handler.handleUri(link('/watch?task=nonsense'));
    await handler.handleUri(link('/[Open](command:workbench.action.openSettings)'));
    assert.equal(asked.length, 2, 'too many IDs, none, or another path: nobody is asked');
    assert.equal(h.api.store.size, 2, 'and nothing is added');
  });

  test("a muted task is not told when it finishes, the others are; the mute shows on the item and in every window's list", async () => {
    const quiet = h.fake.addTask({ query: 'Muted one', durationMs: 10 * MIN });
    const loud = h.fake.addTask({ query: 'Loud one', durationMs: 20 * MIN });
    await h.watch(quiet, loud);
    const muted = await vscode.commands.executeCommand<string[]>('extruct.muteTask', quiet);
    assert.deepEqual(muted, [quiet]);
    assert.match(String(h.treeItem(quiet).description), /muted/);
    assert.match(String(h.treeItem(quiet).contextValue), /\bmuted\b/);
    assert.match(String(h.treeItem(loud).contextValue), /\baudible\b/);
    await waitFor('saved in the shared list', () => {
      const list = JSON.parse(fs.readFileSync(path.join(h.api.shared.folderPath, 'list.json'), 'utf8')) as {
        tasks: Record<string, { muted?: { value: boolean } }>;
      };
      return list.tasks[quiet]?.muted?.value === true;
    });
    const before = h.shown.length;
    await h.api.scheduler.refresh([quiet, loud]);
    h.fake.advance(11 * MIN);
    await h.api.scheduler.refresh([quiet]);
    await sleep(600);
    h.fake.advance(10 * MIN);
    await h.api.scheduler.refresh([loud]);
    await sleep(600);
    const shown = h.shown.slice(before);
    assert.equal(h.api.store.get(quiet)?.stopped, 'complete');
    assert.deepEqual(shown.filter((m) => /finished/.test(m)).length, 1, shown.join('\n'));
    assert.match(shown.join('\n'), /"Loud one" finished/);
    assert.match(h.api.statusBar.text, /2 finished/, 'the status bar still counts the muted one');
    await vscode.commands.executeCommand('extruct.unmuteTask', quiet);
    assert.doesNotMatch(String(h.treeItem(quiet).description), /muted/);
  });

  test('the tree shows running tasks, then those that need the user, then finished ones (latest first), each in its section, and keeps the order while counters move', async () => {
    const finishedFirst = h.fake.addTask({ query: 'Finished first', durationMs: 2 * MIN });
    const finishedLater = h.fake.addTask({ query: 'Finished later', durationMs: 4 * MIN });
    const running = h.fake.addTask({ query: 'Still running', durationMs: 60 * MIN });
    const missing = '9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
    await h.watch(missing, finishedFirst, running, finishedLater);
    await h.api.scheduler.refresh();
    h.fake.advance(3 * MIN);
    await h.api.scheduler.refresh();
    h.fake.advance(2 * MIN);
    await h.api.scheduler.refresh();
    const tree = h.api.tree;
    const order = () =>
      tree
        .getChildren()
        .map((section) => [
          section.kind === 'section' ? section.group : '',
          ...tree.getChildren(section).map((n) => (n.kind === 'task' ? n.id : '')),
        ]);
    const want = [
      ['running', running],
      ['attention', missing],
      ['finished', finishedLater, finishedFirst],
    ];
    assert.deepEqual(order(), want);
    assert.deepEqual(
      tree.getChildren().map((s) => [tree.getTreeItem(s).label, tree.getTreeItem(s).description]),
      [
        ['Running', '1'],
        ['Needs you', '1'],
        ['Finished', '2'],
      ],
      'each section says how many tasks it holds',
    );
    h.fake.advance(MIN);
    await h.api.scheduler.refresh([running]);
    assert.deepEqual(order(), want, 'counters moved: same order');
  });
});
