/**
 * Task IDs as links in the real extension host, against the fake API in its realistic mode: in the
 * integrated terminal (the official CLI's output line), in a JSON file with a `task_id`, and as a code
 * action; and Watch Task and the clipboard (what is put in, and what never is: test/unit/taskMentions.test.ts).
 *
 * The terminal: VS Code offers no API to hover or click a terminal line, so the test writes the CLI's
 * line into a real terminal and calls the extension's registered provider with that line, as VS Code
 * does when the pointer is over it, then its link's action, as a click does.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TaskTerminalLink } from '../../src/extension/links/taskLinks';
import { createLikeTheCli } from './cli';
import { type Harness, integrationSetup, waitFor } from './helpers';

suite('task IDs are links (realistic fake)', () => {
  let h: Harness;
  suiteSetup(async () => {
    h = await integrationSetup({ realistic: true });
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await h.dispose();
  });
  setup(async () => {
    await h.reset();
  });

  test('a task ID in the CLI’s output in a terminal is a link; its action watches the task', async () => {
    const { id, line } = await createLikeTheCli(h, { query: 'Cold chain logistics in Poland', desired_num_results: 10 });
    const written = new vscode.EventEmitter<string>();
    const terminal = vscode.window.createTerminal({
      name: 'extruct-api',
      pty: {
        onDidWrite: written.event,
        open: () => written.fire(`$ extruct-api deep-search create --payload '{...}'\r\n${line}\r\n`),
        close: () => undefined,
      },
    });
    try {
      const links: TaskTerminalLink[] = h.api.links.provideTerminalLinks({ line, terminal });
      assert.equal(links.length, 1, JSON.stringify(links));
      const link = links[0]!;
      assert.equal(line.slice(link.startIndex, link.startIndex + link.length), id);
      assert.equal(link.taskId, id);
      // The line of the table the task belongs to, or any other UUID, is not a link.
      assert.deepEqual(h.api.links.provideTerminalLinks({ line: `request 0b6d3a52-8d5f-4a39-9c61-2f1f5a7c9e01 done`, terminal }), []);
      h.pick(/^Watch$/);
      await h.api.links.handleTerminalLink(link);
      await waitFor('watched from the terminal link', () => h.api.store.get(id)?.task);
      const menu = h.picks.at(-1)!;
      // Icons are the items' own (iconPath), never `$(…)` in text, which would show as text.
      assert.deepEqual(menu.labels, ['Watch', 'Watch and Open Details', 'Copy Task ID', 'Open in Extruct']);
      assert.equal(menu.title, `Extruct task ${id}`);
    } finally {
      terminal.dispose();
      written.dispose();
    }
  });

  test('a JSON file with a task_id: a document link and the code action "Watch Extruct task"', async () => {
    const { id } = await createLikeTheCli(h, { query: 'Vertical SaaS for dentists', desired_num_results: 10 });
    const content = `{\n  "task_id": "${id}",\n  "table_id": "7f3e2b1a-0c9d-4e8f-a7b6-5c4d3e2f1a0b",\n  "note": "started from a notebook"\n}\n`;
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
    await vscode.window.showTextDocument(doc);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const ours = links.filter((l) => l.target?.scheme === 'command');
    assert.equal(ours.length, 1, JSON.stringify(links.map((l) => [doc.getText(l.range), l.target?.toString()])));
    const link = ours[0]!;
    assert.equal(doc.getText(link.range), id);
    assert.equal(link.target?.path, 'extruct.taskLink');
    const args = JSON.parse(decodeURIComponent(link.target.query)) as string[];
    assert.deepEqual(args, [id]);

    const at = new vscode.Range(link.range.start, link.range.start);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, at);
    const watch = actions.find((a) => a.title === 'Watch Extruct task');
    assert.ok(watch?.command, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(actions.filter((a) => a.title.includes('Extruct')).length, 1, 'one action: the table ID beside it is not a task');
    // Running the link's command (as a click on it does) offers the menu; the code action watches.
    h.pick(/Copy Task ID/);
    await vscode.commands.executeCommand(link.target.path, ...args);
    assert.equal(await vscode.env.clipboard.readText(), id, 'copied');
    const modals = h.modals.length;
    await vscode.commands.executeCommand(watch.command.command, ...(watch.command.arguments as unknown[]));
    await waitFor('watched from the code action', () => h.api.store.has(id));
    assert.equal(h.modals.length, modals, 'the user picked the action: not asked again');
    const after = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, at);
    assert.ok(
      after.some((a) => a.title.startsWith('Open Extruct task')),
      'once watched, it offers its details',
    );
  });

  test('Watch Task and the clipboard: filled in on the desktop; in VS Code for the web the clipboard is not read', async () => {
    const { id } = await createLikeTheCli(h, { query: 'Wind farm operators in Denmark', desired_num_results: 10 });
    await vscode.env.clipboard.writeText(`https://app.extruct.ai/tasks/${id}`);
    // The quick pick the command makes, to read its input as the user sees it.
    const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const create = win.createQuickPick;
    let qp: vscode.QuickPick<vscode.QuickPickItem> | undefined;
    win.createQuickPick = <T extends vscode.QuickPickItem>() => {
      const made = create<T>();
      qp = made;
      return made;
    };
    try {
      const done = vscode.commands.executeCommand('extruct.watchTask');
      if (vscode.env.uiKind === vscode.UIKind.Desktop) {
        await waitFor('the input filled in from the clipboard', () => qp?.value === id);
        assert.match(qp!.title ?? '', /from the clipboard/);
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await done;
        await waitFor('watched', () => h.api.store.has(id));
      } else {
        // A browser shows a permission prompt, or VS Code an error, when a page reads the clipboard unasked.
        await waitFor('the recent tasks loaded', () => qp && !qp.busy);
        assert.equal(qp!.value, '');
        qp!.hide();
        await done;
        assert.equal(h.api.store.has(id), false);
      }
    } finally {
      win.createQuickPick = create;
    }
  });
});
