/**
 * The five tools, as MCP serves them: the language-model tools' names, descriptions and schemas
 * (manifest.ts), answered by the same core builders (src/core/agent/) from the shared folder, so that an
 * agent in any harness reads what the Extruct view shows, in the same bounded, sanitised words.
 *
 *  - list, get: from the watch list and the tasks' last states as the polling window wrote them (no
 *    request); get reads a task nobody watches from the API, once.
 *  - results: from the API, with the token the extension handed over (token.ts).
 *  - watch: through the same list code as a window's (core/sync/peerSync.ts); the polling window checks
 *    the new tasks, and the answer waits (briefly) for their first state.
 *  - start: asked of the VS Code window in front (startSearch.ts), which asks the user.
 *
 * Every answer leaves through `finishAnswer`: each line plain, the token replaced, the whole bounded.
 */
import { randomUUID } from 'node:crypto';
import { finishAnswer } from '../core/agent/answer';
import type { AgentContext } from '../core/agent/describe';
import { getResultsAnswer } from '../core/agent/results';
import { getTaskAnswer, listTasksAnswer } from '../core/agent/tasks';
import { watchAnswer } from '../core/agent/watch';
import type { ApiClient } from '../core/api/client';
import { MAX_WATCHED } from '../core/model/watchEntry';
import { fetchAllResults } from '../core/results/paging';
import type { ChatRef } from '../core/sync/message';
import type { PeerSync } from '../core/sync/peerSync';
import type { Clock } from '../core/util/clock';
import { MANIFEST, type ToolManifest } from './manifest';
import { startSearch } from './startSearch';
import type { ServerToken } from './token';

/** What the tools read and use. */
export interface ToolHost {
  readonly peer: PeerSync;
  readonly client: Pick<ApiClient, 'getTask' | 'getResults'>;
  readonly token: ServerToken;
  readonly dashboardUrl: string;
  readonly timeLeft: (id: string) => number | undefined;
  readonly clock: Clock;
}

/** What a call knows of its request. */
export interface ToolCall {
  /** The chat it belongs to, as the client said in `_meta`. */
  readonly chat: ChatRef | undefined;
  progress(message: string): void;
  readonly signal: AbortSignal;
}

/** A tool as `tools/list` shows it. */
export interface McpTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
  readonly annotations: {
    readonly title: string;
    readonly readOnlyHint: boolean;
    readonly destructiveHint?: boolean;
    readonly idempotentHint?: boolean;
    readonly openWorldHint: boolean;
  };
}

interface ToolSpec {
  /** Whether it talks to Extruct (an "open world"), not only to the shared folder. */
  readonly openWorld: boolean;
  readonly idempotent?: boolean;
  /** Whether it may use the server's token (its answer then says when the token went stale). */
  readonly usesToken?: boolean;
  answer(input: unknown, call: ToolCall): Promise<string> | string;
}

/** How long a watch waits for the first state of new tasks before answering without it (as the chat tool). */
const FIRST_CHECK_MS = 8_000;
const STALE_NOTE =
  'Note: the Extruct API token was changed in VS Code after this server started. The server restarts with the current one once this answer is sent; call the tool again.';

export class McpTools {
  private readonly specs: Readonly<Record<string, ToolSpec>>;
  private readonly listed: readonly McpTool[];

  constructor(private readonly host: ToolHost) {
    this.specs = this.table();
    this.listed = MANIFEST.tools.filter((t) => Object.hasOwn(this.specs, t.name)).map((t) => this.describe(t));
  }

  list(): readonly McpTool[] {
    return this.listed;
  }

  has(name: string): boolean {
    return this.listed.some((t) => t.name === name);
  }

  /** The tool's answer, finished (plain, bounded, no token). */
  async call(name: string, input: unknown, call: ToolCall): Promise<string> {
    const spec = this.specs[name];
    if (!spec) throw new Error(`unknown tool ${name}`);
    try {
      this.host.peer.look(); // as fresh as the tree, now
    } catch {
      // The folder could not be read just now: the answer is from the last look (the next one is within a second).
    }
    let text = await spec.answer(input, call);
    if (spec.usesToken && this.host.token.status === 'stale') text = `${text}\n\n${STALE_NOTE}`;
    return finishAnswer(text, { secret: this.host.token.secret });
  }

