/**
 * Builds the panel's view model (src/protocol/view.ts) from a store entry and result rows. Only these
 * two sources are read, so the token or anything else of the host cannot reach the webview. Every text
 * from the API is made plain (core/format/plain.ts: nothing hidden, bounded; long descriptions keep their
 * paragraphs); the raw answer stays raw, with what cannot be seen written as a visible \u escape.
 */
import type { ResultRow, Task } from '../../core/api/types';
import { taskToWire } from '../../core/api/validate';
import { etaText } from '../../core/model/eta';
import { cutNote, elapsedOf, funnel, noAnswerYet, rateText, statusLine, taskTitle } from '../../core/format/text';
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
import { escapeUnseen, plain, plainParagraphs } from '../../core/format/plain';

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
    status: text(task?.status, 60),
    query: text(task?.query, 2_000),
    createdAt: text(task?.created_at, 40),
    elapsedMs: elapsedOf(entry, now) ?? null,
    elapsedAt: now,
    elapsedRunning: entry.stopped === undefined,
    desiredNumResults: task?.desired_num_results ?? null,
    isExhausted: task ? task.is_exhausted : null,
    funnel: task ? funnel(task).map((s) => ({ key: s.key, label: s.label, value: s.value, hint: s.hint })) : [],
    tableId: task?.table_id ?? null,
    dataSources: task?.data_sources ? task.data_sources.map((d) => plain(d, 40)) : null,
    autoDataSources: task?.auto_data_sources ?? null,
    criteria: task?.criteria
      ? task.criteria.map((c) => ({ key: plain(c.key, 64), name: plain(c.name, 100), criterion: plain(c.criterion, 500) }))
      : null,
    excludeDomains: task?.exclude_domains ? task.exclude_domains.map((d) => plain(d, 200)) : null,
    addedAt: entry.addedAt,
    lastCheckedAt: poll.lastCheckedAt ?? null,
    nextCheckAt: entry.stopped || authPaused ? null : (poll.nextCheckAt ?? null),
    polling: entry.stopped ?? (authPaused ? 'paused' : poll.elsewhere ? 'elsewhere' : 'polling'),
    error: entry.error
      ? {
          kind: entry.error.kind,
          status: entry.error.status ?? null,
          message: plain(entry.error.message, 500),
          userMessage: plain(userMessage(entry.error, `"${title}"`), 1_000),
        }
      : null,
    dashboardUrl: dashboardUrl(dashboardBase, entry.id),
    tableUrl: task?.table_id ? tableUrl(dashboardBase, task.table_id) : null,
    statusLine: task ? statusLine(plain(task.status, 60), plain(style.label, 60)) : noAnswerYet(style.label),
    raw: task ? rawAnswer(task) : null,
    eta: timeLeft !== undefined && !entry.stopped ? etaText(timeLeft) : null,
    rate: (task && rateText(task, entry.stopped ? entry.completedAt : now)) ?? null,
    resumeBlocker: resumeBlocker(task) ?? null,
  };
}

const RAW_MAX = 64 * 1024;

function rawAnswer(task: Task): string {
  // What cannot be seen is shown as its JSON escape: the answer stays faithful, and nothing in it is hidden.
  const json = escapeUnseen(JSON.stringify(taskToWire(task), null, 2));
  return json.length > RAW_MAX ? `${json.slice(0, RAW_MAX)}\n${cutNote(RAW_MAX)}` : json;
}

/** A text field as the panel shows it, or null. */
function text(value: string | null | undefined, max: number): string | null {
  return value ? plain(value, max) : null;
}

/** A long text (a description) with its paragraphs, or null. */
function paragraphs(value: string | null | undefined, max: number): string | null {
  return value ? plainParagraphs(value, max) : null;
}

export function rowView(row: ResultRow): RowView {
  // fromEntries defines each key as an own property: a criterion keyed "__proto__" stays a score.
  const scores: RowView['scores'] = Object.fromEntries(
    Object.entries(row.scores).map(([key, s]) => [
      key,
      { grade: s.grade, explanation: paragraphs(s.explanation, 5_000), sources: s.sources.map((u) => plain(u, 2_048)) },
    ]),
  );
  return {
    id: row.id,
    name: text(row.company_name, 200),
    website: text(row.company_website, 200),
    websiteUrl: websiteUrl(row.company_website) ?? null,
    description: paragraphs(row.company_description, 2_000),
    fullDescription: paragraphs(row.company_full_description, 20_000),
    relevance: row.relevance,
    foundingYear: row.founding_year,
    employeeCount: text(row.employee_count, 40),
    location: text(locationText(row.hq_city, row.hq_state_province, row.hq_country), 200),
    source: text(row.source, 100),
    scores,
    justification: paragraphs(row.justification, 5_000),
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
    columns: criterionColumns(task, all.rows).map((c) => ({ key: c.key, name: plain(c.name, 100) })),
    pages: all.pages,
    total: task?.num_results ?? null,
    error: all.error ? all.error.message : null,
    partial: entry?.stopped !== 'complete',
    loadedAt: now,
  };
}
