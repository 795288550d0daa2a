/** "Get Started": opens the extension's walkthrough (package.json contributes.walkthroughs). */
import * as vscode from 'vscode';
import type { Services } from '../services';

/** The walkthrough's ID as VS Code names it: the extension's ID, '#', the walkthrough's own ID. */
function walkthroughId(s: Services): string {
  return `${s.context.extension.id}#extruct.gettingStarted`;
}

export async function openWalkthrough(s: Services): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId(s), false);
}
