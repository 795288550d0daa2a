// Results: paging and de-duplication, sorting, filtering, CSV (RFC 4180 + formula guard) and JSON export.
import assert from 'node:assert/strict';
import type { ApiError, Result } from '../../src/core/api/errors';
import type { ResultRow, ResultsPage, Task } from '../../src/core/api/types';
import { validateResultsPage } from '../../src/core/api/validate';
import { criterionColumns, csvRecords, exportFileName, guardCell, quoteField, toCsv, toJson } from '../../src/core/results/export';
import { parseCsv } from '../support/csv';
import { fetchAllResults, type PageFetcher } from '../../src/core/results/paging';
import { filterRows, nextSort, sortRows, type SortableRow } from '../../src/core/results/sort';

const TASK: Task = {
  id: 'd530c3ad-626c-4d7b-ab15-181d4058e4f8',
  created_at: '2026-03-01T10:00:00Z',
  status: 'done',
  query: 'Freight SaaS, "EU"',
  desired_num_results: 50,
  is_exhausted: false,
  num_results_discovered: 400,
  num_results_enriched: 180,
  num_results_evaluated: 120,
  num_results: 37,
  table_id: null,
  auto_data_sources: true,
  data_sources: ['web_search'],
  criteria: [
    { key: 'has_api', name: 'API Available', criterion: 'Offers a public API' },
    { key: 'eu', name: 'EU based', criterion: 'HQ in the EU' },
  ],
  exclude_domains: [],
};

function row(i: number, extra: Partial<ResultRow> = {}): ResultRow {
  return {
    id: `r${i}`,
    task_id: TASK.id,
    company_name: `Company ${i}`,
    company_website: `c${i}.example`,
    company_description: `Makes thing ${i}`,
    company_full_description: `Company ${i} makes thing ${i}, at length.`,
    company_profile_id: `p${i}`,
    created_at: '2026-03-01T10:05:00.000Z',
    relevance: 100 - i,
    founding_year: 2000 + i,
    employee_count: '11-50',
    hq_country: 'Germany',
    hq_state_province: null,
    hq_city: 'Berlin',
    source: 'web_search',
    justification: null,
    scores: { has_api: { grade: (i % 5) + 1, explanation: `exp ${i}`, sources: [`https://s${i}.example/a`] } },
    ...extra,
  };
}

/** A fake results endpoint over `all` rows; `shift` inserts that many new rows before each later page. */
function fetcher(all: ResultRow[], opts: { shift?: number; failAt?: number; cap?: number } = {}): PageFetcher & { calls: number[] } {
  const rows = [...all];
  const calls: number[] = [];
  const f = ({ offset, limit }: { offset: number; limit: number }): Promise<Result<ResultsPage>> => {
    calls.push(offset);
    if (opts.failAt !== undefined && calls.length === opts.failAt) {
      const error: ApiError = { kind: 'server', status: 500, message: 'HTTP 500' };
      return Promise.resolve({ ok: false, error });
    }
    if (calls.length > 1 && opts.shift) for (let k = 0; k < opts.shift; k++) rows.unshift(row(1000 + calls.length * 10 + k));
    return Promise.resolve({
      ok: true,
      value: { task: TASK, results: rows.slice(offset, offset + Math.min(limit, opts.cap ?? Infinity)) },
    });
  };
  return Object.assign(f, { calls });
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));

