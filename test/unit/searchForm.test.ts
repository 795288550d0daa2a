// The "New Deep Search" form's steps (src/core/input/searchForm.ts), driven by scripted answers: back
// navigation keeps every value, the summary jumps to a field and back, criteria are added, changed and
// removed, a server problem is shown on its step, Escape cancels.
import assert from 'node:assert/strict';
import { BACK, type InputOptions, type PickOptions, editDraft } from '../../src/core/input/searchForm';
import { EMPTY_DRAFT, type SearchDraft } from '../../src/core/model/newSearch';
import { type Script, ScriptedPrompter } from '../support/scriptedPrompter';

const QUERY = 'Vertical SaaS companies serving freight forwarders in Europe';

suite('new Deep Search form', () => {
  test('the steps in order, with "step n of 6", then the summary', async () => {
    const p = new ScriptedPrompter([
      QUERY,
      '50',
      { pick: 'Let Extruct write' },
      { pickMany: ['LinkedIn', 'Maps'] },
      'acme.com, https://www.example.org/about',
      { pick: 'Start' },
    ]);
    const d = await editDraft(p, 'New Deep Search', EMPTY_DRAFT);
    assert.deepEqual(d, {
      query: QUERY,
      desiredNumResults: 50,
      criteria: [],
      dataSources: ['linkedin', 'maps'],
      excludeDomains: ['acme.com', 'https://www.example.org/about'],
    } satisfies SearchDraft);
    assert.deepEqual(
      p.seen.map((s) => s.o.step),
      [1, 2, 3, 4, 5, 6],
    );
    assert.ok(p.seen.every((s) => s.o.totalSteps === 6));
    assert.equal((p.seen[0]?.o as InputOptions).value, '', 'an empty query to start with');
    assert.equal((p.seen[1]?.o as InputOptions).value, '100', 'the default number of results');
    assert.ok(p.done);
  });

  test('Back keeps what was typed, on every step', async () => {
    const p = new ScriptedPrompter([
      QUERY,
      '25',
      BACK,
      BACK,
      `${QUERY}, not in France`,
      '30',
      BACK,
      '35',
      { pick: 'Let Extruct write' },
      { pickMany: [] },
      '',
      { pick: 'Start' },
    ]);
    const d = await editDraft(p, 'New Deep Search', EMPTY_DRAFT);
    assert.equal(d?.query, `${QUERY}, not in France`);
    assert.equal(d.desiredNumResults, 35);
    assert.equal(d.dataSources, 'auto', 'no source picked: Extruct chooses');
    assert.deepEqual(d.excludeDomains, []);
    const inputs = p.seen.filter((s) => s.kind === 'input').map((s) => s.o.value);
    assert.deepEqual(inputs, ['', '100', '25', QUERY, '25', '30', ''], 'each step shows what was typed there last');
  });

  test('text typed and left with Back is there again on return, and counts only once accepted', async () => {
    const p = new ScriptedPrompter([
      QUERY,
      { back: '4x' },
      { back: 'half-typed query' },
      QUERY,
      '40',
      { pick: 'Let Extruct write' },
      { pickMany: [] },
      '',
      { pick: 'Start' },
    ]);
    const d = await editDraft(p, 'New Deep Search', EMPTY_DRAFT);
    const values = p.seen.filter((s) => s.kind === 'input').map((s) => s.o.value);
    assert.deepEqual(values.slice(0, 5), ['', '100', QUERY, 'half-typed query', '4x']);
    assert.equal(d?.desiredNumResults, 40);
  });

  test('criteria: add two, change one, remove one; keys follow the names and stay unique', async () => {
    const p = new ScriptedPrompter([
      QUERY,
      '100',
      { pick: 'Add a criterion' },
      'Public API',
      'The company offers a public REST API',
      { pick: 'Add a criterion' },
      'Public API',
      'The API is documented on the website',
      { pick: 'Public API' }, // the first: change its text
      'Public API',
      'The company offers a public REST or GraphQL API',
      { button: 'Public API / Remove this criterion' },
      { pick: 'Use this criterion' },
      { pickMany: [] },
      '',
      { pick: 'Start' },
    ]);
    const d = await editDraft(p, 'New Deep Search', EMPTY_DRAFT);
    assert.deepEqual(d?.criteria, [{ key: 'public_api_2', name: 'Public API', criterion: 'The API is documented on the website' }]);
  });

  test('from the summary, a change goes back to the summary; Back there returns to the last step', async () => {
    const start: SearchDraft = { ...EMPTY_DRAFT, query: QUERY };
    const p = new ScriptedPrompter([{ pick: 'Results wanted' }, '200', { pick: 'Query' }, BACK, BACK, '', { pick: 'Start' }]);
    const d = await editDraft(p, 'Run Again', start, 'summary');
    assert.equal(d?.desiredNumResults, 200);
    assert.equal(d.query, QUERY, 'Back from a field opened from the summary keeps its value');
    assert.deepEqual(
      p.seen.map((s) => s.o.step),
      [6, 2, 6, 1, 6, 5, 6],
    );
  });

  test('a problem from the server is shown on the step it concerns, once', async () => {
    const start: SearchDraft = { ...EMPTY_DRAFT, query: QUERY };
    const p = new ScriptedPrompter(['20', { pick: 'Let Extruct write' }, { pickMany: [] }, '', { pick: 'Start' }]);
    await editDraft(p, 'New Deep Search', start, 'results', 'Extruct refused the search (HTTP 422). Fix the number of results.');
    assert.match((p.seen[0]?.o as InputOptions).problem ?? '', /HTTP 422/);
    assert.ok(p.seen.slice(1).every((s) => s.o.problem === undefined));
  });

  test('Escape on any step cancels the whole form', async () => {
    for (let cancelAt = 0; cancelAt < 6; cancelAt++) {
      const answers: Script[] = [QUERY, '10', { pick: 'Let Extruct write' }, { pickMany: [] }, '', { pick: 'Start' }];
      answers[cancelAt] = undefined;
      const p = new ScriptedPrompter(answers.slice(0, cancelAt + 1));
      assert.equal(await editDraft(p, 'New Deep Search', EMPTY_DRAFT), undefined, `cancelled at step ${cancelAt + 1}`);
    }
  });

  test('text from a task shown in the summary cannot become an icon or a link', async () => {
    const start: SearchDraft = { ...EMPTY_DRAFT, query: '$(alert) [x](command:workbench.action.terminal.new)' };
    const p = new ScriptedPrompter([{ pick: 'Start' }]);
    await editDraft(p, 'Run Again', start, 'summary');
    const labels = (p.seen[0]?.o as PickOptions<unknown>).items.map((i) => i.label).join('\n');
    assert.doesNotMatch(labels, /\$\(alert\)|\]\(command:/);
  });
});