  private describe(t: ToolManifest): McpTool {
    const spec = this.specs[t.name];
    const readOnly = t.tags?.includes('read-only') === true;
    return {
      name: t.name,
      title: t.displayName,
      description: t.modelDescription,
      inputSchema: t.inputSchema,
      annotations: {
        title: t.displayName,
        readOnlyHint: readOnly,
        ...(readOnly ? {} : { destructiveHint: false, idempotentHint: spec?.idempotent === true }),
        openWorldHint: spec?.openWorld === true,
      },
    };
  }

  private context(): AgentContext {
    const { peer } = this.host;
    return {
      // As a window judges it: paused when no open window holds a usable token.
      authPaused: peer.windows > 0 && !peer.windowHasToken,
      now: this.host.clock.now(),
      dashboardBase: this.host.dashboardUrl,
      timeLeft: this.host.timeLeft,
      nonce: randomUUID().slice(0, 8),
    };
  }

  private table(): Record<string, ToolSpec> {
    const { peer, client } = this.host;
    const store = peer.store;
    return {
      extruct_listTasks: {
        openWorld: false,
        answer: (input) => {
          const text = listTasksAnswer(
            input,
            { entries: store.entries(), tokenUsable: peer.windowHasToken || peer.windows === 0 },
            this.context(),
          );
          return peer.windows > 0
            ? text
            : `Note: no VS Code window is open, so nothing checks the tasks now; their states are as last seen.\n${text}`;
        },
      },
      extruct_getTask: {
        openWorld: true,
        usesToken: true,
        answer: (input) => getTaskAnswer(input, { watched: (id) => store.get(id), fetchTask: (id) => client.getTask(id) }, this.context()),
      },
      extruct_getResults: {
        openWorld: true,
        usesToken: true,
        answer: (input) =>
          getResultsAnswer(
            input,
            {
              readResults: (id, maxRows) => fetchAllResults((page) => client.getResults(id, page), { maxRows }),
              storedTask: (id) => store.get(id)?.task,
            },
            this.context(),
          ),
      },
      extruct_watchTask: {
        openWorld: true,
        idempotent: true,
        answer: (input) =>
          watchAnswer(
            input,
            {
              watch: (ids) => Promise.resolve(this.watch(ids)),
              size: () => store.size,
              tokenUsable: peer.windowHasToken,
              checkOnce: (ids) => this.firstStates(ids),
              entry: (id) => store.get(id),
            },
            this.context(),
          ),
      },
      extruct_startDeepSearch: {
        openWorld: true,
        answer: (input, call) => startSearch(peer, input, call, this.host.clock),
      },
    };
  }

  /** As a window's Watch Task: nothing is added when the list would overflow. */
  private watch(ids: readonly string[]): { added: string[]; existing: string[] } {
    const store = this.host.peer.store;
    const fresh = new Set(ids.filter((id) => !store.has(id))).size;
    if (fresh > 0 && store.size + fresh > MAX_WATCHED) return { added: [], existing: ids.filter((id) => store.has(id)) };
    return this.host.peer.watch(ids);
  }

  /** Resolves once every task has a state from the polling window (or an error), or after FIRST_CHECK_MS. */
  private firstStates(ids: readonly string[]): Promise<void> {
    const { peer, clock } = this.host;
    const known = (): boolean =>
      ids.every((id) => {
        const e = peer.store.get(id);
        return e === undefined || e.task !== undefined || e.error !== undefined || e.stopped !== undefined;
      });
    if (known()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        sub.dispose();
        clock.clearTimeout(timer);
        resolve();
      };
      const sub = peer.store.onDidChange(() => known() && done());
      const timer = clock.setTimeout(done, FIRST_CHECK_MS);
    });
  }
}
