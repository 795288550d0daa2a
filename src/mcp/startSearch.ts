/**
 * extruct_startDeepSearch over MCP. This process never spends credits: it asks the VS Code window in
 * front (core/sync/peerSync.ts `askWindow`), which runs the chat tool's own flow with that window's
 * credit guard and the extension's own modal (src/extension/mcp/startSearch.ts), and answers with the
 * text for the agent. While the user reads the dialog, the client is told so (MCP progress), every few
 * seconds, for as long as ASK_MINUTES.
 */
import { NO_WINDOW_TO_ASK, searchInputProblem, unansweredAsk } from '../core/agent/startSearch';
import type { PeerSync } from '../core/sync/peerSync';
import type { Clock } from '../core/util/clock';
import type { ToolCall } from './tools';

/** Long enough for a person to read the dialog and answer; the agent is told what happens after. */
const ASK_MINUTES = 5;
const PROGRESS_EVERY_MS = 10_000;

export async function startSearch(peer: PeerSync, input: unknown, call: ToolCall, clock: Clock): Promise<string> {
  // An invalid request is refused here, without bothering a window (which would check it again).
  const problem = searchInputProblem(input);
  if (problem) return problem;
  call.progress('Asking the user in VS Code');
  let timer: unknown;
  const tick = (): void => {
    timer = clock.setTimeout(() => {
      call.progress('Waiting for the user to answer the dialog in VS Code');
      tick();
    }, PROGRESS_EVERY_MS);
  };
  tick();
  try {
    const cancelled = new Promise<undefined>((resolve) => call.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
    const asked = await Promise.race([
      peer.askWindow({ type: 'startSearch', input, ...(call.chat ? { chat: call.chat } : {}) }, ASK_MINUTES * 60_000),
      cancelled,
    ]);
    // Cancelled by the client: no answer goes back (the window's dialog, if shown, still decides).
    if (asked === undefined) return '';
    if (!asked.ok) return asked.why === 'no-window' ? NO_WINDOW_TO_ASK : unansweredAsk(ASK_MINUTES);
    return asked.reply.type === 'answer'
      ? asked.reply.text
      : 'The VS Code window did not say whether the Deep Search started. Check with extruct_listTasks before asking again.';
  } finally {
    clock.clearTimeout(timer);
  }
}
