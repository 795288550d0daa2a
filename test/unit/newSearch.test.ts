// A new Deep Search as the user fills it in (src/core/model/newSearch.ts): each field's rule, the request body, a draft
// from an existing task, where a 422 sends the user back to, and the words for a refusal (createRefusal). The client's
// rules are checked against the fake API's own validator (test/fake-extruct/validate.ts), which follows the API
// document: what the client lets through, the server accepts; what the server refuses, the client refuses first.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { API_ERROR_KINDS, type ApiError, type ApiErrorKind, NO_TOKEN } from '../../src/core/api/errors';
import { createRefusal, planMessage, userMessage } from '../../src/core/format/errorText';
import {
  checkCriterionKey,
  checkCriterionName,
  checkCriterionText,
  checkDesiredResults,
  checkDomains,
  checkDraft,
  checkQuery,
  type CriterionDraft,
  DATA_SOURCES,
  DEFAULT_RESULTS,
  type DraftStep,
  describeDraft,
  draftFromTask,
  EMPTY_DRAFT,
  keyFromName,
  MAX_CRITERIA,
  MAX_RESULTS,
  parseDomains,
  type SearchDraft,
  stepOfField,
  toCreateBody,
} from '../../src/core/model/newSearch';
import { validateCreateBody, type ValidationItem } from '../fake-extruct/validate.js';
import { task } from './support/tasks';

const CRITERION: CriterionDraft = { key: 'has_public_api', name: 'Public API', criterion: 'The company offers a public REST API.' };
const DRAFT: SearchDraft = {
  query: 'Vertical SaaS companies serving freight forwarders in Europe',
  desiredNumResults: 50,
  criteria: [CRITERION],
  dataSources: 'auto',
  excludeDomains: [],
};

/** What the fake API answers to the body `toCreateBody(d)`: undefined when it accepts it, else the 422 detail. */
function serverRefusal(d: SearchDraft): ValidationItem[] | undefined {
  const v = validateCreateBody(JSON.stringify(toCreateBody(d)));
  return v.ok ? undefined : v.detail;
}

const fieldOf = (item: ValidationItem): string => item.loc.join('.');

