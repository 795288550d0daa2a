// The fake Extruct HTTP server: routes, auth, validation, faults, request counting and the control API.
import assert from 'node:assert/strict';
import { defaultDurationMs, PLAN_GATES, startFakeExtruct, type FakeExtruct } from '../fake-extruct/index.js';
import type { DiscoveryTaskResultsWire, DiscoveryTaskWire, PlanGate } from '../fake-extruct/types.js';

interface Got {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const UUID = '4a1c8e52-3b7d-4f60-9a2e-5c8d7b6f1e03';
const FREIGHT = {
  query: 'Vertical SaaS companies serving freight forwarders in Europe',
  desired_num_results: 30,
  criteria: [
    { key: 'has_logistics_focus', name: 'Logistics Focus', criterion: 'Company serves freight forwarding or logistics operations.' },
  ],
};

interface ValidationItem {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
}

suite('fake-extruct server', () => {
  let fake: FakeExtruct;

  setup(async () => {
    fake = await startFakeExtruct({ speed: 0, startAt: T0 });
  });

  teardown(async () => {
    await fake.close();
  });

  async function call(path: string, init: RequestInit & { auth?: string | null } = {}): Promise<Got> {
    const { auth, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (auth !== null) headers.set('Authorization', auth ?? `Bearer ${fake.token}`);
    if (rest.body !== undefined) headers.set('Content-Type', 'application/json');
    const res = await fetch(fake.url + path, { ...rest, headers });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  const post = (path: string, body: unknown, init: RequestInit & { auth?: string | null } = {}): Promise<Got> =>
    call(path, { ...init, method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });

  const task = (g: Got): DiscoveryTaskWire => g.json as DiscoveryTaskWire;

  test('listens on 127.0.0.1 with the default token, and serves GET /v1/user', async () => {
    assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(fake.token, 'test-token');
    const r = await call('/v1/user');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(Object.keys(r.json as object).sort(), [
      'available_credits',
      'email',
      'organization_id',
      'organization_is_active',
      'organization_name',
      'organization_slug',
      'user_id',
    ]);
    assert.equal((r.json as { email: string }).email, 'demo@example.com');
  });

  test('401 for a missing, wrong or non-Bearer token (FastAPI shape)', async () => {
    for (const auth of [null, 'Bearer nope', `Basic ${fake.token}`, 'Bearer']) {
      const r = await call('/v1/discovery_tasks', { auth });
      assert.equal(r.status, 401, String(auth));
      assert.equal(typeof (r.json as { detail: unknown }).detail, 'string');
      assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    }
    assert.deepEqual((await call('/v1/user', { auth: 'Bearer wrong' })).json, { detail: 'Could not validate credentials' });
    assert.equal((await call('/v1/user', { auth: `bearer ${fake.token}` })).status, 200, 'the scheme is case-insensitive');
    const custom = await startFakeExtruct({ token: 'sekret' });
    try {
      const r = await fetch(`${custom.url}/v1/user`, { headers: { Authorization: 'Bearer sekret' } });
      assert.equal(r.status, 200);
    } finally {
      await custom.close();
    }
  });

  test('404 for unknown tasks and paths, 405 for wrong methods', async () => {
    for (const path of ['/v1/discovery_tasks/nope', '/v1/discovery_tasks/nope/results']) {
      const r = await call(path);
      assert.equal(r.status, 404, path);
      assert.deepEqual(r.json, { detail: 'Task not found' });
    }
    assert.equal((await post('/v1/discovery_tasks/nope/resume', {})).status, 404);
    assert.equal((await call('/v1/nothing')).status, 404);
    assert.equal((await call('/elsewhere', { auth: null })).status, 404);
    const del = await call(`/v1/discovery_tasks/${fake.addTask({ query: 'q' })}`, { method: 'DELETE' });
    assert.equal(del.status, 405);
    assert.deepEqual(del.json, { detail: 'Method Not Allowed' });
    assert.equal((await post('/v1/user', {})).status, 405);
  });

  test('POST /v1/discovery_tasks creates a task that progresses on the simulated clock', async () => {
    const created = await post('/v1/discovery_tasks', {
      query: 'Vertical SaaS companies serving freight forwarders in Europe',
      desired_num_results: 30,
      criteria: [
        { key: 'has_logistics_focus', name: 'Logistics Focus', criterion: 'Company serves freight forwarding or logistics operations.' },
      ],
      exclude_domains: ['https://www.Acme.com/about'],
    });
    assert.equal(created.status, 200);
    const t = task(created);
    assert.equal(t.status, 'created');
    assert.equal(t.desired_num_results, 30);
    assert.deepEqual(t.exclude_domains, ['acme.com']);
    assert.equal(t.criteria[0]?.key, 'has_logistics_focus');
    assert.equal(t.created_at, new Date(T0).toISOString());
    fake.advance(fake.model.endsAt(t.id)! - T0);
    const done = task(await call(`/v1/discovery_tasks/${t.id}`));
    assert.equal(done.status, 'done');
    assert.equal(done.num_results, 30);
    const defaults = task(await post('/v1/discovery_tasks', { query: 'x' }));
    assert.equal(defaults.desired_num_results, 100);
  });

  test('422 with FastAPI detail lists for invalid bodies', async () => {
    const cases: Array<[unknown, Array<string | number>]> = [
      ['{not json', ['body', 0]],
      ['', ['body']],
      [[1, 2], ['body']],
      [{}, ['body', 'query']],
      [{ query: '' }, ['body', 'query']],
      [{ query: 5 }, ['body', 'query']],
      [{ query: 'q', desired_num_results: 0 }, ['body', 'desired_num_results']],
      [{ query: 'q', desired_num_results: 251 }, ['body', 'desired_num_results']],
      [{ query: 'q', desired_num_results: 2.5 }, ['body', 'desired_num_results']],
      [{ query: 'q', criteria: [{ key: '1bad', name: 'n', criterion: 'long enough text' }] }, ['body', 'criteria', 0, 'key']],
      [{ query: 'q', criteria: [{ key: 'ok', name: 'n', criterion: 'short' }] }, ['body', 'criteria', 0, 'criterion']],
      [{ query: 'q', criteria: [{ key: 'ok', criterion: 'long enough text' }] }, ['body', 'criteria', 0, 'name']],
      [{ query: 'q', data_sources: ['extruct_db'] }, ['body', 'data_sources', 0]],
      [{ query: 'q', auto_data_sources: false }, ['body']],
    ];
    for (const [body, loc] of cases) {
      const r = await post('/v1/discovery_tasks', body);
      assert.equal(r.status, 422, JSON.stringify(body));
      const detail = (r.json as { detail: ValidationItem[] }).detail;
      assert.ok(Array.isArray(detail) && detail.length >= 1);
      assert.deepEqual(detail[0]?.loc, loc, JSON.stringify(body));
      assert.equal(typeof detail[0].msg, 'string');
      assert.equal(typeof detail[0].type, 'string');
    }
    assert.equal((await call('/v1/discovery_tasks?limit=abc')).status, 422);
    assert.equal((await call('/v1/discovery_tasks?offset=-1')).status, 422);
    assert.equal(fake.model.size, 0, 'nothing was created');
  });

  suite('422 for each rule of the API document (FastAPI shape: type, loc, msg, input)', () => {
    const criterion = (over: Record<string, unknown>): Record<string, unknown> => ({
      query: 'q',
      criteria: [{ key: 'fit', name: 'Fit', criterion: 'The company fits the search.', ...over }],
    });
    const cases: Array<{ rule: string; body: unknown; loc: Array<string | number>; type: string; input?: unknown }> = [
      { rule: 'query is required', body: { desired_num_results: 5 }, loc: ['body', 'query'], type: 'missing' },
      { rule: 'query is a string', body: { query: null }, loc: ['body', 'query'], type: 'string_type', input: null },
      {
        rule: 'desired_num_results ≥ 1',
        body: { query: 'q', desired_num_results: 0 },
        loc: ['body', 'desired_num_results'],
        type: 'greater_than_equal',
        input: 0,
      },
      {
        rule: 'desired_num_results ≤ 250',
        body: { query: 'q', desired_num_results: 251 },
        loc: ['body', 'desired_num_results'],
        type: 'less_than_equal',
        input: 251,
      },
      {
        rule: 'desired_num_results is whole',
        body: { query: 'q', desired_num_results: 2.5 },
        loc: ['body', 'desired_num_results'],
        type: 'int_from_float',
        input: 2.5,
      },
      {
        rule: 'desired_num_results is a number',
        body: { query: 'q', desired_num_results: 'ten' },
        loc: ['body', 'desired_num_results'],
        type: 'int_parsing',
        input: 'ten',
      },
      {
        rule: 'a key starts with a letter',
        body: criterion({ key: '1st' }),
        loc: ['body', 'criteria', 0, 'key'],
        type: 'string_pattern_mismatch',
        input: '1st',
      },
      {
        rule: 'a key is letters, digits, underscores',
        body: criterion({ key: 'has-api' }),
        loc: ['body', 'criteria', 0, 'key'],
        type: 'string_pattern_mismatch',
        input: 'has-api',
      },
      {
        rule: 'a name has 1 character or more',
        body: criterion({ name: '' }),
        loc: ['body', 'criteria', 0, 'name'],
        type: 'string_too_short',
        input: '',
      },
      {
        rule: 'a name has at most 100',
        body: criterion({ name: 'n'.repeat(101) }),
        loc: ['body', 'criteria', 0, 'name'],
        type: 'string_too_long',
      },
      {
        rule: 'a criterion has 10 or more',
        body: criterion({ criterion: 'x'.repeat(9) }),
        loc: ['body', 'criteria', 0, 'criterion'],
        type: 'string_too_short',
        input: 'x'.repeat(9),
      },
      {
        rule: 'a criterion has at most 500',
        body: criterion({ criterion: 'x'.repeat(501) }),
        loc: ['body', 'criteria', 0, 'criterion'],
        type: 'string_too_long',
      },
      {
        rule: 'a criterion has all three fields',
        body: { query: 'q', criteria: [{ key: 'k', name: 'n' }] },
        loc: ['body', 'criteria', 0, 'criterion'],
        type: 'missing',
      },
      { rule: 'criteria is a list', body: { query: 'q', criteria: { key: 'k' } }, loc: ['body', 'criteria'], type: 'list_type' },
      {
        rule: 'data sources are the three',
        body: { query: 'q', auto_data_sources: false, data_sources: ['maps', 'extruct_db'] },
        loc: ['body', 'data_sources', 1],
        type: 'enum',
        input: 'extruct_db',
      },
      {
        rule: 'auto_data_sources false needs data_sources',
        body: { query: 'q', auto_data_sources: false, data_sources: [] },
        loc: ['body'],
        type: 'value_error',
      },
      {
        rule: 'auto_data_sources is a boolean',
        body: { query: 'q', auto_data_sources: 'maybe' },
        loc: ['body', 'auto_data_sources'],
        type: 'bool_type',
      },
      {
        rule: 'exclude_task_ids: at most 100',
        body: { query: 'q', exclude_task_ids: Array.from({ length: 101 }, () => UUID) },
        loc: ['body', 'exclude_task_ids'],
        type: 'too_long',
      },
      {
        rule: 'exclude_task_ids are UUIDs',
        body: { query: 'q', exclude_task_ids: [UUID, 'task-1'] },
        loc: ['body', 'exclude_task_ids', 1],
        type: 'uuid_parsing',
        input: 'task-1',
      },
      {
        rule: 'exclude_domains are strings',
        body: { query: 'q', exclude_domains: ['acme.com', 7] },
        loc: ['body', 'exclude_domains', 1],
        type: 'string_type',
        input: 7,
      },
      { rule: 'table.id is a UUID', body: { query: 'q', table: { id: 'tbl-1' } }, loc: ['body', 'table', 'id'], type: 'uuid_parsing' },
      {
        rule: 'criterion keys are unique',
        body: { query: 'q', criteria: [0, 1].map(() => ({ key: 'k', name: 'n', criterion: 'long enough text' })) },
        loc: ['body', 'criteria'],
        type: 'value_error',
      },
    ];
    for (const c of cases) {
      test(c.rule, async () => {
        const r = await post('/v1/discovery_tasks', c.body);
        assert.equal(r.status, 422, r.text);
        const { detail } = r.json as { detail: ValidationItem[] };
        assert.equal(detail.length, 1, JSON.stringify(detail));
        const item = detail[0];
        assert.ok(item);
        assert.deepEqual(Object.keys(item).sort(), ['input', 'loc', 'msg', 'type']);
        assert.deepEqual(item.loc, c.loc);
        assert.equal(item.type, c.type);
        assert.ok(item.msg.length > 0);
        if ('input' in c) assert.deepEqual(item.input, c.input);
        assert.equal(fake.model.size, 0, 'nothing was created');
      });
    }

    test('every error at once, in body order, each with its own loc', async () => {
      const r = await post('/v1/discovery_tasks', {
        desired_num_results: 300,
        criteria: [
          { key: 'ok_key', name: 'Fine', criterion: 'A criterion that is long enough.' },
          { key: '9', name: '', criterion: 'short' },
        ],
        exclude_task_ids: ['nope'],
      });
      assert.equal(r.status, 422);
      assert.deepEqual(
        (r.json as { detail: ValidationItem[] }).detail.map((d) => d.loc.join('.')),
        [
          'body.query',
          'body.desired_num_results',
          'body.criteria.1.key',
          'body.criteria.1.name',
          'body.criteria.1.criterion',
          'body.exclude_task_ids.0',
        ],
      );
    });

    test('lengths count characters as Python does (an emoji is one), integers are read as pydantic does', async () => {
      const emoji = '🚚';
      const rejected = await post('/v1/discovery_tasks', { query: 'q', criteria: [{ key: 'k', name: 'n', criterion: emoji.repeat(9) }] });
      assert.equal(rejected.status, 422, '9 emoji are 9 characters (18 UTF-16 units)');
      const accepted = await post('/v1/discovery_tasks', {
        query: 'q',
        desired_num_results: '12',
        criteria: [{ key: 'k', name: emoji.repeat(100), criterion: emoji.repeat(10) }],
        auto_data_sources: false,
        data_sources: ['linkedin'],
        exclude_task_ids: [UUID.toUpperCase(), UUID.replace(/-/g, '')],
        table: { id: UUID, columns: [UUID], run: false, auto_import: true },
      });
      assert.equal(accepted.status, 200, accepted.text);
      assert.equal(task(accepted).desired_num_results, 12, '"12" is read as 12 (lax mode)');
      assert.deepEqual(task(accepted).data_sources, ['linkedin']);
      assert.equal(task(accepted).table_id, UUID);
    });
  });

  suite('the plan gate', () => {
    function twoTasks(): { done: string; running: string } {
      const done = fake.addTask({ id: UUID, query: 'done', desiredNumResults: 10, durationMs: 10_000 });
      const running = fake.addTask({ query: 'running', desiredNumResults: 10, durationMs: 600_000 });
      fake.advance(20_000);
      return { done, running };
    }

    for (const gate of PLAN_GATES) {
      test(`${gate}: create and resume answer 402 {detail: {error, message}}; reads are not gated; cleared again`, async () => {
        const { done, running } = twoTasks();
        const before = fake.model.snapshot(done);
        fake.setPlanGate(gate);
        assert.equal(fake.planGate, gate);

        const created = await post('/v1/discovery_tasks', FREIGHT);
        assert.equal(created.status, 402);
        assert.match(created.headers.get('content-type') ?? '', /application\/json/);
        const body = created.json as { detail: { error: string; message: string } };
        assert.deepEqual(Object.keys(body), ['detail']);
        assert.deepEqual(Object.keys(body.detail).sort(), ['error', 'message']);
        assert.equal(body.detail.error, gate);
        assert.ok(body.detail.message.length > 0);
        assert.equal(fake.model.size, 2, 'nothing was created');

        const resumed = await post(`/v1/discovery_tasks/${done}/resume`, { desired_new_results: 5 });
        assert.equal(resumed.status, 402);
        assert.deepEqual(resumed.json, created.json);
        assert.deepEqual(fake.model.snapshot(done), before, 'the task was not resumed');
        assert.equal((await call(`/v1/discovery_tasks/${running}/resume`, { method: 'POST' })).status, 402, 'an empty body too');

        for (const path of ['/v1/user', '/v1/discovery_tasks', `/v1/discovery_tasks/${done}`, `/v1/discovery_tasks/${done}/results`]) {
          assert.equal((await call(path)).status, 200, `GET ${path} is not gated`);
        }

        fake.setPlanGate(undefined);
        assert.equal(fake.planGate, undefined);
        assert.equal((await post('/v1/discovery_tasks', FREIGHT)).status, 200);
        const again = await post(`/v1/discovery_tasks/${done}/resume`, { desired_new_results: 5 });
        assert.equal(again.status, 200);
        assert.equal(task(again).desired_num_results, 15);
      });
    }

    test('order: 401 before the gate, a 422 body before the gate (validated first), then 402 before 404 and 400', async () => {
      const { done } = twoTasks();
      const exhausted = fake.addTask({ query: 'q', desiredNumResults: 20, durationMs: 10_000, exhaustAtFraction: 0.2 });
      fake.advance(10_000);
      fake.setPlanGate('plan_required');
      assert.equal((await post('/v1/discovery_tasks', FREIGHT, { auth: 'Bearer wrong' })).status, 401);
      const invalid = await post('/v1/discovery_tasks', { query: 'q', desired_num_results: 251 });
      assert.equal(invalid.status, 422, 'FastAPI validates the body before the handler (where the gate is) runs');
      assert.equal((await post(`/v1/discovery_tasks/${done}/resume`, { desired_new_results: 999 })).status, 422);
      assert.equal((await post('/v1/discovery_tasks/00000000-0000-4000-8000-000000000000/resume', {})).status, 402);
      assert.equal((await post(`/v1/discovery_tasks/${exhausted}/resume`, {})).status, 402);
      fake.setPlanGate(undefined);
      assert.equal((await post(`/v1/discovery_tasks/${exhausted}/resume`, {})).status, 400);
    });

    test('a fault rule still wins over the gate, and the request log records the 402s', async () => {
      fake.setPlanGate('insufficient_credits');
      fake.script({ method: 'POST', nth: 1, action: { status: 503 } });
      assert.equal((await post('/v1/discovery_tasks', FREIGHT)).status, 503);
      assert.equal((await post('/v1/discovery_tasks', FREIGHT)).status, 402);
      assert.deepEqual(
        fake.requests.map((r) => r.status),
        [503, 402],
      );
    });

    test('control API: POST/GET /__fake/plan set, read and clear it; bad values are refused; reset clears it', async () => {
      const ctl = (method: string, body?: unknown): Promise<Got> =>
        call('/__fake/plan', { method, auth: null, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      assert.deepEqual((await ctl('GET')).json, { gate: null });
      assert.deepEqual((await ctl('POST', { gate: 'payment_failed' })).json, { gate: 'payment_failed' });
      assert.equal(fake.planGate, 'payment_failed');
      assert.deepEqual((await ctl('GET')).json, { gate: 'payment_failed' });
      const refused = await post('/v1/discovery_tasks', FREIGHT);
      assert.equal(refused.status, 402);
      assert.equal((refused.json as { detail: { error: string } }).detail.error, 'payment_failed');
      for (const bad of [{ gate: 'broke' }, {}, { gate: 402 }, [], 'x']) {
        assert.equal((await ctl('POST', bad)).status, 422, JSON.stringify(bad));
      }
      assert.equal(fake.planGate, 'payment_failed', 'a refused request changes nothing');
      assert.deepEqual((await ctl('POST', { gate: null })).json, { gate: null });
      assert.equal((await post('/v1/discovery_tasks', FREIGHT)).status, 200);
      await ctl('POST', { gate: 'plan_required' });
      assert.deepEqual((await call('/__fake/reset', { method: 'POST', auth: null })).json, { ok: true });
      assert.equal(fake.planGate, undefined, 'reset clears the gate (it keeps only the mode)');
      assert.equal((await post('/v1/discovery_tasks', FREIGHT)).status, 200);
    });

    test('startFakeExtruct({ planGate }) starts gated', async () => {
      const gated = await startFakeExtruct({ speed: 0, planGate: 'plan_required' });
      try {
        assert.equal(gated.planGate, 'plan_required');
        const r = await fetch(`${gated.url}/v1/discovery_tasks`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${gated.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(FREIGHT),
        });
        assert.equal(r.status, 402);
        assert.equal(((await r.json()) as { detail: { error: PlanGate } }).detail.error, 'plan_required');
      } finally {
        await gated.close();
      }
    });
  });

  test('a created task runs on the fake clock: created, in_progress, done at its duration; GET and the list agree', async () => {
    const older = fake.addTask({ query: 'older', ageMs: 60_000, durationMs: 30_000 });
    const created = await post('/v1/discovery_tasks', FREIGHT);
    assert.equal(created.status, 200);
    const { id } = task(created);
    const end = fake.model.endsAt(id);
    assert.equal(end, T0 + defaultDurationMs(30), 'the default duration: 30 s + 0.6 s a result');
    const statuses: string[] = [];
    let prev: DiscoveryTaskWire | undefined;
    for (let t = T0; t <= T0 + defaultDurationMs(30) + 10_000; t += 5_000) {
      fake.setClock(() => t);
      const got = task(await call(`/v1/discovery_tasks/${id}`));
      const listed = (await call('/v1/discovery_tasks')).json as DiscoveryTaskWire[];
      assert.deepEqual(
        listed.map((x) => x.id),
        [id, older],
        'newest first',
      );
      assert.deepEqual(listed[0], got, 'the list shows what GET shows');
      if (statuses.at(-1) !== got.status) statuses.push(got.status);
      if (prev) {
        for (const k of ['num_results_discovered', 'num_results_enriched', 'num_results_evaluated', 'num_results'] as const) {
          assert.ok(got[k] >= prev[k], `${k} never decreases`);
        }
      }
      prev = got;
    }
    assert.deepEqual(statuses, ['created', 'in_progress', 'done']);
    assert.equal(prev?.num_results, 30);
    const results = (await call(`/v1/discovery_tasks/${id}/results?limit=50`)).json as DiscoveryTaskResultsWire;
    assert.equal(results.results.length, 30);
    const first = results.results[0];
    assert.ok(first && 'scores' in first);
    assert.deepEqual(Object.keys(first.scores), ['has_logistics_focus'], 'scored on the criteria sent');
  });

  test('created tasks take a few minutes of fake time at most: 1 minute for up to 50 results, 3 for 250', async () => {
    for (const [n, minutes] of [
      [1, 1],
      [50, 1],
      [250, 3],
    ] as const) {
      const { id } = task(await post('/v1/discovery_tasks', { query: `q${n}`, desired_num_results: n }));
      assert.ok((fake.model.endsAt(id) ?? Infinity) - T0 <= minutes * 60_000, `${n} results`);
    }
  });

  test('GET /v1/discovery_tasks: a bare array, newest first, paged with offset/limit', async () => {
    const ids = [3, 2, 1].map((age) => fake.addTask({ query: `task aged ${age}`, ageMs: age * 60_000 }));
    const all = await call('/v1/discovery_tasks');
    assert.equal(all.status, 200);
    assert.ok(Array.isArray(all.json));
    assert.deepEqual(
      (all.json as DiscoveryTaskWire[]).map((t) => t.id),
      [...ids].reverse(),
    );
    const page = await call('/v1/discovery_tasks?offset=1&limit=1');
    assert.deepEqual(
      (page.json as DiscoveryTaskWire[]).map((t) => t.id),
      [ids[1]],
    );
    assert.deepEqual((await call('/v1/discovery_tasks?offset=10')).json, []);
  });

  test('GET results: task fields plus relevance-ordered pages', async () => {
    const id = fake.addTask({ query: 'q', desiredNumResults: 70, durationMs: 60_000 });
    fake.advance(60_000);
    const first = await call(`/v1/discovery_tasks/${id}/results?limit=50`);
    assert.equal(first.status, 200);
    const body = first.json as DiscoveryTaskResultsWire;
    assert.equal(body.id, id);
    assert.equal(body.status, 'done');
    assert.equal(body.results.length, 50);
    const second = (await call(`/v1/discovery_tasks/${id}/results?offset=50&limit=50`)).json as DiscoveryTaskResultsWire;
    assert.equal(second.results.length, 20);
    const rel = [...body.results, ...second.results].map((r) => r.relevance);
    assert.deepEqual(
      rel,
      [...rel].sort((a, b) => b - a),
    );
    assert.equal(
      ((await call(`/v1/discovery_tasks/${id}/results`)).json as DiscoveryTaskResultsWire).results.length,
      50,
      'default limit 50',
    );
  });

  test('resume: 200 raises desired, 400 when exhausted, 422 on invalid values', async () => {
    const id = fake.addTask({ query: 'q', desiredNumResults: 20, durationMs: 10_000 });
    fake.advance(10_000);
    const r = await post(`/v1/discovery_tasks/${id}/resume`, { desired_new_results: 10 });
    assert.equal(r.status, 200);
    assert.equal(task(r).desired_num_results, 30);
    assert.equal(task(r).status, 'in_progress');
    const dflt = await call(`/v1/discovery_tasks/${id}/resume`, { method: 'POST' });
    assert.equal(task(dflt).desired_num_results, 55, 'an empty body means 25 more');
    for (const bad of [{ desired_new_results: 251 }, { desired_new_results: -1 }, { desired_new_results: 'x' }, '{oops']) {
      const v = await post(`/v1/discovery_tasks/${id}/resume`, bad);
      assert.equal(v.status, 422, JSON.stringify(bad));
      assert.ok(Array.isArray((v.json as { detail: unknown }).detail));
    }
    const ex = fake.addTask({ query: 'q', desiredNumResults: 20, durationMs: 10_000, exhaustAtFraction: 0.2 });
    fake.advance(10_000);
    const refused = await post(`/v1/discovery_tasks/${ex}/resume`, { desired_new_results: 5 });
    assert.equal(refused.status, 400);
    assert.match(String((refused.json as { detail: unknown }).detail), /exhausted/i);
  });

  test('trailing slashes redirect like FastAPI', async () => {
    const r = await fetch(`${fake.url}/v1/discovery_tasks/?limit=2`, {
      redirect: 'manual',
      headers: { Authorization: `Bearer ${fake.token}` },
    });
    assert.equal(r.status, 307);
    assert.equal(r.headers.get('location'), '/v1/discovery_tasks?limit=2');
    await r.arrayBuffer();
  });

  suite('faults', () => {
    test('status faults: nth and times pick which matching requests fail', async () => {
      const id = fake.addTask({ query: 'q' });
      const path = `/v1/discovery_tasks/${id}`;
      fake.script({ path, nth: 2, action: { status: 429, headers: { 'Retry-After': '3' } } });
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const r = await call(path);
        statuses.push(r.status);
        if (r.status === 429) retryAfter = r.headers.get('retry-after');
      }
      assert.deepEqual(statuses, [200, 429, 200, 200]);
      assert.equal(retryAfter, '3');
      fake.clearFaults();
      fake.script({ method: 'GET', path: /\/results$/, times: 2, action: { status: 503 } });
      const s = [];
      for (let i = 0; i < 3; i++) s.push((await call(`${path}/results`)).status);
      assert.deepEqual(s, [503, 503, 200]);
      assert.equal((await call(path)).status, 200, 'the regex does not match the task path');
    });

    test('status faults carry bodies (402 insufficient_credits, 401, 500) and can target a taskId', async () => {
      const a = fake.addTask({ query: 'a' });
      const b = fake.addTask({ query: 'b' });
      fake.script(
        { taskId: a, action: { status: 402, body: { detail: { error: 'insufficient_credits' } } } },
        { method: 'POST', action: { status: 500 } },
        { path: '/v1/user', action: { status: 401, body: { detail: 'Could not validate credentials' } } },
      );
      const r = await call(`/v1/discovery_tasks/${a}`);
      assert.equal(r.status, 402);
      assert.deepEqual(r.json, { detail: { error: 'insufficient_credits' } });
      assert.equal((await call(`/v1/discovery_tasks/${b}`)).status, 200);
      const five = await post('/v1/discovery_tasks', { query: 'x' });
      assert.equal(five.status, 500);
      assert.deepEqual(five.json, { detail: 'Internal Server Error' });
      assert.equal((await call('/v1/user')).status, 401);
    });

    test('delay answers normally after the delay', async () => {
      fake.script({ path: '/v1/user', action: { delayMs: 120 } });
      const started = Date.now();
      const r = await call('/v1/user');
      assert.ok(Date.now() - started >= 110);
      assert.equal(r.status, 200);
      assert.equal((r.json as { email: string }).email, 'demo@example.com');
    });

    test('malformed, raw, empty and hostile JSON bodies', async () => {
      const id = fake.addTask({ query: 'q' });
      fake.script(
        { nth: 1, action: { malformed: true } },
        { nth: 2, action: { raw: '<html><body>Bad gateway</body></html>' } },
        { nth: 3, action: { raw: '', status: 200, contentType: 'application/json' } },
        { nth: 4, action: { json: { id: 42, status: 'exploded', num_results: 'many' } } },
      );
      const path = `/v1/discovery_tasks/${id}`;
      const malformed = await call(path);
      assert.equal(malformed.status, 200);
      assert.equal(malformed.json, undefined, 'not parseable');
      assert.ok(malformed.text.startsWith('{"id":'));
      const html = await call(path);
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      assert.match(html.text, /Bad gateway/);
      const empty = await call(path);
      assert.equal(empty.text, '');
      const hostile = await call(path);
      assert.deepEqual(hostile.json, { id: 42, status: 'exploded', num_results: 'many' });
      assert.equal((await call(path)).status, 200, 'all four rules used up');
    });

    test('hang never answers (the client times out) and close() still returns promptly', async () => {
      fake.script({ path: '/v1/user', action: { hang: true } });
      await assert.rejects(
        fetch(`${fake.url}/v1/user`, { headers: { Authorization: `Bearer ${fake.token}` }, signal: AbortSignal.timeout(150) }),
      );
      const pending = fetch(`${fake.url}/v1/user`, { headers: { Authorization: `Bearer ${fake.token}` } }).then(
        () => 'answered',
        () => 'failed',
      );
      // Until the hanging request has arrived (not a fixed sleep: a slow machine would race it).
      while (fake.requestCount({ pathPrefix: '/v1/user' }) < 2) await new Promise((r) => setTimeout(r, 5));
      await fake.close(); // a request left hanging would keep close() waiting until mocha's timeout
      assert.equal(await pending, 'failed');
      assert.equal(fake.requestCount({ pathPrefix: '/v1/user' }), 2);
    });

    test('reset destroys the socket', async () => {
      fake.script({ path: '/v1/user', nth: 1, action: { reset: true } });
      await assert.rejects(fetch(`${fake.url}/v1/user`, { headers: { Authorization: `Bearer ${fake.token}` } }));
      assert.equal((await call('/v1/user')).status, 200);
      assert.equal(fake.requests[0]?.fault, 'reset');
    });

    test('redirect sends Location (followed by fetch)', async () => {
      fake.script({ path: '/v1/discovery_tasks', method: 'GET', nth: 1, action: { redirect: '/v1/user', status: 307 } });
      const manual = await fetch(`${fake.url}/v1/discovery_tasks`, {
        redirect: 'manual',
        headers: { Authorization: `Bearer ${fake.token}` },
      });
      assert.equal(manual.status, 307);
      assert.equal(manual.headers.get('location'), '/v1/user');
      await manual.arrayBuffer();
      fake.script({ path: '/v1/discovery_tasks', action: { redirect: `${fake.url}/v1/user` } });
      const followed = await call('/v1/discovery_tasks');
      assert.equal(followed.status, 200);
      assert.equal((followed.json as { email: string }).email, 'demo@example.com');
    });
  });

  test('the request log counts by method, path prefix and task id', async () => {
    const a = fake.addTask({ query: 'a' });
    const b = fake.addTask({ query: 'b' });
    await call(`/v1/discovery_tasks/${a}`);
    await call(`/v1/discovery_tasks/${a}`);
    await call(`/v1/discovery_tasks/${a}/results`);
    await call(`/v1/discovery_tasks/${b}`);
    await post(`/v1/discovery_tasks/${b}/resume`, {});
    await call('/v1/user', { auth: 'Bearer wrong' });
    assert.equal(fake.requestCount(), 6);
    assert.equal(fake.requestCount({ taskId: a }), 3);
    assert.equal(fake.requestCount({ taskId: b, method: 'post' }), 1);
    assert.equal(fake.requestCount({ pathPrefix: `/v1/discovery_tasks/${a}/results` }), 1);
    assert.deepEqual(
      fake.requests.map((r) => r.status),
      [200, 200, 200, 200, 200, 401],
    );
    assert.ok(fake.requests.every((r) => typeof r.at === 'number' && !r.path.includes('?')));
  });

  test('control API: tasks, faults, requests, clock and reset (no token needed)', async () => {
    const ctl = async (method: string, path: string, body?: unknown): Promise<Got> =>
      call(path, { method, auth: null, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const created = await ctl('POST', '/__fake/tasks', { query: 'Freight SaaS', desiredNumResults: 10, durationMs: 20_000 });
    assert.equal(created.status, 201);
    const { id } = created.json as { id: string };
    assert.equal(task(await call(`/v1/discovery_tasks/${id}`)).query, 'Freight SaaS');
    assert.equal((await ctl('POST', '/__fake/tasks', { nope: 1 })).status, 422);

    assert.deepEqual(
      (await ctl('POST', '/__fake/faults', [{ path: '^/v1/discovery_tasks/[^/]+$', times: 1, action: { status: 502 } }])).json,
      { rules: 1 },
    );
    assert.equal((await call(`/v1/discovery_tasks/${id}`)).status, 502);
    assert.equal((await call(`/v1/discovery_tasks/${id}`)).status, 200);
    await ctl('POST', '/__fake/faults', { action: { status: 500 } });
    await ctl('DELETE', '/__fake/faults');
    assert.equal((await call('/v1/user')).status, 200);

    const counts = (await ctl('GET', '/__fake/requests')).json as { total: number; byRoute: Record<string, number> };
    assert.equal(counts.total, 4);
    assert.equal(counts.byRoute['GET /v1/discovery_tasks/{id}'], 3);
    assert.equal(counts.byRoute['GET /v1/user'], 1);

    const clock = await ctl('POST', '/__fake/clock', { advanceMs: 20_000 });
    assert.equal((clock.json as { now: number }).now, T0 + 20_000);
    assert.equal(task(await call(`/v1/discovery_tasks/${id}`)).status, 'done');
    const listed = (await ctl('GET', '/__fake/tasks')).json as Array<{ id: string; status: string }>;
    assert.deepEqual(
      listed.map((t) => [t.id, t.status]),
      [[id, 'done']],
    );

    assert.deepEqual((await ctl('GET', '/__fake/mode')).json, { realistic: false }, 'friendly unless asked');
    assert.equal(fake.realistic, false);

    assert.deepEqual((await ctl('POST', '/__fake/reset')).json, { ok: true });
    assert.equal(fake.requestCount(), 0);
    assert.equal((await call(`/v1/discovery_tasks/${id}`)).status, 404);
    assert.equal((await ctl('POST', '/__fake/faults', '{bad')).status, 422);
  });

  test('speed makes simulated time run faster than wall time', async () => {
    const fast = await startFakeExtruct({ speed: 1_000 });
    try {
      const id = fast.addTask({ query: 'q', desiredNumResults: 5, durationMs: 60_000, createdPhaseMs: 1_000 });
      await new Promise((r) => setTimeout(r, 80));
      const r = await fetch(`${fast.url}/v1/discovery_tasks/${id}`, { headers: { Authorization: `Bearer ${fast.token}` } });
      const t = (await r.json()) as DiscoveryTaskWire;
      assert.notEqual(t.status, 'created', '80 ms of wall time is over a minute of simulated time at 1000×');
      fast.setSpeed(0);
      const frozen = fast.now();
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(fast.now(), frozen);
      fast.setClock(() => T0);
      assert.equal(fast.now(), T0);
    } finally {
      await fast.close();
    }
  });
});
