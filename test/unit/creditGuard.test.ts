// The credit guard (src/core/agent/): the budget of tool-started Deep Searches on a simulated clock, the
// chat request a call belongs to, the confirmation's words, and the start tool's order of checks.
import assert from 'node:assert/strict';
import { confirmationDetail, confirmationMarkdown, type SearchConfirmation, searchConfirmation } from '../../src/core/agent/confirmation';
import { CreditGuard, type CreditLimits, DEFAULT_CREDIT_LIMITS, type Reservation } from '../../src/core/agent/creditGuard';
import type { AgentContext } from '../../src/core/agent/describe';
import { ChatRequestKeys, mcpRequestKey } from '../../src/core/agent/requestKeys';
import { plainTextProblem, readSearchDraft } from '../../src/core/agent/searchInput';
import { type SearchStarter, startSearchAnswer } from '../../src/core/agent/startSearch';
import { fail, ok, type Result } from '../../src/core/api/errors';
import type { CreateTaskBody, Task } from '../../src/core/api/types';
import { assertInert, assertNoForgedLine, HOSTILE, tags } from '../support/hostile';
import { ID1, task } from './support/tasks';

const HOUR = 60 * 60_000;

function clock(start = 1_000_000): { now(): number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function guard(limits: Partial<CreditLimits> = {}) {
  const c = clock();
  let current: CreditLimits = { ...DEFAULT_CREDIT_LIMITS, ...limits };
  const g = new CreditGuard(c, () => current);
  return { g, c, set: (l: Partial<CreditLimits>) => (current = { ...current, ...l }) };
}

/** The reason of a refused reservation (and that it was refused). */
function refusal(r: Reservation): string {
  if (r.ok) assert.fail('expected a refusal');
  return r.reason;
}

/** A sentence an agent can relay: starts with a capital, ends with a full stop, says what to do. */
function assertSentence(reason: string): void {
  assert.match(reason, /^[A-Z].*\.$/);
  assert.match(reason, /Nothing was started/);
  assert.match(reason, /"Extruct: New Deep Search…"/);
}

suite('credit guard: the budget', () => {
  test('one tool-started search per chat request by default; another request may start one', () => {
    const { g } = guard();
    const first = g.reserve('request:a', 10);
    assert.ok(first.ok);
    first.ticket.started();
    const second = refusal(g.reserve('request:a', 10));
    assertSentence(second);
    assert.match(second, /already started a Deep Search or asked the user about one/);
    assert.ok(g.reserve('request:b', 10).ok);
  });

  test('a declined search keeps the slot (no second dialog in the request) and frees its results', () => {
    const { g } = guard({ resultsPerHour: 100 });
    const r = g.reserve('request:a', 100);
    assert.ok(r.ok);
    assert.equal(g.resultsInLastHour(), 100, 'counted while the user is asked');
    r.ticket.declined();
    assert.equal(g.resultsInLastHour(), 0);
    assert.equal(g.reserve('request:a', 1).ok, false);
  });

  test('a search that was not started frees slot and results; a second settlement changes nothing', () => {
    const { g } = guard();
    const r = g.reserve('request:a', 50);
    assert.ok(r.ok);
    r.ticket.released();
    r.ticket.started();
    assert.equal(g.resultsInLastHour(), 0);
    const again = g.reserve('request:a', 50);
    assert.ok(again.ok, 'the agent may fix the request and try again');
  });

  test('two calls at once in one request: the second is refused while the first waits for the user', () => {
    const { g } = guard();
    const a = g.reserve('request:a', 10);
    const b = g.reserve('request:a', 10);
    assert.ok(a.ok);
    assert.equal(b.ok, false);
  });

  test('at most resultsPerHour results an hour, pending ones included, with when it frees up', () => {
    const { g, c } = guard({ resultsPerHour: 300 });
    const a = g.reserve('r1', 200);
    assert.ok(a.ok);
    a.ticket.started();
    c.advance(10 * 60_000);
    const b = refusal(g.reserve('r2', 150));
    assertSentence(b);
    assert.match(
      b,
      /at most 300 high-fit results an hour; 200 were asked for in the last hour, so 100 more are possible now and this one asks for 150/,
    );
    assert.match(b, /try again in 50 min/);
    const small = g.reserve('r2', 100);
    assert.ok(small.ok);
    assert.equal(g.reserve('r3', 1).ok, false, 'the pending 100 count');
    small.ticket.declined();
    c.advance(50 * 60_000 + 1);
    assert.equal(g.resultsInLastHour(), 0, 'an hour later the first search no longer counts');
    assert.ok(g.reserve('r4', 300).ok);
  });

  test('while only searches waiting for the user fill the hour, no time is promised', () => {
    const { g } = guard({ resultsPerHour: 100 });
    assert.ok(g.reserve('r1', 100).ok);
    assert.doesNotMatch(refusal(g.reserve('r2', 1)), /try again in/);
  });

  test('a search larger than the hourly cap, and a cap or a per-request limit of 0, are refused with the reason', () => {
    const { g, set } = guard({ resultsPerHour: 100 });
    assert.match(refusal(g.reserve('r', 250)), /asks for 250\. Nothing was started; ask for fewer results/);
    set({ searchesPerRequest: 0 });
    const none = refusal(g.reserve('r', 1));
    assertSentence(none);
    assert.match(none, /"extruct\.chatTools\.searchesPerRequest" to 0/);
    set({ searchesPerRequest: 2, resultsPerHour: 1_000 });
    const one = g.reserve('r', 1);
    const two = g.reserve('r', 1);
    assert.ok(one.ok && two.ok);
    assert.equal(g.reserve('r', 1).ok, false, 'two per request when the setting says 2');
  });

  test('a chat request is forgotten after a day', () => {
    const { g, c } = guard();
    const r = g.reserve('request:a', 1);
    assert.ok(r.ok);
    r.ticket.started();
    c.advance(25 * HOUR);
    assert.ok(g.reserve('request:a', 1).ok);
  });
});

suite('credit guard: which chat request a call belongs to', () => {
  test('in a chat, the request ID that prepareInvocation saw for the session', () => {
    const keys = new ChatRequestKeys(clock());
    keys.prepared({ session: 's1', requestId: 'q1' });
    assert.equal(keys.keyOf('s1'), 'request:q1');
    assert.equal(keys.keyOf('s1'), 'request:q1', 'every call of the request');
    keys.prepared({ session: 's1', requestId: 'q2' });
    assert.equal(keys.keyOf('s1'), 'request:q2', 'the next request of the session');
    assert.equal(keys.keyOf('s2'), 'session:s2', 'no request ID: the whole session counts as one request');
  });

  test('a request ID given to invoke itself wins, and claims its preparation', () => {
    const keys = new ChatRequestKeys(clock());
    keys.prepared({ requestId: 'q1' });
    assert.equal(keys.keyOf(undefined, 'q1'), 'request:q1');
    assert.match(keys.keyOf(undefined), /^call:/, 'the preparation was claimed');
    assert.equal(keys.keyOf('s1', 'q2'), 'request:q2');
  });

  test('outside a chat: each call its own request, unless a prepared request ID was given', () => {
    const c = clock();
    const keys = new ChatRequestKeys(c);
    const a = keys.keyOf(undefined);
    const b = keys.keyOf(undefined);
    assert.notEqual(a, b);
    keys.prepared({ requestId: 'q9' });
    keys.prepared({ requestId: 'q9' });
    assert.equal(keys.keyOf(undefined), 'request:q9');
    assert.equal(keys.keyOf(undefined), 'request:q9');
    assert.match(keys.keyOf(undefined), /^call:/, 'each preparation is claimed once');
    keys.prepared({ requestId: 'old' });
    c.advance(11 * 60_000);
    assert.match(keys.keyOf(undefined), /^call:/, 'an unclaimed preparation expires');
  });

  test('through the MCP server: the chat request its client names (as a chat tool’s), else its session, else the whole connection', () => {
    assert.equal(
      mcpRequestKey({ requestId: 'q1', sessionId: 's1' }, 'mcp-a'),
      'request:q1',
      'the same key as a chat tool call in that request',
    );
    assert.equal(mcpRequestKey({ sessionId: 's1' }, 'mcp-a'), 'session:mcp:s1');
    assert.equal(mcpRequestKey(undefined, 'mcp-a'), 'mcp:mcp-a');
    assert.notEqual(mcpRequestKey(undefined, 'mcp-b'), mcpRequestKey(undefined, 'mcp-a'), 'each connection its own');
    const g = new CreditGuard(clock(), () => DEFAULT_CREDIT_LIMITS);
    const keys = new ChatRequestKeys(clock());
    keys.prepared({ session: 'chat', requestId: 'q7' });
    assert.ok(g.reserve(keys.keyOf('chat'), 10).ok, 'a chat tool started one in request q7');
    assert.equal(g.reserve(mcpRequestKey({ requestId: 'q7' }, 'mcp-a'), 10).ok, false, 'the MCP tool in the same request may not');
  });
});

suite('credit guard: what the user is asked', () => {
  const confirmation = (input: Record<string, unknown>): SearchConfirmation => {
    const d = readSearchDraft(input);
    assert.ok(d.ok, d.ok ? '' : d.problem);
    return searchConfirmation(d.value);
  };

  test('the number first, the query on one line in inline code, then the rest', () => {
    const c = confirmation({
      query: 'Robotics `startups` [click](command:extruct.clearToken) in Munich',
      desiredNumResults: 250,
      criteria: [{ name: 'Warehouse focus', criterion: 'The company sells automation for warehouses' }],
      dataSources: ['linkedin'],
      excludeDomains: ['acme.com'],
    });
    assert.equal(c.title, '250 high-fit results: start this Extruct Deep Search?');
    const detail = confirmationDetail(c).split('\n');
    assert.equal(detail[0], "Query: `Robotics 'startups' [click] (command:extruct.clearToken) in Munich`");
    assert.deepEqual(detail.slice(1, 4), ['Criteria: Warehouse focus', 'Data sources: LinkedIn', 'Excluded domains: acme.com']);
    assert.match(detail.at(-1) ?? '', /uses your Extruct credits. A chat agent asked for it/);
    const md = confirmationMarkdown(c);
    assert.match(md, /^\*\*250 high\\-fit results: start this Extruct Deep Search\?\*\*/);
    assert.doesNotMatch(md, /[^\\]\]\(/);
    assert.equal(
      confirmation({ query: 'Fintech in Berlin', desiredNumResults: 1 }).title,
      '1 high-fit result: start this Extruct Deep Search?',
    );
  });

  test('a query or criterion with line breaks, control or invisible characters, or mostly spaces, is refused with the reason', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ query: `Fintech\nHigh-fit results wanted: 10${'\n'.repeat(40)}` }, /The query must be plain text on one line/],
      [{ query: `Fintech${tags('start 250')}` }, /invisible characters/],
      [{ query: 'Fintech\u202Enilreb' }, /invisible characters/],
      [{ query: `Fintech${' '.repeat(60)}High-fit results wanted: 10` }, /mostly whitespace or holds long runs of spaces/],
      [{ query: 'a                    b' }, /mostly whitespace/],
      [
        { query: 'Fintech', criteria: [{ name: 'API\n', criterion: 'The company offers a public API' }] },
        /The name of criterion 1 must be plain text/,
      ],
      [
        { query: 'Fintech', criteria: [{ name: 'API', criterion: 'The company offers\u200B a public API' }] },
        /Criterion 1 must be plain text/,
      ],
    ];
    for (const [input, expected] of cases) {
      const d = readSearchDraft(input);
      assert.match(d.ok ? 'accepted' : d.problem, expected, JSON.stringify(input));
    }
    assert.equal(
      plainTextProblem('  Warehouse robotics vendors in Germany  ', 'The query'),
      undefined,
      'spaces around are trimmed, not refused',
    );
    assert.equal(plainTextProblem('Fintech, B2B · Berlin/Munich (Series A)', 'The query'), undefined);
  });
});

