/**
 * Task IDs where they appear: in a terminal (Extruct's CLI, a script, a log), an editor (JSON, Python,
 * notebooks, Markdown, logs) or the clipboard. A UUID is a task ID only when its context says so, or
 * when the account's list confirms it: UUIDs are everywhere (rows, tables, requests), and a link on each
 * would be noise. The contexts, each for a reason:
 *
 *  - `dashboard-link`: `https://app.extruct.ai/tasks/<id>` (or the dashboard URL set): a task's page.
 *  - `api-path`: `/v1/discovery_tasks/<id>`: a request for the task (curl, a log, a script).
 *  - `task-id-key`: a key or flag named task id: `"task_id": "<id>"` (a result row), `task_id=` (Python),
 *    `taskId:`, `TASK_ID=`, `--task-id <id>`, "Task ID: <id>", and the IDs in a `task_ids: [...]` list.
 *  - `cli`: `extruct-api deep-search get|poll|results|resume <id>`, the command line echoed.
 *  - `task-object`: `"id": "<id>"` in an object that also has a field only a task has (`status`,
 *    `desired_num_results`, `is_exhausted`, `num_results_discovered`): what the CLI prints for
 *    `deep-search create`, `get` and `poll` (one line of JSON, or indented with --pretty), and a Python
 *    dict's repr. A result row has an `"id"` too, without those fields.
 *  - `known`: any other UUID the account's list or the watch list holds (input/knownTasks.ts).
 *
 * Never a table: a UUID after `/tables/` is an AI Table's. Linear in the text; callers bound the text.
 */
import { parseTaskRefs } from './taskRef';

export type MentionKind = 'dashboard-link' | 'api-path' | 'task-id-key' | 'cli' | 'task-object' | 'known';

export interface TaskMention {
  /** The canonical ID (lower case). */
  readonly id: string;
  /** Where the UUID is in the text: [start, end). */
  readonly start: number;
  readonly end: number;
  readonly why: MentionKind;
}

export interface MentionOptions {
  /** Whether the account's list or the watch list holds the ID (canonical). */
  readonly isKnown?: (id: string) => boolean;
  /** Hosts of the dashboard besides app.extruct.ai (from the "extruct.dashboardUrl" setting). */
  readonly dashboardHosts?: readonly string[];
}

/** The most mentions one call returns. */
export const MAX_MENTIONS = 500;
/** How far around a UUID its context is looked for (characters each way). */
const CONTEXT = 400;

const UUID_G = /(?<![0-9A-Za-z-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9A-Za-z-])/gi;
const DASHBOARD_BEFORE = /https?:\/\/([^\s/"'<>()[\]]+)[^\s"'<>()[\]]*\/tasks\/$/i;
const API_BEFORE = /\/v1\/discovery_tasks\/$/i;
const TABLE_BEFORE = /\/tables\/$/i;
const KEY_BEFORE = /(?:^|[^0-9A-Za-z])(?:discovery[_-]?)?task[\s_-]?id\\?["'`\]]?\s*(?:=>|[:=]|\s)\s*(?:\\?["'`]|[[(])?\s*$/i;
const LIST_KEY_BEFORE = /(?:^|[^0-9A-Za-z])task[_-]?ids["'`]?\s*[:=]\s*[[(][^\])]*$/i;
const CLI_BEFORE = /deep-search\s+(?:get|poll|results|resume)\s+(?:--?[\w-]+(?:[=\s]+\S+)?\s+)*["']?$/i;
const ID_KEY_BEFORE = /["']id["']\s*:\s*["']$/;
const TASK_ONLY_KEY = /["'](?:status|desired_num_results|is_exhausted|num_results_discovered)["']\s*:/;

/** The host of the "extruct.dashboardUrl" setting, as `dashboardHosts` wants it (none when it is no URL). */
export function dashboardHostsOf(dashboardUrl: string): string[] {
  try {
    return [new URL(dashboardUrl).hostname];
  } catch {
    return [];
  }
}

function dashboardHost(host: string, extra: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  return h === 'extruct.ai' || h.endsWith('.extruct.ai') || extra.some((x) => x.toLowerCase() === h);
}

/** The object around [start, end): from the nearest unclosed `{` before to the nearest `{` or `}` after. */
function objectAround(text: string, start: number, end: number): string {
  const lo = Math.max(0, start - CONTEXT);
  let from = lo;
  for (let i = start - 1; i >= lo; i--) {
    const c = text[i];
    if (c === '}') return '';
    if (c === '{') {
      from = i;
      break;
    }
  }
  const hi = Math.min(text.length, end + CONTEXT);
  let to = hi;
  for (let i = end; i < hi; i++) {
    const c = text[i];
    if (c === '{' || c === '}') {
      to = i;
      break;
    }
  }
  return text.slice(from, start) + text.slice(end, to);
}

function kindOf(text: string, start: number, end: number, id: string, o: MentionOptions): MentionKind | undefined {
  const before = text.slice(Math.max(0, start - CONTEXT), start);
  if (TABLE_BEFORE.test(before)) return undefined;
  const link = DASHBOARD_BEFORE.exec(before);
  if (link?.[1] && dashboardHost(link[1], o.dashboardHosts ?? [])) return 'dashboard-link';
  if (API_BEFORE.test(before)) return 'api-path';
  if (KEY_BEFORE.test(before) || LIST_KEY_BEFORE.test(before)) return 'task-id-key';
  if (CLI_BEFORE.test(before)) return 'cli';
  if (ID_KEY_BEFORE.test(before) && TASK_ONLY_KEY.test(objectAround(text, start, end))) return 'task-object';
  return o.isKnown?.(id) ? 'known' : undefined;
}

/** The task IDs the text mentions, in order (each place it appears; at most MAX_MENTIONS). */
export function findTaskMentions(text: string, options: MentionOptions = {}): TaskMention[] {
  const out: TaskMention[] = [];
  for (const m of text.matchAll(UUID_G)) {
    const start = m.index;
    const end = start + m[0].length;
    const id = m[0].toLowerCase();
    const why = kindOf(text, start, end, id, options);
    if (why) out.push({ id, start, end, why });
    if (out.length >= MAX_MENTIONS) break;
  }
  return out;
}

/** The most task IDs taken from the clipboard (as many as a vscode:// link may name). */
const MAX_CLIPBOARD_IDS = 20;
/** Only this much of the clipboard is looked at. */
const MAX_CLIPBOARD_CHARS = 20_000;

/**
 * The task IDs to offer from copied text, or undefined: text that is nothing but task IDs and dashboard
 * links (what "Copy Task ID" and the dashboard's address bar give), or task IDs in a context that says so
 * (see above). Never other text, and never only IDs already watched.
 */
export function clipboardTaskIds(text: string, watched: (id: string) => boolean, options: MentionOptions = {}): string[] | undefined {
  const head = text.slice(0, MAX_CLIPBOARD_CHARS);
  const whole = parseTaskRefs(head);
  const ids =
    whole.ids.length > 0 && whole.invalid.length === 0 && whole.tables.length === 0
      ? whole.ids
      : [...new Set(findTaskMentions(head, options).map((m) => m.id))];
  const picked = ids.slice(0, MAX_CLIPBOARD_IDS);
  return picked.length > 0 && picked.some((id) => !watched(id)) ? picked : undefined;
}
