/**
 * What an API error means for the user, in words: one sentence on what happened and one on what to do
 * next. Shared by the notifications, the tree, the detail panel and the resume command.
 */
import { type ApiError, NO_TOKEN } from '../api/errors';

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
      return `Cannot reach the Extruct API (${error.message}). Checks continue with growing pauses; check your connection or the "extruct.apiBaseUrl" setting.`;
    case 'malformed':
      return `The Extruct API sent an answer this version cannot read for ${taskName}. Checks continue; see the log for details.`;
    default:
      return `Checking ${taskName} failed: ${error.message}. Checks continue; see the log for details.`;
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
      return `Extruct refused because of your plan or billing (HTTP 402${detail ? ` ${detail}` : ''}). Check your plan and credits in the Extruct dashboard.`;
  }
}
