/** Which tasks a command is for: those its arguments name (core/input/commandArg.ts), or the user's pick. */
import * as vscode from 'vscode';
import { warn } from '../ui/messages';
import { givenTaskId, withSelection } from '../../core/input/commandArg';
import type { WatchEntry } from '../../core/model/watchEntry';
import type { CoreServices } from '../services';
import { pickTasks } from './pickTask';

export interface TargetOptions {
  readonly placeHolder: string;
  /** Several tasks at once (the tree selection, a multi-pick), or just one. */
  readonly many?: boolean;
  /** Which watched tasks the picker offers. */
  readonly filter?: (e: WatchEntry) => boolean;
}

export async function commandTargets(services: CoreServices, arg: unknown, selection: unknown, o: TargetOptions): Promise<string[]> {
  const given = givenTaskId(arg);
  if (given !== undefined) {
    if (!services.store.get(given)) {
      void warn(vscode.l10n.t('Extruct task {0} is not watched. Watch it first with "Extruct: Watch Task".', given.slice(0, 60)));
      return [];
    }
    return withSelection(given, selection, o.many ?? false);
  }
  return pickTasks(services.store, o.placeHolder, { many: o.many ?? false, ...(o.filter ? { filter: o.filter } : {}) });
}
