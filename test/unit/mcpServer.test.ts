// The MCP server as it ships (dist/mcp.js), spawned with plain Node and spoken to by the official MCP client
// (@modelcontextprotocol/sdk, stdio). The shared folder it reads is written by the real store code: a window
// (the real WindowSync, on the real clock) polling the fake Extruct API over HTTP in this process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreditGuard } from '../../src/core/agent/creditGuard';
import { mcpRequestKey } from '../../src/core/agent/requestKeys';
import { startSearchAnswer } from '../../src/core/agent/startSearch';
import { NO_TOKEN_FOR_TOOLS } from '../../src/core/agent/problems';
import { highFitCounter } from '../../src/core/format/text';
import { formatStamp } from '../../src/core/sync/stamp';
import { MAX_LINE } from '../../src/mcp/lines';
import { PROTOCOL_VERSIONS, SERVER_NAME } from '../../src/mcp/server';
import { ServerToken } from '../../src/mcp/token';
import { startFakeExtruct, type FakeExtruct } from '../fake-extruct/index.js';
import { assertInert, assertNoForgedLine, HOSTILE, hostileResultRow } from '../support/hostile';
import { callText, connect, MCP_SCRIPT, serverEnv, type McpRun } from './support/mcpClient';
import { openWindow, type RealWindow } from './support/realWindow';

const MIN = 60_000;
const TOKEN = 'xt_live_7f3a9c2e5b1d4086';
const SERVER_AGENT = 'extruct-task-watcher-mcp/';
const TOOLS = ['extruct_listTasks', 'extruct_getTask', 'extruct_getResults', 'extruct_watchTask', 'extruct_startDeepSearch'];
const READ_ONLY = new Set(['extruct_listTasks', 'extruct_getTask', 'extruct_getResults']);

interface ToolContribution {
  name: string;
  displayName: string;
  modelDescription: string;
  inputSchema: Record<string, unknown>;
}
const manifest = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as {
  contributes: { languageModelTools: ToolContribution[] };
};
/** package.json's `%key%` texts in English (package.nls.json). */
const nls = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../../package.nls.json', import.meta.url)), 'utf8')) as Record<
  string,
  string
>;
const english = (text: string): string => text.replace(/^%([\w.]+)%$/, (whole, key: string) => nls[key] ?? whole);

/** Waits for a condition (checked every 50 ms), at most `ms`. */
async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