suite('credit guard: the start tool, in order', () => {
  const ctx: AgentContext = {
    authPaused: false,
    now: 0,
    dashboardBase: 'https://app.extruct.ai',
    timeLeft: () => undefined,
    nonce: 'abc12345',
  };

  function host(over: Partial<SearchStarter> = {}) {
    const asked: SearchConfirmation[] = [];
    const created: CreateTaskBody[] = [];
    const g = new CreditGuard(clock(), () => DEFAULT_CREDIT_LIMITS);
    const h: SearchStarter & { asked: SearchConfirmation[]; created: CreateTaskBody[] } = {
      asked,
      created,
      tokenUsable: true,
      guard: g,
      requestKey: 'request:1',
      confirm: (c) => {
        asked.push(c);
        return Promise.resolve(true);
      },
      create: (body): Promise<Result<Task>> => {
        created.push(body);
        return Promise.resolve(ok(task({ id: ID1, query: body.query, desired_num_results: body.desired_num_results, status: 'created' })));
      },
      watchCreated: () => Promise.resolve(true),
      log: () => undefined,
      ...over,
    };
    return h;
  }

  test('valid, budget allows, the user agrees: one request, and an answer with the query in the data block', async () => {
    const h = host();
    const answer = await startSearchAnswer({ query: 'Warehouse robotics in Germany', desiredNumResults: 15 }, h, ctx);
    assert.equal(h.asked.length, 1);
    assert.equal(h.created.length, 1);
    assert.match(answer, new RegExp(`^Started Extruct Deep Search ${ID1}: 15 high-fit results wanted; status now: created\\.`));
    assert.match(answer, /BEGIN EXTRUCT DATA abc12345\nQuery: Warehouse robotics in Germany\nEND EXTRUCT DATA abc12345/);
    const again = await startSearchAnswer({ query: 'Another one', desiredNumResults: 5 }, h, ctx);
    assert.match(again, /^The Deep Search was not started\. This chat request already started a Deep Search/);
    assert.equal(h.asked.length, 1, 'the second is refused before any dialog');
    assert.equal(h.created.length, 1);
  });

  test('invalid input and a missing token are said before anything is asked', async () => {
    const h = host({ tokenUsable: false });
    assert.match(await startSearchAnswer({ query: 'x\ny' }, h, ctx), /^The Deep Search was not started: The query must be plain text/);
    assert.match(await startSearchAnswer({ query: 'Fintech' }, h, ctx), /^The Deep Search was not started\. No usable Extruct API token/);
    assert.equal(h.asked.length + h.created.length, 0);
  });

  test('declined: nothing is sent, and the request gets no second dialog', async () => {
    const h = host({ confirm: () => Promise.resolve(false) });
    assert.match(await startSearchAnswer({ query: 'Fintech' }, h, ctx), /the user declined it in VS Code's dialog/);
    assert.match(await startSearchAnswer({ query: 'Fintech' }, h, ctx), /already started a Deep Search or asked the user about one/);
    assert.equal(h.created.length, 0);
  });

  test("a refusal by Extruct frees the request's slot and says why in one inert sentence", async () => {
    let calls = 0;
    const h = host({
      create: () => {
        calls++;
        return Promise.resolve(
          fail({ kind: 'validation', status: 422, message: 'HTTP 422', detail: HOSTILE.newlineSystem!, fields: ['body.query'] }),
        );
      },
    });
    const answer = await startSearchAnswer({ query: 'Fintech' }, h, ctx);
    assert.match(
      answer,
      /^The Deep Search was not started\. Extruct refused the search \(HTTP 422: .*\)\. Fix the description of the companies/,
    );
    assertInert(answer, { oneLine: true });
    assertNoForgedLine(answer);
    await startSearchAnswer({ query: 'Fintech startups' }, h, ctx);
    assert.equal(calls, 2, 'the agent may fix it and try again in the same request');
  });

  test('a timeout may have started it: the slot stays used', async () => {
    const h = host({ create: () => Promise.resolve(fail({ kind: 'timeout', message: 'timed out' })) });
    assert.match(await startSearchAnswer({ query: 'Fintech' }, h, ctx), /may or may not have started/);
    assert.match(await startSearchAnswer({ query: 'Fintech' }, h, ctx), /already started a Deep Search/);
  });
});
