/**
 * Tasks in plain text for a language model: one short block per task for lists, every field for one
 * task. The wording (state labels, counters, time left) is the tree's and the panel's, so what the chat
 * says matches what the user sees. Every text that comes from the API is one `plain` line after a prefix
 * of ours; the callers put the lines that hold such text in a data block (answer.ts).
 */
import type { Task } from '../api/types';
import { userMessage } from '../format/errorText';
import { plain } from '../format/plain';
import { createdText, elapsedOf, funnel, highFitCounter, rateText, statusLine } from '../format/text';
import { duration as formatDuration, relative as formatRelative } from '../format/timeWords';
import { dashboardUrl, tableUrl } from '../input/taskRef';
import { statusText } from '../model/completion';
import { styleOf } from '../model/display';
import { etaText } from '../model/eta';
import { DATA_SOURCES, type DataSource, dataSourceLabel } from '../model/newSearch';
import type { WatchEntry } from '../model/watchEntry';
import { dataBlock } from './answer';

/** What describing tasks needs besides the tasks: plain data, so that any host (VS Code, an MCP server) can give it. */
export interface AgentContext {
  /** Polling is paused for want of a usable token. */
  readonly authPaused: boolean;
  readonly now: number;
  readonly dashboardBase: string;
  readonly timeLeft: (id: string) => number | undefined;
  /** Marks this answer's data blocks; unknown to whoever wrote the data (a few random characters). */
  readonly nonce: string;
}

