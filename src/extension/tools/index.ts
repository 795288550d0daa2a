/**
 * The language model tools (package.json `contributes.languageModelTools`), in one table: the tool's
 * name, what it answers and, for the one that changes something outside VS Code, its confirmation.
 * Copilot's agent mode, or any chat participant, can call them; each answers in plain text and never
 * throws (tools/common.ts).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { markdown, textTool, type ToolBody } from './common';
import { getResults } from './getResults';
import { getTask } from './getTask';
import { listTasks } from './listTasks';
import { prepareStartSearch, startSearch } from './startSearch';
import { watchTasks } from './watchTask';

/** The names, as in package.json. */
export const TOOL_NAMES = {
  listTasks: 'extruct_listTasks',
  getTask: 'extruct_getTask',
  getResults: 'extruct_getResults',
  watchTask: 'extruct_watchTask',
  startDeepSearch: 'extruct_startDeepSearch',
} as const;

interface ToolSpec {
  readonly run: (services: Services, input: unknown) => Promise<string> | string;
  readonly prepare?: vscode.LanguageModelTool<unknown>['prepareInvocation'];
}

/** "Reading task 1234…": the progress line a chat shows while a read runs. */
const reading =
  (what: string): ToolSpec['prepare'] =>
  () => ({ invocationMessage: markdown(what) });

const TOOLS: Readonly<Record<string, ToolSpec>> = {
  [TOOL_NAMES.listTasks]: { run: listTasks, prepare: reading('Listing the watched Extruct tasks') },
  [TOOL_NAMES.getTask]: { run: getTask, prepare: reading('Reading an Extruct task') },
  [TOOL_NAMES.getResults]: { run: getResults, prepare: reading("Reading an Extruct task's results") },
  [TOOL_NAMES.watchTask]: { run: watchTasks, prepare: reading('Watching Extruct tasks') },
  [TOOL_NAMES.startDeepSearch]: { run: startSearch, prepare: prepareStartSearch },
};

export function registerTools(services: Services): vscode.Disposable[] {
  return Object.entries(TOOLS).map(([name, spec]) => {
    const body: ToolBody = (input) => spec.run(services, input);
    return vscode.lm.registerTool(name, textTool(services, name, body, spec.prepare));
  });
}
