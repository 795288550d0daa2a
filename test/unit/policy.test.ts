import assert from 'node:assert/strict';
import type { ApiError } from '../../src/core/api/errors';
import { newEntry, type WatchEntry } from '../../src/core/model/watchEntry';
import {
  MAX_ERROR_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  MIN_INTERVAL_MS,
  nextDelay,
  STALE_MAX_FACTOR,
  UNFOCUSED_FACTOR,
} from '../../src/core/poll/policy';
import { task } from './support/tasks';

const NOW = 1_000_000_000;
const base = { now: NOW, intervalMs: 10_000, focused: true, random: 0.5 };
const running = (over: Partial<WatchEntry> = {}): WatchEntry => ({ ...newEntry(task().id, NOW - 3_600_000), task: task(), lastChangeAt: NOW, ...over });
const err = (e: Partial<ApiError>): ApiError => ({ kind: 'server', message: 'x', ...e });

suite('polling policy', () => {
  test('a moving task is polled at the base interval', () => {
    assert.equal(nextDelay({ ...base, entry: running() }), 10_000);
  });

  test('the interval never goes below 5 s', () => {
    assert.equal(nextDelay({ ...base, intervalMs: 1_000, entry: running() }), MIN_INTERVAL_MS);
  });

  test('a task that stopped moving is polled less often, up to a cap, and fast again once it moves', () => {
    const d1 = nextDelay({ ...base, entry: running({ lastChangeAt: NOW - 90_000 }) });
    const d2 = nextDelay({ ...base, entry: running({ lastChangeAt: NOW - 180_000 }) });
    const dCap = nextDelay({ ...base, entry: running({ lastChangeAt: NOW - 3_600_000 }) });
    assert.ok(d1 > 10_000 && d2 > d1, `${d1} ${d2}`);
    assert.equal(dCap, 10_000 * STALE_MAX_FACTOR);
    assert.equal(nextDelay({ ...base, entry: running({ lastChangeAt: NOW }) }), 10_000);
  });

  test('slower while the window is unfocused', () => {
    assert.equal(nextDelay({ ...base, focused: false, entry: running() }), 10_000 * UNFOCUSED_FACTOR);
  });

  test('errors back off exponentially with jitter, up to 5 minutes', () => {
    const at = (n: number, random = 0.5) => nextDelay({ ...base, random, entry: running({ error: err({}), errorCount: n }) });
    assert.equal(at(1), 20_000);
    assert.equal(at(2), 40_000);
    assert.equal(at(3), 80_000);
    assert.equal(at(30), MAX_ERROR_BACKOFF_MS);
    assert.equal(at(1, 0), 16_000);
    assert.ok(at(1, 0.999) < 24_000 && at(1, 0.999) > 23_900);
  });

  test('429 honours Retry-After within [base, 1 h]', () => {
    const at = (retryAfterMs?: number, n = 1) =>
      nextDelay({ ...base, entry: running({ error: err({ kind: 'rate-limited', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }), errorCount: n }) });
    assert.equal(at(30_000), 30_000);
    assert.equal(at(1_000), 10_000);
    assert.equal(at(10 * 24 * 3600_000), MAX_RETRY_AFTER_MS);
    assert.equal(at(undefined, 1), 60_000);
    assert.equal(at(undefined, 2), 120_000);
    assert.equal(at(undefined, 10), 15 * 60_000);
  });
});
