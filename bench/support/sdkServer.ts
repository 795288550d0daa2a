/**
 * The road not taken, for bench/mcp.ts: the same five tools (package.json's names, descriptions and
 * schemas) served by @modelcontextprotocol/sdk's McpServer over its stdio transport, answering a fixed
 * text. Its protocol `server` takes the JSON schemas as they are (registerTool would want them rewritten in
 * zod). Protocol only: no shared folder, no core. Bundled and minified by bench/mcp.ts as the extension's
 * own server is, so that the two start side by side.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

interface ToolManifest {
  readonly name: string;
  readonly displayName: string;
  readonly modelDescription: string;
  readonly inputSchema: { readonly type: 'object'; readonly [k: string]: unknown };
}
declare const EXTRUCT_MANIFEST: { readonly version: string; readonly tools: readonly ToolManifest[] };

const tools = EXTRUCT_MANIFEST.tools.map((t) => ({
  name: t.name,
  title: t.displayName,
  description: t.modelDescription,
  inputSchema: t.inputSchema,
}));
const { server } = new McpServer({ name: 'sdk-baseline', version: EXTRUCT_MANIFEST.version }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, () => ({ content: [{ type: 'text', text: 'ok' }] }));
await server.connect(new StdioServerTransport());
