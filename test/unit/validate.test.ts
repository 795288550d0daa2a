// Property-based tests of the response validator (api/validate.ts) and the lenient JSON parser (api/json.ts).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJsonLenient } from '../../src/core/api/json';
import type { Account, ResultsPage, Task } from '../../src/core/api/types';
import { LIMITS, validateAccount, validateResultsPage, validateTask, validateTaskList } from '../../src/core/api/validate';
import { guardUnhandledRejections } from './support/rejectionGuard';

const RUNS = { numRuns: 100 };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// ---- invariants of accepted values

function assertText(s: unknown, field: string): void {
  assert.equal(typeof s, 'string', field);
  assert.ok((s as string).length <= LIMITS.text, `${field} is capped`);
}
function assertOptText(s: unknown, field: string): void {
  if (s !== null) assertText(s, field);
}
function assertCount(n: unknown, field: string): void {
  assert.ok(typeof n === 'number' && Number.isInteger(n) && n >= 0, `${field} = ${String(n)}`);
}
function assertTextList(list: readonly unknown[] | null, max: number, field: string): void {
  if (list === null) return;
  assert.ok(Array.isArray(list), field);
  assert.ok(list.length <= max, `${field}: ${list.length} > ${max}`);
  list.forEach((s, i) => assertText(s, `${field}[${i}]`));
}

function assertTaskInvariants(t: Task): void {
  assertText(t.id, 'id');
  assert.ok(t.id.length > 0, 'id is not empty');
  assertText(t.status, 'status');
  assert.ok(t.status.length > 0, 'status is not empty');
  for (const f of ['num_results_discovered', 'num_results_enriched', 'num_results_evaluated', 'num_results'] as const) assertCount(t[f], f);
  assert.equal(typeof t.is_exhausted, 'boolean');
  assert.ok(t.desired_num_results === null || Number.isInteger(t.desired_num_results));
  assert.ok(t.auto_data_sources === null || typeof t.auto_data_sources === 'boolean');
  for (const f of ['created_at', 'query', 'table_id'] as const) assertOptText(t[f], f);
  assertTextList(t.data_sources, LIMITS.dataSources, 'data_sources');
  assertTextList(t.exclude_domains, LIMITS.excludeDomains, 'exclude_domains');
  if (t.criteria !== null) {
    assert.ok(t.criteria.length <= LIMITS.criteria);
    for (const c of t.criteria) {
      assertText(c.key, 'criterion.key');
      assert.ok(c.key.length > 0);
      assertText(c.name, 'criterion.name');
      assertText(c.criterion, 'criterion.criterion');
    }
  }
  const keys = Object.keys(t).sort();
  assert.deepEqual(keys, [...TASK_KEYS].sort(), 'exactly the known fields');
}

function assertPageInvariants(p: ResultsPage): void {
  assertTaskInvariants(p.task);
  assert.ok(p.results.length <= LIMITS.rowsPerPage);
  for (const r of p.results) {
    assertText(r.id, 'row.id');
    assert.ok(r.id.length > 0);
    for (const f of [
      'company_name',
      'company_website',
      'company_description',
      'employee_count',
      'hq_country',
      'hq_state_province',
      'hq_city',
      'source',
      'justification',
    ] as const) {
      assertOptText(r[f], f);
    }
    assert.ok(r.relevance === null || Number.isInteger(r.relevance));
    assert.ok(r.founding_year === null || Number.isInteger(r.founding_year));
    assert.equal(Object.getPrototypeOf(r.scores), Object.prototype, 'scores keep a plain prototype');
    const scores = Object.entries(r.scores);
    assert.ok(scores.length <= LIMITS.scoresPerRow);
    for (const [, s] of scores) {
      assert.ok(s.grade === null || (Number.isInteger(s.grade) && s.grade >= 1 && s.grade <= 5));
      assertOptText(s.explanation, 'explanation');
      assertTextList(s.sources, LIMITS.sourcesPerScore, 'sources');
    }
  }
}

function assertAccountInvariants(a: Account): void {
  for (const f of ['user_id', 'email', 'organization_name'] as const) assertOptText(a[f], f);
  assert.ok(a.available_credits === null || Number.isInteger(a.available_credits));
}

// ---- arbitraries

const TASK_KEYS = [
  'id',
  'created_at',
  'status',
  'query',
  'desired_num_results',
  'is_exhausted',
  'num_results_discovered',
  'num_results_enriched',
  'num_results_evaluated',
  'num_results',
  'table_id',
  'auto_data_sources',
  'data_sources',
  'criteria',
  'exclude_domains',
] as const;