/** "in progress, about 4 min left": the state as the tree shows it, with the estimate while it runs. */
function stateText(entry: WatchEntry, ctx: AgentContext): string {
  const style = styleOf(entry, ctx.authPaused);
  const left = ctx.timeLeft(entry.id);
  const eta =
    left !== undefined && !entry.stopped && !style.settled && style.state !== 'auth' && style.state !== 'error' ? `, ${etaText(left)}` : '';
  return `${plain(style.label, 60)}${eta}`;
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

/** The list's block for one watched task: two or three lines, for a data block. */
export function taskSummary(entry: WatchEntry, index: number, ctx: AgentContext): string {
  const task = entry.task;
  const query = task?.query ? plain(task.query, 120) : '';
  const title = query ? `"${query}"` : '(query not loaded yet)';
  const facts = [`ID ${entry.id}`];
  if (task) facts.push(counters(task));
  const time = timeText(entry, ctx.now);
  if (time) facts.push(time);
  if (entry.muted) facts.push('notifications muted');
  const lines = [`${index}. ${title} — ${stateText(entry, ctx)}`, `   ${facts.join(' · ')}`];
  if (entry.error) lines.push(`   Last check failed: ${plain(userMessage(entry.error, 'this task'), 400)}`);
  return lines.join('\n');
}

const MAX_DOMAINS_SHOWN = 50;

/**
 * Every field of a task, one per line; what its authors wrote (query, criteria, excluded domains) in a
 * data block. `entry` is the watch list's entry when the task is watched; else the task was just read
 * from the API.
 */
export function taskDetails(task: Task | undefined, entry: WatchEntry | undefined, id: string, ctx: AgentContext): string {
  const lines: string[] = [`Extruct Deep Search task ${id}`];
  if (entry) {
    const style = styleOf(entry, ctx.authPaused);
    const state = stateText(entry, ctx);
    lines.push(`State: ${task ? statusLine(plain(task.status, 40), plain(style.label, 60), state) : state}`);
    lines.push(
      `Watched in VS Code: yes, since ${new Date(entry.addedAt).toISOString()}${originText(entry)}${entry.muted ? '; notifications muted' : ''}${entry.stopped ? '; no longer checked (it ended or needs the user)' : '; checked automatically'}`,
    );
  } else if (task) {
    lines.push(`State: ${plain(statusText(task.status), 60)}${task.is_exhausted && task.status !== 'done' ? ' (no more candidates)' : ''}`);
    lines.push(
      'Watched in VS Code: no (the extruct_watchTask tool adds it to the watch list, with live progress and a notification when it ends)',
    );
  }
  if (entry?.error) lines.push(`Last check failed: ${plain(userMessage(entry.error, 'this task'), 400)}`);
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
  if (task.created_at && isDate(task.created_at)) lines.push(`Created: ${createdText(task.created_at)}`);
  const time = entry ? timeText(entry, ctx.now) : undefined;
  if (time) lines.push(`Time: ${time}`);
  const left = entry && !entry.stopped ? ctx.timeLeft(id) : undefined;
  if (left !== undefined) lines.push(`Estimate: ${etaText(left)} (from the recent rate of high-fit results)`);
  const rate = rateText(task, entry?.stopped ? entry.completedAt : ctx.now);
  if (rate) lines.push(`Rate: ${rate}`);
  lines.push(`Data sources: ${sourcesText(task)}`);
  if (task.table_id) lines.push(`AI Table: ${tableUrl(ctx.dashboardBase, task.table_id)}`);
  lines.push(`Dashboard: ${dashboardUrl(ctx.dashboardBase, id)}`);
  if (entry && ctx.authPaused) lines.push('Note: checks are paused because there is no usable API token; this is the last known state.');
  else if (entry?.stopped === undefined && entry?.error === undefined && entry) lines.push(lastChecked(entry, ctx.now));
  lines.push('', ...dataBlock(authoredLines(task), ctx.nonce), '');
  lines.push('The extruct_getResults tool lists its best results with grades and explanations.');
  return lines.join('\n');
}

/** What the task's author (or its server) wrote: the query, the criteria, the excluded domains, a creation time that is no date. */
function authoredLines(task: Task): string[] {
  const query = task.query ? plain(task.query, 2_000) : '';
  const lines = [`Query: ${query || '(none)'}`];
  const criteria = task.criteria ?? [];
  lines.push(criteria.length ? `Criteria (${criteria.length}):` : 'Criteria: none listed');
  for (const c of criteria.slice(0, 20)) lines.push(`  - ${plain(c.name, 100)} [key ${plain(c.key, 64)}]: ${plain(c.criterion, 500)}`);
  if (criteria.length > 20) lines.push(`  … and ${criteria.length - 20} more`);
  if (task.created_at && !isDate(task.created_at)) lines.push(`Created: ${createdText(task.created_at)}`);
  const excluded = task.exclude_domains ?? [];
  const shown = excluded.slice(0, MAX_DOMAINS_SHOWN).map((d) => plain(d, 100));
  const more = excluded.length > MAX_DOMAINS_SHOWN ? ` … and ${excluded.length - MAX_DOMAINS_SHOWN} more` : '';
  lines.push(`Excluded domains: ${excluded.length ? `${shown.join(', ')}${more}` : 'none'}`);
  return lines;
}

/** A `created_at` that validation could read as a date (else it is the API's own words, for the data block). */
const isDate = (createdAt: string): boolean => !createdText(createdAt).endsWith('(not a date)');

function lastChecked(entry: WatchEntry, now: number): string {
  return entry.lastChangeAt !== undefined ? `Last change seen: ${formatRelative(entry.lastChangeAt, now)}` : 'Last change seen: not yet';
}

function sourcesText(task: Task): string {
  if (task.auto_data_sources !== false && !task.data_sources?.length) return 'chosen by Extruct';
  const names = (task.data_sources ?? [])
    .slice(0, 10)
    .map((s) => ((DATA_SOURCES as readonly string[]).includes(s) ? dataSourceLabel(s as DataSource) : plain(s, 40)));
  return `${names.join(', ') || 'none listed'}${task.auto_data_sources ? ' (chosen by Extruct)' : ''}`;
}

/** Where the task was started, when the extension knows: words for after its creation time. */
function originText(entry: Pick<WatchEntry, 'origin'>): string {
  return entry.origin === 'here'
    ? ', started from VS Code'
    : entry.origin === 'elsewhere'
      ? ', started elsewhere (found in your account)'
      : '';
}
