/**
 * What the chat tools answer when a request to Extruct fails: in English, as every answer of core/agent/
 * (the model reads them; the user reads them in its words). A 402's reasons are the user's sentences
 * (format/errorText.ts), localised.
 */
import { type ApiError, NO_TOKEN } from '../api/errors';
import { planMessage, said } from '../format/errorText';

/**
 * What an API error means for a one-off request (a chat tool's): what happened and what to do, with no polling to fall back on.
 * English on purpose: only chat tools' answers use it, and they are written for the model.
 */
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

/** A chat tool's answer when there is no usable token, before any request is made (English: for the model). */
export const NO_TOKEN_FOR_TOOLS =
  'No usable Extruct API token is set in VS Code, so Extruct cannot be asked. Ask the user to run the command "Extruct: Set API Token" (the token is at app.extruct.ai/api-tokens), then try again.';
