/**
 * Every command the extension contributes, in one table: its ID (as in package.json's
 * contributes.commands) and what runs. Handlers get the services and the command's arguments: a tree
 * node and the selection, a task ID, or nothing (the palette; they ask).
 *
 * Anything can run a command with arguments (another extension, a rendered `command:` link, an agent's
 * "run command" tool), so no argument replaces a question that the palette would ask. A first argument
 * (a tree node or a task ID) only names a watched task, as a click would. What would change the account,
 * spend credits or write a file asks as from the palette: a token argument is ignored in what ships, a
 * resume count and an export location only fill in the input box and the save dialog, and task IDs to
 * watch get a link's cap and confirmation.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { clearFinishedOlder } from './clearOlder';
import { exportCommand } from './export';
import { clearFilter, filterTasks } from './filter';
import { newSearchCommand, runAgainCommand } from './newSearch';
import { openResultsCommand } from './openResults';
import { resumeCommand } from './resume';
import { clearFinished, copyTaskId, openDetails, openInExtruct, refresh, setMuted, stopWatching } from './taskActions';
import { clearToken, setToken } from './token';
import { openWalkthrough } from './walkthrough';
import { watchTask } from './watch';

/** How the commands behave in this build. */
export interface CommandOptions {
  /** Take "extruct.setToken"'s argument as the token: integration tests of a test build only, never in what ships. */
  readonly tokenArgument: boolean;
}

type Handler = (s: Services, arg: unknown, second: unknown, o: CommandOptions) => unknown;

const COMMANDS: Readonly<Record<string, Handler>> = {
  'extruct.watchTask': (s, arg, ticket) => watchTask(s, arg, ticket),
  'extruct.newSearch': (s) => newSearchCommand(s),
  'extruct.runAgain': (s, arg, selection) => runAgainCommand(s, arg, selection),
  'extruct.setToken': (s, arg, _second, o) => setToken(s, arg, o.tokenArgument),
  'extruct.clearToken': (s) => clearToken(s),
  'extruct.showLog': (s) => s.log.show(),
  'extruct.refresh': (s, arg, selection) => refresh(s, arg, selection),
  'extruct.openDetails': (s, arg, selection) => openDetails(s, arg, selection),
  'extruct.openInExtruct': (s, arg, selection) => openInExtruct(s, arg, selection),
  'extruct.copyTaskId': (s, arg, selection) => copyTaskId(s, arg, selection),
  'extruct.muteTask': (s, arg, selection) => setMuted(s, arg, selection, true),
  'extruct.unmuteTask': (s, arg, selection) => setMuted(s, arg, selection, false),
  'extruct.stopWatching': (s, arg, selection) => stopWatching(s, arg, selection),
  'extruct.clearFinished': (s) => clearFinished(s),
  'extruct.resumeTask': (s, arg, count) => resumeCommand(s, arg, count),
  'extruct.exportResults': (s, arg, target) => exportCommand(s, arg, target),
  'extruct.openResultsCsv': (s, arg) => openResultsCommand(s, arg, 'csv'),
  'extruct.openResultsJson': (s, arg) => openResultsCommand(s, arg, 'json'),
  'extruct.clearFinishedOlder': (s) => clearFinishedOlder(s),
  'extruct.filterTasks': (s) => filterTasks(s),
  'extruct.editFilter': (s) => filterTasks(s),
  'extruct.clearFilter': (s) => clearFilter(s),
  'extruct.getStarted': (s) => openWalkthrough(s),
};

export function registerCommands(services: Services, o: CommandOptions): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, run]) =>
    vscode.commands.registerCommand(id, (arg?: unknown, second?: unknown) => run(services, arg, second, o)),
  );
}