suite('new search: the rule of each field', () => {
  test('checkQuery: something to search for, at most 2 000 characters (trimmed)', () => {
    for (const empty of ['', '   ', '\n\t']) assert.match(checkQuery(empty) ?? '', /^Describe the companies to find, e\.g\. "/);
    assert.equal(checkQuery('x'), undefined);
    assert.equal(checkQuery(`  ${'q'.repeat(2_000)}  `), undefined, 'the spaces around it do not count');
    assert.match(checkQuery('q'.repeat(2_001)) ?? '', /Shorten the description to 2000 characters \(it has 2001\)/);
  });

  test('checkDesiredResults: a whole number from 1 to 250', () => {
    for (const ok of ['1', '250', ' 100 ', '007']) assert.equal(checkDesiredResults(ok), undefined, ok);
    for (const bad of ['0', '251', '-1', '2.5', '1e2', 'ten', '', ' ', '+5', '9'.repeat(20)]) {
      assert.equal(checkDesiredResults(bad), 'Enter a whole number from 1 to 250.', bad);
    }
  });

  test('checkCriterionKey: starts with a letter, letters/digits/underscores, at most 64, not taken', () => {
    for (const ok of ['a', 'has_public_api', 'B2B_fit', 'x_1_', ` ${'k'.repeat(64)} `])
      assert.equal(checkCriterionKey(ok, []), undefined, ok);
    for (const bad of ['', ' ', '1st', '_private', 'has-api', 'has api', 'héllo', 'key!']) {
      assert.match(checkCriterionKey(bad, []) ?? '', /starts with a letter/, bad);
    }
    assert.match(checkCriterionKey('k'.repeat(65), []) ?? '', /64 characters/);
    assert.match(checkCriterionKey(' has_api ', ['x', 'has_api']) ?? '', /already has the key "has_api"/);
    assert.equal(checkCriterionKey('has_api', ['HAS_API']), undefined, 'keys are case-sensitive');
  });

  test('checkCriterionName: 1 to 100 characters (trimmed)', () => {
    for (const ok of ['x', 'Public API', 'n'.repeat(100), `  ${'n'.repeat(100)}  `]) assert.equal(checkCriterionName(ok), undefined);
    for (const bad of ['', '   ', 'n'.repeat(101)]) assert.match(checkCriterionName(bad) ?? '', /1 to 100 characters/);
  });

  test('checkCriterionText: 10 to 500 characters (trimmed), and says how many it has', () => {
    for (const ok of ['x'.repeat(10), 'x'.repeat(500), '  The company sells to banks.  ']) assert.equal(checkCriterionText(ok), undefined);
    assert.match(checkCriterionText('x'.repeat(9)) ?? '', /10 to 500 characters \(this has 9\)/);
    assert.match(checkCriterionText(`   ${'x'.repeat(9)}   `) ?? '', /this has 9/, 'spaces around it do not count');
    assert.match(checkCriterionText('x'.repeat(501)) ?? '', /this has 501/);
  });

  test('keyFromName: lower-case words joined by underscores, starting with a letter, unique', () => {
    assert.equal(keyFromName('Public API', []), 'public_api');
    assert.equal(keyFromName('  B2B — SaaS fit?! ', []), 'b2b_saas_fit');
    assert.equal(keyFromName('123 Go', []), 'go', 'a key cannot start with a digit');
    assert.equal(keyFromName('Ünïcode name', []), 'n_code_name');
    for (const nothing of ['', '   ', '!!!', '42']) assert.equal(keyFromName(nothing, []), 'criterion', JSON.stringify(nothing));
    assert.equal(keyFromName('Public API', ['public_api']), 'public_api_2');
    assert.equal(keyFromName('Public API', ['public_api', 'public_api_2']), 'public_api_3');
    assert.ok(keyFromName('word '.repeat(30), []).length <= 40);
  });

  test('keyFromName: every key it makes passes checkCriterionKey and the fake API (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.array(fc.constantFrom<string>('criterion', 'a', 'public_api', 'x_2')),
        (name, taken) => {
          const key = keyFromName(name, taken);
          assert.equal(checkCriterionKey(key, taken), undefined, `${JSON.stringify(name)} → ${key}`);
          assert.ok(!taken.includes(key));
          assert.equal(serverRefusal({ ...DRAFT, criteria: [{ ...CRITERION, key }] }), undefined);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('parseDomains: split on commas, semicolons, spaces and new lines; no blanks, no repeats, at most 1 000', () => {
    assert.deepEqual(parseDomains(' acme.com, https://www.acme.com/about;shop.example.co.uk\n\nacme.com\tbeta.io '), [
      'acme.com',
      'https://www.acme.com/about',
      'shop.example.co.uk',
      'beta.io',
    ]);
    assert.deepEqual(parseDomains(''), []);
    assert.deepEqual(parseDomains(' ,; \n'), []);
    assert.equal(parseDomains(Array.from({ length: 1_200 }, (_, i) => `d${i}.com`).join(' ')).length, 1_000);
  });

  test('checkDomains: domains or web addresses only, and names the first that is not', () => {
    assert.equal(checkDomains(''), undefined);
    assert.equal(checkDomains('acme.com, https://www.acme.com/about http://shop.example.co.uk:8080/x?y=1 a-b.io'), undefined);
    assert.match(checkDomains('acme.com localhost beta.io') ?? '', /^"localhost" is not a domain or a web address/);
    assert.match(checkDomains('ftp://acme.com') ?? '', /"ftp:\/\/acme\.com"/);
    assert.match(checkDomains('acme..com') ?? '', /"acme\.\.com"/);
    assert.ok((checkDomains('x'.repeat(200)) ?? '').length < 200, 'a long entry is cut in the message');
  });
});

suite('new search: the request body and the draft', () => {
  test('toCreateBody: trimmed text; criteria, data_sources and exclude_domains only when there are any', () => {
    assert.deepEqual(toCreateBody({ ...EMPTY_DRAFT, query: '  Freight SaaS  ' }), {
      query: 'Freight SaaS',
      desired_num_results: DEFAULT_RESULTS,
      auto_data_sources: true,
    });
    assert.deepEqual(
      toCreateBody({
        query: 'q',
        desiredNumResults: 7,
        criteria: [{ key: ' has_api ', name: ' API ', criterion: '  Offers a public API.  ' }],
        dataSources: ['maps', 'linkedin'],
        excludeDomains: ['acme.com'],
      }),
      {
        query: 'q',
        desired_num_results: 7,
        criteria: [{ key: 'has_api', name: 'API', criterion: 'Offers a public API.' }],
        auto_data_sources: false,
        data_sources: ['maps', 'linkedin'],
        exclude_domains: ['acme.com'],
      },
    );
  });

  test('checkDraft: every rule at once, the criterion named in the message', () => {
    assert.equal(checkDraft(DRAFT), undefined);
    assert.match(checkDraft(EMPTY_DRAFT) ?? '', /^Describe the companies/);
    assert.match(checkDraft({ ...DRAFT, desiredNumResults: 0 }) ?? '', /1 to 250/);
    assert.match(checkDraft({ ...DRAFT, desiredNumResults: 12.5 }) ?? '', /whole number/);
    assert.match(
      checkDraft({ ...DRAFT, criteria: [{ ...CRITERION, criterion: 'short' }] }) ?? '',
      /^Criterion "Public API": Describe what to grade/,
    );
    assert.match(
      checkDraft({ ...DRAFT, criteria: [{ ...CRITERION, name: '' }] }) ?? '',
      /^Criterion "has_public_api": Give the criterion a name/,
    );
    assert.match(
      checkDraft({ ...DRAFT, criteria: [CRITERION, { ...CRITERION, name: 'Again' }] }) ?? '',
      /^Criterion "Again": .*already has the key/,
    );
    assert.match(checkDraft({ ...DRAFT, dataSources: [] }) ?? '', /at least one data source/);
    const many = Array.from({ length: MAX_CRITERIA + 1 }, (_, i) => ({ ...CRITERION, key: `k${i}` }));
    assert.match(checkDraft({ ...DRAFT, criteria: many }) ?? '', /at most 10 criteria/);
    assert.equal(checkDraft({ ...DRAFT, criteria: many.slice(0, MAX_CRITERIA) }), undefined);
    assert.match(checkDraft({ ...DRAFT, excludeDomains: ['acme.com', 'nope'] }) ?? '', /"nope" is not a domain/);
  });

  test('draftFromTask: query, target, criteria, sources and exclusions of the task', () => {
    const d = draftFromTask(
      task({ auto_data_sources: false, data_sources: ['maps', 'extruct_db'], exclude_domains: ['acme.com'], desired_num_results: 40 }),
    );
    assert.deepEqual(d, {
      query: 'Vertical SaaS for freight forwarders',
      desiredNumResults: 40,
      criteria: [{ key: 'has_api', name: 'API', criterion: 'Company offers a public API' }],
      dataSources: ['maps'],
      excludeDomains: ['acme.com'],
    });
    assert.equal(draftFromTask(task()).dataSources, 'auto', 'auto_data_sources true: Extruct chooses again');
    assert.equal(draftFromTask(task({ auto_data_sources: false, data_sources: ['extruct_db'] })).dataSources, 'auto', 'no source it knows');
    assert.equal(draftFromTask(task({ auto_data_sources: null, data_sources: ['maps'] })).dataSources, 'auto');
  });

  test('draftFromTask: missing or out-of-range values become the defaults (and a valid body)', () => {
    const bare = draftFromTask(
      task({ query: null, desired_num_results: null, criteria: null, data_sources: null, auto_data_sources: null, exclude_domains: null }),
    );
    assert.deepEqual(bare, { query: '', desiredNumResults: DEFAULT_RESULTS, criteria: [], dataSources: 'auto', excludeDomains: [] });
    assert.equal(draftFromTask(task({ desired_num_results: 0 })).desiredNumResults, 1);
    assert.equal(draftFromTask(task({ desired_num_results: 900 })).desiredNumResults, MAX_RESULTS);
    const again = draftFromTask(task({ desired_num_results: 900, auto_data_sources: false, data_sources: ['web_search'] }));
    assert.equal(checkDraft(again), undefined);
    assert.equal(serverRefusal(again), undefined, '"Run Again With Changes" as it comes is accepted');
  });

  test('stepOfField: a 422 field path leads back to the step that asks for it', () => {
    const cases: Array<[string, DraftStep | undefined]> = [
      ['body.query', 'query'],
      ['query', 'query'],
      ['body.desired_num_results', 'results'],
      ['body.criteria', 'criteria'],
      ['body.criteria.0.criterion', 'criteria'],
      ['body.criteria.3.key', 'criteria'],
      ['body.auto_data_sources', 'sources'],
      ['body.data_sources.1', 'sources'],
      ['body.exclude_domains.0', 'domains'],
      ['body.exclude_task_ids.0', undefined],
      ['body.table.id', undefined],
      ['body.0', undefined],
      ['', undefined],
    ];
    for (const [field, step] of cases) assert.equal(stepOfField(field), step, field);
  });

  test('describeDraft: one line per step, in words', () => {
    assert.deepEqual(
      describeDraft({ ...DRAFT, query: '  Freight SaaS ', dataSources: ['web_search', 'maps'], excludeDomains: ['acme.com', 'b.io'] }),
      [
        'Query: Freight SaaS',
        'Results wanted: 50 high-fit',
        'Criteria: Public API',
        'Data sources: Web search, Maps',
        'Excluded domains: acme.com, b.io',
      ],
    );
    assert.deepEqual(describeDraft(EMPTY_DRAFT).slice(2), [
      'Criteria: generated by Extruct from the query',
      'Data sources: chosen by Extruct',
      'Excluded domains: none',
    ]);
  });
});

suite('new search: the client-side rules and the fake API agree', () => {
  test("drafts that pass checkDraft are accepted by the fake's validator, at every boundary", () => {
    const drafts: SearchDraft[] = [
      DRAFT,
      { ...EMPTY_DRAFT, query: 'x' },
      { ...DRAFT, desiredNumResults: 1 },
      { ...DRAFT, desiredNumResults: MAX_RESULTS },
      { ...DRAFT, criteria: [{ key: 'a', name: 'n', criterion: 'x'.repeat(10) }] },
      { ...DRAFT, criteria: [{ key: 'k'.repeat(64), name: 'n'.repeat(100), criterion: 'x'.repeat(500) }] },
      { ...DRAFT, criteria: [{ key: ' padded_key ', name: '  padded  ', criterion: `  ${'x'.repeat(10)}  ` }] },
      { ...DRAFT, criteria: Array.from({ length: MAX_CRITERIA }, (_, i) => ({ ...CRITERION, key: `c_${i}` })) },
      { ...DRAFT, dataSources: [...DATA_SOURCES] },
      { ...DRAFT, dataSources: ['linkedin'] },
      { ...DRAFT, excludeDomains: ['acme.com', 'https://www.Acme.com/about', 'shop.example.co.uk'] },
    ];
    for (const d of drafts) {
      assert.equal(checkDraft(d), undefined, JSON.stringify(d).slice(0, 200));
      assert.deepEqual(serverRefusal(d), undefined, JSON.stringify(d).slice(0, 200));
    }
  });

  test('what the fake refuses, a client rule refuses first, and the 422 field leads to the same step', () => {
    const cases: Array<{ what: string; draft: SearchDraft; check: string | undefined; field: string; step: DraftStep | undefined }> = [
      { what: 'no query', draft: { ...DRAFT, query: '   ' }, check: checkQuery('   '), field: 'body.query', step: 'query' },
      {
        what: '0 results',
        draft: { ...DRAFT, desiredNumResults: 0 },
        check: checkDesiredResults('0'),
        field: 'body.desired_num_results',
        step: 'results',
      },
      {
        what: '251 results',
        draft: { ...DRAFT, desiredNumResults: 251 },
        check: checkDesiredResults('251'),
        field: 'body.desired_num_results',
        step: 'results',
      },
      {
        what: 'a key starting with a digit',
        draft: { ...DRAFT, criteria: [{ ...CRITERION, key: '1st_choice' }] },
        check: checkCriterionKey('1st_choice', []),
        field: 'body.criteria.0.key',
        step: 'criteria',
      },
      {
        what: 'a key with a hyphen',
        draft: { ...DRAFT, criteria: [{ ...CRITERION, key: 'has-api' }] },
        check: checkCriterionKey('has-api', []),
        field: 'body.criteria.0.key',
        step: 'criteria',
      },
      {
        what: 'an empty name',
        draft: { ...DRAFT, criteria: [{ ...CRITERION, name: ' ' }] },
        check: checkCriterionName(' '),
        field: 'body.criteria.0.name',
        step: 'criteria',
      },
      {
        what: 'a 101-character name',
        draft: { ...DRAFT, criteria: [{ ...CRITERION, name: 'n'.repeat(101) }] },
        check: checkCriterionName('n'.repeat(101)),
        field: 'body.criteria.0.name',
        step: 'criteria',
      },
      {
        what: 'a 9-character criterion',
        draft: { ...DRAFT, criteria: [{ ...CRITERION, criterion: 'Sells API' }] },
        check: checkCriterionText('Sells API'),
        field: 'body.criteria.0.criterion',
        step: 'criteria',
      },
      {
        what: 'a 501-character criterion',
        draft: { ...DRAFT, criteria: [{ ...CRITERION, criterion: 'x'.repeat(501) }] },
        check: checkCriterionText('x'.repeat(501)),
        field: 'body.criteria.0.criterion',
        step: 'criteria',
      },
      {
        what: 'the same key twice',
        draft: { ...DRAFT, criteria: [CRITERION, { ...CRITERION, name: 'Other' }] },
        check: checkCriterionKey(CRITERION.key, [CRITERION.key]),
        field: 'body.criteria',
        step: 'criteria',
      },
      // A model-level rule: FastAPI names the whole body, so stepOfField cannot place it; checkDraft catches it first.
      {
        what: 'manual sources, none chosen',
        draft: { ...DRAFT, dataSources: [] },
        check: checkDraft({ ...DRAFT, dataSources: [] }),
        field: 'body',
        step: undefined,
      },
    ];
    for (const c of cases) {
      assert.ok(c.check, `${c.what}: the field's own check refuses it`);
      assert.ok(checkDraft(c.draft), `${c.what}: checkDraft refuses it`);
      const refused = serverRefusal(c.draft);
      assert.ok(refused, `${c.what}: the fake refuses it too`);
      assert.deepEqual(refused.map(fieldOf), [c.field], c.what);
      assert.equal(stepOfField(c.field), c.step, c.what);
    }
  });

  test('property: any draft that passes checkDraft is accepted by the fake (text without astral characters)', () => {
    // Characters of the Basic Multilingual Plane only: there String.length (the client) and Python's len() (the
    // server) agree. Lengths are drawn around each boundary.
    const chars = fc.constantFrom('a', 'Z', '7', '_', '-', ' ', 'é', 'ß', '中', '\t');
    const visible = fc.constantFrom('a', 'Z', '7', '_', '-', 'é', 'ß', '中');
    const valid = (min: number, max: number): fc.Arbitrary<string> =>
      fc.integer({ min, max }).chain((n) => fc.string({ unit: visible, minLength: n, maxLength: n }));
    const text = (min: number, max: number): fc.Arbitrary<string> =>
      fc.oneof(
        { arbitrary: valid(min, Math.min(max, min + 40)), weight: 6 },
        { arbitrary: fc.string({ unit: chars, maxLength: max + 3 }), weight: 1 },
        {
          arbitrary: fc
            .tuple(fc.integer({ min: Math.max(0, min - 2), max: min + 2 }), fc.constantFrom('x', 'é', ' '))
            .map(([n, ch]) => ch.repeat(n)),
          weight: 1,
        },
        {
          arbitrary: fc.tuple(fc.integer({ min: max - 2, max: max + 2 }), fc.constantFrom('x', 'é')).map(([n, ch]) => ch.repeat(n)),
          weight: 1,
        },
      );
    const key = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,12}$/), weight: 6 },
      { arbitrary: fc.string({ unit: fc.constantFrom('a', 'B', '3', '_', '-', ' '), maxLength: 8 }), weight: 1 },
      { arbitrary: fc.constantFrom('1st', 'k'.repeat(64), 'k'.repeat(65), ' padded '), weight: 1 },
    );
    const criterion = fc.record({ key, name: text(1, 100), criterion: text(10, 500) });
    const draft = fc.record({
      query: fc.oneof(fc.string({ unit: chars, maxLength: 30 }), fc.constant('  ')),
      desiredNumResults: fc.oneof(fc.integer({ min: -3, max: 260 }), fc.constantFrom(1, 250, 2.5)),
      criteria: fc.oneof(
        { arbitrary: fc.array(criterion, { maxLength: 2 }), weight: 3 },
        { arbitrary: fc.array(criterion, { maxLength: 12 }), weight: 1 },
      ),
      dataSources: fc.oneof(fc.constant('auto' as const), fc.subarray([...DATA_SOURCES])),
      excludeDomains: fc.array(fc.constantFrom('acme.com', 'https://www.acme.com/about', 'shop.example.co.uk', 'x', 'not a domain'), {
        maxLength: 2,
      }),
    });
    let accepted = 0;
    fc.assert(
      fc.property(draft, (d) => {
        const client = checkDraft(d);
        const server = serverRefusal(d);
        if (client === undefined) {
          accepted++;
          assert.equal(server, undefined, `the client accepts, the fake refuses: ${JSON.stringify(server)}`);
        }
        if (server !== undefined) assert.ok(client, 'the fake refuses, so the client must');
      }),
      { numRuns: 1_000 },
    );
    assert.ok(accepted > 40, `enough accepted drafts to mean something (${accepted})`);
  });
});

