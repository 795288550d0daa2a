/**
 * Rules for `POST /v1/discovery_tasks/{id}/resume`: a task can ask for more results until it holds 250,
 * and never once it is exhausted (the API answers 400).
 */
import * as l10n from '@vscode/l10n';
import type { Task } from '../api/types';
import { isComplete } from './completion';

export const RESULT_CAP = 250;
export const DEFAULT_NEW_RESULTS = 25;

/** Why resume is not possible, or undefined when it is. */
export function resumeBlocker(task: Task | undefined): string | undefined {
  if (!task) return l10n.t('The task has not been loaded yet.');
  if (task.is_exhausted)
    return l10n.t('The task is exhausted: Extruct found no more candidates for this query. Start a new task to search further.');
  if (!isComplete(task)) return l10n.t('The task is still running. Resume it after it finishes.');
  if ((task.desired_num_results ?? 0) >= RESULT_CAP) return l10n.t('The task already asks for the maximum of {0} results.', RESULT_CAP);
  return undefined;
}

/** The most new results this task can still ask for. */
export function maxNewResults(task: Task): number {
  return Math.max(0, RESULT_CAP - (task.desired_num_results ?? 0));
}

/** Validates the input box text for "desired new results"; undefined when valid. */
export function validateNewResults(text: string, task: Task): string | undefined {
  const max = maxNewResults(task);
  if (!/^\d+$/.test(text.trim())) return l10n.t('Enter a whole number from 1 to {0}.', max);
  const n = Number(text.trim());
  if (n < 1 || n > max)
    return l10n.t('Enter a number from 1 to {max}: a task holds at most {cap} results and this one asks for {asked}.', {
      max,
      cap: RESULT_CAP,
      asked: task.desired_num_results ?? 0,
    });
  return undefined;
}
