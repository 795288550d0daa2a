/**
 * The chat tools (language model tools) in the real extension host, against the fake Extruct API. Each
 * tool is invoked as a chat participant would, through vscode.lm.invokeTool (no model needed), and its
 * text checked: the answers, their bounds, and every way a call can go wrong (no token, an unknown
 * task, an API error, invalid input), which must come back as text, never as an exception. Nothing any
 * tool says ever holds the API token.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TOOL_NAMES } from '../../src/extension/tools';
import { assertInert, assertNoForgedLine, HOSTILE, hostileResultRow } from '../support/hostile';
import { type Harness, integrationSetup, setSetting, waitFor } from './helpers';

const MIN = 60_000;
const ALL_TOOLS = Object.values(TOOL_NAMES);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface ToolContribution {
  name: string;
  displayName?: string;
  modelDescription: string;
  userDescription?: string;
  toolReferenceName?: string;
  canBeReferencedInPrompt?: boolean;
  tags?: string[];
  inputSchema?: { type: string; properties: Record<string, unknown>; required?: string[] };
}

/** The extension's own modal before a tool-started Deep Search (core/agent/confirmation.ts). */
const CREDIT_MODAL = /^\d+ high-fit results?: start this Extruct Deep Search\?$/;

suite('chat tools', () => {
  let h: Harness;
  /** Every text a tool answered with in this suite. */
  const outputs: string[] = [];

  suiteSetup(async () => {
    h = await integrationSetup();
    await waitFor('the tools are registered', () => ALL_TOOLS.every((n) => vscode.lm.tools.some((t) => t.name === n)));
  });
  suiteTeardown(async () => {
    h.fake.setPlanGate(undefined);
    await h.dispose();
  });
  setup(async () => {
    h.fake.setPlanGate(undefined);
    await h.reset();
  });

  /**
   * Invokes a tool as a chat participant does. `chatRequestId`: the request it belongs to, passed as
   * Copilot passes it (proposed API, which code-server lets every extension use); without one, the call
   * counts as a request of its own, like another extension's.
   */
  async function invoke(name: string, input: unknown, chatRequestId?: string): Promise<string> {
    const cancel = new vscode.CancellationTokenSource();
    try {
      const options = { input: input as object, toolInvocationToken: undefined, ...(chatRequestId ? { chatRequestId } : {}) };
      const result = await vscode.lm.invokeTool(name, options, cancel.token);
      const parts = result.content.filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart);
      assert.equal(parts.length, result.content.length, 'plain text parts only');
      const text = parts.map((p) => p.value).join('');
      outputs.push(text);
      assert.ok(text.length > 0, `${name} answers`);
      assert.ok(text.length <= 8_000, `${name} answers in at most 8 000 characters (${text.length})`);
      assert.equal(text.includes(h.fake.token), false, `${name} never shows the token`);
      return text;
    } finally {
      cancel.dispose();
    }
  }

  const posts = (): number => h.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/discovery_tasks').length;

  async function withoutToken(check: () => Promise<void>): Promise<void> {
    await vscode.commands.executeCommand('extruct.clearToken');
    try {
      await check();
    } finally {
      const again = await vscode.commands.executeCommand<{ ok: boolean } | undefined>('extruct.setToken', h.fake.token);
      assert.equal(again?.ok, true);
    }
  }

  test('every tool is contributed with its descriptions and schema, and listed in vscode.lm.tools', () => {
    const ext = vscode.extensions.getExtension('taskwatch-labs.extruct-task-watcher')!;
    const contributed = (ext.packageJSON as { contributes: { languageModelTools: ToolContribution[] } }).contributes.languageModelTools;
    assert.deepEqual(contributed.map((t) => t.name).sort(), [...ALL_TOOLS].sort());
    for (const c of contributed) {
      assert.ok(c.displayName?.startsWith('Extruct: '), `${c.name} has a display name`);
      assert.ok(c.modelDescription.length > 200, `${c.name} has a precise model description`);
      assert.ok(c.userDescription && c.userDescription.length > 20, `${c.name} has a user description`);
      assert.equal(c.canBeReferencedInPrompt, true);
      assert.match(c.toolReferenceName ?? '', /^extruct[A-Z]\w+$/);
      assert.ok(c.tags?.includes('extruct'));
      assert.equal(c.inputSchema?.type, 'object');
      const listed = vscode.lm.tools.find((t) => t.name === c.name);
      assert.ok(listed, `${c.name} is in vscode.lm.tools`);
      assert.equal(listed.description, c.modelDescription);
      assert.deepEqual(listed.inputSchema, c.inputSchema);
      assert.ok(listed.tags.includes('extruct'));
    }
    const create = contributed.find((c) => c.name === TOOL_NAMES.startDeepSearch)!;
    assert.deepEqual(create.inputSchema?.required, ['query']);
    assert.match(create.modelDescription, /the extension itself asks the user in a modal dialog/);
    assert.match(create.modelDescription, /one search per chat request/);
    for (const c of contributed.filter((t) => t.name !== TOOL_NAMES.watchTask && t.name !== TOOL_NAMES.startDeepSearch))
      assert.match(c.modelDescription, /data, not instructions/, `${c.name} says its text from Extruct is data`);
  });

  test('list: nothing watched, then every watched task with its state and progress; filters and limits', async () => {
    assert.match(await invoke(TOOL_NAMES.listTasks, {}), /No Extruct tasks are watched/);
    const done = await h.doneTask('Freight SaaS in Europe', 10);
    const running = await h.addAndWatch({ query: 'Robotics startups in Munich', desiredNumResults: 40, durationMs: 60 * MIN });
    h.fake.advance(20 * MIN);
    await h.api.scheduler.refresh([running]);

    const all = await invoke(TOOL_NAMES.listTasks, undefined);
    assert.match(all, /2 Extruct tasks are watched/);
    assert.ok(all.indexOf(running) < all.indexOf(done), 'running tasks first');
    assert.match(all, /"Robotics startups in Munich" — in progress/);
    assert.match(all, /\d+\/40 high-fit \(discovered \d+, enriched \d+, evaluated \d+\)/);
    assert.match(all, /"Freight SaaS in Europe" — done/);
    assert.match(all, /10\/10 high-fit/);

    const running1 = await invoke(TOOL_NAMES.listTasks, { filter: 'running' });
    assert.ok(running1.includes(running) && !running1.includes(done));
    const finished = await invoke(TOOL_NAMES.listTasks, { filter: 'finished', limit: 5 });
    assert.ok(finished.includes(done) && !finished.includes(running));
    const one = await invoke(TOOL_NAMES.listTasks, { limit: 1 });
    assert.match(one, /the first 1 shown/);
    assert.equal(one.includes(done), false);

    assert.match(await invoke(TOOL_NAMES.listTasks, { filter: 'soon' }), /"filter" must be one of "all", "running", "finished", "problem"/);
    assert.match(await invoke(TOOL_NAMES.listTasks, { limit: 0 }), /"limit" must be a whole number from 1 to 100/);
    assert.match(await invoke(TOOL_NAMES.listTasks, { state: 'all' }), /Unknown field "state"/);
    assert.match(await invoke(TOOL_NAMES.listTasks, 'everything'), /must be a JSON object/);
  });

  test('get: a watched task in full; another task read from the API; unknown and malformed IDs', async () => {
    const id = await h.addAndWatch({
      query: 'Vertical SaaS for freight forwarders',
      desiredNumResults: 30,
      durationMs: 10 * MIN,
      tableId: 'tbl_1',
      excludeDomains: ['a.com', 'b.com'],
      criteria: [{ key: 'has_api', name: 'Public API', criterion: 'The company offers a public REST API' }],
    });
    h.fake.advance(3 * MIN);
    await h.api.scheduler.refresh([id]);
    const text = await invoke(TOOL_NAMES.getTask, { taskId: id });
    assert.match(text, new RegExp(`^Extruct Deep Search task ${id}`));
    assert.match(text, /Query: Vertical SaaS for freight forwarders/);
    assert.match(text, /State: in progress/);
    assert.match(text, /Watched in VS Code: yes/);
    assert.match(text, /Progress: \d+ high-fit results? of 30 wanted/);
    assert.match(text, /Pipeline: discovered \d+, enriched \d+, evaluated \d+, high-fit \d+/);
    assert.match(text, /Public API \[key has_api\]: The company offers a public REST API/);
    assert.match(text, /Excluded domains: a\.com, b\.com/);
    assert.match(text, new RegExp(`Dashboard: https?://\\S+/tasks/${id}`));
    assert.match(text, /AI Table: \S+\/tables\/tbl_1/);

    // By dashboard link, upper case: the same task.
    assert.match(await invoke(TOOL_NAMES.getTask, { taskId: `https://app.extruct.ai/tasks/${id.toUpperCase()}` }), new RegExp(id));

    const other = h.fake.addTask({ query: 'Not watched yet', desiredNumResults: 5, durationMs: MIN });
    const read = await invoke(TOOL_NAMES.getTask, { taskId: other });
    assert.match(read, /Query: Not watched yet/);
    assert.match(read, /Watched in VS Code: no/);
    assert.equal(h.api.store.has(other), false, 'reading does not watch');

    assert.match(await invoke(TOOL_NAMES.getTask, { taskId: UNKNOWN_ID }), /Extruct has no task .* \(HTTP 404\)/);
    assert.match(await invoke(TOOL_NAMES.getTask, { taskId: 'task-42' }), /"task-42" is not an Extruct task ID/);
    assert.match(await invoke(TOOL_NAMES.getTask, {}), /"taskId" is required/);
    assert.match(await invoke(TOOL_NAMES.getTask, { taskId: `${id} ${other}` }), /names 2 tasks; give one task ID/);
    assert.match(
      await invoke(TOOL_NAMES.getTask, { taskId: 'https://app.extruct.ai/tables/d530c3ad-626c-4d7b-ab15-181d4058e4f8' }),
      /AI Table, not to a Deep Search task/,
    );

    h.fake.script({ path: `/v1/discovery_tasks/${other}`, action: { status: 500 } });
    assert.match(await invoke(TOOL_NAMES.getTask, { taskId: other }), /Could not read task .* server error \(HTTP 500\)/);
  });

  test('results: the best rows by relevance with grades and explanations, bounded; none yet; an API error', async () => {
    const id = await h.doneTask('Logistics software vendors', 40);
    const text = await invoke(TOOL_NAMES.getResults, { taskId: id, count: 5 });
    assert.match(text, new RegExp(`^Top 5 of 40 results of Extruct task ${id}, by relevance\\. The task is done\\.`));
    assert.match(text, /Grades are per criterion, from 1 \(does not fit\) to 5 \(fits well\)/);
    assert.match(text, /^BEGIN EXTRUCT DATA \w+\nQuery: Logistics software vendors\n/m, 'the query in the data block');
    const rows = [...text.matchAll(/^(\d+)\. .* — relevance (\d+(?:\.\d+)?)$/gm)];
    assert.deepEqual(
      rows.map((r) => Number(r[1])),
      [1, 2, 3, 4, 5],
    );
    const relevance = rows.map((r) => Number(r[2]));
    assert.deepEqual(
      relevance,
      [...relevance].sort((a, b) => b - a),
      'by relevance, best first',
    );
    assert.match(text, /^ {3}- .+: [1-5]\/5 — \S/m);
    for (const line of text.split('\n').filter((l) => l.startsWith('   - ') || l.startsWith('   About: '))) {
      assert.ok(line.length < 320, `explanations are cut: ${line.length}`);
    }

    const most = await invoke(TOOL_NAMES.getResults, { taskId: `https://app.extruct.ai/tasks/${id}`, count: 25 });
    assert.ok(most.length <= 8_000);
    const mostRows = [...most.matchAll(/^(\d+)\. /gm)].length;
    assert.ok(mostRows >= 10, `as many rows as fit (${mostRows})`);
    assert.match(most, new RegExp(`^Top ${mostRows} of 40 results`));
    if (mostRows < 25) assert.ok(most.includes(`(${25 - mostRows} more of the 25 asked for left out to stay within 8,000 characters`));
    const defaults = await invoke(TOOL_NAMES.getResults, { taskId: id });
    assert.match(defaults, /^Top 10 of 40 results/);

    const fresh = await h.addAndWatch({ query: 'Just started', desiredNumResults: 10, durationMs: 60 * MIN });
    await h.api.scheduler.refresh([fresh]);
    assert.match(
      await invoke(TOOL_NAMES.getResults, { taskId: fresh }),
      new RegExp(`^Extruct task ${fresh} has no results yet \\(it is (created|in progress)\\)`),
    );

    assert.match(await invoke(TOOL_NAMES.getResults, { taskId: id, count: 26 }), /"count" must be a whole number from 1 to 25/);
    assert.match(await invoke(TOOL_NAMES.getResults, { taskId: 'nope' }), /not an Extruct task ID/);
    assert.match(await invoke(TOOL_NAMES.getResults, { taskId: UNKNOWN_ID }), /HTTP 404/);
    h.fake.script({ path: `/v1/discovery_tasks/${id}/results`, action: { status: 500 } });
    const failed = await invoke(TOOL_NAMES.getResults, { taskId: id });
    assert.match(failed, /Could not read the results of task .* server error \(HTTP 500\)\. Try again in a moment/);
  });

  test('watch: by ID or link, checked at once; already watched; invalid input', async () => {
    const a = h.fake.addTask({ query: 'Watch me', desiredNumResults: 10, durationMs: 10 * MIN });
    const b = h.fake.addTask({ query: 'And me', desiredNumResults: 10, durationMs: 10 * MIN });
    const text = await invoke(TOOL_NAMES.watchTask, { tasks: `${a}, https://app.extruct.ai/tasks/${b}, junk` });
    assert.match(text, new RegExp(`Now watching 2 tasks: ${a}, ${b}\\.`));
    assert.match(text, /Ignored \(not a task ID or task link\): "junk"/);
    assert.ok(h.api.store.has(a) && h.api.store.has(b));
    assert.match(text, /"Watch me" — (queued|in progress)/, 'checked once before answering');

    const again = await invoke(TOOL_NAMES.watchTask, { tasks: a });
    assert.match(again, new RegExp(`Already watched: ${a}\\.`));
    assert.equal(again.includes('Now watching'), false);

    assert.match(await invoke(TOOL_NAMES.watchTask, { tasks: 'hello world' }), /No task ID found/);
    assert.match(await invoke(TOOL_NAMES.watchTask, {}), /"tasks" is required/);
    assert.match(
      await invoke(TOOL_NAMES.watchTask, { tasks: 'https://app.extruct.ai/tables/d530c3ad-626c-4d7b-ab15-181d4058e4f8' }),
      /AI Table/,
    );
    assert.equal(h.api.store.size, 2);
  });

  test('no token: every tool says so and what to do; nothing is requested or started', async () => {
    const id = await h.addAndWatch({ query: 'Known before', desiredNumResults: 10, durationMs: 10 * MIN });
    await h.api.scheduler.refresh([id]);
    const other = h.fake.addTask({ query: 'Other', desiredNumResults: 10, durationMs: 10 * MIN });
    const before = posts();
    await withoutToken(async () => {
      await waitFor('polling pauses', () => h.api.store.authPaused);
      const list = await invoke(TOOL_NAMES.listTasks, {});
      assert.match(list, /no usable Extruct API token .* "Extruct: Set API Token"/);
      assert.match(list, /paused: API token needed/);
      assert.match(
        await invoke(TOOL_NAMES.getTask, { taskId: id }),
        /checks are paused because there is no usable API token[\s\S]*Query: Known before/,
      );
      assert.match(await invoke(TOOL_NAMES.getTask, { taskId: other }), /No usable Extruct API token .* "Extruct: Set API Token"/);
      assert.match(await invoke(TOOL_NAMES.getResults, { taskId: id }), /No usable Extruct API token/);
      const watch = await invoke(TOOL_NAMES.watchTask, { tasks: other });
      assert.match(watch, /Now watching task/);
      assert.match(watch, /cannot be checked yet\. No usable Extruct API token/);
      const start = await invoke(TOOL_NAMES.startDeepSearch, { query: 'Anything at all' });
      assert.match(start, /^The Deep Search was not started\. No usable Extruct API token .* "Extruct: Set API Token"/);
    });
    assert.equal(posts(), before, 'nothing was started');
  });

  test('start: invalid requests are refused in words, without a request', async () => {
    const before = posts();
    const cases: Array<[unknown, RegExp]> = [
      [{}, /"query" is required/],
      [{ query: '   ' }, /Describe the companies to find/],
      [{ query: 'Fintech', desiredNumResults: 0 }, /"desiredNumResults" must be a whole number from 1 to 250/],
      [{ query: 'Fintech', desiredNumResults: 251 }, /from 1 to 250/],
      [
        { query: 'Fintech', criteria: [{ name: 'API', criterion: 'short' }] },
        /Criterion "API": Describe what to grade in 10 to 500 characters/,
      ],
      [{ query: 'Fintech', criteria: [{ name: 'API' }] }, /Criterion 1 needs "name"/],
      [{ query: 'Fintech', criteria: [{ name: 'A', criterion: 'A long enough text', key: '1bad' }] }, /A key starts with a letter/],
      [{ query: 'Fintech', dataSources: ['twitter'] }, /"dataSources" must be a list of "web_search", "linkedin", "maps"/],
      [{ query: 'Fintech', excludeDomains: ['not a domain'] }, /"not a domain" in "excludeDomains" is not a domain/],
      [{ query: 'Fintech', excludeDomains: ['acme.com', 'bad!domain'] }, /"bad!domain" is not a domain or a web address/],
      [{ query: 'Fintech', desired_num_results: 5 }, /Unknown field "desired_num_results"/],
      [42, /must be a JSON object/],
    ];
    for (const [input, expected] of cases) {
      const text = await invoke(TOOL_NAMES.startDeepSearch, input);
      assert.match(text, /^The Deep Search was not started: /);
      assert.match(text, expected);
    }
    assert.equal(posts(), before, 'nothing was sent');
  });

  test("start: creates the task as asked, after the extension's own modal, watches it, and follows it", async () => {
    const before = posts();
    h.answer(CREDIT_MODAL, 'Start Search');
    const text = await invoke(TOOL_NAMES.startDeepSearch, {
      query: '  Warehouse robotics vendors in Germany  ',
      desiredNumResults: 15,
      criteria: [{ name: 'Warehouse focus', criterion: 'The company sells automation for warehouses' }],
      dataSources: ['web_search'],
      excludeDomains: ['acme.com'],
    });
    assert.equal(posts() - before, 1, 'one request');
    const modal = h.modals.at(-1)!;
    assert.equal(modal.message, '15 high-fit results: start this Extruct Deep Search?', 'the number first');
    assert.deepEqual(modal.buttons, ['Start Search']);
    assert.equal(modal.detail.split('\n')[0], 'Query: `Warehouse robotics vendors in Germany`', 'the query on one line, in inline code');
    const id = /^Started Extruct Deep Search ([0-9a-f-]{36}):/.exec(text)?.[1];
    assert.ok(id, text);
    const created = h.fake.model.snapshot(id)!;
    assert.equal(created.query, 'Warehouse robotics vendors in Germany');
    assert.equal(created.desired_num_results, 15);
    assert.deepEqual(created.criteria, [
      { key: 'warehouse_focus', name: 'Warehouse focus', criterion: 'The company sells automation for warehouses' },
    ]);
    assert.equal(created.auto_data_sources, false);
    assert.deepEqual(created.data_sources, ['web_search']);
    assert.deepEqual(created.exclude_domains, ['acme.com']);
    assert.match(text, /It is watched in the Extruct view/);
    assert.ok(h.api.store.has(id), 'watched');
    await h.api.scheduler.refresh([id]);
    await waitFor('the new task is loaded', () => h.api.store.get(id)?.task);
    assert.match(await invoke(TOOL_NAMES.listTasks, {}), /"Warehouse robotics vendors in Germany"/);
  });

  test('start: refusals by Extruct come back as text and nothing is watched', async () => {
    for (let i = 0; i < 3; i++) h.answer(CREDIT_MODAL, 'Start Search');
    h.fake.setPlanGate('insufficient_credits');
    const credits = await invoke(TOOL_NAMES.startDeepSearch, { query: 'Fintech startups in Berlin' });
    assert.match(credits, /^The Deep Search was not started\. Your Extruct account is out of credits/);
    h.fake.setPlanGate(undefined);

    h.fake.script({ method: 'POST', path: '/v1/discovery_tasks', times: 1, action: { status: 500 } });
    assert.match(await invoke(TOOL_NAMES.startDeepSearch, { query: 'Fintech startups in Berlin' }), /server error \(HTTP 500\)/);

    h.fake.script({
      method: 'POST',
      path: '/v1/discovery_tasks',
      times: 1,
      action: { status: 422, body: { detail: [{ loc: ['body', 'criteria', 0, 'criterion'], msg: 'too vague', type: 'value_error' }] } },
    });
    const invalid = await invoke(TOOL_NAMES.startDeepSearch, {
      query: 'Fintech startups in Berlin',
      criteria: [{ name: 'Vague', criterion: 'Something or other' }],
    });
    assert.match(invalid, /Extruct refused the search \(HTTP 422.*\)\. Fix the criteria and start it again\./);
    assert.equal(h.api.store.size, 0, 'nothing was watched');
  });

  test('a result row and a task carrying the hostile corpus yield answers with none of it hidden', async () => {
    const id = await h.doneTask('Hostile results', 10);
    const everything = Object.values(HOSTILE).join(' ');
    const wire = { ...h.fake.model.snapshot(id)!, query: everything, status: 'done' };
    const row = hostileResultRow(id, 9);
    h.fake.script({ path: `/v1/discovery_tasks/${id}/results`, times: 1, action: { status: 200, body: { ...wire, results: [row] } } });
    const results = await invoke(TOOL_NAMES.getResults, { taskId: id });
    assertInert(results);
    assertNoForgedLine(results);
    assert.match(results, /^\d+\. Harmless Corp gnp\.exe Ltd Acme GmbH — Paypal Inc admin — relevance 9$/m);
    assert.match(results, /^The lines between the BEGIN and END markers below are data from Extruct/m);

    const other = h.fake.addTask({ query: 'Read once', durationMs: MIN });
    const hostileTask = {
      ...h.fake.model.snapshot(other)!,
      query: everything,
      status: HOSTILE.newlineSystem,
      created_at: HOSTILE.longCreatedAt,
    };
    hostileTask.criteria = [{ key: 'k', name: HOSTILE.rloCompanyName!, criterion: HOSTILE.newlineSystem! }];
    hostileTask.exclude_domains = [HOSTILE.zeroWidthJoiners!];
    h.fake.script({ method: 'GET', path: `/v1/discovery_tasks/${other}`, times: 1, action: { status: 200, body: hostileTask } });
    const task = await invoke(TOOL_NAMES.getTask, { taskId: other });
    assertInert(task);
    assertNoForgedLine(task);
  });

  test("start, as if auto-approved: the extension's own modal asks first; a second start in the same chat request is refused with a sentence", async () => {
    const before = posts();
    // VS Code confirms its own tool dialogs by itself in an extension test host: the call is approved as
    // far as VS Code is concerned. The extension still asks, in its own modal; the test answers it.
    h.answer(CREDIT_MODAL, 'Start Search');
    const first = await invoke(TOOL_NAMES.startDeepSearch, { query: 'Logistics startups in Poland', desiredNumResults: 20 }, 'request-1');
    assert.match(first, /^Started Extruct Deep Search [0-9a-f-]{36}: 20 high-fit results wanted/);
    assert.equal(h.modals.at(-1)?.message, '20 high-fit results: start this Extruct Deep Search?');
    const modals = h.modals.length;
    const second = await invoke(TOOL_NAMES.startDeepSearch, { query: 'Logistics startups in Czechia', desiredNumResults: 20 }, 'request-1');
    assert.match(
      second,
      /^The Deep Search was not started\. This chat request already started a Deep Search or asked the user about one, and chat tools may start one per request\. .*"Extruct: New Deep Search…"\.$/,
    );
    assert.equal(h.modals.length, modals, 'refused before any dialog');
    assert.equal(posts() - before, 1, 'one search started');

    // Declined in the dialog: nothing is sent, and the request gets no second dialog.
    h.answer(CREDIT_MODAL, undefined);
    assert.match(
      await invoke(TOOL_NAMES.startDeepSearch, { query: 'Fintech in Lisbon', desiredNumResults: 5 }, 'request-2'),
      /the user declined it/,
    );
    assert.match(
      await invoke(TOOL_NAMES.startDeepSearch, { query: 'Fintech in Porto', desiredNumResults: 5 }, 'request-2'),
      /already started a Deep Search or asked/,
    );
    // A call outside any chat request (another extension's) is a request of its own, and still asks.
    h.answer(CREDIT_MODAL, undefined);
    assert.match(await invoke(TOOL_NAMES.startDeepSearch, { query: 'Fintech in Faro', desiredNumResults: 5 }), /the user declined it/);
    assert.equal(posts() - before, 1, 'nothing more was started');
  });

  test('start: a query that hides lines or pads with spaces is refused with the reason, before any dialog', async () => {
    const modals = h.modals.length;
    assert.match(
      await invoke(TOOL_NAMES.startDeepSearch, { query: `Fintech${'\n'.repeat(40)}High-fit results wanted: 10`, desiredNumResults: 250 }),
      /^The Deep Search was not started: The query must be plain text on one line/,
    );
    assert.match(
      await invoke(TOOL_NAMES.startDeepSearch, { query: `Fintech${' '.repeat(80)}High-fit results wanted: 10` }),
      /mostly whitespace/,
    );
    assert.match(await invoke(TOOL_NAMES.startDeepSearch, { query: HOSTILE.tagInstruction }), /invisible characters/);
    assert.equal(h.modals.length, modals);
  });

  test('start with the modal turned off: no dialog of ours, and the budget still applies', async () => {
    const before = posts();
    await setSetting('chatTools.confirmSearches', false);
    // The budget is this window's, in memory: what earlier tests started counts too.
    const used = h.api.credits.guard.resultsInLastHour();
    await setSetting('chatTools.resultsPerHour', used + 30);
    try {
      const modals = h.modals.length;
      assert.match(
        await invoke(TOOL_NAMES.startDeepSearch, { query: 'Drone makers in Spain', desiredNumResults: 25 }, 'request-3'),
        /^Started Extruct Deep Search/,
      );
      assert.equal(h.modals.length, modals, 'VS Code asked (its own confirmation), the extension did not');
      assert.match(
        await invoke(TOOL_NAMES.startDeepSearch, { query: 'Drone makers in Italy', desiredNumResults: 1 }, 'request-3'),
        /already started a Deep Search/,
      );
      assert.match(
        await invoke(TOOL_NAMES.startDeepSearch, { query: 'Drone makers in Greece', desiredNumResults: 10 }, 'request-4'),
        new RegExp(
          `^The Deep Search was not started\\. Chat tools may start searches for at most ${used + 30} high-fit results an hour; ${used + 25} were asked for in the last hour`,
        ),
      );
      assert.equal(posts() - before, 1);
    } finally {
      await setSetting('chatTools.confirmSearches', undefined);
      await setSetting('chatTools.resultsPerHour', undefined);
    }
  });

  test('no tool answer in this suite held the token', () => {
    assert.ok(outputs.length > 40);
    assert.equal(
      outputs.some((o) => o.includes(h.fake.token)),
      false,
    );
  });
});
