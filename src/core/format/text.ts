/** Words and numbers for people: durations, times, counters and the one-line summary of a task. */
import type { Task } from '../api/types';
import { styleOf } from '../model/display';
import { etaText, ratePerMinute } from '../model/eta';
import { statusText } from '../model/completion';
import type { WatchEntry } from '../model/watchEntry';
import { NOT_POLLED, type PollStatus } from '../poll/pollStatus';
import { userMessage } from './errorText';
import { plain } from './plain';
import { formatDuration, formatRelative } from './time';

/** The tree item's label: the query, or the ID until the first answer. Short, so that the state and counter beside it stay visible in a sidebar of default width. */
export function taskTitle(entry: Pick<WatchEntry, 'id' | 'task'>, max = 32): string {
  const q = entry.task?.query;
  const title = q ? plain(q, max) : '';
  return title || entry.id;
}

/** "37/100 high-fit" (or "37 high-fit" when the target is unknown). */
export function highFitCounter(task: Task): string {
  return task.desired_num_results ? `${task.num_results}/${task.desired_num_results} high-fit` : `${task.num_results} high-fit`;
}

/** "37/100" (or "37" when the target is unknown): the key counter in the fewest characters. */
function shortCounter(task: Task): string {
  return task.desired_num_results ? `${task.num_results}/${task.desired_num_results}` : String(task.num_results);
}

/**
 * The tree item's label: the key counter first, then the query, "37/100 · Fintech startups in Berlin".
 * A sidebar of default width (about 300 px) cuts labels at their end, so what must stay visible comes
 * first: the state is the icon, the progress the first characters. The ID until the first answer.
 */
export function taskLabel(entry: WatchEntry): string {
  return entry.task ? `${shortCounter(entry.task)} · ${taskTitle(entry, 48)}` : entry.id;
}

/** The tree item's description (after the label, where it fits): the state, the time left, and a mute. */
export function taskDescription(entry: WatchEntry, authPaused: boolean, timeLeft?: number): string {
  const style = styleOf(entry, authPaused);
  const parts = [style.state === 'error' && entry.error ? `error: ${plain(entry.error.message, 40)}` : style.label];
  if (timeLeft !== undefined && !style.settled && style.state !== 'auth' && style.state !== 'error') parts.push(etaText(timeLeft));
  if (entry.muted) parts.push('muted');
  return parts.join(' · ');
}

export interface FunnelStage {
  readonly key: 'discovered' | 'enriched' | 'evaluated' | 'high-fit';
  readonly label: string;
  readonly value: number;
  readonly hint: string;
}

/** The pipeline, in order: discovery → enrichment → evaluation → qualification. */
export function funnel(task: Task): FunnelStage[] {
  return [
    { key: 'discovered', label: 'Discovered', value: task.num_results_discovered, hint: 'candidates found in the data sources' },
    {
      key: 'enriched',
      label: 'Enriched',
      value: task.num_results_enriched,
      hint: 'passed the relevance pre-filter and got a company profile',
    },
    { key: 'evaluated', label: 'Evaluated', value: task.num_results_evaluated, hint: 'scored on every criterion' },
    { key: 'high-fit', label: 'High-fit', value: task.num_results, hint: 'at least 75 % of criteria graded 4 or 5' },
  ];
}

/** Markdown-escapes text so that it shows literally in a tooltip (outside text: made `plain` first, see `literal`). */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~&$]/g, (c) => `\\${c}`);
}

/** Outside text for a Markdown surface: one inert line (format/plain.ts), then escaped. */
function literal(s: string, max: number): string {
  return escapeMarkdown(plain(s, max));
}

/** A task's `created_at` as a date ("2025-01-31 14:05:09 UTC"), or the API's text cut short when it is not one. */
export function createdText(createdAt: string): string {
  const t = ISO_DATE_TIME.test(createdAt) ? Date.parse(createdAt) : NaN;
  return Number.isNaN(t)
    ? `${plain(createdAt, 40)} (not a date)`
    : new Date(t)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}

