/**
 * The chat (language model) tools as VS Code sees them. Every answer leaves through `finishAnswer`
 * (core/agent/answer.ts): each line made plain, the API token replaced, the whole bounded. A tool answers
 * in words whatever happens, a bug included, never with an exception.
 *
 * What VS Code tells a tool about the chat it serves (see core/agent/requestKeys.ts): `invoke` gets an
 * opaque `toolInvocationToken`, at run time `{ sessionResource }` in a chat and undefined otherwise;
 * `prepareInvocation` gets `chatRequestId` and `chatSessionResource` (declared only in a proposed API, so
 * read here as unknown fields).
 */
import * as vscode from 'vscode';
import { answerLimit, finishAnswer } from '../../core/agent/answer';
import type { PreparedCall } from '../../core/agent/requestKeys';
import { plain } from '../../core/format/plain';
import { literalMarkdown, markdown } from './text';

/** What VS Code shows for a call: a progress line and, optionally, its own confirmation. */
export interface Prepared {
  readonly invocationMessage: string;
  readonly confirmation?: { readonly title: string; readonly markdown: string };
}

/** What `invoke` knows of the chat a call comes from. */
export interface InvokedCall {
  /** The chat session (undefined outside a chat). */
  readonly session: string | undefined;
  /** The chat request, when VS Code passed it to `invoke` (proposed API; see requestKeys.ts). */
  readonly requestId: string | undefined;
}

export interface TextTool {
  invoke(input: unknown, call: InvokedCall): Promise<string> | string;
  prepare(input: unknown, call: PreparedCall): Prepared;
}

export interface ToolHost {
  /** The API token, to keep it out of every answer. */
  readonly secret: () => Promise<string | undefined>;
  readonly log: { error(message: string): void };
}

/** A non-empty string, or undefined. */
const idOf = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * A URI as a string: a `vscode.Uri`, or the plain `{ scheme, authority, path, query, fragment }` that the
 * extension host may hand over without reviving it (as it does `chatSessionResource` for a preparation).
 */
function uriString(value: unknown): string | undefined {
  if (value instanceof vscode.Uri) return value.toString();
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  if (typeof c.scheme !== 'string' || !c.scheme) return undefined;
  const part = (k: string): string => (typeof c[k] === 'string' ? c[k] : '');
  return vscode.Uri.from({
    scheme: c.scheme,
    authority: part('authority'),
    path: part('path'),
    query: part('query'),
    fragment: part('fragment'),
  }).toString();
}

/** The chat session a tool invocation token names (its `sessionResource`), as a string. */
function sessionOf(token: unknown): string | undefined {
  return typeof token === 'object' && token !== null ? uriString((token as { sessionResource?: unknown }).sessionResource) : undefined;
}

export function registerTextTool(name: string, tool: TextTool, host: ToolHost): vscode.Disposable {
  return vscode.lm.registerTool<unknown>(name, {
    prepareInvocation(options) {
      const extra = options as { chatRequestId?: unknown; chatSessionResource?: unknown };
      const requestId = idOf(extra.chatRequestId);
      const session = uriString(extra.chatSessionResource);
      const prepared = tool.prepare(options.input, { session, requestId });
      return {
        invocationMessage: literalMarkdown(prepared.invocationMessage, 200),
        ...(prepared.confirmation
          ? { confirmationMessages: { title: plain(prepared.confirmation.title, 200), message: markdown(prepared.confirmation.markdown) } }
          : {}),
      };
    },
    async invoke(options) {
      let text: string;
      try {
        const requestId = idOf((options as { chatRequestId?: unknown }).chatRequestId);
        text = await tool.invoke(options.input, { session: sessionOf(options.toolInvocationToken), requestId });
      } catch (e) {
        host.log.error(`Tool ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        // eslint-disable-next-line extruct/localised-text -- read by the model: chat-tool answers stay English (core/agent/)
        text = `The tool ${name} failed unexpectedly (${e instanceof Error ? e.message : String(e)}). Nothing else was changed. The Extruct log ("Extruct: Show Log") has the details.`;
      }
      const secret = await host.secret().then(undefined, () => undefined);
      const max = answerLimit(options.tokenizationOptions?.tokenBudget);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(finishAnswer(text, { max, secret }))]);
    },
  });
}