suite('new search: createRefusal, why a search did not start', () => {
  const err = (kind: ApiErrorKind, over: Partial<ApiError> = {}): ApiError => ({ kind, message: `HTTP ${over.status ?? 0}`, ...over });

  test('402: the plan message for each documented reason', () => {
    for (const reason of ['plan_required', 'payment_failed', 'insufficient_credits', undefined]) {
      const e = err('plan', { status: 402, ...(reason ? { detail: reason } : {}) });
      assert.equal(createRefusal(e), planMessage(reason));
    }
    assert.match(createRefusal(err('plan', { detail: 'insufficient_credits' })), /out of credits.*Top up/);
  });

  test('422: the server detail, and the field to fix when the caller names it', () => {
    const e = err('validation', {
      status: 422,
      detail: 'String should have at least 10 characters',
      fields: ['body.criteria.0.criterion'],
    });
    assert.equal(
      createRefusal(e, 'criterion text'),
      'Extruct refused the search (HTTP 422: String should have at least 10 characters). Fix the criterion text and start it again.',
    );
    assert.equal(
      createRefusal(err('validation', { status: 422 })),
      'Extruct refused the search (HTTP 422). Check the values and start it again.',
    );
  });

  test('400, timeout, network and server say whether the search may have started', () => {
    assert.match(
      createRefusal(err('bad-request', { status: 400, detail: 'Too many exclusions' })),
      /^Extruct refused the search \(HTTP 400: Too many exclusions\)/,
    );
    assert.match(createRefusal(err('bad-request', { status: 400 })), /^Extruct refused the search \(HTTP 400\)\. /);
    assert.match(
      createRefusal(err('timeout', { message: 'no answer within 30 s' })),
      /may or may not have started.*before starting it again/,
    );
    assert.match(
      createRefusal(err('network', { message: 'the connection was refused' })),
      /\(the connection was refused\), so nothing was started/,
    );
    assert.match(createRefusal(err('server', { status: 503 })), /HTTP 503.*probably not started/);
    assert.match(createRefusal(err('server')), /HTTP 5xx/);
  });

  test('auth and 429 are worded as everywhere else; anything else names the failure', () => {
    for (const e of [err('auth', { status: 401 }), err('auth', { detail: NO_TOKEN }), err('rate-limited', { retryAfterMs: 5_000 })]) {
      assert.equal(createRefusal(e), userMessage(e, 'the new search'));
    }
    assert.match(
      createRefusal(err('malformed', { message: 'Unexpected response: x.' })),
      /^Starting the search failed: Unexpected response: x\./,
    );
  });

  test('every kind: at least two sentences, never "undefined" or "null"', () => {
    const kinds = API_ERROR_KINDS;
    for (const kind of kinds) {
      for (const m of [createRefusal(err(kind)), createRefusal(err(kind), 'query')]) {
        assert.ok(m.split('. ').length >= 2, `${kind}: ${m}`);
        assert.ok(!/undefined|null/.test(m), `${kind}: ${m}`);
      }
    }
  });
});
