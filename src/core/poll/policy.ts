/**
 * How long to wait before asking about a task again: one pure function, so that it can be read in one
 * place, unit-tested on a fake clock and benchmarked against fixed-interval polling (bench/).
 *
 *  - A task that moves is polled at the base interval (setting, default 10 s, never below 5 s).
 *  - A task that has not moved for a while is polled less often, up to STALE_MAX_FACTOR × base,
 *    and is back to the base interval as soon as a counter moves.
 *  - While the VS Code window is not focused every delay is UNFOCUSED_FACTOR × longer (a catch-up
 *    request is made when focus returns; see the scheduler).
 *  - Errors back off exponentially with ±20 % jitter, up to 5 minutes.
 *  - HTTP 429 waits as long as `Retry-After` says (within [base, 1 hour]); without the header it backs
 *    off by minutes (1, 2, 4 … up to 15).
 */
import type { ApiError } from '../api/errors';
import type { WatchEntry } from '../model/watchEntry';

export const MIN_INTERVAL_MS = 5_000;
export const DEFAULT_INTERVAL_MS = 10_000;
export const STALE_AFTER_MS = 60_000;
export const STALE_RAMP_MS = 60_000;
export const STALE_MAX_FACTOR = 6;
export const UNFOCUSED_FACTOR = 3;
export const MAX_ERROR_BACKOFF_MS = 5 * 60_000;
export const RATE_LIMIT_FALLBACK_MS = 60_000;
export const MAX_RATE_LIMIT_FALLBACK_MS = 15 * 60_000;
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export interface PolicyInput {
  readonly entry: WatchEntry;
  readonly now: number;
  /** The user's base interval in ms. */
  readonly intervalMs: number;
  readonly focused: boolean;
  /** A number in [0, 1), for jitter. */
  readonly random: number;
}

export function baseInterval(intervalMs: number): number {
  return Number.isFinite(intervalMs) ? Math.max(MIN_INTERVAL_MS, intervalMs) : DEFAULT_INTERVAL_MS;
}

/** Milliseconds until the next request for this task. */
export function nextDelay(input: PolicyInput): number {
  const base = baseInterval(input.intervalMs);
  const { entry } = input;
  if (entry.error) return errorDelay(entry.error, entry.errorCount, base, input.random);
  const delay = base * staleFactor(entry, input.now);
  return input.focused ? delay : delay * UNFOCUSED_FACTOR;
}

function staleFactor(entry: WatchEntry, now: number): number {
  const quietFor = now - (entry.lastChangeAt ?? now);
  if (quietFor < STALE_AFTER_MS) return 1;
  return Math.min(STALE_MAX_FACTOR, 1 + (quietFor - STALE_AFTER_MS) / STALE_RAMP_MS);
}

export function errorDelay(error: ApiError, errorCount: number, base: number, random: number): number {
  const jitter = 0.8 + 0.4 * random;
  if (error.kind === 'rate-limited') {
    if (error.retryAfterMs !== undefined) return Math.min(MAX_RETRY_AFTER_MS, Math.max(base, error.retryAfterMs));
    return Math.min(MAX_RATE_LIMIT_FALLBACK_MS, RATE_LIMIT_FALLBACK_MS * 2 ** Math.max(0, errorCount - 1)) * jitter;
  }
  const exp = Math.min(MAX_ERROR_BACKOFF_MS, base * 2 ** Math.min(20, Math.max(1, errorCount)));
  return exp * jitter;
}
