/**
 * What an API error means for the user, in words: one sentence on what happened and one on what to do
 * next. Shared by the notifications, the tree, the detail panel and the commands: every error the user
 * reads is worded here.
 */
import { type ApiError, NO_TOKEN } from '../api/errors';
import type { Task } from '../api/types';
import { RESULT_CAP, maxNewResults } from '../model/resume';
import { plain } from './plain';

/** What a server or the network said, inside one of our sentences: one inert, bounded line. */
const said = (text: string): string => plain(text, 200);

/** One sentence on what happened and one on what to do next. */
export function userMessage(error: ApiError, taskName: string): string {
  switch (error.kind) {
    case 'auth':
      return error.detail === NO_TOKEN
        ? 'No Extruct API token is set. Set one with "Extruct: Set API Token".'
        : 'Extruct rejected the API token. Set a valid token with "Extruct: Set API Token".';
    case 'plan':
      return planMessage(error.detail);
    case 'not-found':
      return `Extruct has no task ${taskName} in your workspace (HTTP 404), so it is no longer checked. Check the ID, or the account the token belongs to.`;
    case 'rate-limited':
      return `Extruct asked the extension to slow down (HTTP 429). Checks pause ${error.retryAfterMs !== undefined ? `for ${Math.ceil(error.retryAfterMs / 1000)} s` : 'for a few minutes'} and then continue; if this repeats, check your plan's limits.`;
    case 'server':
      return `The Extruct API had a server error (HTTP ${error.status ?? '5xx'}). Checks continue with growing pauses; nothing to do unless it persists.`;
    case 'network':
    case 'timeout':
      return `Cannot reach the Extruct API (${said(error.message)}). Checks continue with growing pauses; check your connection or the "extruct.apiBaseUrl" setting.`;
    case 'malformed':
      return `The Extruct API sent an answer this version cannot read for ${taskName}. Checks continue; see the log for details.`;
    default:
      return `Checking ${taskName} failed: ${said(error.message)}. Checks continue; see the log for details.`;
  }
}

export function planMessage(detail: string | undefined): string {
  switch (detail) {
    case 'plan_required':
      return 'Extruct Deep Search needs a Pro plan for this (HTTP 402 plan_required). Upgrade the plan in the Extruct dashboard.';
    case 'payment_failed':
      return 'Extruct could not charge your plan (HTTP 402 payment_failed). Update the payment method in the Extruct dashboard.';
    case 'insufficient_credits':
      return 'Your Extruct account is out of credits (HTTP 402 insufficient_credits). Top up in the Extruct dashboard or wait for the monthly reset.';
    default:
      return `Extruct refused because of your plan or billing (HTTP 402${detail ? ` ${said(detail)}` : ''}). Check your plan and credits in the Extruct dashboard.`;
  }
}

/** Why Extruct refused to resume the task `name` with `n` more results, and what to do instead. */
export function resumeRefusal(error: ApiError, name: string, n: number, task: Task): string {
  switch (error.kind) {
    case 'bad-request':
      // The docs name one reason (the task is exhausted); say what the server said, which may be another.
      return error.detail
        ? `Extruct refused to resume ${name} (HTTP 400: ${said(error.detail)}).${/exhaust/i.test(error.detail) ? ' There are no more candidates for this query: start a new task to search further.' : ''}`
        : `Extruct refused to resume ${name} (HTTP 400). The task may be exhausted (no more candidates for this query): start a new task to search further.`;
    case 'plan':
      return planMessage(error.detail);
    case 'validation':
      return `Extruct refused ${n} new results (HTTP 422${error.detail ? `: ${said(error.detail)}` : ''}). Ask for 1 to ${maxNewResults(task)} more: a task holds at most ${RESULT_CAP} results.`;
    case 'not-found':
      return `Extruct has no task ${name} in your workspace (HTTP 404), so it cannot be resumed. Check the ID, or the account the token belongs to.`;
    case 'auth':
      return userMessage(error, name);
    default:
      return `Resuming ${name} failed: ${said(error.message)}. Try again in a moment; the log has the details.`;
  }
}

