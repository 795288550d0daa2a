// The fake Extruct API's realistic mode: wire-format quirks through the HTTP server, time behaviour through the model.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { ManualClock } from '../fake-extruct/clock.js';
import {
  DEFAULT_REALISTIC_RESUME_LAG_MS,
  formatTimestamp,
  REALISTIC_MAX_LIMIT,
  startFakeExtruct,
  TAIL_STEPS,
  traitsFor,
  type FakeExtruct,
} from '../fake-extruct/index.js';
import { FakeModel } from '../fake-extruct/model.js';
import type {
  DiscoveryTaskWire,
  RealisticResultsWire,
  RealisticRowWire,
  RealisticTaskWire,
  ResultRowWire,
  TaskProfile,
} from '../fake-extruct/types.js';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const MIN = 60_000;
const DOCUMENTED_ROW_FIELDS = [
  'id',
  'task_id',
  'company_name',
  'company_description',
  'company_website',
  'relevance',
  'created_at',
  'company_profile_id',
  'source',
  'scores',
  'founding_year',
  'employee_count',
  'hq_country',
  'hq_state_province',
  'hq_city',
  'company_full_description',
].sort();
const COUNTER_FIELDS = ['num_results_discovered', 'num_results_enriched', 'num_results_evaluated', 'num_results'] as const;
const TIMESTAMP_SHAPES: Record<string, RegExp> = {
  z: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/,
  micro: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/,
  offset: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+00:00$/,
  naive: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?$/,
};

/** The server means UTC when it sends no offset at all. */
const parseUtc = (s: string): number => Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(s) ? s : `${s}Z`);
const styleOf = (s: string): string | undefined => Object.keys(TIMESTAMP_SHAPES).find((k) => TIMESTAMP_SHAPES[k]?.test(s));

function modelAt(realistic = true): { model: FakeModel; clock: ManualClock } {
  const clock = new ManualClock(T0);
  return { model: new FakeModel({ now: clock.now, realistic }), clock };
}

const snap = (model: FakeModel, id: string, at: number): DiscoveryTaskWire => {
  const s = model.snapshot(id, at);
  assert.ok(s, 'task exists');
  return s;
};

function assertOrdered(s: DiscoveryTaskWire): void {
  assert.ok(s.num_results_discovered >= s.num_results_enriched, `discovered ≥ enriched: ${JSON.stringify(s)}`);
  assert.ok(s.num_results_enriched >= s.num_results_evaluated, `enriched ≥ evaluated: ${JSON.stringify(s)}`);
  assert.ok(s.num_results_evaluated >= s.num_results, `evaluated ≥ num_results: ${JSON.stringify(s)}`);
  assert.ok(s.num_results >= 0 && s.num_results <= s.desired_num_results, 'num_results within 0..desired');
}

function assertNotDecreasing(prev: DiscoveryTaskWire, s: DiscoveryTaskWire): void {
  for (const k of COUNTER_FIELDS) assert.ok(s[k] >= prev[k], `${k} never decreases: ${prev[k]} → ${s[k]}`);
  assert.ok(s.is_exhausted || !prev.is_exhausted, 'is_exhausted stays true');
}

