/**
 * extruct_startDeepSearch, wired: the answer and the budget are core (core/agent/startSearch.ts,
 * creditGuard.ts); what is VS Code's is which chat request a call belongs to (requestKeys.ts) and the
 * question itself: the extension's own modal dialog, which no "Allow in this Session", "Always" or
 * `chat.tools.autoApprove` can answer for the user. With the modal turned off
 * ("extruct.chatTools.confirmSearches": false), VS Code's own confirmation shows the same words, and the
 * budget still applies.
 */
import { type SearchConfirmation, confirmationDetail, confirmationMarkdown, searchConfirmation } from '../../core/agent/confirmation';
import type { CreditGuard } from '../../core/agent/creditGuard';
import type { AgentContext } from '../../core/agent/describe';
import type { ChatRequestKeys } from '../../core/agent/requestKeys';
import { readSearchDraft } from '../../core/agent/searchInput';
import { startSearchAnswer } from '../../core/agent/startSearch';
import { watchCreated } from '../actions/watch';
import type { Services } from '../services';
import type { TextTool } from '../ui/chatTool';
import { askModal } from '../ui/messages';

/** This window's credit guard and chat request keys: in memory, one of each per window. */
export interface CreditKit {
  readonly guard: CreditGuard;
  readonly requests: ChatRequestKeys;
}

/** The extension's own modal: true only when the user pressed its button. */
async function askUser(c: SearchConfirmation): Promise<boolean> {
  return (await askModal('warning', c.title, confirmationDetail(c).split('\n'), c.button)) === c.button;
}

export function startSearchTool(services: Services, kit: CreditKit, context: (s: Services) => AgentContext): TextTool {
  return {
    prepare(input, call) {
      kit.requests.prepared(call);
      const draft = readSearchDraft(input);
      // An invalid request sends nothing, so there is nothing to confirm: `invoke` says what is wrong.
      if (!draft.ok) return { invocationMessage: 'Checking an Extruct Deep Search request' };
      const n = draft.value.desiredNumResults;
      if (services.settings.confirmSearches) {
        return { invocationMessage: `Asking you about an Extruct Deep Search for ${n} high-fit result${n === 1 ? '' : 's'}` };
      }
      return {
        invocationMessage: `Starting an Extruct Deep Search for ${n} high-fit result${n === 1 ? '' : 's'}`,
        confirmation: { title: 'Start an Extruct Deep Search?', markdown: confirmationMarkdown(searchConfirmation(draft.value)) },
      };
    },
    invoke(input, call) {
      return startSearchAnswer(
        input,
        {
          tokenUsable: services.tokenPause.usableHere,
          guard: kit.guard,
          requestKey: kit.requests.keyOf(call.session, call.requestId),
          confirm: (c) => (services.settings.confirmSearches ? askUser(c) : Promise.resolve(true)),
          create: (body) => services.client.createTask(body),
          watchCreated: (task) => watchCreated(services, task),
          log: (message) => services.log.warn(message),
        },
        context(services),
      );
    },
  };
}
