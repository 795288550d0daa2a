// Text from outside never turns into markup where VS Code renders it (src/core/format/plain.ts).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { plain } from '../../src/core/format/plain';
import { escapeMarkdown, taskTooltip } from '../../src/core/format/text';
import { Announcer } from '../../src/core/notify/announcer';
import type { Notice } from '../../src/core/sync/message';
import { TaskStore } from '../../src/core/store/taskStore';
import { FakeClock } from './support/fakeClock';
import { ID1, task } from './support/tasks';

/** What VS Code's notification renderer turns into a link (its parseLinkedText pattern). */
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** What quick picks, titles and labels render as an icon. */
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/;

suite('untrusted text', () => {
  test('a command link and an icon in a query are neutralised, and read the same', () => {
    const evil = '[Open](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20x%7Csh%5Cn%22%7D) $(bug) [a] (b)';
    const safe = plain(evil);
    assert.equal(safe.match(LINK), null);
    assert.doesNotMatch(safe, ICON);
    assert.equal(safe.replace(/\u200b/g, ''), evil, 'only zero-width spaces were added');
    assert.equal(plain(safe), safe, 'idempotent');
  });

  test('property: no string gets a link or an icon through', () => {
    const piece = fc.oneof(fc.constantFrom('[', ']', '(', ')', '$', ' ', 'command:', 'https://x', 'a', '\n'), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const safe = plain(parts.join(''));
        assert.equal(safe.match(LINK), null, safe);
        assert.doesNotMatch(safe, ICON);
      }),
    );
  });

  test('tooltips escape Markdown, icons included', () => {
    assert.equal(escapeMarkdown('$(bug) [x](command:y)'), '\\$\\(bug\\) \\[x\\]\\(command:y\\)');
    const store = new TaskStore();
    store.add([ID1], 0);
    store.recordSuccess(ID1, task({ query: '$(bug) [x](command:y)' }), 1);
    const md = taskTooltip(store.get(ID1)!, false, 2);
    assert.doesNotMatch(md.replace(/\\[$()[\]]/g, ''), /\$\(bug\)|\]\(command/);
  });

  test('the notices of a completion and of an error carry no link, whatever the query and the server said', async () => {
    const clock = new FakeClock();
    const store = new TaskStore();
    const notices: Notice[] = [];
    const announcer = new Announcer({
      store,
      clock,
      level: () => 'all',
      log: { info: () => undefined, warn: () => undefined },
      route: (n) => notices.push(n),
    });
    const query = '[Open](command:workbench.action.openSettings)';
    store.add([ID1], clock.now());
    store.recordSuccess(ID1, task({ query }), clock.now());
    store.recordError(ID1, { kind: 'plan', status: 402, message: 'HTTP 402', detail: '[pay](command:evil) $(credit-card)' }, clock.now());
    store.recordSuccess(ID1, task({ query, status: 'done' }), clock.now());
    await clock.advance(1_000);
    assert.equal(notices.length, 2);
    for (const n of notices) {
      assert.equal(n.text.match(LINK), null, n.text);
      assert.doesNotMatch(n.text, ICON);
    }
    announcer.dispose();
  });
});
