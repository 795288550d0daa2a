/**
 * A task's results: read them all (the panel, the export), and export them to a file. Writing a file
 * always goes through the save dialog: a location given by a caller (another extension, a test) only
 * fills it in, so that nothing is written where the user did not choose.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { taskTitle } from '../../core/format/text';
import { exportFileName, toCsv, toJson } from '../../core/results/export';
import { type AllResults, fetchAllResults, loadedText } from '../../core/results/paging';
import type { CoreServices } from '../services';
import { error, info } from '../ui/messages';
import { showSaveDialog, withProgress } from '../ui/surfaces';
import { ensureToken } from './token';

export interface ExportOutcome {
  readonly uri: vscode.Uri;
  readonly format: 'csv' | 'json';
  readonly count: number;
  readonly results: AllResults;
}

export function readAllResults(services: CoreServices, id: string, maxRows?: number): Promise<AllResults> {
  return fetchAllResults((page) => services.client.getResults(id, page), maxRows === undefined ? {} : { maxRows });
}

function defaultUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(`${os.homedir()}/${name}`);
}

/** Asks where (the save dialog, `suggested` filled in), reads every result, writes CSV or JSON by the file's extension. */
export async function exportResults(services: CoreServices, id: string, suggested?: vscode.Uri): Promise<ExportOutcome | undefined> {
  const entry = services.store.get(id);
  if (!entry) return undefined;
  if (!(await ensureToken(services))) return undefined;
  const title = taskTitle(entry, 50);
  const uri = await showSaveDialog({
    title: vscode.l10n.t('Export results of "{0}"', title),
    saveLabel: vscode.l10n.t('Export'),
    defaultUri: suggested ?? defaultUri(exportFileName(entry.task?.query, id, 'csv')),
    filters: { CSV: ['csv'], JSON: ['json'] },
  });
  if (!uri) return undefined;
  const format = uri.path.toLowerCase().endsWith('.json') ? 'json' : 'csv';

  const results = await withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the results of "{0}"…', title) },
    (report) =>
      fetchAllResults((page) => services.client.getResults(id, page), { onPage: (rows) => report(vscode.l10n.t('{0} so far', rows)) }),
  );
  if (results.error) {
    services.log.warn(`Export of ${id} failed after ${results.rows.length} rows: ${results.error.message}`);
    void error(
      vscode.l10n.t('Could not read the results of "{0}" ({1}). Nothing was written.', title, results.error.message),
      vscode.l10n.t('Show Log'),
    ).then((c) => (c ? services.log.show() : undefined));
    return undefined;
  }
  const task = results.task ?? entry.task;
  const text = format === 'json' ? toJson(task, results.rows) : toCsv(task, results.rows);
  try {
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    services.log.error(`Writing ${uri.toString(true)} failed: ${reason}`);
    void error(
      vscode.l10n.t('Could not write {0}: {1}. Export again and choose another location.', uri.fsPath || uri.toString(true), reason),
    );
    return undefined;
  }
  const count = results.rows.length;
  const where = uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
  services.log.info(`Exported ${count} results of ${id} to ${where}.`);
  void info(
    vscode.l10n.t('Exported {0} to {1}.', loadedText(count, task, entry.stopped !== 'complete'), where),
    vscode.l10n.t('Open'),
  ).then((c) => (c ? vscode.commands.executeCommand('vscode.open', uri) : undefined));
  return { uri, format, count, results };
}
