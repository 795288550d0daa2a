/** extruct_listTasks: the watched tasks, in the tree's order, with state, progress and time left. */
import { styleOf } from '../../core/model/display';
import { orderEntries } from '../../core/model/order';
import type { Services } from '../services';
import { fitBlocks, MAX_OUTPUT, readInteger, readObject } from './common';
import { type DescribeContext, taskSummary } from './describe';

const FILTERS = ['all', 'running', 'finished', 'problem'] as const;
type Filter = (typeof FILTERS)[number];
const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 100;

export function describeContext(services: Services): DescribeContext {
  return {
    authPaused: services.store.authPaused,
    now: Date.now(),
    dashboardBase: services.settings.dashboardUrl,
    timeLeft: services.timeLeft,
  };
}

export function listTasks(services: Services, input: unknown): string {
  const fields = readObject(input, ['filter', 'limit']);
  if (!fields.ok) return fields.problem;
  const rawFilter = fields.value.filter ?? 'all';
  if (typeof rawFilter !== 'string' || !(FILTERS as readonly string[]).includes(rawFilter)) {
    return `"filter" must be one of ${FILTERS.map((f) => `"${f}"`).join(', ')}.`;
  }
  const filter = rawFilter as Filter;
  const limit = readInteger(fields.value.limit, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
  if (!limit.ok) return limit.problem;

  const ctx = describeContext(services);
  const all = services.store.entries();
  const head: string[] = [];
  if (!services.tokenPause.usableHere) {
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
  const matching = orderEntries(all, services.timeLeft)
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
  const { shown } = fitBlocks(blocks, MAX_OUTPUT - 1_000);
  const what = filter === 'all' ? '' : ` ${filter === 'problem' ? 'with a problem' : filter}`;
  head.push(
    `${all.length} Extruct task${all.length === 1 ? ' is' : 's are'} watched in VS Code; ${matching.length}${what} match${matching.length === 1 ? 'es' : ''}${shown.length < matching.length ? `, the first ${shown.length} shown` : ''}. Running tasks come first, the one expected to end soonest on top.`,
  );
  if (shown.length === 0) return head.join('\n');
  return [...head, '', ...shown, '', 'The extruct_getTask tool shows one task in full.'].join('\n');
}
