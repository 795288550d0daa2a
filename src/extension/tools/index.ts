/**
 * The language model tools (package.json `contributes.languageModelTools`), in one table: the tool's
 * name and how it is wired to its core (src/core/agent/: the answers, pure, shared with any other host).
 * Copilot's agent mode, or any chat participant, can call them; each answers in plain text and never
 * throws (ui/chatTool.ts).
 */
import * as vscode from 'vscode';
import { getResultsAnswer } from '../../core/agent/results';
import { getTaskAnswer, listTasksAnswer } from '../../core/agent/tasks';
import { watchAnswer } from '../../core/agent/watch';
import { agentContext, type CreditKit } from '../actions/agentSearch';
import { readAllResults } from '../actions/results';
import { watchIds } from '../actions/watch';
import type { Services } from '../services';
import { registerTextTool, type TextTool } from '../ui/chatTool';
import { startSearchTool } from './startSearch';

/** The names, as in package.json. */
export const TOOL_NAMES = {
  listTasks: 'extruct_listTasks',
  getTask: 'extruct_getTask',
  getResults: 'extruct_getResults',
  watchTask: 'extruct_watchTask',
  startDeepSearch: 'extruct_startDeepSearch',
} as const;

/** How long a watch waits for the first check of new tasks before answering without it. */
const FIRST_CHECK_MS = 8_000;

/** "Reading task 1234…": the progress line a chat shows while a read runs. */
const reading =
  (invocationMessage: string): TextTool['prepare'] =>
  () => ({ invocationMessage });

function tools(services: Services, credits: CreditKit): Readonly<Record<string, TextTool>> {
  return {
    [TOOL_NAMES.listTasks]: {
      prepare: reading(vscode.l10n.t('Listing the watched Extruct tasks')),
      invoke: (input) =>
        listTasksAnswer(input, { entries: services.store.entries(), tokenUsable: services.tokenPause.usableHere }, agentContext(services)),
    },
    [TOOL_NAMES.getTask]: {
      prepare: reading(vscode.l10n.t('Reading an Extruct task')),
      invoke: (input) =>
        getTaskAnswer(
          input,
          { watched: (id) => services.store.get(id), fetchTask: (id) => services.client.getTask(id) },
          agentContext(services),
        ),
    },
    [TOOL_NAMES.getResults]: {
      prepare: reading(vscode.l10n.t("Reading an Extruct task's results")),
      invoke: (input) =>
        getResultsAnswer(
          input,
          { readResults: (id, maxRows) => readAllResults(services, id, maxRows), storedTask: (id) => services.store.get(id)?.task },
          agentContext(services),
        ),
    },
    [TOOL_NAMES.watchTask]: {
      prepare: reading(vscode.l10n.t('Watching Extruct tasks')),
      invoke: (input) =>
        watchAnswer(
          input,
          {
            watch: (ids) => watchIds(services, ids),
            size: () => services.store.size,
            tokenUsable: services.tokenPause.usableHere,
            checkOnce: (ids) => within(services.watchList.refresh(ids), FIRST_CHECK_MS),
            entry: (id) => services.store.get(id),
          },
          agentContext(services),
        ),
    },
    [TOOL_NAMES.startDeepSearch]: startSearchTool(services, credits, agentContext),
  };
}

export function registerTools(services: Services, credits: CreditKit): vscode.Disposable[] {
  const host = { secret: () => services.token.get(), log: services.log };
  return Object.entries(tools(services, credits)).map(([name, tool]) => registerTextTool(name, tool, host));
}

/** Waits for the promise, at most `ms`; never rejects. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.then(undefined, () => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
