/**
 * How long to wait before asking about a task again: one pure function, so that it can be read in one
 * place, unit-tested on a fake clock and benchmarked against fixed-interval polling (bench/).
 *
 *  - A task is polled roughly when it may have finished: after ETA_FRACTION of the time it looks to
 *    have left, never sooner than the base interval (setting, default 10 s, never below 5 s) and never
 *    later than ETA_MAX_FACTOR × base. The time left is a plain extrapolation from what every answer
 *    carries: progress so far (`num_results / desired_num_results`; once `is_exhausted`, evaluation
 *    catching up: `num_results_evaluated / num_results_enriched`, see model/completion.ts) over the
 *    time the task has run (since `created_at`, or since we started watching if that is later).
 *    So a long task far from its target is checked about once a minute, and checks speed up to the
 *    base interval as the target comes near, which is when completion is likely.
 *  - Without a usable estimate (queued, no high-fit result yet, unknown status or target, clock
 *    skew) the task is polled at the base interval.
 *  - A task that has not moved for a while is polled less often, up to STALE_MAX_FACTOR × base,
 *    whatever its estimate says (a stall near the end would otherwise be polled at the base rate).
 *  - While the VS Code window is not focused no task is polled more often than every
 *    UNFOCUSED_FACTOR × base: nobody is looking at the counters, but a completion still deserves a
 *    timely notification, so longer delays from the estimate or a stall are not stretched further
 *    (a catch-up request is made when focus returns; see the scheduler).
 *  - Errors back off exponentially with ±20 % jitter, up to 5 minutes.
 *  - HTTP 429 waits as long as `Retry-After` says (within [base, 1 hour]); without the header it backs
 *    off by minutes (1, 2, 4 … up to 15).
 *
 * The trade-off (figures in bench/RESULTS.md): well under half the requests of fixed 10 s polling
 * with about the same median delay between a task completing and the extension noticing, paid for
 * with staler counters early in a long task (the tree may show numbers up to ETA_MAX_FACTOR × base
 * old; Refresh fetches at once) and with later detection of what no counter predicts: a task that
 * fails, or ends much sooner than its progress so far suggests (noticed within ETA_MAX_FACTOR × base,
 * not within base). The extrapolation overestimates the time left when the task queued or stalled
 * early on, or was resumed (`created_at` is the first run's); the cap bounds the cost of that too.
 * "Back to the base interval as soon as a counter moves" holds only for tasks without an estimate:
 * discovery counters move all the time and say little about when the task will end.
 */
import { type ApiError, MAX_RETRY_AFTER_MS } from '../api/errors';
import type { Task } from '../api/types';
import { phaseOf } from '../model/completion';
import type { WatchEntry } from '../model/watchEntry';

export const MIN_INTERVAL_MS = 5_000;
const MAX_INTERVAL_MS = 3_600_000;
export const DEFAULT_INTERVAL_MS = 10_000;
/** Poll again after this fraction of the estimated time left. */
const ETA_FRACTION = 0.5;
/** The longest delay the estimate can ask for, in multiples of the base interval. */
export const ETA_MAX_FACTOR = 4;
const STALE_AFTER_MS = 60_000;
const STALE_RAMP_MS = 60_000;
export const STALE_MAX_FACTOR = 6;
export const UNFOCUSED_FACTOR = 3;
export const MAX_ERROR_BACKOFF_MS = 5 * 60_000;
const RATE_LIMIT_FALLBACK_MS = 60_000;
const MAX_RATE_LIMIT_FALLBACK_MS = 15 * 60_000;
/** No more candidates and evaluation caught up: the end is near but not signalled; checked this many base intervals apart. */
const FINISHING_FACTOR = 3;
/** A task that has not moved for STALLED_AFTER_MS (model/completion.ts) is checked this often. */
const STALLED_CHECK_MS = 5 * 60_000;

export interface PolicyInput {
  readonly entry: WatchEntry;
  /** Requests for this task that failed in a row (the scheduler counts them). */
  readonly errorCount: number;
  readonly now: number;
  /** The user's base interval in ms. */
  readonly intervalMs: number;
  readonly focused: boolean;
  /** A number in [0, 1), for jitter. */
  readonly random: number;
}

/** The base interval, whatever a setting says: within [MIN_INTERVAL_MS, MAX_INTERVAL_MS]. */
export function baseInterval(intervalMs: number): number {
  return Number.isFinite(intervalMs) ? Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, intervalMs)) : DEFAULT_INTERVAL_MS;
}

/** Milliseconds until the next request for this task. */
export function nextDelay(input: PolicyInput): number {
  const base = baseInterval(input.intervalMs);
  const { entry } = input;
  if (entry.error) return errorDelay(entry.error, Math.max(1, input.errorCount), base, input.random);
  if (entry.stalled) return Math.max(STALLED_CHECK_MS, base * STALE_MAX_FACTOR);
  // Just resumed, the API still reporting the previous run: the new one is picked up any moment.
  if (entry.resumedAt !== undefined) return base;
  const finishing = entry.task && phaseOf(entry.task) === 'finishing' ? FINISHING_FACTOR : 1;
  const factor = Math.max(etaFactor(entry, input.now, base), staleFactor(entry, input.now), finishing);
  return base * (input.focused ? factor : Math.max(UNFOCUSED_FACTOR, factor));
}

function etaFactor(entry: WatchEntry, now: number, base: number): number {
  const left = entry.task ? timeLeft(entry.task, entry.addedAt, now) : undefined;
  if (left === undefined) return 1;
  return Math.min(ETA_MAX_FACTOR, Math.max(1, (ETA_FRACTION * left) / base));
}

/** How far a running task is towards completing, in (0, 1]; undefined when nothing says. */
function progressOf(task: Task): number | undefined {
  if (task.status !== 'in_progress') return undefined;
  // Exhausted: evaluation catching up with enrichment is what is left (then "finishing": no estimate).
  if (task.is_exhausted)
    return task.num_results_enriched > task.num_results_evaluated ? task.num_results_evaluated / task.num_results_enriched : undefined;
  const target = task.desired_num_results;
  if (!target || target <= 0 || task.num_results <= 0) return undefined;
  return Math.min(1, task.num_results / target);
}

/** The time a running task looks to have left (ms), extrapolated from its progress so far. */
export function timeLeft(task: Task, watchedSince: number, now: number): number | undefined {
  const progress = progressOf(task);
  if (progress === undefined) return undefined;
  const created = task.created_at ? Date.parse(task.created_at) : NaN;
  const since = Number.isNaN(created) ? watchedSince : Math.max(created, watchedSince);
  if (!(now > since)) return undefined;
  return ((now - since) * (1 - progress)) / progress;
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
