// Hostile input and faults, end to end at unit level: the fake Extruct server (scripted faults) →
// node-fetch → ApiClient → Scheduler → TaskStore → watch list codec.
import assert from 'node:assert/strict';
import http from 'node:http';
import { ApiClient } from '../../src/core/api/client';
import type { ApiErrorKind } from '../../src/core/api/errors';
import { LIMITS } from '../../src/core/api/validate';
import { isComplete } from '../../src/core/model/completion';
import { displayStateOf } from '../../src/core/model/display';
import type { WatchEntry } from '../../src/core/model/watchEntry';
import { nextDelay } from '../../src/core/poll/policy';
import type { FaultAction } from '../fake-extruct/index.js';
import { closedPort, sleep, startRecordingServer } from './support/loopback';
import { sharedStateOf } from '../../src/core/model/sharedState';
import { BASE_INTERVAL_MS, CLIENT_TIMEOUT_MS, type FaultRig, roundTrip, startFaultRig } from './support/faultRig';
import { guardUnhandledRejections } from './support/rejectionGuard';
import { nodeFetchAdapter } from './support/nodeFetchAdapter';
import { ID1, ID2 } from './support/tasks';

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const TASK_PATH = `/v1/discovery_tasks/${ID1}`;
const HOUR = 3_600_000;

