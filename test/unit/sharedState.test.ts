// A task's shared fields, declared once (src/core/model/sharedState.ts): this test walks the table, so a
// field added there without being compared, written, read and taken in by the store fails here.
import assert from 'node:assert/strict';
import {
  decodeSharedState,
  encodeSharedState,
  SHARED_FIELDS,
  SHARED_KEYS,
  type SharedState,
  sameSharedState,
  sharedStateOf,
  withoutSharedState,
} from '../../src/core/model/sharedState';
import { validateTask } from '../../src/core/api/validate';
import type { Task } from '../../src/core/api/types';
import { newEntry } from '../../src/core/model/watchEntry';
import { TaskStore } from '../../src/core/store/taskStore';
import { decodeSnapshot, encodeSnapshot, snapshotOf } from '../../src/core/sync/snapshot';
import { ID1, task } from './support/tasks';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
/** A task as the client has it: validated, so built field by field in the validator's order. */
function valid(t: Task): Task {
  const v = validateTask(t);
  assert.ok(v.ok);
  return v.value;
}

/** Two different values of each field (a task needs the answer behind "complete"). */
const SAMPLES: { readonly [K in keyof SharedState]-?: [NonNullable<SharedState[K]>, NonNullable<SharedState[K]>] } = {
  task: [valid(task({ status: 'done' })), valid(task({ status: 'done', num_results: 99 }))],
  error: [
    { kind: 'server', status: 502, message: 'HTTP 502' },
    { kind: 'network', message: 'offline', detail: 'ECONNRESET' },
  ],
  stopped: ['complete', 'plan'],
  completedAt: [T0, T0 + 1],
  lastChangeAt: [T0 - 5, T0 - 4],
  stalled: [true, true],
  resumedAt: [T0 - 60_000, T0 - 30_000],
  resumedFrom: [37, 40],
};

const full = (i: 0 | 1): SharedState => Object.fromEntries(SHARED_KEYS.map((k) => [k, SAMPLES[k][i]]));

suite('shared task fields, declared once', () => {
  test('the table and this test name the same fields', () => {
    assert.deepEqual([...SHARED_KEYS].sort(), Object.keys(SAMPLES).sort());
    assert.deepEqual(Object.keys(SHARED_FIELDS).sort(), Object.keys(SAMPLES).sort());
  });

  test('every field survives the snapshot file', () => {
    const state = full(0);
    const back = decodeSharedState(JSON.parse(JSON.stringify(encodeSharedState(state))) as Record<string, unknown>);
    assert.ok(sameSharedState(back, state));
    const snap = decodeSnapshot(ID1, encodeSnapshot(ID1, snapshotOf(state, { t: T0, c: 0, w: 'w' }, T0)))?.snapshot;
    for (const k of SHARED_KEYS) assert.ok(snap?.[k] !== undefined, `${k} is in the snapshot`);
  });

  test('a change of any one field is a change to share; nothing else is', () => {
    const base = full(0);
    for (const k of SHARED_KEYS) {
      if (k === 'stalled') continue; // one value only: present or not
      const changed = { ...base, [k]: SAMPLES[k][1] };
      assert.equal(sameSharedState(base, changed), false, `a new ${k}`);
    }
    const { stalled: _s, ...withoutStalled } = base;
    assert.equal(sameSharedState(base, withoutStalled), false, 'stalled no more');
    assert.ok(
      sameSharedState(base, { ...base, task: { ...SAMPLES.task[0], extra: { updated_at: 'now' } } }),
      'an undocumented field alone is not',
    );
  });

  test('an entry shares exactly the table; without them only its own fields stay', () => {
    const entry = { ...newEntry(ID1, T0), ...full(0) };
    assert.deepEqual(Object.keys(sharedStateOf(entry)).sort(), [...SHARED_KEYS].sort());
    assert.deepEqual(Object.keys(withoutSharedState(entry)).sort(), ['addedAt', 'id', 'muted', 'unseen']);
  });

  test('the store takes in every field from another window', () => {
    const store = new TaskStore();
    store.add([ID1], T0, 'shared');
    for (const i of [0, 1] as const) {
      store.applyShared(ID1, full(i));
      const e = store.get(ID1)!;
      for (const k of SHARED_KEYS) assert.deepEqual(e[k], full(i)[k], `${k} from snapshot ${i}`);
    }
    store.dispose();
  });
});
