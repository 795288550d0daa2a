/**
 * extruct_startDeepSearch, wired: the answer and the budget are core (core/agent/startSearch.ts,
 * creditGuard.ts), the flow this window runs for any agent's search is actions/agentSearch.ts (the
 * extension's own modal, the credit guard); what is the chat tool's own is which chat request a call
 * belongs to (requestKeys.ts) and what VS Code shows before the call. With the modal turned off
 * ("extruct.chatTools.confirmSearches": false), VS Code's own confirmation shows the same words, and the
 * budget still applies.
 */
import * as vscode from 'vscode';
import { confirmationMarkdown, searchConfirmation } from '../../core/agent/confirmation';
import type { AgentContext } from '../../core/agent/describe';
import { readSearchDraft } from '../../core/agent/searchInput';
import { startSearchAnswer } from '../../core/agent/startSearch';
import { type CreditKit, searchStarter } from '../actions/agentSearch';
import type { Services } from '../services';
import type { TextTool } from '../ui/chatTool';

export function startSearchTool(services: Services, kit: CreditKit, context: (s: Services) => AgentContext): TextTool {
  return {
    prepare(input, call) {
      kit.requests.prepared(call);
      const draft = readSearchDraft(input);
      // An invalid request sends nothing, so there is nothing to confirm: `invoke` says what is wrong.
      if (!draft.ok) return { invocationMessage: vscode.l10n.t('Checking an Extruct Deep Search request') };
      const n = draft.value.desiredNumResults;
      if (services.settings.confirmSearches) {
        return {
          invocationMessage:
            n === 1
              ? vscode.l10n.t('Asking you about an Extruct Deep Search for 1 high-fit result')
              : vscode.l10n.t('Asking you about an Extruct Deep Search for {0} high-fit results', n),
        };
      }
      return {
        invocationMessage:
          n === 1
            ? vscode.l10n.t('Starting an Extruct Deep Search for 1 high-fit result')
            : vscode.l10n.t('Starting an Extruct Deep Search for {0} high-fit results', n),
        confirmation: {
          title: vscode.l10n.t('Start an Extruct Deep Search?'),
          markdown: confirmationMarkdown(searchConfirmation(draft.value)),
        },
      };
    },
    invoke(input, call) {
      const requestKey = kit.requests.keyOf(call.session, call.requestId);
      return startSearchAnswer(input, searchStarter(services, kit.guard, requestKey), context(services));
    },
  };
}
