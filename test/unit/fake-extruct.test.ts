// The fake Extruct HTTP server: routes, auth, validation, faults, request counting and the control API.
import assert from 'node:assert/strict';
import { startFakeExtruct, type FakeExtruct } from '../fake-extruct/index.js';
import type { DiscoveryTaskResultsWire, DiscoveryTaskWire } from '../fake-extruct/types.js';

interface Got {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);

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
    assert.deepEqual(Object.keys(r.json as object).sort(),
      ['available_credits', 'email', 'organization_id', 'organization_is_active', 'organization_name', 'organization_slug', 'user_id']);
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
      criteria: [{ key: 'has_logistics_focus', name: 'Logistics Focus', criterion: 'Company serves freight forwarding or logistics operations.' }],
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
      const detail = (r.json as { detail: Array<{ loc: unknown; msg: unknown; type: unknown }> }).detail;
      assert.ok(Array.isArray(detail) && detail.length >= 1);
      assert.deepEqual(detail[0]?.loc, loc, JSON.stringify(body));
      assert.equal(typeof detail[0]?.msg, 'string');
      assert.equal(typeof detail[0]?.type, 'string');
    }
    assert.equal((await call('/v1/discovery_tasks?limit=abc')).status, 422);
    assert.equal((await call('/v1/discovery_tasks?offset=-1')).status, 422);
    assert.equal(fake.model.size, 0, 'nothing was created');
  });

  test('GET /v1/discovery_tasks: a bare array, newest first, paged with offset/limit', async () => {
    const ids = [3, 2, 1].map((age) => fake.addTask({ query: `task aged ${age}`, ageMs: age * 60_000 }));
    const all = await call('/v1/discovery_tasks');
    assert.equal(all.status, 200);
    assert.ok(Array.isArray(all.json));
    assert.deepEqual((all.json as DiscoveryTaskWire[]).map((t) => t.id), [...ids].reverse());
    const page = await call('/v1/discovery_tasks?offset=1&limit=1');
    assert.deepEqual((page.json as DiscoveryTaskWire[]).map((t) => t.id), [ids[1]]);
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
    assert.deepEqual(rel, [...rel].sort((a, b) => b - a));
    assert.equal(((await call(`/v1/discovery_tasks/${id}/results`)).json as DiscoveryTaskResultsWire).results.length, 50, 'default limit 50');
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
    const r = await fetch(`${fake.url}/v1/discovery_tasks/?limit=2`, { redirect: 'manual', headers: { Authorization: `Bearer ${fake.token}` } });
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
      await assert.rejects(fetch(`${fake.url}/v1/user`, { headers: { Authorization: `Bearer ${fake.token}` }, signal: AbortSignal.timeout(150) }));
      const pending = fetch(`${fake.url}/v1/user`, { headers: { Authorization: `Bearer ${fake.token}` } }).then(() => 'answered', () => 'failed');
      await new Promise((r) => setTimeout(r, 30));
      const started = Date.now();
      await fake.close();
      assert.ok(Date.now() - started < 1_000);
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
      const manual = await fetch(`${fake.url}/v1/discovery_tasks`, { redirect: 'manual', headers: { Authorization: `Bearer ${fake.token}` } });
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
    assert.deepEqual(fake.requests.map((r) => r.status), [200, 200, 200, 200, 200, 401]);
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

    assert.deepEqual((await ctl('POST', '/__fake/faults', [{ path: '^/v1/discovery_tasks/[^/]+$', times: 1, action: { status: 502 } }])).json, { rules: 1 });
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
    assert.deepEqual(listed.map((t) => [t.id, t.status]), [[id, 'done']]);

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
