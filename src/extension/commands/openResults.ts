/**
 * "Open Results as CSV" and "Open Results as JSON": every result of the task in a new untitled editor, in
 * the export's formats (core/results/export.ts), so that the user's own tools (CSV viewers, Data Wrangler,
 * Copilot on the file) can work with them. Read as the export reads them; nothing is written to disk until
 * the user saves. An untitled editor without a path, on purpose: one with a path would be saved over that
 * file without asking.
 */
import * as vscode from 'vscode';
import { taskTitle } from '../../core/format/text';
import { toCsv, toJson } from '../../core/results/export';
import { loadedText } from '../../core/results/paging';
import { readAllResults } from '../actions/results';
import { ensureToken } from '../actions/token';
import type { Services } from '../services';
import { error } from '../ui/messages';
import { withProgress } from '../ui/surfaces';
import { statusMessage } from '../ui/text';
import { commandTargets } from './targets';

export type DocumentFormat = 'csv' | 'json';

export async function openResultsCommand(
  services: Services,
  arg: unknown,
  format: DocumentFormat,
): Promise<vscode.TextDocument | undefined> {
  const [id] = await commandTargets(services, arg, undefined, {
    placeHolder:
      format === 'json'
        ? vscode.l10n.t('Open the results of which task as JSON?')
        : vscode.l10n.t('Open the results of which task as CSV?'),
  });
  const entry = id === undefined ? undefined : services.store.get(id);
  if (!id || !entry) return undefined;
  if (!(await ensureToken(services))) return undefined;
  const title = taskTitle(entry, 50);
  const results = await withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the results of "{0}"…', title) },
    () => readAllResults(services, id),
  );
  if (results.error) {
    services.log.warn(`Reading the results of ${id} failed after ${results.rows.length} rows: ${results.error.message}`);
    void error(
      vscode.l10n.t('Could not read the results of "{0}" ({1}). No editor was opened.', title, results.error.message),
      vscode.l10n.t('Show Log'),
    ).then((c) => (c ? services.log.show() : undefined));
    return undefined;
  }
  const task = results.task ?? entry.task;
  const content = format === 'json' ? toJson(task, results.rows) : toCsv(task, results.rows);
  const doc = await vscode.workspace.openTextDocument({ language: await languageFor(format), content });
  await vscode.window.showTextDocument(doc, { preview: false });
  services.panels.showResults(id, results);
  const loaded = loadedText(results.rows.length, task, entry.stopped !== 'complete');
  statusMessage(
    format === 'json' ? 'json' : 'table',
    format === 'json'
      ? vscode.l10n.t('Opened {0} as JSON. Save the editor to keep them.', loaded)
      : vscode.l10n.t('Opened {0} as CSV. Save the editor to keep them.', loaded),
    6000,
  );
  services.log.info(`Opened ${results.rows.length} results of ${id} as ${format.toUpperCase()} in an untitled editor.`);
  return doc;
}

/** JSON is built in; CSV only when an extension (Rainbow CSV, say) knows it, else plain text. */
async function languageFor(format: DocumentFormat): Promise<string> {
  if (format === 'json') return 'json';
  return (await vscode.languages.getLanguages()).includes('csv') ? 'csv' : 'plaintext';
}
