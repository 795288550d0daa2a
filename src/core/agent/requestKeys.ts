/**
 * Which chat request a tool call belongs to, for the credit guard's "per chat request" budget.
 *
 * What VS Code (1.139) tells a tool, found in its sources (extHostLanguageModelTools.ts,
 * languageModelToolsService.ts):
 *  - `invoke` gets `toolInvocationToken`, opaque in the API; at run time a frozen
 *    `{ sessionResource, workingDirectory }` for a call from a chat, `undefined` for a call from another
 *    extension. It names the chat *session*, not the request. `chatRequestId` reaches `invoke` only for
 *    extensions that may use the proposed `chatParticipantPrivate` API (not one from the Marketplace;
 *    code-server lets every extension use proposed API, so there it does).
 *  - `prepareInvocation`, which VS Code calls right before every `invoke` of a tool that has one, gets
 *    `chatRequestId` and `chatSessionResource` (declared in the proposed API, passed to every tool).
 *
 * So the host notes what each `prepareInvocation` says, and the `invoke` that follows looks it up by its
 * session: the request ID when VS Code gave one (to `invoke` itself, or to the preparation); else the
 * whole session counts as one request (stricter, never looser); a call with neither (another
 * extension's) is a request of its own, and still asks the user. A session runs one request at a time,
 * so the last preparation of a session is its current one.
 */
import type { ChatRef } from '../sync/message';

export interface PreparedCall {
  /** The chat session, as a string (its resource URI); undefined outside a chat. */
  readonly session?: string | undefined;
  readonly requestId?: string | undefined;
}

/** How long an unclaimed preparation outside any session is kept (VS Code may wait for the user in between). */
const UNCLAIMED_MS = 10 * 60_000;
const MAX_SESSIONS = 100;

export class ChatRequestKeys {
  /** The last request ID prepared, per session. */
  private readonly bySession = new Map<string, string>();
  /** Request IDs prepared outside any session, oldest first, each claimed by one `invoke`. */
  private unclaimed: Array<{ readonly requestId: string; readonly at: number }> = [];
  private solo = 0;

  constructor(private readonly clock: { now(): number }) {}

  prepared(call: PreparedCall): void {
    if (!call.requestId) return;
    if (call.session !== undefined) {
      this.bySession.delete(call.session);
      this.bySession.set(call.session, call.requestId);
      if (this.bySession.size > MAX_SESSIONS) this.bySession.delete(this.bySession.keys().next().value ?? '');
      return;
    }
    const now = this.clock.now();
    this.unclaimed = [...this.unclaimed.filter((u) => now - u.at < UNCLAIMED_MS), { requestId: call.requestId, at: now }].slice(
      -MAX_SESSIONS,
    );
  }

  /** The key of the request an `invoke` in `session` (undefined: outside a chat) belongs to; `requestId` when `invoke` got one. */
  keyOf(session: string | undefined, requestId?: string): string {
    if (requestId) {
      if (session === undefined) {
        const i = this.unclaimed.findIndex((u) => u.requestId === requestId);
        if (i >= 0) this.unclaimed.splice(i, 1);
      }
      return `request:${requestId}`;
    }
    if (session !== undefined) {
      const requestId = this.bySession.get(session);
      return requestId ? `request:${requestId}` : `session:${session}`;
    }
    const now = this.clock.now();
    this.unclaimed = this.unclaimed.filter((u) => now - u.at < UNCLAIMED_MS);
    const claimed = this.unclaimed.shift();
    return claimed ? `request:${claimed.requestId}` : `call:${++this.solo}`;
  }
}

/**
 * The key of a Deep Search that the MCP server (src/mcp/) asks a window to start. MCP has no chat request
 * of its own; VS Code's client names the chat in each tool call's `_meta` (`vscode.requestId`,
 * `vscode.conversationId`), which the client writes and the model cannot. So: with a request ID, the call
 * counts with that chat request, under the same key as a chat tool's call in it (one budget per request,
 * whichever surface the agent uses); with only a session (as VS Code's MCP gateway, which serves the
 * Copilot harness, names it), the session counts as one request; with neither (a client that names no
 * chat), the whole MCP connection counts as one request (`server`: the server process, one per client
 * connection). Stricter, never looser, as for the chat tools.
 */
export function mcpRequestKey(chat: ChatRef | undefined, server: string): string {
  if (chat?.requestId) return `request:${chat.requestId}`;
  if (chat?.sessionId) return `session:mcp:${chat.sessionId}`;
  return `mcp:${server}`;
}