suite('faults: hostile answers through client, scheduler and store', () => {
  guardUnhandledRejections();
  let rig: FaultRig;

  setup(async () => {
    rig = await startFaultRig(T0);
    // A running task: 20 desired, ten simulated minutes long, one minute in.
    rig.fake.addTask({ id: ID1, query: 'Freight SaaS in Europe', desiredNumResults: 20, durationMs: 600_000, ageMs: 60_000 });
  });

  teardown(async () => {
    await rig.close();
  });

  /** Watches ID1 and lets the first (good) answer land. */
  async function watchWithSnapshot(): Promise<void> {
    rig.watch([ID1]);
    rig.scheduler.start();
    await rig.step();
    const e = rig.entry(ID1);
    assert.equal(e.task?.status, 'in_progress');
    assert.equal(e.error, undefined);
    assertPlanned(e);
  }

  /** The next check is planned as the policy says for this entry (no leftover error backoff, no hold). */
  function assertPlanned(e: WatchEntry, message?: string): number {
    const p = rig.scheduler.pollInfo(e.id);
    const delay = p.nextCheckAt! - p.lastCheckedAt!;
    assert.equal(
      delay,
      nextDelay({ entry: e, errorCount: p.errorCount, now: p.lastCheckedAt!, intervalMs: BASE_INTERVAL_MS, focused: true, random: 0.5 }),
      message,
    );
    return delay;
  }

  /** Time from the last check of the task to the next one. */
  const gap = (id: string): number => rig.scheduler.pollInfo(id).nextCheckAt! - rig.scheduler.pollInfo(id).lastCheckedAt!;
  const errorCount = (id: string): number => rig.scheduler.pollInfo(id).errorCount;

  /** Asserts the store and the persisted watch list after the faults. */
  function assertIntact(): void {
    const entries = rig.store.entries();
    assert.deepEqual(
      entries.map((e) => e.id),
      [ID1],
      'still exactly one entry',
    );
    const back = roundTrip(entries[0]!, rig.clock.now());
    assert.ok(back, 'the shared snapshot reads back');
    const { rev: _rev, checkedAt: _checked, ...rest } = back;
    assert.deepEqual(rest, sharedStateOf(entries[0]!));
  }

  const snapshot = (): Record<string, unknown> => ({ ...rig.fake.model.snapshot(ID1) });

  interface ErrorCase {
    name: string;
    action: () => FaultAction;
    kind: ApiErrorKind;
    message: RegExp;
  }
  const errorCases: ErrorCase[] = [
    { name: 'malformed JSON (cut in half)', action: () => ({ malformed: true }), kind: 'malformed', message: /not JSON/ },
    { name: 'an empty body', action: () => ({ raw: '', contentType: 'application/json' }), kind: 'malformed', message: /empty/ },
    { name: 'a blank body', action: () => ({ raw: ' \r\n\t ', contentType: 'application/json' }), kind: 'malformed', message: /empty/ },
    {
      name: 'an HTML error page with status 200',
      action: () => ({ raw: '<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>' }),
      kind: 'malformed',
      message: /HTML page/,
    },
    { name: 'JSON null', action: () => ({ json: null }), kind: 'malformed', message: /task object/ },
    { name: 'a JSON array', action: () => ({ json: [snapshot()] }), kind: 'malformed', message: /task object/ },
    { name: 'a JSON string', action: () => ({ json: 'in_progress' }), kind: 'malformed', message: /task object/ },
    {
      name: 'a task without "id"',
      action: () => {
        const { id: _id, ...rest } = snapshot();
        return { json: rest };
      },
      kind: 'malformed',
      message: /no "id"/,
    },
    {
      name: 'a task without "status"',
      action: () => {
        const { status: _s, ...rest } = snapshot();
        return { json: rest };
      },
      kind: 'malformed',
      message: /no "status"/,
    },
    {
      name: 'an empty "id" and "status"',
      action: () => ({ json: { ...snapshot(), id: '', status: '' } }),
      kind: 'malformed',
      message: /no "id"/,
    },
    { name: '"id" of the wrong type', action: () => ({ json: { ...snapshot(), id: 42 } }), kind: 'malformed', message: /no "id"/ },
    {
      name: '"status" of the wrong type',
      action: () => ({ json: { ...snapshot(), status: { value: 'done' } } }),
      kind: 'malformed',
      message: /no "status"/,
    },
    {
      name: 'null in every field',
      action: () => ({ json: Object.fromEntries(Object.keys(snapshot()).map((k) => [k, null])) }),
      kind: 'malformed',
      message: /no "id"/,
    },
    { name: 'the answer for another task', action: () => ({ json: { ...snapshot(), id: ID2 } }), kind: 'malformed', message: /about task/ },
    {
      name: 'a 10 000-level nested array instead of a task',
      action: () => ({ raw: '['.repeat(10_000) + ']'.repeat(10_000), contentType: 'application/json' }),
      kind: 'malformed',
      message: /task object/,
    },
    {
      name: 'unterminated 100 000-level nesting',
      action: () => ({ raw: '{"a":'.repeat(100_000), contentType: 'application/json' }),
      kind: 'malformed',
      message: /not JSON/,
    },
    { name: 'HTTP 500', action: () => ({ status: 500 }), kind: 'server', message: /HTTP 500/ },
    { name: 'HTTP 503 with an HTML body', action: () => ({ status: 503, raw: '<html>down</html>' }), kind: 'server', message: /HTTP 503/ },
    {
      name: 'a request that never gets an answer',
      action: () => ({ hang: true }),
      kind: 'timeout',
      message: new RegExp(`${CLIENT_TIMEOUT_MS} ms`),
    },
    { name: 'a connection reset', action: () => ({ reset: true }), kind: 'network', message: /reset|network/ },
    {
      name: 'a redirect to the same server',
      action: () => ({ redirect: '/v1/user', status: 302 }),
      kind: 'unexpected',
      message: /redirect/,
    },
  ];

  for (const c of errorCases) {
    test(`${c.name} → one "${c.kind}" error state, backoff, the last snapshot kept, recovery`, async () => {
      await watchWithSnapshot();
      if (c.kind === 'timeout') rig.timeoutMs = CLIENT_TIMEOUT_MS;
      const good = rig.entry(ID1).task!;
      rig.fake.script({ path: TASK_PATH, times: 2, action: c.action() });

      await rig.stepToNextCheck(ID1);
      let e = rig.entry(ID1);
      assert.equal(e.error?.kind, c.kind, JSON.stringify(e.error));
      assert.match(e.error.message, c.message);
      assert.ok(e.error.message.length < 400, 'a short message');
      assert.equal(errorCount(e.id), 1);
      assert.deepEqual(e.task, good, 'the last good snapshot is kept');
      assert.equal(e.stopped, undefined, 'still watched');
      assert.equal(displayStateOf(e, rig.store.authPaused), 'error');
      const firstDelay = assertPlanned(e);
      assert.ok(firstDelay > BASE_INTERVAL_MS, `backoff: next check in ${firstDelay} ms`);

      await rig.stepToNextCheck(ID1);
      e = rig.entry(ID1);
      assert.equal(errorCount(e.id), 2, 'errorCount counts consecutive failures');
      assert.equal(e.error?.kind, c.kind);
      assert.ok(!Array.isArray(e.error), 'one error object, replaced');
      const secondDelay = assertPlanned(e);
      assert.ok(secondDelay > firstDelay, `the backoff grows: ${firstDelay} → ${secondDelay}`);
      assertIntact();

      await rig.stepToNextCheck(ID1); // the fault is used up: a good answer
      e = rig.entry(ID1);
      assert.equal(e.error, undefined);
      assert.equal(errorCount(e.id), 0);
      assert.equal(e.task?.id, ID1);
      assertPlanned(e, 'planned as an error-free task: the error backoff is gone');
      assert.equal(rig.fake.requestCount({ taskId: ID1 }), 4, 'one request per check, no retries in a loop');
      assertIntact();
    });
  }

  test('a response whose body never finishes (headers sent) → timeout, and the scheduler goes on', async () => {
    const open = new Set<http.ServerResponse>();
    const rec = await startRecordingServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100000' });
      res.write(`{"id":"${ID1}","status":"in_pro`);
      open.add(res);
    });
    try {
      rig.baseUrl = rec.url;
      rig.timeoutMs = CLIENT_TIMEOUT_MS;
      rig.store.add([ID1], rig.clock.now());
      rig.scheduler.start();
      await rig.step(); // a client without a timeout would hang here until mocha's own timeout
      const e = rig.entry(ID1);
      assert.equal(e.error?.kind, 'timeout');
      assert.ok(gap(e.id) > BASE_INTERVAL_MS);
      assert.equal(rec.requests.length, 1);
    } finally {
      for (const res of open) res.destroy();
      await rec.close();
    }
  });

  test('connection refused (a closed port) → network error, backoff, recovery when the server is back', async () => {
    await watchWithSnapshot();
    rig.baseUrl = `http://127.0.0.1:${await closedPort()}`;
    await rig.stepToNextCheck(ID1);
    let e = rig.entry(ID1);
    assert.equal(e.error?.kind, 'network');
    assert.match(e.error.message, /refused/);
    assert.equal(e.error.status, undefined);
    assert.ok(gap(e.id) > BASE_INTERVAL_MS);
    await rig.stepToNextCheck(ID1);
    assert.equal(errorCount(ID1), 2);
    rig.baseUrl = rig.fake.url;
    await rig.stepToNextCheck(ID1);
    e = rig.entry(ID1);
    assert.equal(e.error, undefined);
    assert.equal(errorCount(e.id), 0);
    assertIntact();
  });

  for (const status of [301, 302, 303, 307, 308] as const) {
    test(`a ${status} redirect to another host is not followed: the Authorization header never leaves`, async () => {
      const other = await startRecordingServer((_req, res) => res.end(JSON.stringify(snapshot())));
      try {
        // The recorder does record an Authorization header when it receives one:
        const direct = new ApiClient({
          fetch: nodeFetchAdapter,
          getBaseUrl: () => other.url,
          getToken: () => Promise.resolve('probe'),
          timeoutMs: 1_000,
        });
        await direct.getUser();
        assert.equal(other.requests[0]?.headers.authorization, 'Bearer probe');
        other.requests.length = 0;

        await watchWithSnapshot();
        rig.fake.script({ path: TASK_PATH, action: { redirect: `${other.url}${TASK_PATH}`, status } });
        await rig.stepToNextCheck(ID1);
        const e = rig.entry(ID1);
        assert.equal(e.error?.kind, 'unexpected');
        assert.equal(e.error.status, status);
        assert.match(e.error.message, /redirect/);
        await sleep(20);
        assert.equal(other.requests.length, 0, 'the other host saw no request at all');
        assert.ok(gap(e.id) > BASE_INTERVAL_MS);
      } finally {
        await other.close();
      }
    });
  }

  test('429 with a huge Retry-After holds polling for at most an hour, and then recovers', async () => {
    await watchWithSnapshot();
    rig.fake.script({ path: TASK_PATH, action: { status: 429, headers: { 'Retry-After': '9'.repeat(30) } } });
    await rig.stepToNextCheck(ID1);
    const e = rig.entry(ID1);
    assert.equal(e.error?.kind, 'rate-limited');
    assert.equal(e.error.retryAfterMs, HOUR);
    assert.equal(assertPlanned(e), HOUR, 'the policy caps the hold at an hour');
    rig.fake.clearFaults();
    await rig.step(HOUR - 1_000);
    assert.equal(rig.fake.requestCount({ taskId: ID1 }), 2, 'nothing during the hold');
    await rig.step(1_000);
    assert.equal(rig.fake.requestCount({ taskId: ID1 }), 3);
    assert.equal(rig.entry(ID1).error, undefined);
    assertIntact();
  });

  test('402 and 404 stop the task with one clear state', async () => {
    await watchWithSnapshot();
    rig.fake.script({ path: TASK_PATH, nth: 1, action: { status: 402, body: { detail: { error: 'insufficient_credits' } } } });
    await rig.stepToNextCheck(ID1);
    let e = rig.entry(ID1);
    assert.equal(e.stopped, 'plan');
    assert.equal(e.error?.detail, 'insufficient_credits');
    assert.equal(displayStateOf(e, rig.store.authPaused), 'plan');
    await rig.step(10 * 60_000);
    assert.equal(rig.fake.requestCount({ taskId: ID1 }), 2, 'not polled after a plan error');
    assertIntact();

    // The user refreshes the stopped task (a manual refresh asks even about stopped tasks).
    rig.fake.model.clear();
    const refreshed = rig.scheduler.refresh([ID1]);
    await rig.step();
    await refreshed;
    e = rig.entry(ID1);
    assert.equal(e.stopped, 'not-found');
    assert.equal(e.error?.kind, 'not-found');
    assert.equal(displayStateOf(e, rig.store.authPaused), 'not-found');
    assertIntact();
  });

  test("a 401 on the task while the token works is that task's error; a revoked token pauses everything until a new one", async () => {
    const pause = await rig.withTokenPause();
    await watchWithSnapshot();
    rig.fake.script({ path: TASK_PATH, action: { status: 401, body: { detail: 'Could not validate credentials' } } });
    await rig.stepToNextCheck(ID1);
    await rig.step(); // the token check (GET /v1/user) answers
    let e = rig.entry(ID1);
    assert.equal(e.error?.kind, 'auth');
    assert.equal(rig.fake.requestCount({ pathPrefix: '/v1/user' }), 1, 'the token was checked once');
    assert.equal(rig.store.authPaused, false, 'the token itself works: nothing pauses');
    assert.equal(displayStateOf(e, rig.store.authPaused), 'error');

    rig.fake.script({ path: '/v1/user', action: { status: 401, body: { detail: 'Could not validate credentials' } } });
    await rig.stepToNextCheck(ID1);
    await rig.step();
    e = rig.entry(ID1);
    assert.equal(rig.store.authPaused, true, 'GET /v1/user says the token is rejected');
    assert.equal(displayStateOf(e, rig.store.authPaused), 'auth');
    const n = rig.fake.requestCount({ taskId: ID1 });
    await rig.step(10 * 60_000);
    assert.equal(rig.fake.requestCount({ taskId: ID1 }), n, 'nothing while paused');
    rig.fake.clearFaults();
    pause.tokenSet();
    await rig.step();
    e = rig.entry(ID1);
    assert.equal(rig.store.authPaused, false);
    assert.equal(e.error, undefined, 'polled again at once, and answered');
    assertIntact();
  });

  suite('accepted, but sanitized', () => {
    async function answerOnce(json: unknown): Promise<void> {
      await watchWithSnapshot();
      rig.fake.script({ path: TASK_PATH, action: { json } });
      await rig.stepToNextCheck(ID1);
      assert.equal(rig.entry(ID1).error, undefined, JSON.stringify(rig.entry(ID1).error));
    }

    test('wrong types in every optional field → a task with safe defaults, polled at the base rate', async () => {
      await answerOnce({
        id: ID1,
        status: 'in_progress',
        created_at: { y: 2026 },
        query: 42,
        desired_num_results: '20',
        is_exhausted: 'true',
        num_results_discovered: '12',
        num_results_enriched: true,
        num_results_evaluated: [3],
        num_results: { n: 1 },
        table_id: 7,
        auto_data_sources: 'yes',
        data_sources: 'web_search',
        criteria: { key: 'x' },
        exclude_domains: 5,
      });
      const e = rig.entry(ID1);
      assert.equal(e.error, undefined);
      assert.deepEqual(e.task, {
        id: ID1,
        status: 'in_progress',
        created_at: null,
        query: null,
        desired_num_results: null,
        is_exhausted: false,
        num_results_discovered: 0,
        num_results_enriched: 0,
        num_results_evaluated: 0,
        num_results: 0,
        table_id: null,
        auto_data_sources: null,
        data_sources: null,
        criteria: null,
        exclude_domains: null,
      });
      assertPlanned(e);
      assertIntact();
    });

    test('null in every field but id and status → accepted with nulls', async () => {
      const nulls = Object.fromEntries(Object.keys(snapshot()).map((k) => [k, null]));
      await answerOnce({ ...nulls, id: ID1, status: 'in_progress' });
      const t = rig.entry(ID1).task!;
      assert.equal(t.query, null);
      assert.equal(t.criteria, null);
      assert.equal(t.num_results, 0);
      assertIntact();
    });

    test('an unknown status is kept, shown as unknown, and polled (not treated as finished)', async () => {
      await answerOnce({ ...snapshot(), status: 'paused_by_admin' });
      const e = rig.entry(ID1);
      assert.equal(e.task?.status, 'paused_by_admin');
      assert.equal(displayStateOf(e, false), 'unknown');
      assert.equal(e.stopped, undefined);
      assertPlanned(e);
      assertIntact();
    });

    test('counters that go down or are negative, fractional, NaN-like or huge → non-negative integers', async () => {
      await watchWithSnapshot();
      const before = rig.entry(ID1).task!;
      rig.fake.script(
        {
          path: TASK_PATH,
          nth: 1,
          action: {
            json: { ...snapshot(), num_results_discovered: 1000, num_results_enriched: 500, num_results_evaluated: 400, num_results: 90 },
          },
        },
        {
          path: TASK_PATH,
          nth: 2,
          action: {
            json: { ...snapshot(), num_results_discovered: 3, num_results_enriched: -5, num_results_evaluated: 2.7, num_results: 1e308 },
          },
        },
      );
      await rig.stepToNextCheck(ID1);
      assert.equal(rig.entry(ID1).task!.num_results_discovered, 1000);
      assert.ok(before.num_results_discovered < 1000);
      await rig.stepToNextCheck(ID1);
      const t = rig.entry(ID1).task!;
      assert.equal(t.num_results_discovered, 3, 'the newest answer wins even when it went down');
      assert.equal(t.num_results_enriched, 0);
      assert.equal(t.num_results_evaluated, 2);
      assert.ok(Number.isInteger(t.num_results) && t.num_results >= 0);
      assert.equal(rig.entry(ID1).error, undefined);
      assert.equal(rig.entry(ID1).stopped, undefined);
      assertIntact();
    });

    test('a 1 MB query is cut to the text limit', async () => {
      await answerOnce({ ...snapshot(), query: 'Q'.repeat(1024 * 1024) });
      const t = rig.entry(ID1).task!;
      assert.equal(t.query!.length, LIMITS.text);
      assert.ok(t.query!.endsWith('…'));
      assertIntact();
    });

    test('10 000 criteria are capped', async () => {
      const criteria = Array.from({ length: 10_000 }, (_, i) => ({
        key: `k${i}`,
        name: `Criterion ${i}`,
        criterion: 'Some long enough text',
      }));
      await answerOnce({
        ...snapshot(),
        criteria,
        exclude_domains: Array.from({ length: 10_000 }, (_, i) => `d${i}.com`),
        data_sources: Array(10_000).fill('web_search'),
      });
      const t = rig.entry(ID1).task!;
      assert.equal(t.criteria!.length, LIMITS.criteria);
      assert.equal(t.exclude_domains!.length, LIMITS.excludeDomains);
      assert.equal(t.data_sources!.length, LIMITS.dataSources);
      assertIntact();
    });

    test('deeply nested junk inside fields (10 000 levels) does not blow the stack', async () => {
      await watchWithSnapshot();
      const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
      const deepObj = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
      const body =
        `{"id":"${ID1}","status":"in_progress","criteria":${deep(10_000)},"data_sources":[${deep(10_000)}],` +
        `"query":${deepObj(10_000)},"exclude_domains":[${deepObj(10_000)},"ok.com"],"extra":${deep(50_000)}}`;
      rig.fake.script({ path: TASK_PATH, action: { raw: body, contentType: 'application/json' } });
      await rig.stepToNextCheck(ID1);
      assert.equal(rig.entry(ID1).error, undefined, JSON.stringify(rig.entry(ID1).error));
      const t = rig.entry(ID1).task!;
      assert.deepEqual(t.criteria, []);
      assert.deepEqual(t.data_sources, []);
      assert.equal(t.query, null);
      assert.deepEqual(t.exclude_domains, ['ok.com']);
      assertIntact();
    });

    test('a complete answer with hostile extras stops polling once, and survives a restart', async () => {
      await answerOnce({ ...snapshot(), status: 'done', __proto__x: 1, constructor: 'x', extra: { nested: [1, 2, 3] } });
      const e = rig.entry(ID1);
      assert.equal(e.stopped, 'complete');
      assert.ok(isComplete(e.task!));
      assert.deepEqual(Object.keys(e.task!.extra ?? {}).sort(), ['__proto__x', 'constructor', 'extra'], 'unknown fields are kept, apart');
      assert.equal(Object.getPrototypeOf(e.task!.extra), Object.prototype);
      assertIntact();
    });
  });

  test('the same task ID watched twice (also in another letter case) → one entry, one request at a time', async () => {
    rig.fake.script({ path: TASK_PATH, action: { delayMs: 120 } }); // keeps each request in flight a while
    assert.deepEqual(rig.store.add([ID1, ID1], rig.clock.now()), { added: [ID1], existing: [ID1], invalid: [] });
    rig.scheduler.start();
    await rig.clock.advance(0); // the first request is in flight
    assert.equal(rig.scheduler.requestsInFlight, 1);
    assert.deepEqual(rig.store.add([ID1], rig.clock.now()).existing, [ID1]);
    assert.deepEqual(rig.store.add([ID1.toUpperCase()], rig.clock.now()).added, [], 'task IDs are UUIDs: the case does not matter');
    void rig.scheduler.refresh([ID1]);
    await rig.clock.advance(0);
    assert.equal(rig.scheduler.requestsInFlight, 1, 'never two requests for one task');
    await rig.step();
    await rig.step();
    assert.equal(rig.store.size, 1);
    assert.equal(rig.entry(ID1).error, undefined);
    assert.equal(rig.entry(ID1).task?.id, ID1);
    assert.equal(rig.fake.requestCount({ taskId: ID1 }), 2, 'the first check and the manual refresh');
    assertIntact();
  });

  test('a faulty list of tasks: hostile items are skipped, the rest is kept', async () => {
    rig.fake.script({
      path: '/v1/discovery_tasks',
      times: 1,
      action: {
        json: [null, 1, 'x', [], { id: 5, status: 'done' }, { id: ID2 }, { ...snapshot() }, { id: ID2, status: 'done', num_results: -1 }],
      },
    });
    const r = await rig.client.listTasks({ offset: 0, limit: 50 });
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((t) => t.id),
      [ID1, ID2],
    );
    assert.equal(r.value[1]!.num_results, 0);
    rig.fake.script({ path: '/v1/discovery_tasks', action: { json: { tasks: [] } } });
    const bad = await rig.client.listTasks({ offset: 0, limit: 50 });
    assert.ok(!bad.ok && bad.error.kind === 'malformed');
  });
});