/** Any JSON-ish junk, including numbers JSON cannot hold (-0, NaN, ±Infinity) and big strings. */
const junk = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(-0, NaN, Infinity, -Infinity, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, 2.5, '', ' ', '0', 'null', [], {}),
  fc
    .tuple(fc.integer({ min: -2, max: 2 }), fc.constantFrom('x', '😀', 'é'))
    .map(([d, c]) => c.repeat(Math.ceil((LIMITS.text + d) / c.length))),
);

const criterionArb = fc.record(
  {
    key: fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/),
    name: fc.string({ minLength: 1, maxLength: 100 }),
    criterion: fc.string({ minLength: 10, maxLength: 500 }),
  },
  { noNullPrototype: true },
);

/** A valid `DiscoveryTaskOutput`, as the API documents it. */
const validTaskArb = fc.record(
  {
    id: fc.uuid(),
    created_at: fc
      .date({ min: new Date(Date.UTC(2020, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true })
      .map((d) => d.toISOString()),
    status: fc.constantFrom('created', 'in_progress', 'done', 'failed'),
    query: fc.string({ maxLength: 300 }),
    desired_num_results: fc.integer({ min: 1, max: 250 }),
    is_exhausted: fc.boolean(),
    num_results_discovered: fc.nat(100_000),
    num_results_enriched: fc.nat(10_000),
    num_results_evaluated: fc.nat(10_000),
    num_results: fc.nat(250),
    table_id: fc.option(fc.uuid(), { nil: null }),
    auto_data_sources: fc.boolean(),
    data_sources: fc.subarray(['web_search', 'linkedin', 'maps']),
    criteria: fc.array(criterionArb, { maxLength: 8 }),
    exclude_domains: fc.array(fc.domain(), { maxLength: 10 }),
  },
  { noNullPrototype: true },
);

/** Task-shaped objects where each field is either valid or junk, so that many are accepted. */
const mixedTaskArb = fc
  .tuple(
    validTaskArb,
    fc.array(fc.tuple(fc.constantFrom(...TASK_KEYS), junk), { maxLength: 6 }),
    fc.subarray([...TASK_KEYS], { maxLength: 3 }),
  )
  .map(([valid, replaced, removed]) => {
    const o: Record<string, unknown> = { ...valid };
    for (const [k, v] of replaced) o[k] = v;
    const gone = new Set<string>(removed);
    return Object.fromEntries(Object.entries(o).filter(([k]) => !gone.has(k)));
  });

/** Keys that are not fields of the task, including prototype-ish ones. */
const extraKeyArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(TASK_KEYS as readonly string[]).includes(k) && k !== 'results'),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'error', 'failure_reason'),
);

