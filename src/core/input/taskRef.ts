/**
 * Reading task IDs from what users type or paste: bare IDs, several at once (separated by spaces,
 * commas, semicolons or new lines), dashboard URLs (https://app.extruct.ai/tasks/<id>) and vscode:// links.
 * Task IDs are UUIDs; they are returned in lower case so that the same task is never watched twice.
 */
import * as l10n from '@vscode/l10n';
import { plain } from '../format/plain';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const UUID_EXACT = new RegExp(`^${UUID.source}$`, 'i');

export const TASK_ID_EXAMPLE = 'd530c3ad-626c-4d7b-ab15-181d4058e4f8';

export interface ParsedTaskRefs {
  /** Valid IDs in the order given, without duplicates. */
  readonly ids: string[];
  /** The pieces of input that held no task ID. */
  readonly invalid: string[];
  /** Links to an AI Table (`…/tables/<id>`): a table, not a task. */
  readonly tables: string[];
}

export function isTaskId(s: string): boolean {
  return UUID_EXACT.test(s);
}

/** The one spelling of a task ID that the extension uses (lower case), or undefined when it is not one. */
export function canonicalTaskId(raw: string): string | undefined {
  const s = raw.trim();
  return isTaskId(s) ? s.toLowerCase() : undefined;
}

const IN_TASK_PATH = new RegExp(`/tasks/(${UUID.source})`, 'i');
const IN_TABLE_PATH = new RegExp(`/tables/(${UUID.source})`, 'i');

const short = (piece: string): string => (piece.length > 60 ? `${piece.slice(0, 57)}…` : piece);

/**
 * The task IDs in a text. In a link, the ID after `/tasks/` is the task's, whatever other IDs the link
 * holds (a workspace, a table); a link to `/tables/<id>` alone is an AI Table, reported apart.
 * Linear in the size of the text.
 */
export function parseTaskRefs(input: string): ParsedTaskRefs {
  const ids = new Set<string>();
  const invalid: string[] = [];
  const tables: string[] = [];
  for (const piece of input.split(/[\s,;]+/)) {
    if (!piece) continue;
    const match = IN_TASK_PATH.exec(piece)?.[1] ?? (IN_TABLE_PATH.test(piece) ? undefined : UUID.exec(piece)?.[0]);
    if (match) ids.add(match.toLowerCase());
    else if (IN_TABLE_PATH.test(piece)) tables.push(short(piece));
    else invalid.push(short(piece));
  }
  return { ids: [...ids], invalid, tables };
}

export function tableLinkMessage(): string {
  return l10n.t(
    'That is a link to an AI Table, not to a Deep Search task. Open the task in the Extruct dashboard and copy its link, or its ID.',
  );
}

/** The message an input box shows while the text holds no usable ID, or undefined when it does. */
export function validateTaskRefInput(input: string): string | undefined {
  if (!input.trim()) return undefined;
  const { ids, invalid, tables } = parseTaskRefs(input);
  if (ids.length === 0 && tables.length > 0) return tableLinkMessage();
  if (ids.length === 0) return l10n.t('Not a task ID: expected an ID like {0} or a dashboard link to a task.', TASK_ID_EXAMPLE);
  const firstInvalid = invalid[0];
  if (firstInvalid !== undefined)
    return ids.length === 1
      ? l10n.t('Ignoring "{0}": not a task ID. 1 task ID found.', plain(firstInvalid))
      : l10n.t('Ignoring "{0}": not a task ID. {1} task IDs found.', plain(firstInvalid), ids.length);
  return undefined;
}

/** An AI Table's page on the Extruct dashboard. */
export function tableUrl(dashboardBase: string, tableId: string): string {
  return `${dashboardBase.replace(/\/+$/, '')}/tables/${encodeURIComponent(tableId)}`;
}

/** The "extruct.dashboardUrl" setting's default (as in package.json). */
export const DEFAULT_DASHBOARD_URL = 'https://app.extruct.ai';

/** The task's page on the Extruct dashboard. */
export function dashboardUrl(dashboardBase: string, id: string): string {
  return `${dashboardBase.replace(/\/+$/, '')}/tasks/${encodeURIComponent(id)}`;
}
