/** Counts across all watched tasks, for the view title, the badge and the status bar. */
import * as l10n from '@vscode/l10n';
import { displayStateOf, groupOfState } from './display';
import type { WatchEntry } from './watchEntry';

export interface Summary {
  readonly total: number;
  /** Still being polled: waiting, queued, in progress, out of candidates but not done, resuming, unknown status, or retrying after an error. */
  readonly running: number;
  readonly done: number;
  readonly failed: number;
  /** Done, having run out of candidates. */
  readonly exhausted: number;
  /** Needs the user: paused for a token, stopped by the plan, or not found. */
  readonly blocked: number;
  /** Retrying after an error. */
  readonly erroring: number;
  /** Completed and not yet opened. */
  readonly unseen: number;
}

export function summarize(entries: readonly WatchEntry[], authPaused: boolean): Summary {
  const s = { total: entries.length, running: 0, done: 0, failed: 0, exhausted: 0, blocked: 0, erroring: 0, unseen: 0 };
  for (const e of entries) {
    if (e.unseen) s.unseen++;
    const state = displayStateOf(e, authPaused);
    const group = groupOfState(state);
    if (group === 'attention') s.blocked++;
    else if (group === 'running') {
      s.running++;
      if (state === 'error') s.erroring++;
    } else if (state === 'failed') s.failed++;
    else if (e.task?.is_exhausted) s.exhausted++;
    else s.done++;
  }
  return s;
}

/** Between the parts of a summary: a middle dot, in every language. */
const SEPARATOR = ' · ';

/** "2 running · 3 done · 1 failed": the non-zero parts, in a fixed order. */
export function summaryText(s: Summary): string {
  const parts: string[] = [];
  if (s.running) parts.push(l10n.t('{0} running', s.running));
  if (s.done) parts.push(l10n.t('{0} done', s.done));
  if (s.exhausted) parts.push(l10n.t('{0} exhausted', s.exhausted));
  if (s.failed) parts.push(l10n.t('{0} failed', s.failed));
  if (s.blocked) parts.push(s.blocked === 1 ? l10n.t('1 needs attention') : l10n.t('{0} need attention', s.blocked));
  return parts.join(SEPARATOR);
}

/** The summary in a few words, for a narrow view title: "2 running", "1 failed", "all done". */
export function shortSummaryText(s: Summary): string {
  if (s.total === 0) return '';
  const parts: string[] = [];
  if (s.running) parts.push(l10n.t('{0} running', s.running));
  if (s.failed) parts.push(l10n.t('{0} failed', s.failed));
  if (s.blocked) parts.push(s.blocked === 1 ? l10n.t('1 needs you') : l10n.t('{0} need you', s.blocked));
  return parts.length ? parts.join(SEPARATOR) : l10n.t('all done');
}