suite('fake-extruct realistic mode', () => {
  let fake: FakeExtruct;

  setup(async () => {
    fake = await startFakeExtruct({ speed: 0, startAt: T0, realistic: true });
  });

  teardown(async () => {
    await fake.close();
  });

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(fake.url + path, { headers: { Authorization: `Bearer ${fake.token}` } });
    return { status: res.status, body: await res.json() };
  }

  async function post(path: string, body: unknown, auth = true): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      ...(auth ? { Authorization: `Bearer ${fake.token}` } : {}),
    };
    const res = await fetch(fake.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  // The shapes the fake renders in realistic mode (the tests check the details): assumed, not validated.
  const getTask = async (id: string): Promise<RealisticTaskWire> => (await get(`/v1/discovery_tasks/${id}`)).body as RealisticTaskWire;
  /** The task list; `query` is e.g. `?offset=0&limit=50`. */
  const listTasks = async (query = ''): Promise<RealisticTaskWire[]> =>
    (await get(`/v1/discovery_tasks${query}`)).body as RealisticTaskWire[];
  const getResults = async (id: string, query = ''): Promise<RealisticResultsWire> =>
    (await get(`/v1/discovery_tasks/${id}/results${query}`)).body as RealisticResultsWire;

  /** `n` tasks with ids task-0 … task-(n-1), created i minutes ago, still in their created phase at T0 unless said. */
  const addTasks = (n: number, extra: Partial<TaskProfile> = {}): string[] =>
    Array.from({ length: n }, (_, i) =>
      fake.addTask({ id: `task-${i}`, query: `q${i}`, ageMs: i * MIN, createdPhaseMs: 10 * MIN * (n + 1), ...extra }),
    );

  suite('1. nulls and missing optional fields', () => {
    test('a share of tasks omit table_id/exclude_domains/data_sources together; some null auto_data_sources and criteria', async () => {
      const ids = addTasks(60);
      const tasks = await Promise.all(ids.map(getTask));
      const omitted = tasks.filter((t) => !('table_id' in t));
      for (const t of tasks) {
        assert.equal('exclude_domains' in t, 'table_id' in t, 'the three optional fields go together');
        assert.equal('data_sources' in t, 'table_id' in t);
        for (const k of [
          'id',
          'created_at',
          'status',
          'query',
          'desired_num_results',
          'is_exhausted',
          'auto_data_sources',
          'criteria',
          ...COUNTER_FIELDS,
        ]) {
          assert.ok(k in t, `${k} is always present`);
        }
      }
      assert.ok(omitted.length >= 8 && omitted.length <= 30, `about a third omit them (${omitted.length}/60)`);
      const nullAuto = tasks.filter((t) => t.auto_data_sources === null).length;
      const nullCriteria = tasks.filter((t) => t.criteria === null).length;
      assert.ok(nullAuto > 0 && nullAuto < 60, `some auto_data_sources null (${nullAuto})`);
      assert.ok(nullCriteria > 0 && nullCriteria < 60, `some criteria null (${nullCriteria})`);
      assert.deepEqual(await Promise.all(ids.map(getTask)), tasks, 'deterministic');
      const again = await startFakeExtruct({ speed: 0, startAt: T0, realistic: true });
      try {
        again.addTask({ id: 'task-7', query: 'q7', ageMs: 7 * MIN, createdPhaseMs: 610 * MIN });
        assert.deepEqual(again.model.wireTask('task-7'), tasks[7], 'the same id looks the same on another server');
      } finally {
        await again.close();
      }
    });

    test('counters may be null while created, and are numbers from in_progress on', async () => {
      const ids = addTasks(40, { createdPhaseMs: 5_000, ageMs: 0, durationMs: 10 * MIN });
      const created = await Promise.all(ids.map(getTask));
      const nulls = created.filter((t) => t.num_results === null);
      assert.ok(nulls.length > 0 && nulls.length < 40, `some tasks send null counters while created (${nulls.length}/40)`);
      for (const t of nulls) for (const k of COUNTER_FIELDS) assert.equal(t[k], null, `all four counters null together: ${k}`);
      for (const t of created) assert.ok(t.status === 'created' || t.status === 'queued');
      fake.advance(5_000);
      for (const t of await Promise.all(ids.map(getTask))) {
        assert.equal(t.status, 'in_progress');
        for (const k of COUNTER_FIELDS) assert.equal(typeof t[k], 'number', k);
      }
    });

    test('the same rendering on GET task, list, results, create and resume answers; wireTraits fixes it', async () => {
      const bare = fake.addTask({
        id: 'bare',
        query: 'q',
        durationMs: 10_000,
        wireTraits: { omitOptional: true, nullCriteria: true, nullAutoDataSources: true },
      });
      const full = fake.addTask({
        id: 'full',
        query: 'q',
        durationMs: 10_000,
        wireTraits: { omitOptional: false, nullCriteria: false, nullAutoDataSources: false },
      });
      fake.advance(10_000);
      const shapes = async (id: string): Promise<RealisticTaskWire[]> => [
        await getTask(id),
        (await listTasks()).find((t) => t.id === id) as RealisticTaskWire,
        await getResults(id),
        (await post(`/v1/discovery_tasks/${id}/resume`, { desired_new_results: 1 })).body as RealisticTaskWire,
      ];
      for (const t of await shapes(bare)) {
        assert.ok(!('table_id' in t) && !('data_sources' in t) && !('exclude_domains' in t), JSON.stringify(t));
        assert.equal(t.criteria, null);
        assert.equal(t.auto_data_sources, null);
      }
      for (const t of await shapes(full)) {
        assert.equal(t.table_id, null);
        assert.ok(Array.isArray(t.data_sources) && Array.isArray(t.exclude_domains) && Array.isArray(t.criteria));
        assert.equal(t.auto_data_sources, true);
      }
      const created = await post('/v1/discovery_tasks', { query: 'Freight SaaS' });
      assert.equal(created.status, 200);
      const task = created.body as RealisticTaskWire;
      assert.deepEqual(task, await getTask(task.id), 'the create answer is rendered like GET');
    });

    test('rows: documented fields always, some optional ones missing or null, null grades, scores without sources', async () => {
      const id = fake.addTask({ id: 'rows', query: 'Freight SaaS', desiredNumResults: 250, durationMs: 1_000 });
      fake.advance(1_000);
      const rows: RealisticRowWire[] = [];
      for (let offset = 0; ; offset += 50) {
        const page = (await getResults(id, `?offset=${offset}&limit=50`)).results as RealisticRowWire[];
        if (page.length === 0) break;
        rows.push(...page);
      }
      assert.equal(rows.length, 250);
      for (const r of rows) {
        assert.equal(typeof r.id, 'string');
        assert.equal(r.task_id, id);
        assert.equal(typeof r.created_at, 'string');
        assert.equal(typeof r.company_profile_id, 'string');
        assert.ok(r.company_full_description.length > r.company_description.length, 'a longer text');
      }
      for (const k of ['founding_year', 'hq_state_province', 'hq_city', 'employee_count'] as const) {
        const missing = rows.filter((r) => !(k in r)).length;
        const nulls = rows.filter((r) => k in r && r[k] === null).length;
        assert.ok(missing > 5 && nulls > 5 && missing + nulls < 125, `${k}: ${missing} missing, ${nulls} null`);
      }
      const scores = rows.flatMap((r) => Object.values(r.scores));
      assert.ok(scores.some((s) => s.grade === null) && scores.some((s) => typeof s.grade === 'number'));
      assert.ok(scores.some((s) => !('sources' in s)) && scores.some((s) => Array.isArray(s.sources)));
    });

    test('friendly rows carry exactly the documented fields', () => {
      const { model, clock } = modelAt(false);
      const id = model.addTask({ query: 'q', desiredNumResults: 20, durationMs: 1_000 });
      clock.advance(1_000);
      const rows = model.wireResults(id, 0, 50)?.results as ResultRowWire[];
      assert.equal(rows.length, 20);
      for (const r of rows) {
        assert.deepEqual(Object.keys(r).sort(), DOCUMENTED_ROW_FIELDS);
        assert.ok(r.company_full_description.length > r.company_description.length);
      }
    });
  });

  suite('2. limit capped at 50', () => {
    test('results: limit above 50 gives 50 rows, no error; paging by rows received until an empty page gets everything', async () => {
      const id = fake.addTask({ query: 'q', desiredNumResults: 120, durationMs: 1_000 });
      fake.advance(1_000);
      const page = async (offset: number, limit: number): Promise<string[]> => {
        const r = await get(`/v1/discovery_tasks/${id}/results?offset=${offset}&limit=${limit}`);
        assert.equal(r.status, 200);
        return (r.body as RealisticResultsWire).results.map((x) => x.id);
      };
      assert.equal((await page(0, 100)).length, REALISTIC_MAX_LIMIT);
      assert.equal((await page(0, 51)).length, 50);
      assert.equal((await page(0, 10)).length, 10, 'smaller limits are honoured');
      assert.equal((await page(100, 100)).length, 20);
      assert.deepEqual(await page(120, 100), []);
      const shortPageClient: string[] = [];
      for (let offset = 0; ; offset += 100) {
        const p = await page(offset, 100);
        shortPageClient.push(...p);
        if (p.length < 100) break;
      }
      assert.equal(shortPageClient.length, 50, 'a client that stops on a short page stops too early');
      const robust: string[] = [];
      for (;;) {
        const p = await page(robust.length, 100);
        if (p.length === 0) break;
        robust.push(...p);
      }
      assert.deepEqual(
        robust,
        fake.model.results(id, 0, 1_000)?.results.map((r) => r.id),
        'everything, in relevance order',
      );
    });

    test('list: limit above 50 gives 50 tasks; friendly mode does not cap', async () => {
      addTasks(70);
      assert.equal((await listTasks('?limit=100')).length, 50);
      assert.equal((await listTasks('?offset=50&limit=100')).length, 20);
      fake.setRealistic(false);
      assert.equal((await listTasks('?limit=100')).length, 70);
    });
  });

  suite('3. resume stays done for a while', () => {
    test('model: done with the old counters and the new desired for 30 s, then in_progress to the new end', () => {
      const { model, clock } = modelAt();
      const id = model.addTask({ query: 'q', desiredNumResults: 40, durationMs: 60_000 });
      clock.advance(60_000);
      const before = snap(model, id, clock.now());
      assert.equal(before.status, 'done');
      const r = model.resume(id, 20);
      assert.ok(r.ok);
      assert.deepEqual(r.task, { ...before, desired_num_results: 60 }, 'the resume answer: done, old counters, new desired');
      const resumedAt = clock.now();
      const lagging = snap(model, id, resumedAt + DEFAULT_REALISTIC_RESUME_LAG_MS - 1);
      assert.deepEqual(lagging, { ...before, desired_num_results: 60 });
      const started = snap(model, id, resumedAt + DEFAULT_REALISTIC_RESUME_LAG_MS);
      assert.equal(started.status, 'in_progress');
      const end = model.endsAt(id) ?? 0;
      assert.ok(end > resumedAt + DEFAULT_REALISTIC_RESUME_LAG_MS);
      assert.equal(snap(model, id, end - 1).status, 'in_progress');
      const after = snap(model, id, end);
      assert.equal(after.status, 'done');
      assert.equal(after.num_results, 60);
    });

    test('resumeLagMs scripts the lag (also 0, and also in friendly mode); friendly default is no lag', () => {
      for (const [realistic, lag, expected] of [
        [true, 5_000, 5_000],
        [true, 0, 0],
        [false, 7_000, 7_000],
        [false, undefined, 0],
      ] as const) {
        const { model, clock } = modelAt(realistic);
        const id = model.addTask({
          query: 'q',
          desiredNumResults: 10,
          durationMs: 10_000,
          ...(lag !== undefined ? { resumeLagMs: lag } : {}),
        });
        clock.advance(10_000);
        const r = model.resume(id, 5);
        assert.ok(r.ok);
        assert.equal(r.task.status, expected > 0 ? 'done' : 'in_progress', `${realistic} ${lag}`);
        if (expected > 0) assert.equal(snap(model, id, clock.now() + expected - 1).status, 'done');
        assert.equal(snap(model, id, clock.now() + expected).status, 'in_progress', `${realistic} ${lag}`);
      }
    });

    test('HTTP: the resume answer and GETs during the lag say done', async () => {
      const id = fake.addTask({ query: 'q', desiredNumResults: 20, durationMs: 10_000, wireTraits: { timestampStyle: 'z' } });
      fake.advance(10_000);
      const answer = await post(`/v1/discovery_tasks/${id}/resume`, { desired_new_results: 10 });
      assert.equal(answer.status, 200);
      const resumed = answer.body as RealisticTaskWire;
      assert.equal(resumed.status, 'done');
      assert.equal(resumed.desired_num_results, 30);
      assert.equal(resumed.num_results, 20);
      fake.advance(29_000);
      assert.equal((await getTask(id)).status, 'done');
      fake.advance(1_000);
      assert.equal((await getTask(id)).status, 'in_progress');
    });
  });

  suite('4. exhaustion long before done', () => {
    test('a 10-minute task: exhausted at 40 %, in_progress to the end, enrichment rising in steps, evaluation catching up', () => {
      const { model } = modelAt();
      const id = model.addTask({
        query: 'q',
        desiredNumResults: 100,
        durationMs: 10 * MIN,
        createdPhaseMs: 5_000,
        exhaustAtFraction: 0.4,
        exhaustedNumResults: 30,
      });
      const end = model.endsAt(id) ?? 0;
      assert.equal(end, T0 + 10 * MIN, 'it does not end early');
      let prev: DiscoveryTaskWire | undefined;
      let exhaustedAt: DiscoveryTaskWire | undefined;
      let enrichedRises = 0;
      let episodes = 0;
      let caughtUp = false;
      for (let t = T0; t <= end + 10_000; t += 1_000) {
        const s = snap(model, id, t);
        assertOrdered(s);
        if (prev) assertNotDecreasing(prev, s);
        if (s.is_exhausted && !exhaustedAt) exhaustedAt = s;
        if (exhaustedAt && t < end) {
          assert.equal(s.status, 'in_progress', 'exhausted but still running');
          assert.equal(s.num_results_discovered, exhaustedAt.num_results_discovered, 'discovery stopped');
          if (prev?.is_exhausted && s.num_results_enriched > prev.num_results_enriched) {
            enrichedRises++;
            if (caughtUp) episodes++;
            caughtUp = false;
          }
          if (s.num_results_evaluated === s.num_results_enriched) caughtUp = true;
        }
        prev = s;
      }
      assert.ok(exhaustedAt, 'exhausted at some point');
      // Progress 0.4 of the 595 s in-progress span: 5 s + 238 s.
      const exhaustion = snap(model, id, T0 + 243_001);
      assert.equal(exhaustion.is_exhausted, true);
      assert.equal(snap(model, id, T0 + 242_000).is_exhausted, false);
      assert.ok(exhaustion.num_results_evaluated < exhaustion.num_results_enriched, 'evaluation lags at exhaustion');
      assert.equal(enrichedRises, TAIL_STEPS, 'enrichment keeps rising in steps');
      assert.ok(episodes >= 2, `"caught up, then enrichment rises again" episodes: ${episodes}`);
      const final = snap(model, id, end);
      assert.equal(final.status, 'done');
      assert.equal(final.is_exhausted, true);
      assert.equal(final.num_results, 30);
      assert.equal(final.num_results_evaluated, final.num_results_enriched);
      assert.equal(snap(model, id, end - 1).status, 'in_progress');
    });

    test('a scripted failure after exhaustion fails at its duration; friendly mode keeps the smooth curve', () => {
      const { model } = modelAt();
      const id = model.addTask({
        query: 'q',
        desiredNumResults: 80,
        durationMs: 10 * MIN,
        createdPhaseMs: 0,
        exhaustAtFraction: 0.3,
        failAtFraction: 0.8,
      });
      assert.equal(snap(model, id, T0 + 10 * MIN - 1).status, 'in_progress');
      assert.equal(snap(model, id, T0 + 10 * MIN - 1).is_exhausted, true);
      assert.equal(snap(model, id, T0 + 10 * MIN).status, 'failed');
      const friendly = modelAt(false);
      const fid = friendly.model.addTask({
        query: 'q',
        desiredNumResults: 100,
        durationMs: 10 * MIN,
        createdPhaseMs: 0,
        exhaustAtFraction: 0.4,
      });
      const at = snap(friendly.model, fid, T0 + 0.4 * 10 * MIN);
      const later = snap(friendly.model, fid, T0 + 0.9 * 10 * MIN);
      assert.equal(later.num_results_enriched, at.num_results_enriched, 'friendly: enrichment stops at exhaustion');
    });
  });

  suite('5. the task list in an unspecified order', () => {
    test('a fixed shuffle (not newest first), paged consistently', async () => {
      const ids = addTasks(30);
      const all = (await listTasks()).map((t) => t.id);
      assert.deepEqual([...all].sort(), [...ids].sort());
      assert.notDeepEqual(all, ids, 'not newest first');
      assert.notDeepEqual(all, [...ids].reverse(), 'not oldest first');
      assert.deepEqual(
        (await listTasks()).map((t) => t.id),
        all,
        'deterministic',
      );
      const paged: string[] = [];
      for (let offset = 0; offset < 30; offset += 7) {
        paged.push(...(await listTasks(`?offset=${offset}&limit=7`)).map((t) => t.id));
      }
      assert.deepEqual(paged, all);
      fake.addTask({ id: 'task-new', query: 'new' });
      const withNew = (await listTasks()).map((t) => t.id);
      assert.deepEqual(
        withNew.filter((x) => x !== 'task-new'),
        all,
        'a new task slots in without reordering the others',
      );
    });
  });

  suite('6. timestamps with and without Z', () => {
    test('formatTimestamp spells one instant four ways', () => {
      const at = Date.UTC(2026, 11, 1, 9, 0, 0);
      assert.equal(formatTimestamp(at, 'z'), '2026-12-01T09:00:00Z');
      assert.equal(formatTimestamp(at + 123, 'micro'), '2026-12-01T09:00:00.123000Z');
      assert.equal(formatTimestamp(at, 'offset'), '2026-12-01T09:00:00+00:00');
      assert.equal(formatTimestamp(at, 'naive'), '2026-12-01T09:00:00');
      for (const style of ['z', 'micro', 'offset', 'naive'] as const) {
        for (const ms of [at, at + 1, at + 999, at + 123_456]) assert.equal(parseUtc(formatTimestamp(ms, style)), ms, `${style} ${ms}`);
      }
    });

    test("tasks and their rows use the task's style; every style occurs; all mean the same UTC instant", async () => {
      const ids = addTasks(40, { createdPhaseMs: 0, durationMs: 1_000, desiredNumResults: 3 });
      fake.advance(1_000);
      const tasks = await Promise.all(ids.map(getTask));
      const styles = new Set<string>();
      for (const [i, t] of tasks.entries()) {
        const style = styleOf(t.created_at);
        assert.ok(style, `a known spelling: ${t.created_at}`);
        styles.add(style);
        assert.equal(style, traitsFor(t.id).timestampStyle);
        assert.equal(parseUtc(t.created_at), T0 - i * MIN, t.created_at);
        assert.equal(parseUtc(t.updated_at ?? ''), T0 - i * MIN + 1_000, 'updated_at: when it finished');
        assert.equal(styleOf(t.updated_at ?? ''), style, 'updated_at too');
        const rows = (await getResults(t.id)).results;
        assert.equal(rows.length, 3);
        for (const r of rows) {
          assert.equal(styleOf(r.created_at), style, `row ${r.created_at} of ${t.created_at}`);
          assert.ok(parseUtc(r.created_at) >= parseUtc(t.created_at));
        }
      }
      assert.deepEqual([...styles].sort(), ['micro', 'naive', 'offset', 'z']);
    });
  });

  suite('7. unknown statuses and extra fields', () => {
    test('progress.stage and updated_at everywhere; error or failure_reason on failed tasks', async () => {
      const ids = addTasks(30, { createdPhaseMs: 1_000, ageMs: 0, durationMs: 10_000, failAtFraction: 0.5 });
      const running = await getTask(ids[0] as string);
      assert.equal(running.progress?.stage, 'pending');
      fake.advance(10_000);
      const failed = await Promise.all(ids.map(getTask));
      const fields = new Set<string>();
      for (const t of failed) {
        assert.equal(t.status, 'failed');
        assert.equal(t.progress?.stage, 'failed');
        assert.equal(parseUtc(t.updated_at ?? ''), T0 + 10_000, 'updated when it failed');
        const field = 'error' in t ? 'error' : 'failure_reason';
        fields.add(field);
        assert.ok(typeof t[field] === 'string' && (t[field] ?? '').length > 0);
        if (field === 'error') assert.equal(t.error, 'Search provider quota exceeded');
      }
      assert.deepEqual([...fields].sort(), ['error', 'failure_reason']);
      const ok = fake.addTask({ query: 'q', durationMs: 10_000 });
      fake.advance(10_000);
      const done = await getTask(ok);
      assert.ok(!('error' in done) && !('failure_reason' in done));
      assert.equal(done.progress?.stage, 'completed');
    });

    test('unknownStatus: the scripted status for that part of the run, counters frozen, same end (both modes)', () => {
      for (const realistic of [true, false]) {
        const { model } = modelAt(realistic);
        const id = model.addTask({
          query: 'q',
          desiredNumResults: 50,
          durationMs: 100_000,
          createdPhaseMs: 0,
          unknownStatus: { status: 'queued_for_review', fromFraction: 0.3, toFraction: 0.5 },
        });
        assert.equal(snap(model, id, T0 + 29_999).status, 'in_progress');
        const first = snap(model, id, T0 + 30_000);
        assert.equal(first.status, 'queued_for_review');
        const last = snap(model, id, T0 + 49_999);
        assert.deepEqual(last, first, 'counters stand still');
        assert.equal(snap(model, id, T0 + 50_000).status, 'in_progress');
        assert.ok(snap(model, id, T0 + 60_000).num_results_evaluated > first.num_results_evaluated);
        assert.equal(model.endsAt(id), T0 + 100_000);
        assert.equal(snap(model, id, T0 + 100_000).status, 'done');
        assert.equal(snap(model, id, T0 + 100_000).num_results, 50);
      }
    });

    test('about one task in five says "queued" instead of "created" (not those with unknownStatus; never in friendly mode)', async () => {
      const ids = addTasks(50, { createdPhaseMs: 5_000, ageMs: 0, durationMs: 60_000 });
      const statuses = (await Promise.all(ids.map(getTask))).map((t) => t.status);
      const queued = statuses.filter((s) => s === 'queued').length;
      assert.ok(queued >= 4 && queued <= 20, `queued: ${queued}/50`);
      assert.ok(statuses.every((s) => s === 'queued' || s === 'created'));
      const queuedId = ids[statuses.indexOf('queued')] as string;
      fake.advance(5_000);
      assert.equal((await getTask(queuedId)).status, 'in_progress');
      fake.setRealistic(false);
      fake.advance(-5_000);
      assert.equal((await getTask(queuedId)).status, 'created', 'friendly mode says created');
      fake.setRealistic(true);
      fake.reset();
      const withUnknown = addTasks(50, {
        createdPhaseMs: 5_000,
        ageMs: 0,
        unknownStatus: { status: 'paused', fromFraction: 0.5, toFraction: 0.6 },
      });
      assert.ok(
        (await Promise.all(withUnknown.map(getTask))).every((t) => t.status === 'created'),
        'no queued when an option is explicit',
      );
      const forced = fake.addTask({ query: 'q', createdPhaseMs: 5_000, wireTraits: { queued: true } });
      assert.equal((await getTask(forced)).status, 'queued');
    });
  });

  suite('mode switches', () => {
    test('startFakeExtruct({ realistic }), POST/GET /__fake/mode, setRealistic', async () => {
      assert.equal(fake.realistic, true);
      const ctl = async (method: string, body?: unknown): Promise<{ status: number; body: unknown }> => {
        const res = await fetch(`${fake.url}/__fake/mode`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
        return { status: res.status, body: await res.json() };
      };
      assert.deepEqual((await ctl('GET')).body, { realistic: true });
      assert.deepEqual(await ctl('POST', { realistic: false }), { status: 200, body: { realistic: false } });
      assert.equal(fake.realistic, false);
      addTasks(60);
      assert.equal((await listTasks('?limit=60')).length, 60);
      const friendly = await getTask('task-0');
      assert.equal(friendly.created_at, new Date(T0).toISOString());
      assert.deepEqual(friendly, fake.model.snapshot('task-0'), 'friendly: exactly the snapshot');
      assert.equal((await ctl('POST', { realistic: 'yes' })).status, 422);
      assert.equal((await ctl('POST', {})).status, 422);
      assert.deepEqual((await ctl('POST', { realistic: true })).body, { realistic: true });
      assert.equal((await listTasks('?limit=60')).length, 50);
      await post('/__fake/reset', {}, false);
      assert.equal(fake.realistic, true, 'reset keeps the mode');
    });

    test('a task created through POST runs on the realistic timeline (listed, done, resume lag); the gate applies', async () => {
      const created = await post('/v1/discovery_tasks', { query: 'Freight SaaS', desired_num_results: 20 });
      assert.equal(created.status, 200);
      const { id } = created.body as RealisticTaskWire;
      const end = fake.model.endsAt(id) ?? 0;
      assert.ok(end > T0 && end - T0 <= 3 * MIN, 'a few minutes of fake time at most');
      fake.advance(end - T0);
      const done = await getTask(id);
      assert.equal(done.status, 'done');
      assert.equal(done.num_results, 20);
      assert.ok(
        (await listTasks()).some((t) => t.id === id),
        'listed',
      );

      fake.setPlanGate('plan_required');
      const refused = await post(`/v1/discovery_tasks/${id}/resume`, { desired_new_results: 5 });
      assert.deepEqual([refused.status, (refused.body as { detail: { error: string } }).detail.error], [402, 'plan_required']);
      assert.equal((await post('/v1/discovery_tasks', { query: 'again' })).status, 402);
      assert.equal((await getTask(id)).status, 'done', 'reads are not gated');
      fake.setPlanGate(undefined);

      const resumed = await post(`/v1/discovery_tasks/${id}/resume`, { desired_new_results: 5 });
      assert.equal(resumed.status, 200);
      assert.equal((resumed.body as RealisticTaskWire).status, 'done', 'realistic: stays done during the resume lag');
      fake.advance(DEFAULT_REALISTIC_RESUME_LAG_MS + 1);
      assert.equal((await getTask(id)).status, 'in_progress');
    });

    test('cli.mjs --plan-gate starts gated and prints it; an unknown reason is refused', async function () {
      this.timeout(15_000);
      const cli = fileURLToPath(new URL('../fake-extruct/cli.mjs', import.meta.url));
      if (!fs.existsSync(cli)) this.skip();
      const child = spawn(process.execPath, [cli, '--plan-gate', 'insufficient_credits', '--port', '0', '--speed', '0'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          readline.createInterface({ input: child.stdout }).once('line', resolve);
          child.once('exit', (code) => reject(new Error(`cli exited (${code})`)));
        });
        const info = JSON.parse(line) as { url: string; token: string; planGate: string | null };
        assert.equal(info.planGate, 'insufficient_credits');
        assert.deepEqual(await (await fetch(`${info.url}/__fake/plan`)).json(), { gate: 'insufficient_credits' });
        const r = await fetch(`${info.url}/v1/discovery_tasks`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${info.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ query: 'q' }),
        });
        assert.equal(r.status, 402);
        assert.equal(((await r.json()) as { detail: { error: string } }).detail.error, 'insufficient_credits');
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      }
      const bad = spawn(process.execPath, [cli, '--plan-gate', 'broke', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      bad.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => bad.once('exit', resolve));
      assert.equal(code, 1);
      assert.match(stderr, /--plan-gate needs one of plan_required, payment_failed, insufficient_credits/);
    });

    test('cli.mjs --realistic starts in realistic mode and prints it', async function () {
      this.timeout(15_000);
      const cli = fileURLToPath(new URL('../fake-extruct/cli.mjs', import.meta.url));
      if (!fs.existsSync(cli)) this.skip();
      const child = spawn(process.execPath, [cli, '--realistic', '--demo', '--port', '0', '--speed', '0'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          readline.createInterface({ input: child.stdout }).once('line', resolve);
          child.once('exit', (code) => reject(new Error(`cli exited (${code})`)));
        });
        const info = JSON.parse(line) as { url: string; realistic: boolean; tasks: unknown[] };
        assert.equal(info.realistic, true);
        assert.equal(info.tasks.length, 5);
        assert.deepEqual(await (await fetch(`${info.url}/__fake/mode`)).json(), { realistic: true });
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      }
    });
  });
});

