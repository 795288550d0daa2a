/** Registers the task links (taskLinks.ts) with VS Code: terminals, editors, code actions, and their menu. */
import * as vscode from 'vscode';
import type { KnownTasks } from '../../core/input/knownTasks';
import type { Services } from '../services';
import { showTaskActions, TASK_LINK_COMMAND } from './linkActions';
import { DOCUMENTS, TaskLinks } from './taskLinks';
import { registerTerminalLinkProvider } from '../ui/surfaces';

export function taskLinksOf(services: Services, known: KnownTasks): TaskLinks {
  return new TaskLinks(known, services.store, services.settings, services.tickets);
}

/** What VS Code asks only when it shows a terminal line or a document: registered just after activation. */
export function registerTaskLinks(services: Services, links: TaskLinks): vscode.Disposable[] {
  return [
    registerTerminalLinkProvider(links),
    vscode.languages.registerDocumentLinkProvider(DOCUMENTS, links),
    vscode.languages.registerCodeActionsProvider(DOCUMENTS, links, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(TASK_LINK_COMMAND, (id: unknown) => showTaskActions(services, id)),
  ];
}