suite('the MCP server (dist/mcp.js) through the official MCP client', function () {
  this.timeout(30_000);
  let dir: string;
  let fake: FakeExtruct;
  let win: RealWindow | undefined;
  const runs: McpRun[] = [];

  setup(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-mcp-'));
    fake = await startFakeExtruct({ speed: 0, token: TOKEN, realistic: true });
  });
  teardown(async () => {
    for (const r of runs.splice(0)) await r.close();
    win?.close();
    win = undefined;
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A server started as the extension starts it: the token and the register stamp it was read under. */
  async function server(o: { token?: boolean; extra?: Record<string, string> } = {}): Promise<McpRun> {
    const rev = win?.shared.tokenRegister?.rev;
    const run = await connect({
      dir,
      baseUrl: fake.url,
      ...(o.token === false ? {} : { token: TOKEN, tokenRev: rev ? formatStamp(rev) : '' }),
      ...(o.extra ? { extra: o.extra } : {}),
    });
    runs.push(run);
    return run;
  }

  const serverRequests = (): number => fake.requestCount({ agentPrefix: SERVER_AGENT });
  const posts = (): number => fake.requestCount({ method: 'POST', pathPrefix: '/v1/discovery_tasks' });

  /** A running task, watched and checked by the window, with its state in the shared folder. */
  async function watchedTask(query: string): Promise<string> {
    win ??= await openWindow(dir, fake);
    const id = fake.addTask({ query, durationMs: 30 * MIN, createdPhaseMs: 0, ageMs: 10 * MIN });
    win.shared.watch([id]);
    await win.shared.refresh([id]);
    await until('the window has checked it', () => win?.store.get(id)?.task);
    return id;
  }

  test('it lists the five tools with the chat tools’ names, descriptions and schemas, read-only where they are', async () => {
    const { client } = await server();
    assert.equal(client.getServerVersion()?.name, SERVER_NAME);
    assert.match(client.getInstructions() ?? '', /Only `done` and `failed` are final/);
    assert.match(client.getInstructions() ?? '', /Exhausted is not done/);
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      TOOLS,
    );
    for (const tool of tools) {
      const lm = manifest.contributes.languageModelTools.find((t) => t.name === tool.name)!;
      assert.equal(tool.description, lm.modelDescription);
      assert.equal(tool.title, english(lm.displayName));
      assert.deepEqual(tool.inputSchema, lm.inputSchema, `${tool.name}'s schema is package.json's`);
      assert.equal(tool.annotations?.readOnlyHint, READ_ONLY.has(tool.name), `${tool.name} readOnlyHint`);
      if (!READ_ONLY.has(tool.name)) assert.equal(tool.annotations.destructiveHint, false);
    }
  });

  test('list and get answer from the shared folder as the polling window wrote it: the tree’s words, no request of its own', async () => {
    const id = await watchedTask('Vertical SaaS for freight forwarders in Europe');
    const { client } = await server();
    const shown = highFitCounter(win!.store.get(id)!.task!);
    const list = await until('the list shows the window’s answer', async () => {
      const text = await callText(client, 'extruct_listTasks', {});
      return text.includes(shown) && text;
    });
    assert.match(list, /^1 Extruct task is watched in VS Code; 1 matches\./m);
    assert.match(list, new RegExp(`"Vertical SaaS for freight forwarders in Europe" — in progress`));
    assert.match(list, new RegExp(`ID ${id}`));
    const get = await callText(client, 'extruct_getTask', { taskId: id });
    assert.match(get, /^Query: Vertical SaaS for freight forwarders in Europe$/m);
    assert.match(get, new RegExp(`^Progress: ${win!.store.get(id)!.task!.num_results} high-fit results of 100 wanted\\.`, 'm'));
    assert.match(get, /^Time: running for 10 min/m);
    assert.equal(serverRequests(), 0, 'the server asked Extruct nothing');

    // A task nobody watches is read once, with the token the extension handed over.
    const other = fake.addTask({ query: 'Robotics integrators in Bavaria', durationMs: 30 * MIN, createdPhaseMs: 0 });
    assert.match(await callText(client, 'extruct_getTask', { taskId: other }), /Robotics integrators in Bavaria/);
    assert.equal(fake.requestCount({ agentPrefix: SERVER_AGENT, taskId: other }), 1);
  });

  test('watch goes through the list code: the window shows the task and checks it, and the answer has its first state', async () => {
    win = await openWindow(dir, fake);
    const id = fake.addTask({
      query: 'Cold-chain logistics startups in the Nordics',
      durationMs: 30 * MIN,
      createdPhaseMs: 0,
      ageMs: 5 * MIN,
    });
    const { client } = await server();
    const answer = await callText(client, 'extruct_watchTask', { tasks: `https://app.extruct.ai/tasks/${id}` });
    assert.match(answer, new RegExp(`^Now watching task: ${id}\\.$`, 'm'));
    assert.match(
      answer,
      /"Cold-chain logistics startups in the Nordics" — in progress/,
      'the polling window checked it, and the server read it',
    );
    await until('the window shows it', () => win?.store.has(id));
    assert.equal(fake.requestCount({ agentPrefix: SERVER_AGENT }), 0, 'the window made the request, not the server');
    assert.match(await callText(client, 'extruct_watchTask', { tasks: [id] }), new RegExp(`Already watched: ${id}\\.`));
  });

  test('hostile text in a watched task, a task read once and a result row comes out with nothing hidden and no forged line', async () => {
    const everything = Object.values(HOSTILE).join(' ');
    const id = await watchedTask(everything);
    const { client } = await server();
    const list = await until('the list shows the task', async () => {
      const text = await callText(client, 'extruct_listTasks', {});
      return text.includes(id) && text;
    });
    const wire = { ...fake.model.snapshot(id)!, query: everything, status: 'done' };
    const row = hostileResultRow(id, 99);
    fake.script({ path: `/v1/discovery_tasks/${id}/results`, times: 1, action: { status: 200, body: { ...wire, results: [row] } } });
    const results = await callText(client, 'extruct_getResults', { taskId: id });
    assert.match(results, /^\d+\. Harmless Corp gnp\.exe Ltd Acme GmbH — Paypal Inc admin — relevance 99$/m);
    const other = fake.addTask({ query: 'Read once', durationMs: MIN });
    const hostileTask = {
      ...fake.model.snapshot(other)!,
      query: everything,
      status: HOSTILE.newlineSystem,
      created_at: HOSTILE.longCreatedAt,
    };
    fake.script({ method: 'GET', path: `/v1/discovery_tasks/${other}`, times: 1, action: { status: 200, body: hostileTask } });
    const get = await callText(client, 'extruct_getTask', { taskId: other });
    for (const answer of [list, results, get]) {
      assertInert(answer);
      assertNoForgedLine(answer);
      assert.match(answer, /^BEGIN EXTRUCT DATA [0-9a-f]{8}$/m);
    }
  });

  test('nothing the server writes holds the token: answers, refusals, errors echoed by the API, a token given as input, its log', async () => {
    const id = await watchedTask('Payments startups in Spain');
    const run = await server();
    const other = fake.addTask({ query: 'x', durationMs: MIN });
    fake.script(
      { path: `/v1/discovery_tasks/${id}/results`, times: 1, action: { status: 500, body: { detail: `upstream said: Bearer ${TOKEN}` } } },
      { path: `/v1/discovery_tasks/${other}`, times: 1, action: { status: 401, body: { detail: `token ${TOKEN} is not valid` } } },
    );
    const answers = [
      await callText(run.client, 'extruct_getResults', { taskId: id }),
      await callText(run.client, 'extruct_getTask', { taskId: other }),
      await callText(run.client, 'extruct_getTask', { taskId: TOKEN }),
      await callText(run.client, 'extruct_watchTask', { tasks: `${TOKEN} ${id}` }),
      await callText(run.client, 'extruct_listTasks', { filter: TOKEN }),
    ];
    await assert.rejects(run.client.callTool({ name: TOKEN, arguments: {} }), /Unknown tool/);
    assert.ok(answers[0]!.length > 0 && answers.every((a) => !a.includes(TOKEN)));
    assert.match(answers[2]!, /\[redacted\]/, 'the input was echoed, the token replaced');
    await run.close();
    assert.ok(run.received.length > 5);
    for (const message of run.received) assert.equal(message.includes(TOKEN), false, message.slice(0, 200));
    assert.match(run.stderr(), /ready: 1 watched task\(s\), 1 VS Code window\(s\) open, an API token/);
    assert.equal(run.stderr().includes(TOKEN), false);
  });

  test('without a token every tool that needs Extruct says what to do; the folder still answers', async () => {
    const id = await watchedTask('Insurtech in Italy');
    const { client } = await server({ token: false });
    const other = fake.addTask({ query: 'Unwatched', durationMs: MIN });
    assert.equal(await callText(client, 'extruct_getTask', { taskId: other }), `Could not read task ${other}. ${NO_TOKEN_FOR_TOOLS}`);
    assert.equal(
      await callText(client, 'extruct_getResults', { taskId: id }),
      `Could not read the results of task ${id}. ${NO_TOKEN_FOR_TOOLS}`,
    );
    assert.match(await callText(client, 'extruct_listTasks', {}), /Insurtech in Italy/);
    assert.equal(serverRequests(), 0);
  });

  test('a start without the user’s yes spends nothing: no window to ask, a decline, a second ask in the same chat request', async () => {
    const { client } = await server();
    const input = { query: 'Climate tech startups in Denmark', desiredNumResults: 20 };
    assert.match(await callText(client, 'extruct_startDeepSearch', input), /^The Deep Search was not started: no VS Code window/);

    // The window answers as src/extension/mcp/startSearch.ts does: this window's guard, the request key
    // from the call's `_meta`; the user says no in the dialog.
    win = await openWindow(dir, fake);
    const guard = new CreditGuard({ now: () => Date.now() }, () => ({ searchesPerRequest: 1, resultsPerHour: 500 }));
    const asked: string[] = [];
    win.shared.handleStartSearch((raw, from, chat) =>
      startSearchAnswer(
        raw,
        {
          tokenUsable: true,
          guard,
          requestKey: mcpRequestKey(chat, from),
          confirm: (c) => {
            asked.push(c.title);
            return Promise.resolve(false);
          },
          create: (body) => win!.client.createTask(body),
          watchCreated: () => Promise.resolve(true),
          log: () => undefined,
        },
        { authPaused: false, now: Date.now(), dashboardBase: 'https://app.extruct.ai', timeLeft: () => undefined, nonce: 'n0nce123' },
      ),
    );
    const progress: Array<string | undefined> = [];
    const meta = { 'vscode.requestId': 'request-1', 'vscode.conversationId': 'chat-1' };
    const declined = await callText(client, 'extruct_startDeepSearch', input, { meta, onprogress: (m) => progress.push(m) });
    assert.match(declined, /^The Deep Search was not started: the user declined it in VS Code's dialog\./);
    assert.deepEqual(asked, ['20 high-fit results: start this Extruct Deep Search?']);
    assert.equal(progress[0], 'Asking the user in VS Code');
    assert.match(
      await callText(client, 'extruct_startDeepSearch', input, { meta }),
      /^The Deep Search was not started\. This chat request already started a Deep Search or asked the user about one/,
    );
    assert.equal(asked.length, 1, 'refused before any dialog');
    await callText(client, 'extruct_startDeepSearch', input, { meta: { 'vscode.requestId': 'request-2' } });
    assert.equal(asked.length, 2, 'another request may ask once');
    // A client that names no chat: the whole connection is one request.
    await callText(client, 'extruct_startDeepSearch', input);
    assert.match(await callText(client, 'extruct_startDeepSearch', input), /already started a Deep Search or asked/);
    assert.equal(asked.length, 3);
    assert.match(
      await callText(client, 'extruct_startDeepSearch', { query: `a\nb` }),
      /^The Deep Search was not started: The query must be plain text/,
    );
    assert.equal(posts(), 0, 'the fake counted no POST');
  });

  test('a malformed call gets a clear error and the server goes on', async () => {
    const { client } = await server();
    await assert.rejects(client.callTool({ name: 'extruct_deleteEverything', arguments: {} }), (e: Error) => {
      assert.match(e.message, /Unknown tool "extruct_deleteEverything"\. The tools are: extruct_listTasks, /);
      return true;
    });
    assert.match(await callText(client, 'extruct_getTask', { taskId: 42 }), /^"taskId" is required: an Extruct task ID like/);
    assert.match(
      await callText(client, 'extruct_listTasks', { filter: 'all', colour: 'red' }),
      /^Unknown field "colour"\. The fields are: filter, limit\./m,
    );
    assert.match(await callText(client, 'extruct_listTasks', { limit: 1e9 }), /^"limit" must be a whole number from 1 to 100\./m);
    await client.ping();
    assert.equal((await client.listTools()).tools.length, 5);
  });

  test('below the client: unreadable lines, invalid requests, batches, unknown methods and a 5 MB line get JSON-RPC errors; the server goes on, and ends cleanly', async () => {
    const child = spawn(process.execPath, [MCP_SCRIPT], { env: serverEnv({ dir }), stdio: ['pipe', 'pipe', 'pipe'] });
    const answers: Array<Record<string, unknown> | Array<Record<string, unknown>>> = [];
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n')) {
        answers.push(JSON.parse(text.slice(0, i)) as Record<string, unknown>);
        text = text.slice(i + 1);
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const send = (line: string): void => void child.stdin.write(`${line}\n`);
    const byId = (id: unknown) => answers.find((a): a is Record<string, unknown> => !Array.isArray(a) && a.id === id);
    send(
      '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}',
    );
    send('{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"1999-01-01"}}');
    send('this is not JSON');
    send('{"jsonrpc":"1.0","id":3,"method":"ping"}');
    send('[]');
    send(
      '[{"jsonrpc":"2.0","id":4,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":5,"method":"resources/list"}]',
    );
    send('{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"arguments":{}}}');
    send('{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}');
    send(`{"jsonrpc":"2.0","id":7,"method":"ping","params":{"pad":"${'x'.repeat(MAX_LINE + 1_000)}"}}`);
    send('{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"extruct_listTasks","arguments":"all of them"}}');
    send('{"jsonrpc":"2.0","id":9,"method":"ping"}');
    await until('the last answer', () => byId(9));
    const error = (id: unknown) => (byId(id)?.error as { code: number; message: string } | undefined) ?? { code: 0, message: '' };
    assert.equal((byId(1)?.result as { protocolVersion: string }).protocolVersion, '2025-06-18', 'the client’s revision');
    assert.equal((byId(2)?.result as { protocolVersion: string }).protocolVersion, PROTOCOL_VERSIONS[0], 'its own newest');
    const unaddressed = answers.filter((a): a is Record<string, unknown> => !Array.isArray(a) && a.id === null);
    assert.deepEqual(
      unaddressed.map((a) => (a.error as { code: number }).code).sort(),
      [-32600, -32600, -32700],
      'an empty batch and an object as id (invalid requests); a line that is not JSON (a parse error)',
    );
    const batch = answers.find((a) => Array.isArray(a)) as Array<Record<string, unknown>>;
    assert.deepEqual(
      batch.map((a) => [a.id, a.error ? (a.error as { code: number }).code : 'ok']),
      [
        [4, 'ok'],
        [5, -32601],
      ],
    );
    assert.equal(error(3).code, -32600);
    assert.equal(error(6).code, -32602);
    assert.match(error(6).message, /"tools\/call" needs "name"/);
    assert.equal(byId(7), undefined, 'the line over the limit was skipped');
    assert.match(JSON.stringify(byId(8)?.result), /The input must be a JSON object with the fields filter, limit/);
    child.stdin.end();
    assert.equal(await exited, 0);
  });

  test('it starts with no Node on the PATH: VS Code gives an absolute runtime path', async () => {
    const { client } = await server({ extra: { PATH: '' } });
    assert.equal((await client.listTools()).tools.length, 5);
  });

  test('a token changed in VS Code after the start is never sent again, and the server ends to be started afresh', async () => {
    const id = await watchedTask('Agritech in Kenya');
    const run = await server();
    const other = fake.addTask({ query: 'Before the change', durationMs: MIN });
    assert.match(await callText(run.client, 'extruct_getTask', { taskId: other }), /Before the change/);
    const before = serverRequests();
    win!.shared.setTokenState('set'); // the user set a new token in a window
    await until('the server sees the register', async () => {
      const text = await callText(run.client, 'extruct_getResults', { taskId: id });
      return /changed in VS Code after this server started/.test(text) && text;
    });
    assert.equal(serverRequests(), before, 'the old token was not sent');
    await run.closed; // by itself, once idle
    assert.match(run.stderr(), /token was changed in VS Code since this server started/);
  });
});

suite('the MCP server’s token: still the user’s?', () => {
  const reg = (t: number, c = 0, w = 'win') => ({ rev: { t, c, w }, value: 'set' as const });

  test('usable while the shared token register is the one it was read under, or one this process has not caught up with', () => {
    let now: ReturnType<typeof reg> | undefined = reg(100);
    const token = new ServerToken('secret-1', { t: 100, c: 0, w: 'win' }, () => now);
    assert.equal(token.status, 'usable');
    now = reg(90); // this process's view is behind the extension's: not a change
    assert.equal(token.usable(), 'secret-1');
    now = undefined;
    assert.equal(token.status, 'usable');
  });

  test('stale for good once the register moves on (set anew, cleared, rejected in any window): never sent again', () => {
    let now: ReturnType<typeof reg> | undefined = reg(100);
    const token = new ServerToken('secret-1', { t: 100, c: 0, w: 'win' }, () => now);
    now = reg(100, 1, 'other');
    assert.equal(token.status, 'stale');
    now = reg(100);
    assert.equal(token.usable(), undefined, 'latched');
    assert.equal(token.secret, 'secret-1', 'still kept out of the output');
    const fresh = new ServerToken('secret-2', undefined, () => reg(5));
    assert.equal(fresh.status, 'stale', 'read when there was no register: any register is later');
    assert.equal(new ServerToken(undefined, undefined, () => undefined).status, 'none');
  });
});
