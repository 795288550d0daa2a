/** "Export Results…": which task (asks), then where (the save dialog, always; a given URI fills it in); the panel shows what was read. */
import * as vscode from 'vscode';
import { exportResults, type ExportOutcome } from '../actions/results';
import type { Services } from '../services';
import { commandTargets } from './targets';

export async function exportCommand(services: Services, arg: unknown, target: unknown): Promise<ExportOutcome | undefined> {
  const [id] = await commandTargets(services, arg, undefined, { placeHolder: vscode.l10n.t('Export the results of which task?') });
  if (!id) return undefined;
  const outcome = await exportResults(services, id, target instanceof vscode.Uri ? target : undefined);
  if (outcome) services.panels.showResults(id, outcome.results);
  return outcome;
}
