/**
 * Errors are values with a kind, never exceptions past the API client. Each kind has one meaning
 * for the scheduler (retry or stop) and one message for the user (what happened, what to do next).
 */
export const API_ERROR_KINDS = [
  'auth', // 401/403: the token is missing, wrong or revoked
  'plan', // 402: plan, payment or credits
  'not-found', // 404: no such task in this workspace
  'rate-limited', // 429
  'bad-request', // 400 (e.g. resume on an exhausted task)
  'validation', // 422
  'server', // 5xx
  'network', // connection refused/reset, DNS, TLS
  'timeout', // no complete answer in time
  'malformed', // 2xx, but the body is not the JSON we expect
  'unexpected', // anything else: redirects, other statuses
] as const;
export type ApiErrorKind = (typeof API_ERROR_KINDS)[number];

export interface ApiError {
  readonly kind: ApiErrorKind;
  /** HTTP status when there was a response. */
  readonly status?: number;
  /** Short technical description for the log and tooltips. Never contains the token. */
  readonly message: string;
  /** Server-provided detail (e.g. `insufficient_credits`), when there is one. */
  readonly detail?: string;
  /** From `Retry-After`, when the server sent one. */
  readonly retryAfterMs?: number;
  /** For a 422: the fields at fault, as the server names them ("body.criteria.0.criterion"). */
  readonly fields?: readonly string[];
}

/** The `detail` of the auth error the client returns, without making a request, when no token is set. */
export const NO_TOKEN = 'no-token';

/** The longest wait a `Retry-After` can impose: longer values are read as this, and the scheduler never holds longer. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: ApiError): Result<T> => ({ ok: false, error });

/** Errors after which polling a task stops for good (until the user acts). */
export function isFatalForTask(kind: ApiErrorKind): boolean {
  return kind === 'not-found' || kind === 'plan';
}

/** A key that is equal for errors a user would call "the same error", to show each only once. */
export function errorKey(e: ApiError): string {
  return `${e.kind}:${e.status ?? ''}:${e.detail ?? ''}`;
}
