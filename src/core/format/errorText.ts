/**
 * What an API error means for the user, in words: one sentence on what happened and one on what to do
 * next. Shared by the notifications, the tree, the detail panel and the commands: every error the user
 * reads is worded here. Localised (l10n.t), also where a chat tool's answer quotes it: a model reads any
 * language. What only the chat tools say is in core/agent/problems.ts, in English.
 */
import * as l10n from '@vscode/l10n';
import { type ApiError, NO_TOKEN } from '../api/errors';
import type { Task } from '../api/types';
import { RESULT_CAP, maxNewResults } from '../model/resume';
import { plain } from './plain';

/** For translators: what a task name placeholder holds. */
const TASK_NAME_COMMENT = '{0} names the task: its query in quotes, or its ID, or the words "this task".';
const NOUN_PHRASE_COMMENT = 'Used in place of a task\'s name in a sentence such as "Checking {0} failed".';

/** What a server or the network said, inside one of our sentences: one inert, bounded line. */
export const said = (text: string): string => plain(text, 200);

/** One sentence on what happened and one on what to do next. */
export function userMessage(error: ApiError, taskName: string): string {
  switch (error.kind) {
    case 'auth':
      return error.detail === NO_TOKEN
        ? l10n.t('No Extruct API token is set. Set one with "Extruct: Set API Token".')
        : l10n.t('Extruct rejected the API token. Set a valid token with "Extruct: Set API Token".');
    case 'plan':
      return planMessage(error.detail);
    case 'not-found':
      return l10n.t({
        message:
          'Extruct has no task {0} in your workspace (HTTP 404), so it is no longer checked. Check the ID, or the account the token belongs to.',
        args: [taskName],
        comment: [TASK_NAME_COMMENT],
      });
    case 'rate-limited':
      return error.retryAfterMs !== undefined
        ? l10n.t(
            "Extruct asked the extension to slow down (HTTP 429). Checks pause for {0} s and then continue; if this repeats, check your plan's limits.",
            Math.ceil(error.retryAfterMs / 1000),
          )
        : l10n.t(
            "Extruct asked the extension to slow down (HTTP 429). Checks pause for a few minutes and then continue; if this repeats, check your plan's limits.",
          );
    case 'server':
      return l10n.t(
        'The Extruct API had a server error (HTTP {0}). Checks continue with growing pauses; nothing to do unless it persists.',
        error.status ?? '5xx',
      );
    case 'network':
    case 'timeout':
      return l10n.t(
        'Cannot reach the Extruct API ({0}). Checks continue with growing pauses; check your connection or the "extruct.apiBaseUrl" setting.',
        said(error.message),
      );
    case 'malformed':
      return l10n.t({
        message: 'The Extruct API sent an answer this version cannot read for {0}. Checks continue; see the log for details.',
        args: [taskName],
        comment: [TASK_NAME_COMMENT],
      });
    default:
      return l10n.t({
        message: 'Checking {0} failed: {1}. Checks continue; see the log for details.',
        args: [taskName, said(error.message)],
        comment: [TASK_NAME_COMMENT, '{1} is what the network or the server said.'],
      });
  }
}

export function planMessage(detail: string | undefined): string {
  switch (detail) {
    case 'plan_required':
      return l10n.t('Extruct Deep Search needs a Pro plan for this (HTTP 402 plan_required). Upgrade the plan in the Extruct dashboard.');
    case 'payment_failed':
      return l10n.t('Extruct could not charge your plan (HTTP 402 payment_failed). Update the payment method in the Extruct dashboard.');
    case 'insufficient_credits':
      return l10n.t(
        'Your Extruct account is out of credits (HTTP 402 insufficient_credits). Top up in the Extruct dashboard or wait for the monthly reset.',
      );
    default:
      return detail
        ? l10n.t(
            'Extruct refused because of your plan or billing (HTTP 402 {0}). Check your plan and credits in the Extruct dashboard.',
            said(detail),
          )
        : l10n.t('Extruct refused because of your plan or billing (HTTP 402). Check your plan and credits in the Extruct dashboard.');
  }
}