suite('results paging', () => {
  test('reads pages of 50, advancing by the rows received, until an empty page', async () => {
    const f = fetcher(rows(120));
    const all = await fetchAllResults(f);
    assert.deepEqual(f.calls, [0, 50, 100, 120]);
    assert.equal(all.rows.length, 120);
    assert.equal(all.pages, 4);
    assert.ok(all.complete);
    assert.equal(all.task?.id, TASK.id);
  });

  test('a server that answers fewer rows than asked (a cap on limit) still gives every row', async () => {
    for (const cap of [50, 20, 7]) {
      const f = fetcher(rows(250), { cap });
      const all = await fetchAllResults(f, { limit: 100 });
      assert.equal(all.rows.length, 250, `cap ${cap}`);
      assert.ok(all.complete);
      assert.equal(f.calls[1], cap, 'the next page starts after the rows received');
    }
  });

  test('no results: one request, no rows', async () => {
    const all = await fetchAllResults(fetcher([]));
    assert.equal(all.rows.length, 0);
    assert.equal(all.pages, 1);
  });

  test('rows that shift into the next page while the task runs are de-duplicated by id', async () => {
    const all = await fetchAllResults(fetcher(rows(250), { shift: 3 }));
    assert.equal(new Set(all.rows.map((r) => r.id)).size, all.rows.length);
    assert.ok(all.duplicates > 0);
    for (let i = 0; i < 250; i++)
      assert.ok(
        all.rows.some((r) => r.id === `r${i}`),
        `r${i} kept`,
      );
  });

  test('an error stops paging and keeps what was read', async () => {
    const all = await fetchAllResults(fetcher(rows(250), { failAt: 2 }));
    assert.equal(all.complete, false);
    assert.equal(all.error?.kind, 'server');
    assert.equal(all.rows.length, 50, 'the first page of 50');
  });

  test('stops at the row cap', async () => {
    const all = await fetchAllResults(fetcher(rows(500)), { limit: 100, maxRows: 200 });
    assert.equal(all.rows.length, 200);
    assert.equal(all.complete, false);
  });

  test('legacy rows without scores pass validation and keep their justification', () => {
    const page = validateResultsPage(
      { ...TASK, results: [{ id: 'x', src_result_title: 'Old Co', src_result_link: 'old.example', justification: 'Because' }] },
      0,
    );
    assert.ok(page.ok);
    const r = page.value.results[0]!;
    assert.equal(r.company_name, 'Old Co');
    assert.equal(r.justification, 'Because');
    assert.deepEqual(r.scores, {});
  });
});

const view = (
  id: string,
  name: string | null,
  relevance: number | null,
  grade?: number | null,
  description: string | null = null,
): SortableRow => ({
  id,
  name,
  website: name ? `${name.toLowerCase()}.com` : null,
  description,
  relevance,
  scores: grade === undefined ? {} : { q: { grade } },
});

suite('results sorting and filtering', () => {
  const list = [
    view('a', 'Beta', 80, 3),
    view('b', 'alpha', 95, 5),
    view('c', null, null),
    view('d', 'Gamma', 80, null),
    view('e', 'Delta', 60, 1),
  ];
  const ids = (xs: readonly SortableRow[]) => xs.map((x) => x.id).join('');

  test('relevance descending and ascending, missing values last, ties stable', () => {
    assert.equal(ids(sortRows(list, { column: 'relevance', direction: 'descending' })), 'badec');
    assert.equal(ids(sortRows(list, { column: 'relevance', direction: 'ascending' })), 'eadbc');
  });

  test('by a criterion grade; rows without that score go last', () => {
    assert.equal(ids(sortRows(list, { column: 'criterion:q', direction: 'descending' })), 'baecd');
    assert.equal(ids(sortRows(list, { column: 'criterion:q', direction: 'ascending' })), 'eabcd');
  });

  test('by name, case-insensitive', () => {
    assert.equal(ids(sortRows(list, { column: 'name', direction: 'ascending' })), 'baedc');
  });

  test('sorting does not change the input', () => {
    const copy = [...list];
    sortRows(list, { column: 'name', direction: 'descending' });
    assert.deepEqual(list, copy);
  });

  test('header clicks: new column best first, same column flips', () => {
    const s = nextSort({ column: 'relevance', direction: 'descending' }, 'criterion:q');
    assert.deepEqual(s, { column: 'criterion:q', direction: 'descending' });
    assert.deepEqual(nextSort(s, 'criterion:q'), { column: 'criterion:q', direction: 'ascending' });
  });

  test('filter matches name, website and description; every word must match', () => {
    const xs = [view('a', 'Matchory', 1, 1, 'Supplier discovery'), view('b', 'Other', 1, 1, 'Freight'), view('c', null, 1)];
    assert.equal(ids(filterRows(xs, 'match')), 'a');
    assert.equal(ids(filterRows(xs, 'other.com')), 'b');
    assert.equal(ids(filterRows(xs, 'SUPPLIER')), 'a');
    assert.equal(ids(filterRows(xs, 'supplier freight')), '');
    assert.equal(ids(filterRows(xs, '  ')), 'abc');
  });
});

