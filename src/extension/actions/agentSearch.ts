/**
 * What an agent's Deep Search needs from this window, whichever surface it came through: a chat tool
 * (tools/startSearch.ts) or the MCP server, which asks the window in front (mcp/startSearch.ts). One
 * budget (this window's credit guard), one question (the extension's own modal, which no "Allow in this
 * Session", "Always" or `chat.tools.autoApprove` answers for the user), one way to create and watch it.
 */
import { randomUUID } from 'node:crypto';
import { type SearchConfirmation, confirmationDetail } from '../../core/agent/confirmation';
import type { CreditGuard } from '../../core/agent/creditGuard';
import type { AgentContext } from '../../core/agent/describe';
import type { ChatRequestKeys } from '../../core/agent/requestKeys';
import type { SearchStarter } from '../../core/agent/startSearch';
import type { CoreServices } from '../services';
import { askModal } from '../ui/messages';
import { watchCreated } from './watch';

/** This window's credit guard and chat request keys: in memory, one of each per window. */
export interface CreditKit {
  readonly guard: CreditGuard;
  readonly requests: ChatRequestKeys;
}

/** What describing tasks needs, now: a fresh nonce per answer marks its data blocks. */
export function agentContext(services: CoreServices): AgentContext {
  return {
    authPaused: services.store.authPaused,
    now: Date.now(),
    dashboardBase: services.settings.dashboardUrl,
    timeLeft: services.timeLeft,
    nonce: randomUUID().slice(0, 8),
  };
}

/** The extension's own modal: true only when the user pressed its button. */
async function askUser(c: SearchConfirmation): Promise<boolean> {
  return (await askModal('warning', c.title, confirmationDetail(c).split('\n'), c.button)) === c.button;
}

/**
 * The host of core/agent/startSearch.ts in this window, for the call counted under `requestKey`. With
 * "extruct.chatTools.confirmSearches" off there is no modal: VS Code's own tool confirmation asks instead
 * (the chat tool's, or the one VS Code shows before an MCP tool without a read-only hint).
 */
export function searchStarter(services: CoreServices, guard: CreditGuard, requestKey: string): SearchStarter {
  return {
    tokenUsable: services.tokenPause.usableHere,
    guard,
    requestKey,
    confirm: (c) => (services.settings.confirmSearches ? askUser(c) : Promise.resolve(true)),
    create: (body) => services.client.createTask(body),
    watchCreated: (task) => watchCreated(services, task),
    log: (message) => services.log.warn(message),
  };
}
