/**
 * The Model Context Protocol on top of JSON-RPC (rpc.ts): the lifecycle (`initialize`, `ping`), and the
 * tools (`tools/list`, `tools/call`). Nothing else is offered (no resources, prompts or logging), so a
 * client asks for nothing else; anything else asked is "method not found".
 *
 * Written by hand rather than with @modelcontextprotocol/sdk: these four methods are the whole surface,
 * and the SDK's server would bring zod and ajv into the package (bench/RESULTS.md: the two side by
 * side). The tests speak to it with the SDK's own client (test/unit/mcpServer.test.ts).
 */
import type { ChatRef } from '../core/sync/message';
import { INSTRUCTIONS, MANIFEST } from './manifest';
import { type CallContext, type RequestHandler, RPC_ERROR, RpcError } from './rpc';
import type { McpTools } from './tools';

/** The protocol revisions this server speaks, newest first. */
export const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

export const SERVER_NAME = 'extruct-task-watcher';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The chat a call belongs to, as VS Code's client names it in `_meta` (core/agent/requestKeys.ts). */
function chatOf(meta: CallContext['meta']): ChatRef | undefined {
  const requestId = meta?.['vscode.requestId'];
  const sessionId = meta?.['vscode.conversationId'];
  const chat = {
    ...(typeof requestId === 'string' && requestId ? { requestId } : {}),
    ...(typeof sessionId === 'string' && sessionId ? { sessionId } : {}),
  };
  return Object.keys(chat).length ? chat : undefined;
}

export function mcpMethods(tools: McpTools): Record<string, RequestHandler> {
  return {
    initialize: (params) => {
      const asked = isRecord(params) ? params.protocolVersion : undefined;
      // The client's revision when this server speaks it; otherwise this server's newest, for the client to judge.
      const protocolVersion = PROTOCOL_VERSIONS.find((v) => v === asked) ?? PROTOCOL_VERSIONS[0];
      return {
        protocolVersion,
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: SERVER_NAME, title: 'Extruct Task Watcher', version: MANIFEST.version },
        instructions: INSTRUCTIONS,
      };
    },
    ping: () => ({}),
    'tools/list': () => ({ tools: tools.list() }),
    'tools/call': async (params, call) => {
      if (!isRecord(params) || typeof params.name !== 'string') {
        throw new RpcError(
          RPC_ERROR.invalidParams,
          'Invalid params: "tools/call" needs "name" (a tool\'s name) and optionally "arguments" (an object).',
        );
      }
      const { name } = params;
      if (!tools.has(name)) {
        throw new RpcError(
          RPC_ERROR.invalidParams,
          `Unknown tool ${JSON.stringify(name.slice(0, 60))}. The tools are: ${tools
            .list()
            .map((t) => t.name)
            .join(', ')}.`,
        );
      }
      const text = await tools.call(name, params.arguments, {
        chat: chatOf(call.meta),
        progress: (m) => call.progress(m),
        signal: call.signal,
      });
      return { content: [{ type: 'text', text }] };
    },
  };
}
