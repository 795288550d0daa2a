// The real ApiClient with the real node-fetch against the fake Extruct API on loopback.
import { systemClock } from '../../src/core/util/clock';
import assert from 'node:assert/strict';
import { ApiClient, type ApiClientOptions, type FetchLike } from '../../src/core/api/client';
import type { ApiError, Result } from '../../src/core/api/errors';
import type { CreateTaskBody } from '../../src/core/api/types';
import { EMPTY_DRAFT, toCreateBody } from '../../src/core/model/newSearch';
import { PLAN_GATES, startFakeExtruct, type FakeExtruct } from '../fake-extruct/index.js';
import { guardUnhandledRejections } from './support/rejectionGuard';
import { startRecordingServer } from './support/loopback';
import { nodeFetchAdapter, spyFetch } from './support/nodeFetchAdapter';
import { ID1, ID2, ID3 } from './support/tasks';

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);

function errorOf<T>(r: Result<T>): ApiError {
  assert.equal(r.ok, false, `expected an error, got ${JSON.stringify(r).slice(0, 200)}`);
  return (r as { ok: false; error: ApiError }).error;
}
function valueOf<T>(r: Result<T>): T {
  assert.equal(r.ok, true, `expected a value, got ${JSON.stringify(r).slice(0, 300)}`);
  return (r as { ok: true; value: T }).value;
}

