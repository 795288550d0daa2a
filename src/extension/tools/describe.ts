/**
 * Tasks in plain text for a language model: one short block per task for the list, every field for one
 * task. The wording (state labels, counters, time left) is the tree's and the panel's, so what the chat
 * says matches what the user sees.
 */
import type { Task } from '../../core/api/types';
import { userMessage } from '../../core/format/errorText';
import { elapsedOf, funnel, highFitCounter, rateText, shorten, statusLine } from '../../core/format/text';
import { formatDuration, formatRelative } from '../../core/format/time';
import { dashboardUrl, tableUrl } from '../../core/input/taskRef';
import { statusText } from '../../core/model/completion';
import { styleOf } from '../../core/model/display';
import { etaText } from '../../core/model/eta';
import { DATA_SOURCE_LABELS, type DataSource } from '../../core/model/newSearch';
import type { WatchEntry } from '../../core/model/watchEntry';

/** What describing a task needs besides the task. */
export interface DescribeContext {
  readonly authPaused: boolean;
  readonly now: number;
  readonly dashboardBase: string;
  readonly timeLeft: (id: string) => number | undefined;
}

/** "in progress, about 4 min left": the state as the tree shows it, with the estimate while it runs. */
function stateText(entry: WatchEntry, ctx: DescribeContext): string {
  const style = styleOf(entry, ctx.authPaused);
  const left = ctx.timeLeft(entry.id);
  const eta =
    left !== undefined && !entry.stopped && !style.settled && style.state !== 'auth' && style.state !== 'error' ? `, ${etaText(left)}` : '';
  return `${style.label}${eta}`;
}

function counters(task: Task): string {
  const [discovered, enriched, evaluated] = funnel(task);
  return `${highFitCounter(task)} (discovered ${discovered?.value ?? 0}, enriched ${enriched?.value ?? 0}, evaluated ${evaluated?.value ?? 0})`;
}

function timeText(entry: WatchEntry, now: number): string | undefined {
  const elapsed = elapsedOf(entry, now);
  if (elapsed === undefined) return undefined;
  return `${entry.stopped === 'complete' ? 'took' : 'running for'} ${formatDuration(elapsed)}`;
}

/** The list's block for one watched task: two or three lines. */
export function taskSummary(entry: WatchEntry, index: number, ctx: DescribeContext): string {
  const task = entry.task;
  const title = task?.query?.trim() ? `"${shorten(task.query, 120)}"` : '(query not loaded yet)';
  const facts = [`ID ${entry.id}`];
  if (task) facts.push(counters(task));
  const time = timeText(entry, ctx.now);
  if (time) facts.push(time);
  if (entry.muted) facts.push('notifications muted');
  const lines = [`${index}. ${title} — ${stateText(entry, ctx)}`, `   ${facts.join(' · ')}`];
  if (entry.error) lines.push(`   Last check failed: ${userMessage(entry.error, 'this task')}`);
  return lines.join('\n');
}

const MAX_DOMAINS_SHOWN = 50;

/**
 * Every field of a task, one per line. `entry` is the watch list's entry when the task is watched;
 * else the task was just read from the API.
 */
export function taskDetails(task: Task | undefined, entry: WatchEntry | undefined, id: string, ctx: DescribeContext): string {
  const lines: string[] = [`Extruct Deep Search task ${id}`];
  if (task) lines.push(`Query: ${task.query?.trim() ? shorten(task.query, 2_000) : '(none)'}`);
  if (entry) {
    const style = styleOf(entry, ctx.authPaused);
    const state = stateText(entry, ctx);
    lines.push(`State: ${task ? statusLine(shorten(task.status, 40), style.label, state) : state}`);
    lines.push(
      `Watched in VS Code: yes, since ${new Date(entry.addedAt).toISOString()}${entry.muted ? '; notifications muted' : ''}${entry.stopped ? '; no longer checked (it ended or needs the user)' : '; checked automatically'}`,
    );
  } else if (task) {
    lines.push(`State: ${statusText(task.status)}${task.is_exhausted && task.status !== 'done' ? ' (no more candidates)' : ''}`);
    lines.push(
      'Watched in VS Code: no (the extruct_watchTask tool adds it to the watch list, with live progress and a notification when it ends)',
    );
  }
  if (entry?.error) lines.push(`Last check failed: ${userMessage(entry.error, 'this task')}`);
  if (!task) {
    lines.push('No answer from Extruct yet: the task has not been loaded.');
    return lines.join('\n');
  }
  const target = task.desired_num_results;
  lines.push(
    `Progress: ${task.num_results} high-fit result${task.num_results === 1 ? '' : 's'}${target ? ` of ${target} wanted` : ''}. High-fit means at least 75 % of the criteria graded 4 or 5 (of 5).`,
  );
  lines.push(
    `Pipeline: ${funnel(task)
      .map((s) => `${s.label.toLowerCase()} ${s.value}`)
      .join(', ')}`,
  );
  lines.push(`No more candidates (exhausted): ${task.is_exhausted ? 'yes' : 'no'}`);
  if (task.created_at) lines.push(`Created: ${task.created_at}`);
  const time = entry ? timeText(entry, ctx.now) : undefined;
  if (time) lines.push(`Time: ${time}`);
  const left = entry && !entry.stopped ? ctx.timeLeft(id) : undefined;
  if (left !== undefined) lines.push(`Estimate: ${etaText(left)} (from the recent rate of high-fit results)`);
  const rate = rateText(task, entry?.stopped ? entry.completedAt : ctx.now);
  if (rate) lines.push(`Rate: ${rate}`);
  const criteria = task.criteria ?? [];
  lines.push(criteria.length ? `Criteria (${criteria.length}):` : 'Criteria: none listed');
  for (const c of criteria) lines.push(`  - ${shorten(c.name, 100)} [key ${shorten(c.key, 64)}]: ${shorten(c.criterion, 500)}`);
  lines.push(`Data sources: ${sourcesText(task)}`);
  const excluded = task.exclude_domains ?? [];
  lines.push(
    `Excluded domains: ${
      excluded.length
        ? `${excluded.slice(0, MAX_DOMAINS_SHOWN).join(', ')}${excluded.length > MAX_DOMAINS_SHOWN ? ` … and ${excluded.length - MAX_DOMAINS_SHOWN} more` : ''}`
        : 'none'
    }`,
  );
  if (task.table_id) lines.push(`AI Table: ${tableUrl(ctx.dashboardBase, task.table_id)}`);
  lines.push(`Dashboard: ${dashboardUrl(ctx.dashboardBase, id)}`);
  if (entry && ctx.authPaused) lines.push('Note: checks are paused because there is no usable API token; this is the last known state.');
  else if (entry?.stopped === undefined && entry?.error === undefined && entry) lines.push(lastChecked(entry, ctx.now));
  lines.push('The extruct_getResults tool lists its best results with grades and explanations.');
  return lines.join('\n');
}

function lastChecked(entry: WatchEntry, now: number): string {
  return entry.lastChangeAt !== undefined ? `Last change seen: ${formatRelative(entry.lastChangeAt, now)}` : 'Last change seen: not yet';
}

function sourcesText(task: Task): string {
  if (task.auto_data_sources !== false && !task.data_sources?.length) return 'chosen by Extruct';
  const names = (task.data_sources ?? []).map((s) =>
    Object.hasOwn(DATA_SOURCE_LABELS, s) ? DATA_SOURCE_LABELS[s as DataSource] : shorten(s, 40),
  );
  return `${names.join(', ') || 'none listed'}${task.auto_data_sources ? ' (chosen by Extruct)' : ''}`;
}
