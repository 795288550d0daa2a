// The host↔webview protocol validator (hostile messages included) and the link rules.
import assert from 'node:assert/strict';
import { websiteUrl, safeExternalUrl, locationText } from '../../src/core/results/links';
import { parsePanelState, parseWebviewMessage } from '../../src/protocol/messages';

suite('panel protocol', () => {
  test('accepts every well-formed message', () => {
    for (const type of ['ready', 'refresh', 'copyId', 'openInExtruct', 'stopWatching', 'resume', 'loadResults', 'exportResults']) {
      assert.deepEqual(parseWebviewMessage({ type }), { type });
    }
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', url: 'https://x.example' }), { type: 'openLink', url: 'https://x.example' });
  });

  test('rejects unknown types, extra or wrong fields and non-objects', () => {
    const hostile: unknown[] = [
      null,
      undefined,
      42,
      'ready',
      [],
      [{ type: 'ready' }],
      {},
      { type: 7 },
      { type: 'READY' },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'ready', extra: 1 },
      { type: 'refresh', taskId: 'other' },
      { type: 'openLink' },
      { type: 'openLink', url: 5 },
      { type: 'openLink', url: '' },
      { type: 'openLink', url: 'x'.repeat(3000) },
      { type: 'openLink', url: 'https://a', then: 'x' },
      { type: 'domSnapshot', requestId: 1, html: '', text: '' },
      { type: 'requestDomSnapshot', requestId: 1 },
      { type: '__proto__' },
      { type: 'toString' },
      { type: 'constructor' },
      Object.assign(Object.create({ polluted: true }), { type: 'ready' }),
      new Date(),
    ];
    for (const m of hostile) assert.equal(parseWebviewMessage(m), undefined, `rejected: ${JSON.stringify(m)}`);
    assert.equal(parseWebviewMessage(JSON.parse('{"type":"ready","__proto__":{"x":1}}')), undefined);
  });

  test('panel state holds only a task id', () => {
    assert.deepEqual(parsePanelState({ taskId: 'abc', token: 'secret' }), { taskId: 'abc' });
    assert.equal(parsePanelState({ taskId: 3 }), undefined);
    assert.equal(parsePanelState(null), undefined);
  });
});

suite('links', () => {
  test('only http(s) leaves the editor', () => {
    assert.equal(safeExternalUrl('https://matchory.com/a?b=1'), 'https://matchory.com/a?b=1');
    assert.equal(safeExternalUrl('http://localhost:3000/'), 'http://localhost:3000/');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'command:workbench.action.openSettings',
      'file:///etc/passwd',
      'vscode://extruct/x',
      'data:text/html,<script>',
      'not a url',
      '//evil.example',
      'https://user:pw@evil.example/',
      5,
      null,
    ]) {
      assert.equal(safeExternalUrl(bad), undefined, String(bad));
    }
  });

  test('websites without a scheme get https://', () => {
    assert.equal(websiteUrl('matchory.com'), 'https://matchory.com/');
    assert.equal(websiteUrl('www.matchory.com/about'), 'https://www.matchory.com/about');
    assert.equal(websiteUrl('http://old.example'), 'http://old.example/');
    assert.equal(websiteUrl('javascript:alert(1)'), undefined);
    assert.equal(websiteUrl('not a site'), undefined);
    assert.equal(websiteUrl('localhost'), undefined);
    assert.equal(websiteUrl(null), undefined);
  });

  test('location joins the parts that are set', () => {
    assert.equal(locationText('Berlin', null, 'Germany'), 'Berlin, Germany');
    assert.equal(locationText(null, ' ', null), null);
  });
});