/** What api/validate.ts makes of every timestamp it can read (anything else is the API's own text). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** How long the task ran (so far); undefined when unknown, e.g. it finished before it was watched. */
export function elapsedOf(entry: WatchEntry, now: number): number | undefined {
  const created = entry.task?.created_at ? Date.parse(entry.task.created_at) : NaN;
  if (Number.isNaN(created)) return undefined;
  if (entry.stopped !== 'complete') return Math.max(0, now - created);
  return entry.completedAt === undefined ? undefined : Math.max(0, entry.completedAt - created);
}

/** The tree item's tooltip, as Markdown: blocks separated by blank lines. */
export function taskTooltip(entry: WatchEntry, authPaused: boolean, now: number, poll: PollStatus = NOT_POLLED, timeLeft?: number): string {
  const style = styleOf(entry, authPaused);
  const task = entry.task;
  const blocks: string[] = [];
  blocks.push(`**${task?.query && plain(task.query, 200) ? literal(task.query, 200) : entry.id}**`);
  const status = task && task.status !== style.state && style.state !== 'exhausted' ? ` (status ${literal(task.status, 40)})` : '';
  blocks.push(`$(${style.icon.replace('~spin', '')}) ${literal(style.label, 60)}${status}`);
  if (entry.error) {
    blocks.push(`$(warning) ${literal(userMessage(entry.error, 'this task'), 500)}`);
    blocks.push(`Details: ${literal(entry.error.message, 300)}`);
  }
  const times: string[] = [];
  if (task) {
    const target = task.desired_num_results;
    const rows = funnel(task).map((s) => `| ${s.label} | ${s.value}${s.key === 'high-fit' && target ? ` / ${target}` : ''} |`);
    blocks.push(['| Stage | Count |', '|:--|--:|', ...rows, `| Exhausted | ${task.is_exhausted ? 'yes' : 'no'} |`].join('\n'));
    if (task.created_at) times.push(`Created ${escapeMarkdown(createdText(task.created_at))}${originText(entry)}`);
    const elapsed = elapsedOf(entry, now);
    if (elapsed !== undefined) times.push(`${entry.stopped === 'complete' ? 'Took' : 'Running for'} ${formatDuration(elapsed)}`);
    if (timeLeft !== undefined && !entry.stopped)
      times.push(`${etaText(timeLeft).replace(/^./, (c) => c.toUpperCase())} (from the recent rate of high-fit results)`);
  }
  times.push(poll.lastCheckedAt !== undefined ? `Last checked ${formatRelative(poll.lastCheckedAt, now)}` : 'Not checked yet');
  if (poll.nextCheckAt !== undefined && !entry.stopped && !authPaused) times.push(`Next check ${formatRelative(poll.nextCheckAt, now)}`);
  else if (poll.elsewhere && !entry.stopped && !authPaused) times.push('Checked by another VS Code window');
  blocks.push(times.join('  \n'));
  if (entry.muted) blocks.push('$(bell-slash) Notifications for this task are muted.');
  blocks.push(`\`${entry.id}\``);
  return blocks.join('\n\n');
}

/** Where the task was started, when the extension knows: words for after its creation time. */
export function originText(entry: Pick<WatchEntry, 'origin'>): string {
  return entry.origin === 'here'
    ? ', started from VS Code'
    : entry.origin === 'elsewhere'
      ? ', started elsewhere (found in your account)'
      : '';
}

/**
 * The state as shown (`shown`, by default the state's label), with the API's own word added only when it
 * says something the label does not.
 */
export function statusLine(status: string, label: string, shown = label): string {
  return statusText(status) === label ? shown : `${shown} (API status "${status}")`;
}

/** "2.4 high-fit results a minute" from creation to `until` (its end, once it ended); undefined when unknown. */
export function rateText(task: Task, until: number | undefined): string | undefined {
  const r = until === undefined ? undefined : ratePerMinute(task, until);
  return r === undefined ? undefined : `${r < 10 ? r.toFixed(1) : Math.round(r)} high-fit result${r === 1 ? '' : 's'} a minute`;
}