/** An object with extra own properties; `__proto__` is defined as an own property, as JSON.parse would. */
function withExtras(base: Record<string, unknown>, extras: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = { ...base };
  for (const [k, v] of extras) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const rowArb = fc.oneof(
  junk,
  fc.record(
    {
      id: fc.oneof(fc.uuid(), junk),
      company_name: fc.oneof(fc.string(), junk),
      company_website: fc.oneof(fc.webUrl(), junk),
      relevance: fc.oneof(fc.integer({ min: 0, max: 100 }), junk),
      founding_year: fc.oneof(fc.integer({ min: 1800, max: 2030 }), junk),
      src_result_link: fc.oneof(fc.webUrl(), junk),
      justification: fc.oneof(fc.string(), junk),
      scores: fc.oneof(
        junk,
        fc.dictionary(
          fc.oneof(fc.string({ maxLength: 8 }), fc.constant('__proto__')),
          fc.oneof(
            junk,
            fc.record({
              grade: fc.oneof(fc.integer({ min: -2, max: 8 }), junk),
              explanation: junk,
              sources: fc.oneof(fc.array(fc.webUrl(), { maxLength: 60 }), junk),
            }),
          ),
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

// ---- the tests

suite('response validation (property-based)', () => {
  guardUnhandledRejections();

  test('validateTask never throws on arbitrary values; what it accepts meets every invariant', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), mixedTaskArb), (v) => {
        const r = validateTask(v);
        if (r.ok) assertTaskInvariants(r.value);
        else assert.ok(r.reason.length > 0);
      }),
      RUNS,
    );
  });

  test('an accepted task has exactly the id and status sent (when they fit), a rejected one lacks them', () => {
    fc.assert(
      fc.property(mixedTaskArb, (o) => {
        const r = validateTask(o);
        const idOk = typeof o.id === 'string' && o.id.length > 0;
        const statusOk = typeof o.status === 'string' && o.status.length > 0;
        assert.equal(r.ok, idOk && statusOk);
        if (r.ok && (o.id as string).length <= LIMITS.text) assert.equal(r.value.id, o.id);
        if (r.ok && (o.status as string).length <= LIMITS.text) assert.equal(r.value.status, o.status);
      }),
      RUNS,
    );
  });

  test('valid DiscoveryTaskOutput objects round-trip unchanged (also through JSON text)', () => {
    fc.assert(
      fc.property(validTaskArb, (t) => {
        const r = validateTask(t);
        assert.ok(r.ok);
        assert.deepEqual(r.value, t);
        const again = validateTask(JSON.parse(JSON.stringify(r.value)));
        assert.ok(again.ok);
        assert.deepEqual(again.value, r.value, 'validation is idempotent');
      }),
      RUNS,
    );
  });

  test('unknown extra fields are kept apart (also __proto__ and constructor), and change no prototype', () => {
    fc.assert(
      fc.property(validTaskArb, fc.array(fc.tuple(extraKeyArb, fc.jsonValue()), { maxLength: 5 }), (t, extras) => {
        const r = validateTask(withExtras(t, extras));
        assert.ok(r.ok);
        const { extra, ...known } = r.value;
        assert.deepEqual(known, t);
        const keys = [...new Set(extras.map(([k]) => k))].filter((k) => !(k in t) || !Object.hasOwn(t, k));
        assert.deepEqual(Object.keys(extra ?? {}).sort(), keys.sort());
        assert.equal(Object.getPrototypeOf(r.value), Object.prototype);
        if (extra) assert.equal(Object.getPrototypeOf(extra), Object.prototype);
      }),
      RUNS,
    );
    const parsed = JSON.parse(`{"id":"a","status":"done","__proto__":{"is_exhausted":true,"num_results":5}}`) as unknown;
    const r = validateTask(parsed);
    assert.ok(r.ok);
    assert.equal(r.value.is_exhausted, false, 'not read through a hostile __proto__');
    assert.equal(r.value.num_results, 0);
  });

  test('validateTaskList never throws; keeps exactly the items validateTask accepts, in order', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), fc.array(fc.oneof(mixedTaskArb, junk), { maxLength: 20 })), (v) => {
        const r = validateTaskList(v);
        assert.equal(r.ok, Array.isArray(v));
        if (!r.ok) return;
        const expected = (v as unknown[])
          .map(validateTask)
          .filter((x) => x.ok)
          .map((x) => (x as { value: Task }).value);
        assert.deepEqual(r.value, expected);
        r.value.forEach(assertTaskInvariants);
      }),
      RUNS,
    );
  });

  test('validateResultsPage never throws; rows are capped, ids unique-per-position and scores sane', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.anything(),
          fc.tuple(mixedTaskArb, fc.oneof(junk, fc.array(rowArb, { maxLength: 30 }))).map(([t, results]) => ({ ...t, results })),
        ),
        fc.nat(10_000),
        (v, offset) => {
          const r = validateResultsPage(v, offset);
          if (r.ok) assertPageInvariants(r.value);
        },
      ),
      RUNS,
    );
  });

  test('a results page with more rows than the cap, and a "__proto__" score key, stays sane', () => {
    const rows = Array.from({ length: LIMITS.rowsPerPage + 500 }, (_, i) => (i % 2 ? { company_name: `C${i}` } : null));
    const r = validateResultsPage({ id: 'x', status: 'done', results: rows }, 40);
    assert.ok(r.ok);
    assert.equal(r.value.results.length, LIMITS.rowsPerPage / 2);
    assert.equal(r.value.results[0]!.id, 'row-41', 'a row without id gets one from its position');

    const hostile = JSON.parse(
      `{"id":"x","status":"done","results":[{"id":"r1","scores":{"__proto__":{"grade":5,"explanation":"e","sources":[]},"fit":{"grade":4}}}]}`,
    ) as unknown;
    const page = validateResultsPage(hostile, 0);
    assert.ok(page.ok);
    const scores = page.value.results[0]!.scores;
    assert.equal(Object.getPrototypeOf(scores), Object.prototype, 'the prototype of scores is untouched');
    assert.deepEqual(Object.keys(scores).sort(), ['__proto__', 'fit']);
    const own = Object.getOwnPropertyDescriptor(scores, '__proto__')?.value as (typeof scores)[string] | undefined;
    assert.equal(own?.grade, 5);
    assert.equal((JSON.parse(JSON.stringify(scores)) as typeof scores).fit?.grade, 4);
  });

  test('validateAccount never throws; what it accepts meets the invariants', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.anything(),
          fc.record({ user_id: junk, email: junk, available_credits: junk, organization_name: junk }, { requiredKeys: [] }),
        ),
        (v) => {
          const r = validateAccount(v);
          const isObj = typeof v === 'object' && v !== null && !Array.isArray(v);
          assert.equal(r.ok, isObj);
          if (r.ok) assertAccountInvariants(r.value);
        },
      ),
      RUNS,
    );
  });

  test('long strings are cut to the limit, end in "…", and never split a surrogate pair', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.constantFrom('😀', '𝄞', 'é', 'a'), fc.nat(20), (pad, ch, extra) => {
        const s = 'x'.repeat(LIMITS.text - 20 + pad) + ch.repeat(extra + 10);
        const r = validateTask({ id: 'i', status: 's', query: s });
        assert.ok(r.ok);
        const q = r.value.query!;
        assert.ok(q.length <= LIMITS.text);
        if (s.length > LIMITS.text) {
          assert.ok(q.endsWith('…'));
          assert.ok(s.startsWith(q.slice(0, -1)));
        } else assert.equal(q, s);
        assert.ok(!LONE_SURROGATE.test(q), 'no lone surrogate');
      }),
      RUNS,
    );
  });
});

