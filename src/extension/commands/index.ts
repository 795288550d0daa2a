/**
 * Every command the extension contributes, in one table: its ID (as in package.json's
 * contributes.commands) and what runs. Handlers get the services and the command's arguments: a tree
 * node and the selection, a task ID, or nothing (the palette; they ask).
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

type Handler = (s: Services, arg?: unknown, second?: unknown) => unknown;

const COMMANDS: Readonly<Record<string, Handler>> = {
  'extruct.watchTask': (s, arg) => watchTask(s, arg),
  'extruct.newSearch': (s) => newSearchCommand(s),
  'extruct.runAgain': (s, arg, selection) => runAgainCommand(s, arg, selection),
  'extruct.setToken': (s, arg) => setToken(s, arg),
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

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, run]) =>
    vscode.commands.registerCommand(id, (arg?: unknown, second?: unknown) => run(services, arg, second)),
  );
}
