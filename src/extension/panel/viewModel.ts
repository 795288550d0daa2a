/**
 * Builds the panel's view model (src/protocol/view.ts) from a store entry and result rows. Only these
 * two sources are read, so the token or anything else of the host cannot reach the webview.
 */
import type { ResultRow, Task } from '../../core/api/types';
import { taskToWire } from '../../core/api/validate';
import { etaText } from '../../core/model/eta';
import { elapsedOf, funnel, rateText, statusLine, taskTitle } from '../../core/format/text';
import { dashboardUrl, tableUrl } from '../../core/input/taskRef';
import { styleOf } from '../../core/model/display';
import { resumeBlocker } from '../../core/model/resume';
import type { WatchEntry } from '../../core/model/watchEntry';
import type { PollStatus } from '../../core/poll/pollStatus';
import type { AllResults } from '../../core/results/paging';
import { criterionColumns } from '../../core/results/export';
import { locationText, websiteUrl } from '../../core/results/links';
import type { ResultsView, RowView, TaskViewModel } from '../../protocol/messages';
import { userMessage } from '../../core/format/errorText';

export function taskViewModel(
  entry: WatchEntry,
  authPaused: boolean,
  dashboardBase: string,
  now: number,
  poll: PollStatus,
  timeLeft?: number,
): TaskViewModel {
  const style = styleOf(entry, authPaused);
  const task = entry.task;
  const title = taskTitle(entry, 40);
  return {
    id: entry.id,
    title,
    state: { key: style.state, label: style.label, icon: style.icon, color: style.color ?? null, settled: style.settled },
    status: task?.status ?? null,
    query: task?.query ?? null,
    createdAt: task?.created_at ?? null,
    elapsedMs: elapsedOf(entry, now) ?? null,
    elapsedAt: now,
    elapsedRunning: entry.stopped === undefined,
    desiredNumResults: task?.desired_num_results ?? null,
    isExhausted: task ? task.is_exhausted : null,
    funnel: task ? funnel(task).map((s) => ({ key: s.key, label: s.label, value: s.value, hint: s.hint })) : [],
    tableId: task?.table_id ?? null,
    dataSources: task?.data_sources ? [...task.data_sources] : null,
    autoDataSources: task?.auto_data_sources ?? null,
    criteria: task?.criteria ? task.criteria.map((c) => ({ key: c.key, name: c.name, criterion: c.criterion })) : null,
    excludeDomains: task?.exclude_domains ? [...task.exclude_domains] : null,
    addedAt: entry.addedAt,
    lastCheckedAt: poll.lastCheckedAt ?? null,
    nextCheckAt: entry.stopped || authPaused ? null : (poll.nextCheckAt ?? null),
    polling: entry.stopped ?? (authPaused ? 'paused' : poll.elsewhere ? 'elsewhere' : 'polling'),
    error: entry.error
      ? {
          kind: entry.error.kind,
          status: entry.error.status ?? null,
          message: entry.error.message,
          userMessage: userMessage(entry.error, `"${title}"`),
        }
      : null,
    dashboardUrl: dashboardUrl(dashboardBase, entry.id),
    tableUrl: task?.table_id ? tableUrl(dashboardBase, task.table_id) : null,
    statusLine: task ? statusLine(task.status, style.label) : `${style.label} (no answer yet)`,
    raw: task ? rawAnswer(task) : null,
    eta: timeLeft !== undefined && !entry.stopped ? etaText(timeLeft) : null,
    rate: (task && rateText(task, entry.stopped ? entry.completedAt : now)) ?? null,
    resumeBlocker: resumeBlocker(task) ?? null,
  };
}

const RAW_MAX = 64 * 1024;

function rawAnswer(task: Task): string {
  const text = JSON.stringify(taskToWire(task), null, 2);
  return text.length > RAW_MAX ? `${text.slice(0, RAW_MAX)}\n… (cut at 64 KB)` : text;
}

export function rowView(row: ResultRow): RowView {
  // fromEntries defines each key as an own property: a criterion keyed "__proto__" stays a score.
  const scores: RowView['scores'] = Object.fromEntries(
    Object.entries(row.scores).map(([key, s]) => [key, { grade: s.grade, explanation: s.explanation, sources: [...s.sources] }]),
  );
  return {
    id: row.id,
    name: row.company_name,
    website: row.company_website,
    websiteUrl: websiteUrl(row.company_website) ?? null,
    description: row.company_description,
    fullDescription: row.company_full_description,
    relevance: row.relevance,
    foundingYear: row.founding_year,
    employeeCount: row.employee_count,
    location: locationText(row.hq_city, row.hq_state_province, row.hq_country),
    source: row.source,
    scores,
    justification: row.justification,
  };
}

export const IDLE_RESULTS: ResultsView = {
  state: 'idle',
  rows: [],
  columns: [],
  pages: 0,
  total: null,
  error: null,
  partial: false,
  loadedAt: null,
};

export function resultsView(entry: WatchEntry | undefined, all: AllResults, now: number): ResultsView {
  const task = all.task ?? entry?.task;
  return {
    state: all.error ? 'error' : 'loaded',
    rows: all.rows.map(rowView),
    columns: criterionColumns(task, all.rows),
    pages: all.pages,
    total: task?.num_results ?? null,
    error: all.error ? all.error.message : null,
    partial: entry?.stopped !== 'complete',
    loadedAt: now,
  };
}