/** Why Extruct refused to resume the task `name` with `n` more results, and what to do instead. */
export function resumeRefusal(error: ApiError, name: string, n: number, task: Task): string {
  switch (error.kind) {
    case 'bad-request':
      // The docs name one reason (the task is exhausted); say what the server said, which may be another.
      if (!error.detail)
        return l10n.t({
          message:
            'Extruct refused to resume {0} (HTTP 400). The task may be exhausted (no more candidates for this query): start a new task to search further.',
          args: [name],
          comment: [TASK_NAME_COMMENT],
        });
      return /exhaust/i.test(error.detail)
        ? l10n.t({
            message:
              'Extruct refused to resume {0} (HTTP 400: {1}). There are no more candidates for this query: start a new task to search further.',
            args: [name, said(error.detail)],
            comment: [TASK_NAME_COMMENT, '{1} is what the server said.'],
          })
        : l10n.t({
            message: 'Extruct refused to resume {0} (HTTP 400: {1}).',
            args: [name, said(error.detail)],
            comment: [TASK_NAME_COMMENT, '{1} is what the server said.'],
          });
    case 'plan':
      return planMessage(error.detail);
    case 'validation': {
      const args = { n, max: maxNewResults(task), cap: RESULT_CAP };
      return error.detail
        ? l10n.t('Extruct refused {n} new results (HTTP 422: {detail}). Ask for 1 to {max} more: a task holds at most {cap} results.', {
            ...args,
            detail: said(error.detail),
          })
        : l10n.t('Extruct refused {n} new results (HTTP 422). Ask for 1 to {max} more: a task holds at most {cap} results.', args);
    }
    case 'not-found':
      return l10n.t({
        message:
          'Extruct has no task {0} in your workspace (HTTP 404), so it cannot be resumed. Check the ID, or the account the token belongs to.',
        args: [name],
        comment: [TASK_NAME_COMMENT],
      });
    case 'auth':
      return userMessage(error, name);
    default:
      return l10n.t({
        message: 'Resuming {0} failed: {1}. Try again in a moment; the log has the details.',
        args: [name, said(error.message)],
        comment: [TASK_NAME_COMMENT, '{1} is what the network or the server said.'],
      });
  }
}

/** Why a token could not be accepted (checked against GET /v1/user), and what to do. */
export function tokenCheckMessage(e: ApiError): string {
  switch (e.kind) {
    case 'auth':
      return l10n.t(
        'Extruct rejected this token (HTTP {0}). Copy the whole token from app.extruct.ai/api-tokens and try again.',
        e.status ?? 401,
      );
    case 'network':
    case 'timeout':
      return l10n.t(
        'Could not reach Extruct to check the token ({0}). Check your connection and press Enter to try again.',
        said(e.message),
      );
    case 'plan':
      return e.detail
        ? l10n.t('Extruct accepted the token but refused the account (HTTP 402 {0}). Check your plan in the dashboard.', said(e.detail))
        : l10n.t('Extruct accepted the token but refused the account (HTTP 402). Check your plan in the dashboard.');
    default:
      return l10n.t('Could not check the token: {0}. Press Enter to try again.', said(e.message));
  }
}

/** Why a new Deep Search did not start (POST /v1/discovery_tasks), and what to do; `fieldName` names a 422's field in words. */
export function createRefusal(error: ApiError, fieldName?: string): string {
  switch (error.kind) {
    case 'plan':
      return planMessage(error.detail);
    case 'validation': {
      const detail = error.detail ? said(error.detail) : undefined;
      const comment = ['{field} names a field of the form, such as "number of results"; {detail} is what the server said.'];
      if (detail && fieldName)
        return l10n.t({
          message: 'Extruct refused the search (HTTP 422: {detail}). Fix the {field} and start it again.',
          args: { detail, field: fieldName },
          comment,
        });
      if (fieldName)
        return l10n.t({
          message: 'Extruct refused the search (HTTP 422). Fix the {field} and start it again.',
          args: { field: fieldName },
          comment,
        });
      return detail
        ? l10n.t('Extruct refused the search (HTTP 422: {0}). Check the values and start it again.', detail)
        : l10n.t('Extruct refused the search (HTTP 422). Check the values and start it again.');
    }
    case 'bad-request':
      return error.detail
        ? l10n.t('Extruct refused the search (HTTP 400: {0}). Check the values and start it again.', said(error.detail))
        : l10n.t('Extruct refused the search (HTTP 400). Check the values and start it again.');
    case 'timeout':
      return l10n.t(
        'Extruct did not answer in time, so the search may or may not have started. Look for it in "Extruct: Watch Task" (recent tasks) before starting it again.',
      );
    case 'network':
      return l10n.t(
        'Cannot reach the Extruct API ({0}), so nothing was started. Check your connection or the "extruct.apiBaseUrl" setting, then try again.',
        said(error.message),
      );
    case 'server':
      return l10n.t(
        'The Extruct API had a server error (HTTP {0}). The search was probably not started: look for it in "Extruct: Watch Task" (recent tasks), or try again in a moment.',
        error.status ?? '5xx',
      );
    case 'auth':
    case 'rate-limited':
      return userMessage(error, l10n.t({ message: 'the new search', comment: [NOUN_PHRASE_COMMENT] }));
    default:
      return l10n.t('Starting the search failed: {0}. Try again in a moment; the log has the details.', said(error.message));
  }
}
