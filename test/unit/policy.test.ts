import assert from 'node:assert/strict';
import { type ApiError, MAX_RETRY_AFTER_MS } from '../../src/core/api/errors';
import type { Task } from '../../src/core/api/types';
import { newEntry, type WatchEntry } from '../../src/core/model/watchEntry';
import {
  ETA_MAX_FACTOR,
  MAX_ERROR_BACKOFF_MS,
  MIN_INTERVAL_MS,
  nextDelay,
  STALE_MAX_FACTOR,
  timeLeft,
  UNFOCUSED_FACTOR,
} from '../../src/core/poll/policy';
import { validateTask } from '../../src/core/api/validate';
import { task } from './support/tasks';

const CREATED = Date.parse('2026-11-29T09:00:00Z');
const NOW = CREATED + 10 * 60_000;
const base = { now: NOW, intervalMs: 10_000, focused: true, random: 0.5, errorCount: 0 };
/** A task that moved just now, ten minutes into its run, with no high-fit result yet: nothing to estimate from. */
const running = (over: Partial<WatchEntry> = {}, t: Partial<Task> = {}): WatchEntry => ({
  ...newEntry(task().id, CREATED),
  task: task({ created_at: '2026-11-29T09:00:00Z', num_results: 0, ...t }),
  lastChangeAt: NOW,
  ...over,
});
const err = (e: Partial<ApiError>): ApiError => ({ kind: 'server', message: 'x', ...e });

suite('polling policy', () => {
  test('a moving task without an estimate is polled at the base interval', () => {
    assert.equal(nextDelay({ ...base, entry: running() }), 10_000);
  });

  test('the interval never goes below 5 s', () => {
    assert.equal(nextDelay({ ...base, intervalMs: 1_000, entry: running() }), MIN_INTERVAL_MS);
    assert.equal(nextDelay({ ...base, intervalMs: 1_000, entry: running({}, { num_results: 99 }) }), MIN_INTERVAL_MS);
  });

  test('a task that stopped moving is polled less often, up to a cap, and fast again once it moves', () => {
    const d1 = nextDelay({ ...base, entry: running({ lastChangeAt: NOW - 90_000 }) });
    const d2 = nextDelay({ ...base, entry: running({ lastChangeAt: NOW - 180_000 }) });
    const dCap = nextDelay({ ...base, entry: running({ lastChangeAt: NOW - 3_600_000 }) });
    assert.ok(d1 > 10_000 && d2 > d1, `${d1} ${d2}`);
    assert.equal(dCap, 10_000 * STALE_MAX_FACTOR);
    assert.equal(nextDelay({ ...base, entry: running({ lastChangeAt: NOW }) }), 10_000);
  });

  test('a stall is polled less often even close to the target', () => {
    assert.equal(nextDelay({ ...base, entry: running({ lastChangeAt: NOW - 3_600_000 }, { num_results: 99 }) }), 10_000 * STALE_MAX_FACTOR);
  });

  test('slower while the window is unfocused, but longer delays are not stretched further', () => {
    assert.equal(nextDelay({ ...base, focused: false, entry: running() }), 10_000 * UNFOCUSED_FACTOR);
    const far = running({}, { num_results: 5 });
    assert.equal(nextDelay({ ...base, focused: false, entry: far }), nextDelay({ ...base, entry: far }));
    assert.equal(nextDelay({ ...base, focused: false, entry: running({}, { num_results: 99 }) }), 10_000 * UNFOCUSED_FACTOR);
  });

  test('errors back off exponentially with jitter, up to 5 minutes', () => {
    const at = (n: number, random = 0.5) => nextDelay({ ...base, random, errorCount: n, entry: running({ error: err({}) }) });
    assert.equal(at(1), 20_000);
    assert.equal(at(2), 40_000);
    assert.equal(at(3), 80_000);
    assert.equal(at(30), MAX_ERROR_BACKOFF_MS);
    assert.equal(at(1, 0), 16_000);
    assert.ok(at(1, 0.999) < 24_000 && at(1, 0.999) > 23_900);
  });

  test('429 honours Retry-After within [base, 1 h]', () => {
    const at = (retryAfterMs?: number, n = 1) =>
      nextDelay({
        ...base,
        errorCount: n,
        entry: running({ error: err({ kind: 'rate-limited', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }) }),
      });
    assert.equal(at(30_000), 30_000);
    assert.equal(at(1_000), 10_000);
    assert.equal(at(10 * 24 * 3600_000), MAX_RETRY_AFTER_MS);
    assert.equal(at(undefined, 1), 60_000);
    assert.equal(at(undefined, 2), 120_000);
    assert.equal(at(undefined, 10), 15 * 60_000);
  });
});

