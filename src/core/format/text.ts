/** Words and numbers for people: durations, times, counters and the one-line summary of a task. */
import * as l10n from '@vscode/l10n';
import type { Task } from '../api/types';
import { styleOf } from '../model/display';
import { etaSentence, etaText, ratePerMinute } from '../model/eta';
import { statusText } from '../model/completion';
import type { WatchEntry } from '../model/watchEntry';
import { NOT_POLLED, type PollStatus } from '../poll/pollStatus';
import { userMessage } from './errorText';
import { plain } from './plain';
import { duration, relative } from './timeWords';

/** The tree item's label: the query, or the ID until the first answer. Short, so that the state and counter beside it stay visible in a sidebar of default width. */
export function taskTitle(entry: Pick<WatchEntry, 'id' | 'task'>, max = 32): string {
  const q = entry.task?.query;
  const title = q ? plain(q, max) : '';
  return title || entry.id;
}

/** "37/100 high-fit" (or "37 high-fit" when the target is unknown). */
export function highFitCounter(task: Task): string {
  return task.desired_num_results
    ? l10n.t('{0}/{1} high-fit', task.num_results, task.desired_num_results)
    : l10n.t('{0} high-fit', task.num_results);
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
  const parts = [style.state === 'error' && entry.error ? l10n.t('error: {0}', plain(entry.error.message, 40)) : style.label];
  if (timeLeft !== undefined && !style.settled && style.state !== 'auth' && style.state !== 'error') parts.push(etaText(timeLeft));
  if (entry.muted) parts.push(l10n.t('muted'));
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
    {
      key: 'discovered',
      label: l10n.t('Discovered'),
      value: task.num_results_discovered,
      hint: l10n.t('candidates found in the data sources'),
    },
    {
      key: 'enriched',
      label: l10n.t('Enriched'),
      value: task.num_results_enriched,
      hint: l10n.t('passed the relevance pre-filter and got a company profile'),
    },
    { key: 'evaluated', label: l10n.t('Evaluated'), value: task.num_results_evaluated, hint: l10n.t('scored on every criterion') },
    { key: 'high-fit', label: l10n.t('High-fit'), value: task.num_results, hint: l10n.t('at least 75 % of criteria graded 4 or 5') },
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
    ? l10n.t('{0} (not a date)', plain(createdAt, 40))
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
  const label = literal(style.label, 60);
  const line =
    task && task.status !== style.state && style.state !== 'exhausted'
      ? l10n.t('{0} (status {1})', label, literal(task.status, 40))
      : label;
  blocks.push(`$(${style.icon.replace('~spin', '')}) ${line}`);
  if (entry.error) {
    blocks.push(`$(warning) ${literal(userMessage(entry.error, l10n.t('this task')), 500)}`);
    blocks.push(l10n.t('Details: {0}', literal(entry.error.message, 300)));
  }
  const times: string[] = [];
  if (task) {
    const target = task.desired_num_results;
    const rows = funnel(task).map((s) => `| ${s.label} | ${s.value}${s.key === 'high-fit' && target ? ` / ${target}` : ''} |`);
    const exhausted = `| ${l10n.t('Exhausted')} | ${task.is_exhausted ? l10n.t('yes') : l10n.t('no')} |`;
    blocks.push([`| ${l10n.t('Stage')} | ${l10n.t('Count')} |`, '|:--|--:|', ...rows, exhausted].join('\n'));
    if (task.created_at) times.push(createdLine(escapeMarkdown(createdText(task.created_at)), entry));
    const elapsed = elapsedOf(entry, now);
    if (elapsed !== undefined)
      times.push(entry.stopped === 'complete' ? l10n.t('Took {0}', duration(elapsed)) : l10n.t('Running for {0}', duration(elapsed)));
    if (timeLeft !== undefined && !entry.stopped)
      times.push(l10n.t('{0} (from the recent rate of high-fit results)', etaSentence(timeLeft)));
  }
  times.push(poll.lastCheckedAt !== undefined ? l10n.t('Last checked {0}', relative(poll.lastCheckedAt, now)) : l10n.t('Not checked yet'));
  if (poll.nextCheckAt !== undefined && !entry.stopped && !authPaused)
    times.push(l10n.t('Next check {0}', relative(poll.nextCheckAt, now)));
  else if (poll.elsewhere && !entry.stopped && !authPaused) times.push(l10n.t('Checked by another VS Code window'));
  blocks.push(times.join('  \n'));
  if (entry.muted) blocks.push(`$(bell-slash) ${l10n.t('Notifications for this task are muted.')}`);
  blocks.push(`\`${entry.id}\``);
  return blocks.join('\n\n');
}

/** "Created <when>", and where the task was started when the extension knows. */
function createdLine(when: string, entry: Pick<WatchEntry, 'origin'>): string {
  return entry.origin === 'here'
    ? l10n.t('Created {0}, started from VS Code', when)
    : entry.origin === 'elsewhere'
      ? l10n.t('Created {0}, started elsewhere (found in your account)', when)
      : l10n.t('Created {0}', when);
}

/**
 * The state as shown (`shown`, by default the state's label), with the API's own word added only when it
 * says something the label does not.
 */
export function statusLine(status: string, label: string, shown = label): string {
  return statusText(status) === label ? shown : l10n.t('{0} (API status "{1}")', shown, status);
}

/** The state of a task not answered yet: "waiting for first answer (no answer yet)". */
export function noAnswerYet(label: string): string {
  return l10n.t('{0} (no answer yet)', label);
}

/** The line under a text cut short at `max` bytes: "… (cut at 64 KB)". */
export function cutNote(max: number): string {
  return l10n.t('… (cut at {0} KB)', Math.round(max / 1024));
}

/** "2.4 high-fit results a minute" from creation to `until` (its end, once it ended); undefined when unknown. */
export function rateText(task: Task, until: number | undefined): string | undefined {
  const r = until === undefined ? undefined : ratePerMinute(task, until);
  if (r === undefined) return undefined;
  const n = r < 10 ? r.toFixed(1) : String(Math.round(r));
  return r === 1 ? l10n.t('{0} high-fit result a minute', n) : l10n.t('{0} high-fit results a minute', n);
}
