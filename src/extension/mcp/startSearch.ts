/**
 * A Deep Search that an agent asked for through the MCP server (src/mcp/), which cannot spend credits
 * itself: it asks the window in front through the shared folder (core/sync/peerSync.ts `askWindow`), and
 * this window answers with the chat tool's own flow (actions/agentSearch.ts): this window's credit guard,
 * the extension's own modal, the same create and watch. Which chat request the call counts under is
 * core/agent/requestKeys.ts `mcpRequestKey`.
 */
import type * as vscode from 'vscode';
import { finishAnswer } from '../../core/agent/answer';
import { mcpRequestKey } from '../../core/agent/requestKeys';
import { startSearchAnswer } from '../../core/agent/startSearch';
import type { StartSearchHandler } from '../../core/sync/windowSync';
import type { Disposable } from '../../core/util/emitter';
import { agentContext, type CreditKit, searchStarter } from '../actions/agentSearch';
import type { CoreServices } from '../services';

export function answerMcpSearches(
  services: CoreServices,
  kit: CreditKit,
  shared: { handleStartSearch(handler: StartSearchHandler): Disposable },
): vscode.Disposable {
  return shared.handleStartSearch(async (input, from, chat) => {
    services.log.info('An agent asked for a Deep Search through the Extruct MCP server.');
    const text = await startSearchAnswer(input, searchStarter(services, kit.guard, mcpRequestKey(chat, from)), agentContext(services));
    return finishAnswer(text, { secret: await services.token.get() });
  });
}
