/**
 * Safe with agents, in the real extension host: commands run with arguments (as another extension, a
 * rendered `command:` link or an agent's "run command" tool could) ask as from the palette before they
 * change the account, spend credits, write a file or watch tasks; and hostile text from the API reaches
 * no surface (tree, tooltip, panel, notification, quick input) with anything hidden or rendered.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { setToken } from '../../src/extension/commands/token';
import { createInputBox } from '../../src/extension/ui/inputs';
import { info } from '../../src/extension/ui/messages';
import { setValidation } from '../../src/extension/ui/text';
import { assertInert, HOSTILE } from '../support/hostile';
import { type Harness, integrationSetup, labelOf, waitFor } from './helpers';

const MIN = 60_000;

suite('safety: borrowed commands and hostile text', () => {
  let h: Harness;
  let tmp: string;

  suiteSetup(async () => {
    h = await integrationSetup();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-safety-'));
  });
  suiteTeardown(async () => {
    await h.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  setup(() => h.reset());

  test('Set API Token never takes the token from its argument in what ships: it asks', async () => {
    const win = vscode.window as { createInputBox: typeof vscode.window.createInputBox };
    const original = win.createInputBox;
    const boxes: vscode.InputBox[] = [];
    win.createInputBox = () => {
      const box = original();
      boxes.push(box);
      return box;
    };
    const before = await h.api.services.token.get();
    try {
      // What the command does in a production build (no test hooks): the argument is ignored.
      const outcome = setToken(h.api.services, 'tok-planted-by-someone-else', false);
      const box = await waitFor('the password box is shown', () => boxes[0]);
      assert.equal(box.password, true);
      assert.equal(box.value, '', 'the argument is not even filled in');
      box.hide();
      assert.equal(await outcome, undefined);
      assert.equal(await h.api.services.token.get(), before, 'the token is unchanged');
    } finally {
      win.createInputBox = original;
    }
  });

  test('Resume Task with a count asks for the count (filled in); Escape spends nothing', async () => {
    const id = await h.doneTask('Resume asked', 20);
    const resumes = () => h.fake.requestCount({ method: 'POST', pathPrefix: `/v1/discovery_tasks/${id}/resume` });
    h.answerInput(/How many more results/, undefined);
    const out = await vscode.commands.executeCommand('extruct.resumeTask', id, 247);
    assert.equal(out, undefined);
    const asked = h.inputs.at(-1)!;
    assert.equal(asked.value, '247', 'the given count, shown to be confirmed');
    assert.match(asked.prompt ?? '', /credits/);
    assert.equal(resumes(), 0, 'nothing was sent');
  });

  test('Export Results with a location always shows the save dialog; cancelled, nothing is written', async () => {
    const id = await h.doneTask('Export asked', 5);
    const target = vscode.Uri.file(path.join(tmp, 'planted.csv'));
    h.answerSave(undefined);
    const out = await vscode.commands.executeCommand('extruct.exportResults', id, target);
    assert.equal(out, undefined);
    assert.equal(h.saves.at(-1)?.defaultUri?.toString(), target.toString(), 'the given location only fills the dialog in');
    assert.equal(fs.existsSync(target.fsPath), false);
  });

  test('Watch Task with IDs asks as a vscode:// link does, and takes at most 20', async () => {
    const a = h.fake.addTask({ query: 'Named from outside', durationMs: 30 * MIN });
    h.answer(/^Watch this Extruct task named by another extension or a command\?$/, undefined);
    assert.equal(await vscode.commands.executeCommand('extruct.watchTask', a), undefined);
    assert.equal(h.api.store.has(a), false, 'declined: nothing added');
    assert.match(h.modals.at(-1)?.detail ?? '', new RegExp(`^${a}\\n\\nEach task is checked with your API token`));
    // A ticket that our own UI did not issue (a forged one, or one for other arguments) changes nothing.
    const forged = h.api.services.tickets.issue('not the same task');
    h.answer(/^Watch this Extruct task named by another extension or a command\?$/, undefined);
    assert.equal(await vscode.commands.executeCommand('extruct.watchTask', a, forged), undefined);
    assert.equal(h.api.store.has(a), false, 'asked again, and declined');
    const many = Array.from({ length: 21 }, (_, i) => `${'0'.repeat(8)}-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const modals = h.modals.length;
    await vscode.commands.executeCommand('extruct.watchTask', many);
    assert.equal(h.modals.length, modals, 'too many: refused without asking');
    await waitFor('it says why', () => h.shown.some((m) => /names 21 tasks; at most 20 may be named at once/.test(m)));
    assert.equal(h.api.store.size, 0);
  });

  test('a hostile task reaches the tree, its tooltip, the panel and notifications inert', async () => {
    const id = await h.addAndWatch({ query: Object.values(HOSTILE).join(' '), durationMs: 30 * MIN });
    await waitFor('answered', () => h.api.store.get(id)?.task);
    const item = h.treeItem(id);
    assertInert(labelOf(item), { oneLine: true });
    assertInert(String(item.description), { oneLine: true });
    const resolved = h.api.tree.resolveTreeItem(item, { kind: 'task', id, group: h.api.tree.layout.sectionOf(id) ?? 'running' });
    const tooltip = resolved.tooltip as vscode.MarkdownString;
    assert.equal(tooltip.isTrusted, false);
    const rendered = tooltip.value.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&$])/g, '$1').replace(/^\$\([a-z-]+\)/gm, '');
    assertInert(rendered);
    await vscode.commands.executeCommand('extruct.openDetails', id);
    const model = await waitFor('the panel has its model', () => h.api.panels.lastModel(id));
    assertInert(model.title, { oneLine: true });
    assertInert(model.query ?? '', { oneLine: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    void info(`Finished: ${HOSTILE.newlineSystem} ${HOSTILE.commandLink}`, HOSTILE.iconSyntax!); // resolves when dismissed
    assertInert(await waitFor('the notification is shown', () => h.shown.find((m) => m.startsWith('Finished: Fintech startups'))), {
      oneLine: true,
    });
  });

  test('quick input text set through the door is inert', () => {
    const box = createInputBox({ title: HOSTILE.tagInstruction!, prompt: HOSTILE.newlineSystem!, placeholder: HOSTILE.commandAutolink! });
    try {
      assert.equal(box.title, 'Acme GmbH');
      assertInert(box.prompt ?? '', { oneLine: true });
      assertInert(box.placeholder ?? '', { oneLine: true });
      setValidation(box, HOSTILE.commandLink);
      const v = box.validationMessage;
      assertInert(typeof v === 'string' ? v : (v?.message ?? ''), { oneLine: true });
    } finally {
      box.dispose();
    }
  });
});
