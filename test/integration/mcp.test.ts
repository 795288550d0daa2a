/**
 * The MCP server in the real VS Code: the extension's definition provider, what VS Code caches and what it
 * starts, the server started by VS Code itself (its MCP client, its tool service) answering from what this
 * window watches, and a start that reaches this window's own modal through the shared folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import { MCP_ENV } from '../../src/core/agent/mcpLaunch';
import { MCP_PROVIDER_ID, MCP_SERVER_LABEL } from '../../src/extension/mcp/provider';
import { EXTENSION_ID, type Harness, integrationSetup, waitFor } from './helpers';

const MIN = 60_000;
/** The extension's own modal before a Deep Search an agent asked for (core/agent/confirmation.ts). */
const CREDIT_MODAL = /^\d+ high-fit results?: start this Extruct Deep Search\?$/;

/** The text parts of a tool result, joined. */
const textOf = (result: vscode.LanguageModelToolResult): string =>
  result.content
    .filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart)
    .map((p) => p.value)
    .join('');

suite('the MCP server for agents in other harnesses', () => {
  let h: Harness;
  suiteSetup(async () => {
    h = await integrationSetup();
  });
  suiteTeardown(async () => {
    await h.dispose();
  });

  test('the provider: a definition VS Code may cache (no token), resolved with the token for the one process it starts; it runs with no Node on the PATH', async () => {
    const id = await h.addAndWatch({ query: 'Freight audit software in Germany', durationMs: 30 * MIN });
    await waitFor('the task was checked', () => h.api.store.get(id)?.task);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { mcpServerDefinitionProviders: Array<{ id: string }> };
    };
    assert.deepEqual(
      manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id),
      [MCP_PROVIDER_ID],
    );
    const provided = h.api.mcp.provideMcpServerDefinitions();
    assert.equal(provided.length, 1);
    const def = provided[0]!;
    assert.equal(def.label, MCP_SERVER_LABEL);
    assert.equal(def.command, process.execPath, "the extension host's own runtime");
    assert.ok(path.isAbsolute(def.command));
    assert.equal(def.args.length, 1);
    assert.match(def.args[0]!, /[/\\]dist[/\\]mcp\.js$/);
    assert.ok(fs.existsSync(def.args[0]!), 'the bundle is there');
    assert.equal(def.env.ELECTRON_RUN_AS_NODE, '1');
    assert.equal(def.env[MCP_ENV.dir], h.api.shared.folderPath);
    assert.equal(JSON.stringify(def).includes(h.fake.token), false, 'no token in what VS Code caches');

    const resolved = await h.api.mcp.resolveMcpServerDefinition(def);
    assert.equal(resolved.env[MCP_ENV.token], h.fake.token);
    assert.equal(resolved.env[MCP_ENV.baseUrl], h.fake.url);
    assert.equal(def.env[MCP_ENV.token], undefined, 'the definition given was not changed');

    const env: Record<string, string> = { PATH: '' };
    for (const [k, v] of Object.entries(resolved.env)) if (v !== null) env[k] = String(v);
    const client = new Client({ name: 'integration', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: resolved.command, args: resolved.args, env, stderr: 'ignore' }));
    try {
      assert.equal((await client.listTools()).tools.length, 5);
      const answer = await client.callTool({ name: 'extruct_listTasks', arguments: {} });
      const [part] = answer.content as Array<{ type: string; text: string }>;
      assert.match(part?.text ?? '', new RegExp(`"Freight audit software in Germany" — .*\\n   ID ${id}`));
    } finally {
      await client.close();
    }
  });

  test('the chat skill is registered with VS Code (contributes.chatSkills)', async () => {
    const files =
      await vscode.commands.executeCommand<Array<{ uri: { path: string }; type: string; extensionId: string }>>(
        '_listExtensionPromptFiles',
      );
    const ours = files.filter((f) => f.extensionId.toLowerCase() === EXTENSION_ID);
    assert.deepEqual(
      ours.map((f) => [f.type, f.uri.path.split('/').slice(-3).join('/')]),
      [['skill', 'skills/extruct-deep-search/SKILL.md']],
    );
  });

  test("VS Code starts the registered server itself, and its tools answer through VS Code's tool service", async () => {
    const id = await h.addAndWatch({ query: 'Warehouse robotics in Poland', durationMs: 30 * MIN });
    await waitFor('the task was checked', () => h.api.store.get(id)?.task);
    await vscode.commands.executeCommand('workbench.mcp.startServer', `${EXTENSION_ID}/${MCP_SERVER_LABEL}`, { waitForLiveTools: true });
    const tools = await waitFor('the MCP server’s tools in VS Code', () => {
      const mcp = vscode.lm.tools.filter((t) => /^mcp_.*extruct_/.test(t.name));
      return mcp.length === 5 && mcp;
    });
    const list = tools.find((t) => t.name.endsWith('extruct_listTasks'))!;
    const text = textOf(await vscode.lm.invokeTool(list.name, { input: {}, toolInvocationToken: undefined }));
    assert.match(text, new RegExp(`"Warehouse robotics in Poland" — queued\\n   ID ${id}`));

    // A start reaches this window's own modal through the shared folder; declined there, nothing is spent.
    const start = tools.find((t) => t.name.endsWith('extruct_startDeepSearch'))!;
    const posts = () => h.fake.requestCount({ method: 'POST', pathPrefix: '/v1/discovery_tasks' });
    const before = posts();
    const modals = h.modals.length;
    h.answer(CREDIT_MODAL, undefined);
    const declined = textOf(
      await vscode.lm.invokeTool(start.name, {
        input: { query: 'Battery recycling in Spain', desiredNumResults: 15 },
        toolInvocationToken: undefined,
      }),
    );
    assert.match(declined, /^The Deep Search was not started: the user declined it in VS Code's dialog\./);
    assert.equal(h.modals.length, modals + 1);
    assert.equal(h.modals.at(-1)?.message, '15 high-fit results: start this Extruct Deep Search?');
    assert.equal(posts(), before, 'the fake counted no POST');
  });
});
