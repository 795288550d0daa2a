/**
 * One "window" of the multi-process stress test (test/unit/stress.test.ts), in a process of its own: the
 * real shared state (WindowSync) on the real clock and real files, as an extension host runs it.
 *
 *   node out/test/unit/support/stressWindow.mjs <dir> <window> <seed> <edits> <ids> <go-file> <result-file> <quit|crash>
 *
 * It joins, waits until <go-file> exists (so that all start together), makes <edits> edits (watch, stop,
 * mute, unmute) on its own task IDs as fast as it can, letting the event loop turn between edits, writes
 * what it ended up with to <result-file>, and then either quits as VS Code closes a window (`quit`:
 * dispose, which saves what is pending) or dies without a word (`crash`: no dispose).
 */
import * as fs from 'node:fs';
import type { Result } from '../../../src/core/api/errors';
import type { Task } from '../../../src/core/api/types';
import { Scheduler } from '../../../src/core/poll/scheduler';
import { TaskStore } from '../../../src/core/store/taskStore';
import { WindowSync } from '../../../src/core/sync/windowSync';
import { systemClock } from '../../../src/core/util/clock';
import { prng } from '../../fake-extruct/rows';

const [dir, window, seedText, editsText, idsText, goFile, resultFile, ending] = process.argv.slice(2);
if (!dir || !window || !seedText || !editsText || !idsText || !goFile || !resultFile || !ending) {
  console.error('usage: stressWindow <dir> <window> <seed> <edits> <ids> <go-file> <result-file> <quit|crash>');
  process.exit(2);
}

const quiet = { info: () => undefined, warn: (m: string) => process.stderr.write(`${window}: ${m}\n`) };
const ids = idsText.split(',');
const random = prng(Number(seedText));
const store = new TaskStore();
// This window never polls for real: every check answers "offline" after a moment.
const offline = (): Promise<Result<Task>> =>
  new Promise((resolve) => setTimeout(() => resolve({ ok: false, error: { kind: 'network', message: 'offline' } }), 50));
const scheduler = new Scheduler({ store, clock: systemClock, fetchTask: offline, intervalMs: () => 3_600_000 });
const shared = new WindowSync({ dir, store, scheduler, clock: systemClock, log: quiet, window });

await shared.start();
while (!fs.existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));

/** Each task's last edit here, with when it was made (for a failed run's inspection). */
const last: Record<string, string> = {};
for (let i = 0; i < Number(editsText); i++) {
  const id = ids[Math.floor(random() * ids.length)]!;
  const e = store.get(id);
  const roll = random();
  if (!e) shared.watch([id]);
  else if (roll < 0.35) shared.unwatch([id]);
  else shared.setMuted([id], !e.muted);
  last[id] = `${!e ? 'watch' : roll < 0.35 ? 'unwatch' : e.muted ? 'unmute' : 'mute'} #${i} at ${Date.now()}`;
  await new Promise((r) => setImmediate(r));
}
fs.writeFileSync(`${resultFile}.last`, JSON.stringify(last, null, 1));

// What this window ended up with, for its own tasks: every edit it made is in there (its last one wins).
const final = Object.fromEntries(ids.map((id) => [id, store.has(id) ? (store.get(id)?.muted ? 'muted' : 'watched') : 'not watched']));
fs.writeFileSync(resultFile, JSON.stringify(final));
if (ending === 'quit') {
  shared.dispose();
  scheduler.dispose();
}
process.exit(0);