suite('api client × fake Extruct (node-fetch on loopback)', () => {
  guardUnhandledRejections();
  let fake: FakeExtruct;
  let fetchSpy: ReturnType<typeof spyFetch>;

  const client = (over: Partial<ApiClientOptions> = {}): ApiClient =>
    new ApiClient({ fetch: fetchSpy, getBaseUrl: () => fake.url, getToken: () => Promise.resolve(fake.token), timeoutMs: 2_000, ...over });

  setup(async () => {
    fake = await startFakeExtruct({ speed: 0, startAt: T0 });
    fetchSpy = spyFetch(nodeFetchAdapter);
    // ID1: running; ID2: done with results; ID3: done, exhausted (resume refused with 400)
    fake.addTask({ id: ID1, query: 'Freight SaaS in Europe', desiredNumResults: 20, durationMs: 600_000, ageMs: 60_000 });
    fake.addTask({ id: ID2, query: 'Battery recyclers in Germany', desiredNumResults: 30, durationMs: 60_000, ageMs: 600_000 });
    fake.addTask({ id: ID3, query: 'Tiny niche', desiredNumResults: 40, durationMs: 60_000, ageMs: 600_000, exhaustAtFraction: 0.5 });
  });

  teardown(async () => {
    await fake.close();
  });

  suite('happy paths', () => {
    test('GET /v1/user → the account', async () => {
      const account = valueOf(await client().getUser());
      assert.deepEqual(account, { user_id: 'user_demo_0001', email: 'demo@example.com', available_credits: 1000, organization_name: null });
      assert.equal(fake.requestCount({ pathPrefix: '/v1/user' }), 1);
    });

    test('GET /v1/discovery_tasks → newest first, paged with offset/limit', async () => {
      const all = valueOf(await client().listTasks({ offset: 0, limit: 50 }));
      assert.deepEqual(all.map((t) => t.id).sort(), [ID1, ID2, ID3].sort());
      const page = valueOf(await client().listTasks({ offset: 1, limit: 1 }));
      assert.equal(page.length, 1);
      assert.equal(page[0]!.id, all[1]!.id);
      assert.match(fetchSpy.calls[1]!.url, /\/v1\/discovery_tasks\?offset=1&limit=1$/);
    });

    test('GET /v1/discovery_tasks/{id} → the task with its counters', async () => {
      const running = valueOf(await client().getTask(ID1));
      assert.equal(running.id, ID1);
      assert.equal(running.status, 'in_progress');
      assert.equal(running.query, 'Freight SaaS in Europe');
      assert.equal(running.desired_num_results, 20);
      assert.ok(running.num_results_discovered >= running.num_results_enriched);
      const done = valueOf(await client().getTask(ID2));
      assert.equal(done.status, 'done');
      assert.equal(done.num_results, 30);
      assert.ok(done.criteria && done.criteria.length > 0);
    });

    test('GET …/results pages through every row exactly once', async () => {
      const c = client();
      const ids: string[] = [];
      for (let offset = 0; ; offset += 7) {
        const page = valueOf(await c.getResults(ID2, { offset, limit: 7 }));
        assert.equal(page.task.id, ID2);
        ids.push(...page.results.map((r) => r.id));
        if (page.results.length < 7) break;
      }
      assert.equal(ids.length, 30);
      assert.equal(new Set(ids).size, 30, 'no row twice');
      const first = valueOf(await c.getResults(ID2, { offset: 0, limit: 1 })).results[0]!;
      assert.equal(typeof first.company_name, 'string');
      assert.ok(Object.keys(first.scores).length > 0);
    });

    test('POST …/resume sends desired_new_results as JSON and returns the resumed task', async () => {
      const t = valueOf(await client().resumeTask(ID2, 5));
      assert.equal(t.id, ID2);
      assert.equal(t.desired_num_results, 35);
      const call = fetchSpy.calls[0]!;
      assert.equal(call.headers['Content-Type'], 'application/json');
      assert.deepEqual(JSON.parse(call.body!), { desired_new_results: 5 });
    });
  });

  suite('createTask (POST /v1/discovery_tasks)', () => {
    const BODY: CreateTaskBody = toCreateBody({
      ...EMPTY_DRAFT,
      query: '  Vertical SaaS companies serving freight forwarders in Europe ',
      desiredNumResults: 40,
      criteria: [{ key: 'has_logistics_focus', name: 'Logistics Focus', criterion: 'Company serves freight forwarding or logistics.' }],
      dataSources: ['web_search', 'linkedin'],
      excludeDomains: ['https://www.Acme.com/about', 'flexport.com'],
    });

    test('sends the body as JSON and returns the validated task, which then runs on the fake clock', async () => {
      const t = valueOf(await client().createTask(BODY));
      assert.match(t.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(t.status, 'created');
      assert.equal(t.query, 'Vertical SaaS companies serving freight forwarders in Europe');
      assert.equal(t.desired_num_results, 40);
      assert.equal(t.auto_data_sources, false);
      assert.deepEqual(t.data_sources, ['web_search', 'linkedin']);
      assert.deepEqual(t.criteria, BODY.criteria);
      assert.deepEqual(t.exclude_domains, ['acme.com', 'flexport.com'], 'normalized by the server');
      assert.equal(t.num_results, 0);
      assert.equal(t.created_at, new Date(T0).toISOString());
      const call = fetchSpy.calls[0]!;
      assert.equal(fake.requests[0]?.method, 'POST');
      assert.match(call.url, /\/v1\/discovery_tasks$/);
      assert.equal(call.headers['Content-Type'], 'application/json');
      assert.deepEqual(JSON.parse(call.body!), BODY);

      assert.equal(valueOf(await client().getTask(t.id)).status, 'created');
      fake.advance(fake.model.endsAt(t.id)! - T0);
      const done = valueOf(await client().getTask(t.id));
      assert.equal(done.status, 'done');
      assert.equal(done.num_results, 40);
      assert.ok(valueOf(await client().listTasks({ offset: 0, limit: 50 })).some((x) => x.id === t.id));
    });

    test('the smallest body (query only, Extruct picks criteria and sources) is accepted', async () => {
      const t = valueOf(await client().createTask(toCreateBody({ ...EMPTY_DRAFT, query: 'Battery recyclers in Germany' })));
      assert.equal(t.desired_num_results, 100);
      assert.equal(t.auto_data_sources, true);
      assert.ok(t.criteria && t.criteria.length > 0, 'generated criteria');
    });

    test('422 → validation, with each loc as a field path and the messages as the detail', async () => {
      const e = errorOf(
        await client().createTask({ ...BODY, criteria: [{ key: 'has_logistics_focus', name: 'Logistics', criterion: 'too short' }] }),
      );
      assert.equal(e.kind, 'validation');
      assert.equal(e.status, 422);
      assert.deepEqual(e.fields, ['body.criteria.0.criterion']);
      assert.match(e.detail ?? '', /at least 10 characters/);
      assert.match(e.message, /^HTTP 422: /);

      const many = errorOf(
        await client().createTask({
          ...BODY,
          desired_num_results: 251,
          criteria: [
            { key: '1st', name: 'n', criterion: 'long enough text' },
            { key: 'ok', name: 'x'.repeat(101), criterion: 'long enough text' },
          ],
        }),
      );
      assert.deepEqual(many.fields, ['body.desired_num_results', 'body.criteria.0.key', 'body.criteria.1.name']);

      const sources = errorOf(await client().createTask({ ...BODY, auto_data_sources: false, data_sources: [] }));
      assert.deepEqual(sources.fields, ['body'], 'a model-level rule names the whole body');
      assert.equal(fake.model.size, 3, 'nothing was created');
    });

    for (const gate of PLAN_GATES) {
      test(`402 ${gate} (the plan gate) → plan, with the reason as the detail; create and resume alike`, async () => {
        fake.setPlanGate(gate);
        const e = errorOf(await client().createTask(BODY));
        assert.equal(e.kind, 'plan');
        assert.equal(e.status, 402);
        assert.equal(e.detail, gate, 'detail.error, not detail.message');
        assert.equal(e.fields, undefined);
        const r = errorOf(await client().resumeTask(ID2, 5));
        assert.deepEqual([r.kind, r.detail], ['plan', gate]);
        assert.equal(valueOf(await client().getTask(ID2)).status, 'done', 'reads still work');
        fake.setPlanGate(undefined);
        assert.equal(valueOf(await client().createTask(BODY)).status, 'created');
      });
    }

    test('an invalid body while gated is still a 422 (validation comes first)', async () => {
      fake.setPlanGate('insufficient_credits');
      const e = errorOf(await client().createTask({ ...BODY, desired_num_results: 0 }));
      assert.equal(e.kind, 'validation');
      assert.deepEqual(e.fields, ['body.desired_num_results']);
    });

    test('never retried: a 503 is returned after one request', async () => {
      fake.script({ method: 'POST', path: '/v1/discovery_tasks', nth: 1, action: { status: 503 } });
      assert.equal(errorOf(await client().createTask(BODY)).kind, 'server');
      assert.equal(fake.requestCount({ method: 'POST' }), 1);
      assert.equal(fake.model.size, 3);
    });
  });

  suite('HTTP errors map to kinds', () => {
    test('401 from the server (wrong token) → auth, and the token is never in the error', async () => {
      const e = errorOf(await client({ getToken: () => Promise.resolve('wrong-token') }).getTask(ID1));
      assert.equal(e.kind, 'auth');
      assert.equal(e.status, 401);
      assert.equal(e.detail, 'Could not validate credentials');
      assert.ok(!JSON.stringify(e).includes('wrong-token'));
    });

    for (const code of ['plan_required', 'payment_failed', 'insufficient_credits']) {
      test(`402 {detail: {error: "${code}"}} → plan, with the detail`, async () => {
        fake.script({ path: `/v1/discovery_tasks/${ID1}`, action: { status: 402, body: { detail: { error: code } } } });
        const e = errorOf(await client().getTask(ID1));
        assert.equal(e.kind, 'plan');
        assert.equal(e.status, 402);
        assert.equal(e.detail, code);
        assert.match(e.message, new RegExp(code));
      });
    }

    test('404 → not-found (unknown task)', async () => {
      const e = errorOf(await client().getTask('00000000-0000-4000-8000-000000000000'));
      assert.equal(e.kind, 'not-found');
      assert.equal(e.status, 404);
      assert.equal(e.detail, 'Task not found');
    });

    test('400 → bad-request (resume of an exhausted task), with the server detail', async () => {
      const e = errorOf(await client().resumeTask(ID3, 5));
      assert.equal(e.kind, 'bad-request');
      assert.equal(e.status, 400);
      assert.ok(e.detail && e.detail.length > 0);
      assert.match(e.message, /^HTTP 400: /);
    });

    test('422 → validation, with the pydantic messages joined', async () => {
      const e = errorOf(await client().resumeTask(ID2, 9999));
      assert.equal(e.kind, 'validation');
      assert.equal(e.status, 422);
      assert.match(e.detail ?? '', /less than or equal to 250/);
      const list = errorOf(await client().listTasks({ offset: -1, limit: 10 }));
      assert.equal(list.kind, 'validation');
    });

    test('429 with Retry-After in seconds → rate-limited with retryAfterMs', async () => {
      fake.script({ path: `/v1/discovery_tasks/${ID1}`, action: { status: 429, headers: { 'Retry-After': '7' } } });
      const e = errorOf(await client().getTask(ID1));
      assert.equal(e.kind, 'rate-limited');
      assert.equal(e.status, 429);
      assert.equal(e.retryAfterMs, 7_000);
    });

    test('429 with Retry-After as an HTTP date → ms from now (injected clock)', async () => {
      const now = Date.UTC(2026, 2, 1, 10, 0, 0);
      const at = new Date(now + 90_000).toUTCString();
      fake.script({ path: `/v1/discovery_tasks/${ID1}`, action: { status: 429, headers: { 'Retry-After': at } } });
      const e = errorOf(await client({ clock: { ...systemClock, now: () => now } }).getTask(ID1));
      assert.equal(e.retryAfterMs, 90_000);
      const past = new Date(now - 90_000).toUTCString();
      fake.script({ path: `/v1/discovery_tasks/${ID1}`, action: { status: 429, headers: { 'Retry-After': past } } });
      fake.clearFaults();
      fake.script({ path: `/v1/discovery_tasks/${ID1}`, action: { status: 429, headers: { 'Retry-After': past } } });
      assert.equal(
        errorOf(await client({ clock: { ...systemClock, now: () => now } }).getTask(ID1)).retryAfterMs,
        0,
        'a date in the past: no wait',
      );
    });

    test('429 with a huge, unreadable or missing Retry-After → a finite wait of at most an hour, or none', async () => {
      const cases: Array<[string | undefined, (ms: number | undefined) => boolean]> = [
        ['99999999999', (ms) => ms === 3_600_000],
        ['9'.repeat(400), (ms) => ms === 3_600_000],
        [new Date(Date.UTC(9999, 0, 1)).toUTCString(), (ms) => ms === 3_600_000],
        ['soon', (ms) => ms === undefined],
        ['-5', (ms) => ms === undefined || ms === 0],
        [undefined, (ms) => ms === undefined],
      ];
      for (const [header, check] of cases) {
        fake.clearFaults();
        fake.script({
          path: `/v1/discovery_tasks/${ID1}`,
          action: { status: 429, ...(header !== undefined ? { headers: { 'Retry-After': header } } : {}) },
        });
        const e = errorOf(await client().getTask(ID1));
        assert.equal(e.kind, 'rate-limited');
        assert.ok(check(e.retryAfterMs), `Retry-After ${String(header).slice(0, 20)} → ${e.retryAfterMs}`);
        assert.ok(e.retryAfterMs === undefined || Number.isFinite(e.retryAfterMs));
      }
    });

    for (const status of [500, 502, 503, 504]) {
      test(`${status} → server`, async () => {
        fake.script({ path: `/v1/discovery_tasks/${ID1}`, action: { status } });
        const e = errorOf(await client().getTask(ID1));
        assert.equal(e.kind, 'server');
        assert.equal(e.status, status);
        assert.match(e.message, new RegExp(`^HTTP ${status}`));
      });
    }

    test('a 5xx HTML error page → server, the HTML is not the detail', async () => {
      fake.script({
        path: `/v1/discovery_tasks/${ID1}`,
        action: { status: 502, raw: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      });
      const e = errorOf(await client().getTask(ID1));
      assert.equal(e.kind, 'server');
      assert.equal(e.detail, undefined);
    });

    test('other statuses (418, 3xx) → unexpected', async () => {
      fake.script({ path: `/v1/discovery_tasks/${ID1}`, nth: 1, action: { status: 418 } });
      assert.equal(errorOf(await client().getTask(ID1)).kind, 'unexpected');
      fake.script({ path: `/v1/discovery_tasks/${ID1}`, action: { redirect: '/v1/user', status: 307 } });
      const e = errorOf(await client().getTask(ID1));
      assert.equal(e.kind, 'unexpected');
      assert.equal(e.status, 307);
      assert.equal(fake.requestCount({ pathPrefix: '/v1/user' }), 0, 'the redirect was not followed');
    });
  });

  suite('the token', () => {
    test('is sent only in the Authorization header: not in the URL, another header or the body', async () => {
      const token = 'tok_5ecret-VALUE_123';
      const rec = await startRecordingServer((req, res) => {
        res.setHeader('Content-Type', 'application/json');
        if (req.url.startsWith('/v1/user')) res.end(JSON.stringify({ user_id: 'u' }));
        else if (req.url.startsWith('/v1/discovery_tasks?')) res.end('[]');
        else if (req.url.includes('/results')) res.end(JSON.stringify({ id: ID1, status: 'done', results: [] }));
        else res.end(JSON.stringify({ id: ID1, status: 'done' }));
      });
      try {
        const c = new ApiClient({
          fetch: nodeFetchAdapter,
          getBaseUrl: () => rec.url,
          getToken: () => Promise.resolve(token),
          timeoutMs: 2_000,
        });
        assert.ok((await c.getUser()).ok);
        assert.ok((await c.listTasks({ offset: 0, limit: 5 })).ok);
        assert.ok((await c.getTask(ID1)).ok);
        assert.ok((await c.getResults(ID1, { offset: 0, limit: 5 })).ok);
        assert.ok((await c.resumeTask(ID1, 3)).ok);
        assert.equal(rec.requests.length, 5);
        for (const r of rec.requests) {
          assert.equal(r.headers.authorization, `Bearer ${token}`);
          assert.ok(!r.url.includes(token), r.url);
          assert.ok(!r.body.includes(token));
          const others = Object.entries(r.headers).filter(([k]) => k !== 'authorization');
          assert.ok(!JSON.stringify(others).includes(token), JSON.stringify(others));
          assert.equal(r.rawHeaders.filter((h) => h.includes(token)).length, 1, 'exactly one header carries it');
        }
      } finally {
        await rec.close();
      }
    });

    test('a server that echoes the token in an error detail: the token is not in the error', async () => {
      const token = 'tok_echoed_0123456789';
      for (const status of [400, 401, 402, 422]) {
        fake.clearFaults();
        fake.script({ path: `/v1/discovery_tasks/${ID1}`, action: { status, body: { detail: `bad token Bearer ${token} for you` } } });
        const e = errorOf(await client({ getToken: () => Promise.resolve(token) }).getTask(ID1));
        assert.ok(!JSON.stringify(e).includes(token), `HTTP ${status}: ${JSON.stringify(e)}`);
      }
    });

    test('a token echoed across the 300-character cut of the detail leaves no part of it anywhere', async () => {
      const token = 'tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789_abcdefghijklmnop';
      for (const at of [280, 290, 299, 300, 301]) {
        fake.clearFaults();
        fake.script({
          path: `/v1/discovery_tasks/${ID1}`,
          action: { status: 400, body: { detail: `${'x'.repeat(at)}${token} trailing` } },
        });
        const e = errorOf(await client({ getToken: () => Promise.resolve(token) }).getTask(ID1));
        const text = JSON.stringify(e);
        // Not the token, and not its first 8 characters either (what a cut after redaction would leave).
        assert.ok(!text.includes(token.slice(0, 8)), `cut at ${at}: ${text}`);
      }
    });

    test('missing (undefined or empty) → auth error, no request made', async () => {
      for (const getToken of [() => Promise.resolve(undefined), () => Promise.resolve('')]) {
        const e = errorOf(await client({ getToken }).getTask(ID1));
        assert.equal(e.kind, 'auth');
        assert.match(e.message, /No API token/);
      }
      assert.equal(fetchSpy.calls.length, 0);
      assert.equal(fake.requests.length, 0);
    });

    test('a token source that throws → an auth error value, no request, no rejection', async () => {
      const e = errorOf(await client({ getToken: () => Promise.reject(new Error('keychain locked')) }).getTask(ID1));
      assert.equal(e.kind, 'auth');
      assert.equal(fetchSpy.calls.length, 0);
      const sync = errorOf(
        await client({
          getToken: () => {
            throw new Error('boom');
          },
        }).getUser(),
      );
      assert.equal(sync.kind, 'auth');
    });
  });

  suite('base URL policy', () => {
    for (const base of [
      'http://example.com',
      'ftp://127.0.0.1',
      'not a url',
      'https://user:pw@api.extruct.ai',
      'https://api.extruct.ai/?x=1',
      'http://10.0.0.1:8080',
    ]) {
      test(`refuses ${base} without making a request`, async () => {
        const e = errorOf(await client({ getBaseUrl: () => base }).getTask(ID1));
        assert.equal(e.kind, 'unexpected');
        assert.match(e.message, /extruct\.apiBaseUrl/);
        assert.ok(!e.message.includes('pw'), 'credentials are not echoed');
        assert.equal(fetchSpy.calls.length, 0);
      });
    }

    test('accepts loopback http with a trailing slash and a path prefix', async () => {
      assert.ok((await client({ getBaseUrl: () => `${fake.url}/` }).getUser()).ok);
      assert.equal(fetchSpy.calls[0]!.url, `${fake.url}/v1/user`);
      const rec = await startRecordingServer((_req, res) => res.end(JSON.stringify({ user_id: 'x' })));
      try {
        const c = new ApiClient({
          fetch: nodeFetchAdapter,
          getBaseUrl: () => `${rec.url}/api//`,
          getToken: () => Promise.resolve('t'),
          timeoutMs: 2_000,
        });
        assert.ok((await c.getUser()).ok);
        assert.equal(rec.requests[0]!.url, '/api/v1/user');
      } finally {
        await rec.close();
      }
    });
  });

  suite('answers about another task', () => {
    test('getTask: the answer for another task id → malformed', async () => {
      fake.script({ path: `/v1/discovery_tasks/${ID1}`, action: { json: { ...fake.model.snapshot(ID2) } } });
      const e = errorOf(await client().getTask(ID1));
      assert.equal(e.kind, 'malformed');
      assert.ok(e.message.includes(ID2) && e.message.includes(ID1));
    });

    test('resumeTask: the answer for another task id → malformed (it would be stored as this task)', async () => {
      fake.script({ path: `/v1/discovery_tasks/${ID2}/resume`, action: { json: { ...fake.model.snapshot(ID1) } } });
      assert.equal(errorOf(await client().resumeTask(ID2, 5)).kind, 'malformed');
    });

    test('getResults: a page for another task → malformed', async () => {
      fake.script({ path: `/v1/discovery_tasks/${ID1}/results`, action: { json: { ...fake.model.results(ID2, 0, 5) } } });
      assert.equal(errorOf(await client().getResults(ID1, { offset: 0, limit: 5 })).kind, 'malformed');
    });

    test('an id that differs only in letter case is the same task', async () => {
      const upper = ID2.toUpperCase();
      fake.script({ path: `/v1/discovery_tasks/${ID2}`, action: { json: { ...fake.model.snapshot(ID2), id: upper } } });
      assert.equal(valueOf(await client().getTask(ID2)).status, 'done');
    });
  });

  test('what is not a task ID is never put into a request path (the token would go to another endpoint)', async () => {
    fetchSpy = spyFetch(nodeFetchAdapter);
    for (const id of ['..', '../user', '', ' ', `${ID1}/../..`, '%2e%2e', 'x'.repeat(36)]) {
      const results: Array<Result<unknown>> = [
        await client().getTask(id),
        await client().getResults(id, { offset: 0, limit: 50 }),
        await client().resumeTask(id, 5),
      ];
      for (const r of results) assert.match(errorOf(r).message, /not a task ID/);
    }
    assert.equal(fetchSpy.calls.length, 0);
    assert.equal(fake.requests.length, 0);
  });

  test('a body without end is cut off at 8 MB, as a malformed answer; the next request works', async () => {
    const endless = await startRecordingServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 64 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const declared = await startRecordingServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(100 * 1024 * 1024) });
      res.write('{"id":');
    });
    try {
      for (const server of [endless, declared]) {
        const e = errorOf(await client({ getBaseUrl: () => server.url, timeoutMs: 20_000 }).getTask(ID1));
        assert.equal(e.kind, 'malformed');
        assert.match(e.message, /larger than 8 MB/);
      }
      valueOf(await client().getTask(ID1));
    } finally {
      await endless.close();
      await declared.close();
    }
  });

  test('a fetch that throws synchronously or rejects with a non-Error → network error value', async () => {
    const throwing: FetchLike = () => {
      throw new TypeError('bad');
    };
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the case under test: a fetch rejecting with a non-Error
    const rejecting: FetchLike = () => Promise.reject('just a string');
    assert.equal(errorOf(await client({ fetch: throwing }).getUser()).kind, 'network');
    assert.equal(errorOf(await client({ fetch: rejecting }).getUser()).kind, 'network');
  });
});