suite('CSV and JSON export', () => {
  test('RFC 4180 quoting', () => {
    assert.equal(quoteField('plain'), 'plain');
    assert.equal(quoteField('a,b'), '"a,b"');
    assert.equal(quoteField('say "hi"'), '"say ""hi"""');
    assert.equal(quoteField('two\nlines'), '"two\nlines"');
  });

  test('formula guard on text cells that start with = + - @ (numbers untouched)', () => {
    for (const s of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '=HYPERLINK("http://x")']) assert.equal(guardCell(s), `'${s}`);
    assert.equal(guardCell('safe = fine'), 'safe = fine');
    assert.equal(guardCell(-5), '-5');
    assert.equal(guardCell(null), '');
  });

  test('criteria become columns: grade, explanation and sources per criterion', () => {
    const [header] = csvRecords(TASK, [row(1)]);
    assert.ok(header!.includes('API Available (grade)'));
    assert.ok(header!.includes('EU based (explanation)'));
    assert.deepEqual(
      criterionColumns(TASK, [row(1, { scores: { extra: { grade: 2, explanation: null, sources: [] } } })]).map((c) => c.key),
      ['has_api', 'eu', 'extra'],
    );
  });

  test('CSV parses back to the same records, hostile cells included', () => {
    const hostile = [
      row(1, { company_name: '=cmd|" /C calc"!A0', company_description: 'line1\r\nline2, "quoted"' }),
      row(2, { company_name: '<img src=x onerror=alert(1)>', company_website: null, relevance: null, scores: {} }),
      row(3, { justification: 'legacy, "reason"', scores: {} }),
    ];
    const csv = toCsv(TASK, hostile);
    assert.ok(csv.endsWith('\r\n'));
    const parsed = parseCsv(csv);
    assert.deepEqual(parsed, csvRecords(TASK, hostile));
    assert.equal(parsed[1]![1], `'=cmd|" /C calc"!A0`);
    assert.equal(parsed[2]![4], '');
    assert.equal(parsed[0]!.at(-1), 'justification');
    assert.equal(parsed[3]!.at(-1), 'legacy, "reason"');
  });

  test('JSON export round-trips {task, results} and matches the CSV rows', () => {
    const rs = rows(5);
    const back = JSON.parse(toJson(TASK, rs)) as { task: Task; results: ResultRow[] };
    assert.deepEqual(back, { task: TASK, results: rs });
    const csv = parseCsv(toCsv(TASK, rs));
    assert.deepEqual(
      csv.slice(1).map((r) => r[0]),
      back.results.map((r) => r.id),
    );
    assert.deepEqual(
      csv.slice(1).map((r) => r[1]),
      back.results.map((r) => r.company_name),
    );
  });

  test('file names come from the query', () => {
    assert.equal(exportFileName('Freight SaaS in Europe!', TASK.id, 'csv'), 'freight-saas-in-europe-results.csv');
    assert.equal(exportFileName('../../etc/passwd', TASK.id, 'json'), 'etc-passwd-results.json');
    assert.equal(exportFileName(null, TASK.id, 'csv'), 'extruct-d530c3ad-results.csv');
  });
});
