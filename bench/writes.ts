/**
 * Bytes written to storage per hour with 50 watched tasks: version 0.1 (the whole watch list with every
 * task's snapshot, rewritten after every answer) against the shared folder (a task's snapshot when it
 * changed, the list when the user edits it, heartbeats that write no bytes).
 *
 * Both run the real Scheduler and TaskStore on a simulated clock against the fake Extruct model; the
 * shared folder is the real Coordinator writing real files in a temporary folder. 0.1's saver is
 * re-created here from its source: a save 500 ms after any answer (every answer changed `lastCheckedAt`),
 * encoding the whole list (format 2).
 *
 *   node out/bench/writes.mjs [--json out.json]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Result } from '../src/core/api/errors';
import type { Task } from '../src/core/api/types';
import { validateTask } from '../src/core/api/validate';
import type { WatchEntry } from '../src/core/model/watchEntry';
import { Scheduler } from '../src/core/poll/scheduler';
import { NodeFiles } from '../src/core/sync/files';
import { WindowSync } from '../src/core/sync/windowSync';
import { CountingFiles, type WriteCounts } from '../test/support/countingFiles';
import { TaskStore } from '../src/core/store/taskStore';
import { FakeModel } from '../test/fake-extruct/model';
import { prng, uuidFrom } from '../test/fake-extruct/rows';
import { SimClock } from './support/simClock';

const START = Date.UTC(2026, 2, 2, 9, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const TASKS = 50;
const LATENCY_MS = 300;
const SAVE_DELAY_MS = 500; // 0.1's WatchListSaver
const quiet = { info: () => undefined, warn: () => undefined };

/** 50 tasks that run through the whole hour (1.5–3 h long, a third of them stalling for a while). */
function workload(seed: number): { model: FakeModel; ids: string[] } {
  const rand = prng(seed);
  const model = new FakeModel({ now: () => START });
  const ids: string[] = [];
  for (let i = 0; i < TASKS; i++) {
    const id = uuidFrom(rand);
    ids.push(id);
    model.addTask({
      id,
      query: `Write benchmark task ${i}: software companies serving logistics operators`,
      createdAt: START - Math.round(rand() * 30 * MIN),
      durationMs: Math.round((90 + rand() * 90) * MIN),
      createdPhaseMs: 5_000,
      desiredNumResults: [50, 100, 250][i % 3] ?? 100,
      stalls: rand() < 0.33 ? [{ atFraction: 0.2 + rand() * 0.3, forMs: Math.round((5 + rand() * 15) * MIN) }] : [],
      excludeDomains: i % 5 === 0 ? Array.from({ length: 10 }, (_, k) => `excluded-${i}-${k}.com`) : [],
    });
  }
  return { model, ids };
}

/** A valid task at the API's own limits (validate.ts): about 14 MB as JSON. */
function hostile(t: Task): Task {
  return {
    ...t,
    query: 'q'.repeat(10_000),
    criteria: Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, name: 'n'.repeat(10_000), criterion: 'c'.repeat(10_000) })),
    exclude_domains: Array.from({ length: 1_000 }, (_, i) => `${'d'.repeat(9_990)}${i}.com`),
  };
}

/** 0.1's encoding of one entry (watchListCodec.ts, format 2), as it wrote it to globalState. */
function legacyEntryBytes(e: WatchEntry, lastCheckedAt: number | undefined): number {
  return JSON.stringify({
    id: e.id,
    addedAt: e.addedAt,
    ...(e.task ? { task: e.task } : {}),
    ...(lastCheckedAt !== undefined ? { lastCheckedAt } : {}),
    ...(e.lastChangeAt !== undefined ? { lastChangeAt: e.lastChangeAt } : {}),
    ...(e.stopped ? { stopped: e.stopped } : {}),
    ...(e.completedAt !== undefined ? { completedAt: e.completedAt } : {}),
    ...(e.unseen ? { unseen: true } : {}),
  }).length;
}

interface Run {
  readonly requests: number;
  readonly writes: number;
  readonly bytes: number;
  readonly detail?: Record<string, number>;
}

