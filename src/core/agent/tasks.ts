/**
 * extruct_listTasks and extruct_getTask: the watched tasks in the tree's order, and one task in full.
 * Pure: the host gives the entries, a way to read one task from the API, and the context.
 */
import type { Result } from '../api/errors';
import type { Task } from '../api/types';
import { requestProblem } from './problems';
import { styleOf } from '../model/display';
import { orderEntries } from '../model/order';
import type { WatchEntry } from '../model/watchEntry';
import { dataBlock, DATA_BLOCK_OVERHEAD, fitBlocks, MAX_OUTPUT } from './answer';
import { type AgentContext, taskDetails, taskSummary } from './describe';
import { readInteger, readObject, readTaskId } from './input';

const FILTERS = ['all', 'running', 'finished', 'problem'] as const;
type Filter = (typeof FILTERS)[number];
const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 100;

/** What the list shows: the watch list, and whether this host can check tasks. */
export interface TaskListView {
  readonly entries: readonly WatchEntry[];
  /** False when no usable API token is set: the states may be out of date. */
  readonly tokenUsable: boolean;
}

export function listTasksAnswer(input: unknown, view: TaskListView, ctx: AgentContext): string {
  const fields = readObject(input, ['filter', 'limit']);
  if (!fields.ok) return fields.problem;
  const rawFilter = fields.value.filter ?? 'all';
  if (typeof rawFilter !== 'string' || !(FILTERS as readonly string[]).includes(rawFilter)) {
    return `"filter" must be one of ${FILTERS.map((f) => `"${f}"`).join(', ')}.`;
  }
  const filter = rawFilter as Filter;
  const limit = readInteger(fields.value.limit, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
  if (!limit.ok) return limit.problem;

  const all = view.entries;
  const head: string[] = [];
  if (!view.tokenUsable) {
    head.push(
      'Note: no usable Extruct API token is set in VS Code, so the tasks are not being checked and may be out of date. Ask the user to run "Extruct: Set API Token".',
    );
  }
  if (all.length === 0) {
    return [
      ...head,
      'No Extruct tasks are watched in VS Code. Watch an existing task with the extruct_watchTask tool (a task ID or dashboard link), or start a new search with extruct_startDeepSearch.',
    ].join('\n');
  }
  const byId = new Map(all.map((e) => [e.id, e]));
  const matching = orderEntries(all, ctx.timeLeft)
    .map((id) => byId.get(id))
    .filter((e) => e !== undefined)
    .filter((e) => {
      const style = styleOf(e, ctx.authPaused);
      if (filter === 'running') return !style.settled;
      if (filter === 'finished') return style.settled;
      if (filter === 'problem') return ['failed', 'not-found', 'plan', 'auth', 'error'].includes(style.state);
      return true;
    });
  const blocks = matching.slice(0, limit.value).map((e, i) => taskSummary(e, i + 1, ctx));
  const { shown } = fitBlocks(blocks, MAX_OUTPUT - 1_000 - DATA_BLOCK_OVERHEAD);
  const what = filter === 'all' ? '' : ` ${filter === 'problem' ? 'with a problem' : filter}`;
  head.push(
    `${all.length} Extruct task${all.length === 1 ? ' is' : 's are'} watched in VS Code; ${matching.length}${what} match${matching.length === 1 ? 'es' : ''}${shown.length < matching.length ? `, the first ${shown.length} shown` : ''}. Running tasks come first, the one expected to end soonest on top.`,
  );
  if (shown.length === 0) return head.join('\n');
  return [...head, '', ...dataBlock(shown, ctx.nonce), '', 'The extruct_getTask tool shows one task in full.'].join('\n');
}

/** Where extruct_getTask reads: the watch list first, the API for any other task. */
export interface TaskSource {
  watched(id: string): WatchEntry | undefined;
  fetchTask(id: string): Promise<Result<Task>>;
}

export async function getTaskAnswer(input: unknown, source: TaskSource, ctx: AgentContext): Promise<string> {
  const fields = readObject(input, ['taskId']);
  if (!fields.ok) return fields.problem;
  const id = readTaskId(fields.value.taskId);
  if (!id.ok) return id.problem;

  const entry = source.watched(id.value);
  if (entry?.task) return taskDetails(entry.task, entry, id.value, ctx);
  const r = await source.fetchTask(id.value);
  if (!r.ok) return `Could not read task ${id.value}. ${requestProblem(r.error, id.value)}`;
  return taskDetails(r.value, entry, id.value, ctx);
}
