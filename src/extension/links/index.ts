/** Registers the task links (taskLinks.ts) with VS Code: terminals, editors, code actions, and their menu. */
import * as vscode from 'vscode';
import type { KnownTasks } from '../../core/input/knownTasks';
import type { Services } from '../services';
import { showTaskActions, TASK_LINK_COMMAND } from './linkActions';
import { DOCUMENTS, TaskLinks } from './taskLinks';
import { registerTerminalLinkProvider } from '../ui/surfaces';

export function registerTaskLinks(
  services: Services,
  known: KnownTasks,
): { readonly links: TaskLinks; readonly disposables: vscode.Disposable[] } {
  const links = new TaskLinks(known, services.store, services.settings, services.tickets);
  return {
    links,
    disposables: [
      links,
      registerTerminalLinkProvider(links),
      vscode.languages.registerDocumentLinkProvider(DOCUMENTS, links),
      vscode.languages.registerCodeActionsProvider(DOCUMENTS, links, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.commands.registerCommand(TASK_LINK_COMMAND, (id: unknown) => showTaskActions(services, id)),
    ],
  };
}
