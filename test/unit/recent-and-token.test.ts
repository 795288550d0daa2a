// What a user pastes as a token, and the "recent tasks" of Watch Task (the list's order is undocumented).
import assert from 'node:assert/strict';
import type { Task } from '../../src/core/api/types';
import { couldNotCheck, normalizeToken } from '../../src/core/input/token';
import { newestFirst, recentTasks } from '../../src/core/model/order';
import { task } from './support/tasks';

const at = (i: number, created: string | null): Task => ({
  ...task(),
  id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
  created_at: created,
});

suite('token entry', () => {
  test('a pasted "Bearer " prefix, quotes, spaces and line breaks are removed', () => {
    for (const raw of ['tok_123', '  tok_123\n', 'Bearer tok_123', 'bearer   tok_123 ', '"tok_123"', "'Bearer tok_123'", 'tok_\n123']) {
      assert.equal(normalizeToken(raw), 'tok_123', JSON.stringify(raw));
    }
  });

  test('a token that could not be checked is not known to be wrong', () => {
    for (const kind of ['network', 'timeout', 'server', 'rate-limited']) assert.equal(couldNotCheck(kind), true);
    for (const kind of ['auth', 'plan', 'malformed']) assert.equal(couldNotCheck(kind), false);
  });
});

suite('recent tasks', () => {
  test('newest first by created_at, whatever order the list came in; undated ones last', () => {
    const tasks = [at(1, '2026-11-01T10:00:00.000Z'), at(2, null), at(3, '2026-11-03T10:00:00.000Z'), at(4, '2026-11-02T10:00:00.000Z')];
    assert.deepEqual(
      newestFirst(tasks).map((t) => t.id.slice(7, 8)),
      ['3', '4', '1', '2'],
    );
  });

  test('pages through a list that caps pages and is shuffled, and keeps the newest', async () => {
    const all = Array.from({ length: 120 }, (_, i) => at(i, new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString()));
    const shuffled = [...all].sort(
      (a, b) => ((a.id.charCodeAt(6) * 31 + a.id.charCodeAt(7)) % 17) - ((b.id.charCodeAt(6) * 31 + b.id.charCodeAt(7)) % 17),
    );
    const asked: number[] = [];
    const r = await recentTasks(({ offset, limit }) => {
      asked.push(offset);
      return Promise.resolve({ ok: true as const, value: shuffled.slice(offset, offset + Math.min(limit, 30)) }); // a server that gives 30 at most
    }, 10);
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((t) => t.id),
      all
        .slice(-10)
        .reverse()
        .map((t) => t.id),
    );
    assert.deepEqual(asked, [0, 30, 60, 90, 120], 'advancing by what each page held, until an empty one');
  });

  test('an error on a later page keeps what was read; on the first, it is the answer', async () => {
    const first = await recentTasks(() => Promise.resolve({ ok: false as const, error: 'down' }), 10);
    assert.deepEqual(first, { ok: false, error: 'down' });
    let n = 0;
    const later = await recentTasks(
      () => Promise.resolve(n++ === 0 ? { ok: true as const, value: [at(1, null)] } : { ok: false as const, error: 'down' }),
      10,
    );
    assert.ok(later.ok);
    assert.equal(later.value.length, 1);
  });
});