async function simulate(mode: 'v0.1' | 'shared', withHostile: boolean): Promise<Run> {
  const { model, ids } = workload(20261201);
  const clock = new SimClock(START);
  const store = new TaskStore();
  let requests = 0;
  const fetchTask = async (id: string): Promise<Result<Task>> => {
    requests++;
    const wire = model.snapshot(id, clock.now() + LATENCY_MS / 2);
    await clock.sleep(LATENCY_MS);
    const v = validateTask(wire);
    if (!v.ok) return { ok: false, error: { kind: 'malformed', message: v.reason } };
    return { ok: true, value: withHostile && id === ids[0] ? hostile(v.value) : v.value };
  };
  const scheduler = new Scheduler({ store, clock, fetchTask, intervalMs: () => 10_000, random: prng(7) });
  let writes = 0;
  let bytes = 0;
  let detail: Record<string, number> | undefined;
  let dir: string | undefined;
  let shared: WindowSync | undefined;
  let files: CountingFiles | undefined;
  if (mode === 'v0.1') {
    // The 0.1 saver: 500 ms after the first change, the whole list.
    let pending = false;
    let hostileBytes = 0;
    scheduler.onDidAnswer(() => {
      if (pending) return;
      pending = true;
      clock.setTimeout(() => {
        pending = false;
        writes++;
        let size = 20;
        for (const e of store.entries()) {
          // The hostile entry is 14 MB: measured once, then counted (stringifying it 700 times takes minutes).
          if (withHostile && e.id === ids[0] && e.task) size += (hostileBytes ||= legacyEntryBytes(e, 0)) + 1;
          else size += legacyEntryBytes(e, scheduler.pollInfo(e.id).lastCheckedAt) + 1;
        }
        bytes += size;
      }, SAVE_DELAY_MS);
    });
    store.add(ids, START);
    scheduler.start();
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-bench-writes-'));
    files = new CountingFiles(new NodeFiles('bench'));
    shared = new WindowSync({ dir, files, store, scheduler, clock, log: quiet, focused: true });
    await shared.start();
    shared.watch(ids);
  }
  const before: WriteCounts | undefined = files ? { ...files.written } : undefined;
  await clock.runUntil(START + HOUR);
  if (shared && files && before) {
    const w = files.written;
    detail = {
      list: w.list - before.list,
      journal: w.journal - before.journal,
      snapshots: w.snapshots - before.snapshots,
      presence: w.presence - before.presence,
      notices: w.notices - before.notices,
    };
    writes = w.writes - before.writes;
    bytes = Object.values(detail).reduce((a, b) => a + b, 0);
    shared.dispose();
  }
  scheduler.dispose();
  store.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  return { requests, writes, bytes, ...(detail ? { detail } : {}) };
}

const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(b < 10 * 1024 * 1024 ? 2 : 0)} MB`;

const results = {
  normal: { before: await simulate('v0.1', false), after: await simulate('shared', false) },
  hostile: { before: await simulate('v0.1', true), after: await simulate('shared', true) },
};
console.log(`Bytes written per hour, ${TASKS} watched tasks running all hour (base interval 10 s, focused window):\n`);
console.log('| workload | version | requests | writes | bytes written | ratio |');
console.log('|:--|:--|--:|--:|--:|--:|');
for (const [name, r] of Object.entries(results)) {
  const label = name === 'normal' ? '50 ordinary tasks' : '… one of them a valid 14 MB task';
  console.log(`| ${label} | 0.1 (whole list in globalState) | ${r.before.requests} | ${r.before.writes} | ${mb(r.before.bytes)} | 1 |`);
  console.log(
    `| ${label} | shared folder (changed snapshots) | ${r.after.requests} | ${r.after.writes} | ${mb(r.after.bytes)} | ${(r.after.bytes / r.before.bytes).toFixed(4)} |`,
  );
}
console.log(`\nShared folder, 50 ordinary tasks, by kind: ${JSON.stringify(results.normal.after.detail)}`);
const jsonAt = process.argv.indexOf('--json');
if (jsonAt >= 0 && process.argv[jsonAt + 1]) fs.writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify(results, null, 2));