suite('fake-extruct realistic mode: properties', () => {
  test('counters stay monotonic and ordered for random profiles, resumes and times', function () {
    this.timeout(30_000); // 100 random profiles × 150 samples: seconds on a loaded 2-core machine
    const profile = fc.record({
      id: fc.uuid(),
      desiredNumResults: fc.integer({ min: 1, max: 250 }),
      durationMs: fc.integer({ min: 1, max: 3_000_000 }),
      createdPhaseMs: fc.integer({ min: 0, max: 20_000 }),
      exhaustAtFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      failAtFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      stalls: fc.array(fc.record({ atFraction: fc.double({ min: 0, max: 1, noNaN: true }), forMs: fc.integer({ min: 0, max: 100_000 }) }), {
        maxLength: 3,
      }),
      unknownStatus: fc.option(
        fc.record({
          status: fc.constantFrom('paused', 'queued_for_review'),
          fromFraction: fc.double({ min: 0, max: 1, noNaN: true }),
          toFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { nil: undefined },
      ),
      resumeLagMs: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: undefined }),
    });
    const resume = fc.option(fc.record({ at: fc.double({ min: 0, max: 1.5, noNaN: true }), by: fc.integer({ min: 0, max: 250 }) }), {
      nil: undefined,
    });
    fc.assert(
      fc.property(profile, resume, (p, r) => {
        const { model } = modelAt();
        const id = model.addTask({ query: 'q', ...p });
        const resumedAt = r ? T0 + ((model.endsAt(id) ?? T0) - T0) * r.at : Infinity;
        const resumed = r !== undefined && model.resume(id, r.by, resumedAt).ok;
        const end = model.endsAt(id) ?? T0;
        let prev: DiscoveryTaskWire | undefined;
        for (let i = 0; i <= 150; i++) {
          const at = T0 - 10 + ((end + 1_000 - T0) * i) / 150;
          const s = snap(model, id, at);
          assertOrdered(s);
          if (prev) assertNotDecreasing(prev, s);
          const state = model.state(id, at);
          const wire = model.wireTask(id, at);
          assert.ok(state && wire);
          for (const k of COUNTER_FIELDS) {
            assert.ok(
              wire[k] === s[k] || (wire[k] === null && state.status === 'created'),
              `${k} is the snapshot's, or null while created`,
            );
          }
          if (state.status === 'created') assert.ok(s.status === 'created' || s.status === 'queued', s.status);
          prev = s;
        }
        assert.ok(prev && (prev.status === 'done' || prev.status === 'failed'), `final: ${prev?.status}`);
        if (!resumed && p.exhaustAtFraction !== undefined && prev.status === 'done') {
          assert.equal(prev.is_exhausted, true);
          assert.equal(prev.num_results_evaluated, prev.num_results_enriched, 'evaluation caught up by the end');
        }
      }),
      { numRuns: 100 },
    );
  });
});