suite('polling policy: time left', () => {
  test('a moving task far from its target is polled less often, up to a cap', () => {
    // 10 minutes for 20 of 100 results: 40 minutes look left.
    assert.equal(nextDelay({ ...base, entry: running({}, { num_results: 20 }) }), 10_000 * ETA_MAX_FACTOR);
    // 50 of 100: 10 minutes left, capped too; 95 of 100: about 32 s left, so half of that.
    assert.equal(nextDelay({ ...base, entry: running({}, { num_results: 50 }) }), 10_000 * ETA_MAX_FACTOR);
    const near = nextDelay({ ...base, entry: running({}, { num_results: 95 }) });
    assert.ok(near > 10_000 && near < 20_000, `${near}`);
  });

  test('close to the target, it is polled at the base interval', () => {
    assert.equal(nextDelay({ ...base, entry: running({}, { num_results: 99 }) }), 10_000);
  });

  test('once exhausted, progress is evaluation catching up with enrichment', () => {
    const exhausted = { is_exhausted: true, num_results: 20, num_results_enriched: 200 };
    assert.equal(nextDelay({ ...base, entry: running({}, { ...exhausted, num_results_evaluated: 198 }) }), 10_000);
    assert.equal(nextDelay({ ...base, entry: running({}, { ...exhausted, num_results_evaluated: 60 }) }), 10_000 * ETA_MAX_FACTOR);
  });

  test('no estimate while queued, without a target, in an unknown status or from a future created_at', () => {
    for (const t of [
      { status: 'created', num_results: 20 },
      { desired_num_results: null, num_results: 20 },
      { status: 'paused', num_results: 20 },
      { created_at: '2027-01-01T00:00:00Z', num_results: 20 },
    ]) {
      assert.equal(nextDelay({ ...base, entry: running({ addedAt: NOW + 1 }, t) }), 10_000, JSON.stringify(t));
    }
  });

  test('time is counted from when we started watching, if that is later than creation', () => {
    const t = task({ created_at: '2026-11-29T09:00:00Z', num_results: 50 });
    assert.equal(timeLeft(t, CREATED, NOW), 10 * 60_000);
    assert.equal(timeLeft(t, NOW - 60_000, NOW), 60_000);
    assert.equal(timeLeft(task({ created_at: null, num_results: 50 }), NOW - 60_000, NOW), 60_000);
  });

  test('no more candidates and evaluation caught up: checked more slowly, until the status says it ended', () => {
    const finishing = running({}, { is_exhausted: true, num_results_enriched: 200, num_results_evaluated: 200, num_results: 40 });
    assert.equal(nextDelay({ ...base, entry: finishing }), 3 * 10_000);
  });

  test('a stalled task is checked every five minutes, never at the base rate', () => {
    assert.equal(nextDelay({ ...base, entry: running({ stalled: true }) }), 5 * 60_000);
  });

  test('just resumed (the API still says done): checked at the base interval to see the new run start', () => {
    assert.equal(nextDelay({ ...base, entry: running({ resumedAt: NOW - 5_000 }, { status: 'done' }) }), 10_000);
  });

  test("a timestamp without an offset is the API's UTC, not local time", () => {
    const withZ = validateTask({ ...task(), created_at: '2026-11-29T09:00:00Z' });
    const bare = validateTask({ ...task(), created_at: '2026-11-29T09:00:00' });
    const micro = validateTask({ ...task(), created_at: '2026-11-29T09:00:00.123456+00:00' });
    assert.ok(withZ.ok && bare.ok && micro.ok);
    assert.equal(bare.value.created_at, withZ.value.created_at);
    assert.equal(Date.parse(micro.value.created_at!), Date.parse('2026-11-29T09:00:00.123Z'));
    const text = validateTask({ ...task(), created_at: 'yesterday' });
    assert.ok(text.ok);
    assert.equal(text.value.created_at, 'yesterday', 'what is no date stays as it was');
  });
});
