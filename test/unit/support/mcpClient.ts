/**
 * The bundled MCP server (dist/mcp.js, built by esbuild.mjs before the unit stage) run as VS Code runs it
 * (an absolute runtime path and the script; here plain Node), spoken to by the official MCP client
 * (@modelcontextprotocol/sdk, stdio transport). Everything the server sends, on stdout and stderr, is
 * kept, so a test can check that none of it holds the token.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { fileURLToPath } from 'node:url';
import { MCP_ENV } from '../../../src/core/agent/mcpLaunch';

/** The bundle, as packaged (out/test/unit/*.mjs → dist/mcp.js). */
export const MCP_SCRIPT = fileURLToPath(new URL('../../../dist/mcp.js', import.meta.url));

export interface ServerEnv {
  readonly dir: string;
  readonly token?: string;
  readonly tokenRev?: string;
  readonly baseUrl?: string;
  /** Other variables (PATH: '' for "no Node on the PATH"). */
  readonly extra?: Record<string, string>;
}

export function serverEnv(e: ServerEnv): Record<string, string> {
  return {
    [MCP_ENV.dir]: e.dir,
    ...(e.token ? { [MCP_ENV.token]: e.token } : {}),
    ...(e.tokenRev !== undefined ? { [MCP_ENV.tokenRev]: e.tokenRev } : {}),
    ...(e.baseUrl ? { [MCP_ENV.baseUrl]: e.baseUrl } : {}),
    ...e.extra,
  };
}

/** Passes everything through, and keeps a copy of every message the server sent. */
class RecordingTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];

  constructor(
    private readonly inner: StdioClientTransport,
    received: string[],
  ) {
    inner.onmessage = (message) => {
      received.push(JSON.stringify(message));
      this.onmessage?.(message);
    };
    inner.onclose = () => this.onclose?.();
    inner.onerror = (e) => this.onerror?.(e);
  }

  start(): Promise<void> {
    return this.inner.start();
  }
  send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface McpRun {
  readonly client: Client;
  /** Every message the server sent, as JSON. */
  readonly received: readonly string[];
  /** Everything it wrote on stderr. */
  stderr(): string;
  /** Settles when the server process has ended (by itself, or after `close`). */
  readonly closed: Promise<void>;
  readonly pid: number | null;
  close(): Promise<void>;
}

export async function connect(env: ServerEnv): Promise<McpRun> {
  const received: string[] = [];
  const errors: string[] = [];
  const inner = new StdioClientTransport({ command: process.execPath, args: [MCP_SCRIPT], env: serverEnv(env), stderr: 'pipe' });
  inner.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString('utf8')));
  const transport = new RecordingTransport(inner, received);
  let ended!: () => void;
  const closed = new Promise<void>((resolve) => (ended = resolve));
  const client = new Client({ name: 'extruct-tests', version: '1.0.0' });
  client.onclose = () => ended();
  await client.connect(transport);
  return {
    client,
    received,
    stderr: () => errors.join(''),
    closed,
    pid: inner.pid,
    close: async () => {
      await client.close();
      await closed;
    },
  };
}

/** The text of a tool's answer (one text part, as every tool answers). */
export async function callText(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  o: { readonly meta?: Record<string, unknown>; readonly onprogress?: (message: string | undefined) => void } = {},
): Promise<string> {
  const result = await client.callTool({ name, arguments: args, ...(o.meta ? { _meta: o.meta } : {}) }, undefined, {
    timeout: 60_000,
    ...(o.onprogress ? { onprogress: (p: { message?: string }) => o.onprogress?.(p.message), resetTimeoutOnProgress: true } : {}),
  });
  const content = result.content as Array<{ type: string; text?: string }>;
  if (content.length !== 1 || content[0]?.type !== 'text' || typeof content[0].text !== 'string') {
    throw new Error(`Expected one text part, got ${JSON.stringify(result).slice(0, 300)}`);
  }
  return content[0].text;
}
