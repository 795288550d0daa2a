/**
 * How a watched task looks: one table from state to label, codicon and theme colour, shared by the
 * tree, the status bar and the panel. Codicon and colour ids are plain strings here; the VS Code layer
 * turns them into ThemeIcon/ThemeColor.
 */
import * as l10n from '@vscode/l10n';
import { phaseOf, statusText } from './completion';
import type { WatchEntry } from './watchEntry';

export type DisplayState =
  | 'waiting' // watched, no answer yet
  | 'created'
  | 'in_progress'
  | 'exhausted' // no more candidates; evaluation still catching up
  | 'finishing' // no more candidates; evaluation caught up; waiting for the status to say it ended
  | 'resuming' // asked for more results; the API still reports the previous run
  | 'done'
  | 'failed'
  | 'unknown' // a status this version does not know: shown as the API says it
  | 'not-found'
  | 'auth' // polling paused: token missing or rejected
  | 'plan' // polling stopped: plan, payment or credits
  | 'error'; // the last request failed; polling continues with backoff

export interface StateStyle {
  readonly label: string;
  readonly icon: string;
  readonly color?: string;
  /** The task will not change any more (or cannot be polled until the user acts). */
  readonly settled: boolean;
}

type Look = Omit<StateStyle, 'label'>;

const STATE_STYLES: Readonly<Record<DisplayState, Look>> = {
  waiting: { icon: 'circle-large-outline', settled: false },
  created: { icon: 'clock', color: 'charts.blue', settled: false },
  in_progress: { icon: 'sync~spin', color: 'charts.blue', settled: false },
  // Still working, in another colour and shape: the result set will not grow past what is being evaluated.
  exhausted: { icon: 'loading~spin', color: 'charts.yellow', settled: false },
  finishing: { icon: 'loading~spin', color: 'charts.yellow', settled: false },
  resuming: { icon: 'sync~spin', color: 'charts.blue', settled: false },
  done: { icon: 'pass-filled', color: 'testing.iconPassed', settled: true },
  failed: { icon: 'error', color: 'testing.iconFailed', settled: true },
  // The label is the status itself (styleOf); the icon says nothing it does not know.
  unknown: { icon: 'circle-large-filled', settled: false },
  'not-found': { icon: 'circle-slash', color: 'disabledForeground', settled: true },
  auth: { icon: 'key', color: 'list.warningForeground', settled: false },
  plan: { icon: 'credit-card', color: 'list.warningForeground', settled: true },
  error: { icon: 'warning', color: 'list.warningForeground', settled: false },
};

/** A state in words (localised, so asked for each time it is shown). */
function stateLabel(state: DisplayState): string {
  switch (state) {
    case 'waiting':
      return l10n.t('waiting for first answer');
    case 'created':
      return l10n.t('queued');
    case 'in_progress':
      return l10n.t('in progress');
    case 'exhausted':
      return l10n.t('no more candidates · evaluating');
    case 'finishing':
      return l10n.t('no more candidates · finishing');
    case 'resuming':
      return l10n.t('resuming');
    case 'done':
      return l10n.t('done');
    case 'failed':
      return l10n.t('failed');
    case 'unknown':
      return l10n.t('status');
    case 'not-found':
      return l10n.t('not found');
    case 'auth':
      return l10n.t('paused: API token needed');
    case 'plan':
      return l10n.t('stopped: plan or credits');
    case 'error':
      return l10n.t('error');
  }
}

/**
 * The state to show. Problems with polling win over the task's own status while the task is not
 * complete; a complete task keeps showing its final state even if a later manual refresh failed.
 */
export function displayStateOf(entry: WatchEntry, authPaused: boolean): DisplayState {
  if (entry.stopped === 'complete' && entry.task) return entry.task.status === 'failed' ? 'failed' : 'done';
  if (entry.stopped === 'not-found') return 'not-found';
  if (entry.stopped === 'plan') return 'plan';
  if (authPaused) return 'auth';
  if (entry.error) return 'error';
  if (!entry.task) return 'waiting';
  if (entry.resumedAt !== undefined && entry.task.status === 'done') return 'resuming';
  return phaseOf(entry.task);
}

/**
 * The three groups the tree and the summaries sort tasks into: still running (polled), needing the user
 * (paused for a token, stopped by the plan, not found), finished (done or failed). The view's sections,
 * its title and the status bar count with this one rule.
 */
export type TaskGroup = 'running' | 'attention' | 'finished';

/** The groups in the tree's order: what still moves, what needs the user, what is over. */
export const TASK_GROUPS: readonly TaskGroup[] = ['running', 'attention', 'finished'];

export function groupOfState(state: DisplayState): TaskGroup {
  if (state === 'done' || state === 'failed') return 'finished';
  if (state === 'auth' || state === 'plan' || state === 'not-found') return 'attention';
  return 'running';
}

export function styleOf(entry: WatchEntry, authPaused: boolean): StateStyle & { state: DisplayState } {
  const state = displayStateOf(entry, authPaused);
  const style = { ...STATE_STYLES[state], label: stateLabel(state) };
  if (state === 'unknown') return { ...style, state, label: statusText(entry.task?.status ?? '') };
  if (state === 'done' && entry.task?.is_exhausted) return { ...style, state, label: l10n.t('done · no more candidates') };
  if (entry.stalled && !style.settled && state !== 'auth' && state !== 'error') {
    return { ...style, state, label: l10n.t('{0} · no change for 30+ min', style.label), icon: 'debug-pause' };
  }
  return { ...style, state };
}
