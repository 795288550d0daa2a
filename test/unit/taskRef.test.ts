import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkBaseUrl } from '../../src/core/input/baseUrl';
import { dashboardUrl, isTaskId, parseTaskRefs, validateTaskRefInput } from '../../src/core/input/taskRef';
import { ID1, ID2 } from './support/tasks';

suite('task ID and URL parsing', () => {
  test('a bare ID, trimmed and lower-cased', () => {
    assert.deepEqual(parseTaskRefs(`  ${ID1.toUpperCase()}  `), { ids: [ID1], invalid: [], tables: [] });
  });

  test('several IDs separated by commas, spaces, semicolons and new lines, without duplicates', () => {
    const r = parseTaskRefs(`${ID1}, ${ID2};\n${ID1}`);
    assert.deepEqual(r.ids, [ID1, ID2]);
    assert.deepEqual(r.invalid, []);
  });

  test('a pasted dashboard URL and a vscode link', () => {
    assert.deepEqual(parseTaskRefs(`https://app.extruct.ai/tasks/${ID1}?tab=results`).ids, [ID1]);
    assert.deepEqual(parseTaskRefs(`vscode://taskwatch-labs.extruct-task-watcher/watch?task=${ID2}`).ids, [ID2]);
  });

  test('pieces that are not IDs are reported', () => {
    const r = parseTaskRefs(`hello ${ID1} 1234`);
    assert.deepEqual(r.ids, [ID1]);
    assert.deepEqual(r.invalid, ['hello', '1234']);
    assert.match(validateTaskRefInput('not-an-id') ?? '', /Not a task ID/);
    assert.match(validateTaskRefInput(`${ID1} junk`) ?? '', /Ignoring "junk"/);
    assert.equal(validateTaskRefInput(ID1), undefined);
    assert.equal(validateTaskRefInput('   '), undefined);
  });

  test('in a link, the ID after /tasks/ is the task, whatever other IDs come first', () => {
    const workspace = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    assert.deepEqual(parseTaskRefs(`https://app.extruct.ai/w/${workspace}/tasks/${ID1}`).ids, [ID1]);
    assert.deepEqual(parseTaskRefs(`https://app.extruct.ai/tables/${workspace}/tasks/${ID2}?from=${ID1}`).ids, [ID2]);
  });

  test('a link to an AI Table is not a task, and says so', () => {
    const r = parseTaskRefs(`https://app.extruct.ai/tables/${ID1}`);
    assert.deepEqual(r.ids, []);
    assert.equal(r.tables.length, 1);
    assert.match(validateTaskRefInput(`https://app.extruct.ai/tables/${ID1}`) ?? '', /AI Table, not .* task/);
  });

  test('what the user typed is shown without markup: a pasted command link stays text', () => {
    const msg = validateTaskRefInput(`${ID1} [x](command:workbench.action.openSettings)`) ?? '';
    assert.doesNotMatch(msg, /\]\(/);
  });

  test('20 000 IDs, and 10 000 of them again, are read well within the test timeout (no quadratic work)', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
    const r = parseTaskRefs([...ids, ...ids.slice(0, 10_000)].join('\n'));
    assert.equal(r.ids.length, 20_000);
    assert.equal(r.ids[19_999], ids[19_999]);
  });

  test('dashboard URL of a task', () => {
    assert.equal(dashboardUrl('https://app.extruct.ai/', ID1), `https://app.extruct.ai/tasks/${ID1}`);
  });

  test('property: any UUID embedded in any text is found, and every result is a valid ID', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string(), fc.string(), (uuid, before, after) => {
        const r = parseTaskRefs(`${before} ${uuid} ${after}`);
        assert.ok(r.ids.includes(uuid.toLowerCase()));
        for (const id of r.ids) assert.ok(isTaskId(id));
      }),
    );
  });

  test('property: parsing never throws and never returns duplicates', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (s) => {
        const r = parseTaskRefs(s);
        assert.equal(new Set(r.ids).size, r.ids.length);
      }),
    );
  });
});

suite('API base URL policy', () => {
  test('https anywhere, without a trailing slash', () => {
    assert.deepEqual(checkBaseUrl('https://api.extruct.ai/'), { ok: true, url: 'https://api.extruct.ai', loopback: false });
    assert.deepEqual(checkBaseUrl('http://localhost:3000/'), { ok: true, url: 'http://localhost:3000', loopback: true });
  });

  test('plain http only to loopback', () => {
    assert.equal(checkBaseUrl('http://127.0.0.1:8080').ok, true);
    assert.equal(checkBaseUrl('http://localhost:3000').ok, true);
    assert.equal(checkBaseUrl('http://[::1]:3000').ok, true);
    const remote = checkBaseUrl('http://api.example.com');
    assert.equal(remote.ok, false);
    assert.match(remote.reason, /https/);
    assert.equal(checkBaseUrl('http://127.0.0.1.evil.com').ok, false);
  });

  test('credentials, queries and other schemes are refused', () => {
    assert.equal(checkBaseUrl('https://user:pw@api.extruct.ai').ok, false);
    assert.equal(checkBaseUrl('https://api.extruct.ai?x=1').ok, false);
    assert.equal(checkBaseUrl('ftp://api.extruct.ai').ok, false);
    assert.equal(checkBaseUrl('not a url').ok, false);
  });
});