/** Why a token could not be accepted (checked against GET /v1/user), and what to do. */
export function tokenCheckMessage(e: ApiError): string {
  switch (e.kind) {
    case 'auth':
      return `Extruct rejected this token (HTTP ${e.status ?? 401}). Copy the whole token from app.extruct.ai/api-tokens and try again.`;
    case 'network':
    case 'timeout':
      return `Could not reach Extruct to check the token (${said(e.message)}). Check your connection and press Enter to try again.`;
    case 'plan':
      return `Extruct accepted the token but refused the account (HTTP 402${e.detail ? ` ${said(e.detail)}` : ''}). Check your plan in the dashboard.`;
    default:
      return `Could not check the token: ${said(e.message)}. Press Enter to try again.`;
  }
}

/** Why a new Deep Search did not start (POST /v1/discovery_tasks), and what to do; `fieldName` names a 422's field in words. */
export function createRefusal(error: ApiError, fieldName?: string): string {
  switch (error.kind) {
    case 'plan':
      return planMessage(error.detail);
    case 'validation':
      return `Extruct refused the search (HTTP 422${error.detail ? `: ${said(error.detail)}` : ''}). ${fieldName ? `Fix the ${fieldName} and start it again.` : 'Check the values and start it again.'}`;
    case 'bad-request':
      return `Extruct refused the search (HTTP 400${error.detail ? `: ${said(error.detail)}` : ''}). Check the values and start it again.`;
    case 'timeout':
      return 'Extruct did not answer in time, so the search may or may not have started. Look for it in "Extruct: Watch Task" (recent tasks) before starting it again.';
    case 'network':
      return `Cannot reach the Extruct API (${said(error.message)}), so nothing was started. Check your connection or the "extruct.apiBaseUrl" setting, then try again.`;
    case 'server':
      return `The Extruct API had a server error (HTTP ${error.status ?? '5xx'}). The search was probably not started: look for it in "Extruct: Watch Task" (recent tasks), or try again in a moment.`;
    case 'auth':
    case 'rate-limited':
      return userMessage(error, 'the new search');
    default:
      return `Starting the search failed: ${said(error.message)}. Try again in a moment; the log has the details.`;
  }
}

/** What an API error means for a one-off request (a chat tool's): what happened and what to do, with no polling to fall back on. */
export function requestProblem(error: ApiError, taskName: string): string {
  switch (error.kind) {
    case 'auth':
      return error.detail === NO_TOKEN
        ? NO_TOKEN_FOR_TOOLS
        : `Extruct rejected the API token (HTTP ${error.status ?? 401}). Ask the user to set a valid one with "Extruct: Set API Token"; the tools cannot set it.`;
    case 'plan':
      return planMessage(error.detail);
    case 'not-found':
      return `Extruct has no task ${taskName} in the workspace of this API token (HTTP 404). Check the ID, or the account the token belongs to.`;
    case 'rate-limited':
      return `Extruct asked to slow down (HTTP 429). Try again in ${error.retryAfterMs !== undefined ? `${Math.ceil(error.retryAfterMs / 1000)} s` : 'a minute or two'}.`;
    case 'server':
      return `The Extruct API had a server error (HTTP ${error.status ?? '5xx'}). Try again in a moment; if it persists, Extruct itself has a problem.`;
    case 'network':
    case 'timeout':
      return `Cannot reach the Extruct API (${said(error.message)}). Check the connection, or the "extruct.apiBaseUrl" setting, then try again.`;
    case 'malformed':
      return `The Extruct API sent an answer this extension cannot read (${said(error.message)}). Try again later; the Extruct log has the details.`;
    default:
      return `The request to Extruct failed: ${said(error.message)}.`;
  }
}

/** A chat tool's answer when there is no usable token, before any request is made. */
export const NO_TOKEN_FOR_TOOLS =
  'No usable Extruct API token is set in VS Code, so Extruct cannot be asked. Ask the user to run the command "Extruct: Set API Token" (the token is at app.extruct.ai/api-tokens), then try again.';
