/**
 * "Export Results…": reads every result of the task (paged), asks where to save (unless a target URI is
 * given, as tests and other extensions do) and writes CSV or JSON, chosen by the file extension.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { error, info } from '../messages';
import { taskTitle } from '../../core/format/text';
import { exportFileName, toCsv, toJson } from '../../core/results/export';
import { type AllResults, fetchAllResults, loadedText } from '../../core/results/paging';
import type { CoreServices, Services } from '../services';
import { commandTargets } from './targets';
import { ensureToken } from './token';

export interface ExportOutcome {
  readonly uri: vscode.Uri;
  readonly format: 'csv' | 'json';
  readonly count: number;
  readonly results: AllResults;
}

function defaultUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(`${os.homedir()}/${name}`);
}

export function readAllResults(services: CoreServices, id: string): Promise<AllResults> {
  return fetchAllResults((page) => services.client.getResults(id, page));
}

/** The command: which task (asks), then where (the save dialog, unless `target` is a URI); the panel shows what was read. */
export async function exportCommand(services: Services, arg: unknown, target: unknown): Promise<ExportOutcome | undefined> {
  const [id] = await commandTargets(services, arg, undefined, { placeHolder: 'Export the results of which task?' });
  if (!id) return undefined;
  const outcome = await exportResults(services, id, target instanceof vscode.Uri ? target : undefined);
  if (outcome) services.panels.showResults(id, outcome.results);
  return outcome;
}

async function exportResults(services: CoreServices, id: string, target?: vscode.Uri): Promise<ExportOutcome | undefined> {
  const entry = services.store.get(id);
  if (!entry) return undefined;
  if (!(await ensureToken(services))) return undefined;
  const title = taskTitle(entry, 50);
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: `Export results of "${title}"`,
      saveLabel: 'Export',
      defaultUri: defaultUri(exportFileName(entry.task?.query, id, 'csv')),
      filters: { CSV: ['csv'], JSON: ['json'] },
    }));
  if (!uri) return undefined;
  const format = uri.path.toLowerCase().endsWith('.json') ? 'json' : 'csv';

  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading the results of "${title}"…` },
    (progress) =>
      fetchAllResults((page) => services.client.getResults(id, page), {
        onPage: (rows) => progress.report({ message: `${rows} so far` }),
      }),
  );
  if (results.error) {
    services.log.warn(`Export of ${id} failed after ${results.rows.length} rows: ${results.error.message}`);
    void error(`Could not read the results of "${title}" (${results.error.message}). Nothing was written.`, 'Show Log').then((c) =>
      c ? services.log.show() : undefined,
    );
    return undefined;
  }
  const task = results.task ?? entry.task;
  const text = format === 'json' ? toJson(task, results.rows) : toCsv(task, results.rows);
  try {
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    services.log.error(`Writing ${uri.toString(true)} failed: ${reason}`);
    void error(`Could not write ${uri.fsPath || uri.toString(true)}: ${reason}. Export again and choose another location.`);
    return undefined;
  }
  const count = results.rows.length;
  const where = uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
  services.log.info(`Exported ${count} results of ${id} to ${where}.`);
  void info(`Exported ${loadedText(count, task, entry.stopped !== 'complete')} to ${where}.`, 'Open').then((c) =>
    c ? vscode.commands.executeCommand('vscode.open', uri) : undefined,
  );
  return { uri, format, count, results };
}