suite('lenient JSON parsing', () => {
  /** Strings without backslashes or quotes, but with raw control characters. */
  const rawText = fc.string({
    unit: fc.oneof(
      fc.constantFrom('\n', '\r', '\t', '\u0000', '\u001f', '\b', 'é', '😀'),
      fc.string({ minLength: 1, maxLength: 1 }).filter((c) => c !== '\\' && c !== '"'),
    ),
    maxLength: 40,
  });

  test('raw control characters inside strings (as the API has sent) are accepted and kept', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), minLength: 1, maxLength: 5 }),
          fc.oneof(rawText, fc.integer(), fc.array(rawText, { maxLength: 3 })),
          { noNullPrototype: true },
        ),
        (obj) => {
          // Serialize, then undo the escaping of control characters inside strings, as a sloppy server would.
          const sloppy = JSON.stringify(obj).replace(
            /\\u00([01][0-9a-f])|\\([nrtbf])/g,
            (_m, hex: string | undefined, esc: string | undefined) =>
              hex !== undefined
                ? String.fromCharCode(parseInt(hex, 16))
                : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[esc!]!,
          );
          const r = parseJsonLenient(sloppy);
          assert.ok(r.ok, sloppy);
          assert.deepEqual(r.value, obj);
        },
      ),
      RUNS,
    );
    const r = parseJsonLenient('{"id":"x","status":"done","query":"line one\nline two\ttab"}');
    assert.ok(r.ok);
    assert.equal((r.value as { query: string }).query, 'line one\nline two\ttab');
    const v = validateTask(r.value);
    assert.ok(v.ok && v.value.query === 'line one\nline two\ttab');
  });

  test('agrees with JSON.parse on valid JSON, and never throws on any text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        const r = parseJsonLenient(text);
        assert.ok(r.ok);
        assert.deepEqual(r.value, JSON.parse(text));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const r = parseJsonLenient(s);
        if (r.ok) {
          let strict: unknown;
          try {
            strict = JSON.parse(s);
          } catch {
            return; // accepted only by the lenient pass
          }
          assert.deepEqual(r.value, strict);
        }
      }),
      RUNS,
    );
  });

  test('still rejects what is not JSON, and escaped characters are left alone', () => {
    for (const bad of ['', '{', '{"a":1', '<html>', '{"a":"x\n', "{'a':1}", 'undefined', '{"a":1}}', '"\\', '"\\\n"']) {
      assert.equal(parseJsonLenient(bad).ok, false, JSON.stringify(bad));
    }
    const r = parseJsonLenient('{"a":"q\\"\n\\\\","b":"\\n"}');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { a: 'q"\n\\', b: '\n' });
  });

  test('deep nesting parses without blowing the stack', () => {
    const n = 100_000;
    assert.ok(parseJsonLenient('['.repeat(n) + ']'.repeat(n)).ok);
    assert.equal(parseJsonLenient('['.repeat(n) + '"\n"' + ']'.repeat(n - 1)).ok, false);
    const lenientDeep = parseJsonLenient('['.repeat(n) + '"a\nb"' + ']'.repeat(n));
    assert.ok(lenientDeep.ok);
  });
});
