// Several windows editing the shared watch list at once, as separate processes on one folder, then all
// quitting (or dying) together: not one edit may be lost (src/core/sync/). Each run counts; nothing is
// timed. The windows are real processes (support/stressWindow.ts) running the real WindowSync on the real
// clock; a fresh window opened afterwards must see exactly what each of them ended up with.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Scheduler } from '../../src/core/poll/scheduler';
import { TaskStore } from '../../src/core/store/taskStore';
import { decodeList, watchedIds } from '../../src/core/sync/watchList';
import { WindowSync } from '../../src/core/sync/windowSync';
import { systemClock } from '../../src/core/util/clock';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'stressWindow.mjs');
const WINDOWS = 4;
const EDITS = 150;
const IDS_PER_WINDOW = 12;

type State = 'watched' | 'muted' | 'not watched';
interface Run {
  readonly seed: number;
  /** A lock file found at the start: left by a process that is gone, or dated an hour ahead. */
  readonly plant?: 'stale' | 'future';
  /** How the windows end: closed (VS Code disposes the extension) or killed. */
  readonly ending: 'quit' | 'crash';
}

const taskId = (w: number, i: number): string => `00000000-0000-4000-8000-${(w * 1000 + i).toString(16).padStart(12, '0')}`;

/** A pid that no process has now: the pid of a process that just ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A failed run's folder, kept in test-results/stress/ with what went missing, for whoever looks into it. */
function keepForInspection(dir: string, run: Run, lines: string[]): void {
  const to = path.join(process.cwd(), 'test-results', 'stress', `seed-${run.seed}-${Date.now()}`);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(dir, to, { recursive: true });
  fs.writeFileSync(path.join(to, 'MISSING.txt'), `${lines.join('\n')}\n`);
}

/** Runs the windows; returns how many of their final states a new window does not see, and list.json's. */
async function stress(run: Run): Promise<{ lost: number; lostInFile: number; checked: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-stress-'));
  try {
    if (run.plant) {
      fs.writeFileSync(
        path.join(dir, 'list.lock'),
        JSON.stringify({
          window: 'ghost',
          pid: run.plant === 'stale' ? deadPid() : process.pid,
          host: os.hostname(),
          nonce: 'ghost.1',
          at: Date.now() + (run.plant === 'future' ? 3_600_000 : 0),
        }),
      );
    }
    const go = path.join(dir, 'go');
    const children = Array.from({ length: WINDOWS }, (_, w) => {
      const ids = Array.from({ length: IDS_PER_WINDOW }, (_, i) => taskId(w, i)).join(',');
      const args = [
        WORKER,
        dir,
        `w${w}`,
        String(run.seed * 100 + w),
        String(EDITS),
        ids,
        go,
        path.join(dir, `result-${w}.json`),
        run.ending,
      ];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      return { child, done: exited(child), err: () => err };
    });
    // Start together: once every window has joined (its presence file is there).
    const joined = (): number => {
      try {
        return fs.readdirSync(path.join(dir, 'windows')).filter((n) => n.endsWith('.json')).length;
      } catch {
        return 0; // not made yet
      }
    };
    await until(() => joined() >= WINDOWS, 'every window joined');
    fs.writeFileSync(go, '');
    const codes = await Promise.all(children.map((c) => c.done));
    codes.forEach((code, w) => assert.equal(code, 0, `window ${w} failed: ${children[w]!.err()}`));

    // What each window ended up with, for its own tasks.
    const expected = new Map<string, State>();
    for (let w = 0; w < WINDOWS; w++) {
      for (const [id, state] of Object.entries(
        JSON.parse(fs.readFileSync(path.join(dir, `result-${w}.json`), 'utf8')) as Record<string, State>,
      ))
        expected.set(id, state);
    }
    // A new window opens on the folder.
    const store = new TaskStore();
    const scheduler = new Scheduler({
      store,
      clock: systemClock,
      fetchTask: () => Promise.resolve({ ok: false, error: { kind: 'network', message: 'offline' } }),
      intervalMs: () => 3_600_000,
    });
    const quiet = { info: () => undefined, warn: () => undefined };
    const fresh = new WindowSync({ dir, store, scheduler, clock: systemClock, log: quiet, window: 'verifier' });
    await fresh.start();
    await fresh.settled();
    const seen = (id: string): State => (store.has(id) ? (store.get(id)?.muted ? 'muted' : 'watched') : 'not watched');
    const missing = [...expected].filter(([id, state]) => seen(id) !== state);
    const lost = missing.length;
    if (lost)
      keepForInspection(
        dir,
        run,
        missing.map(([id, state]) => `${id}: expected ${state}, a new window sees ${seen(id)}`),
      );
    fresh.dispose();
    scheduler.dispose();
    // And list.json itself, once the new window wrote what it merged.
    const list = decodeList(JSON.parse(fs.readFileSync(path.join(dir, 'list.json'), 'utf8'))).list;
    const watched = new Set(watchedIds(list));
    const inFile = (id: string): State => (watched.has(id) ? (list.tasks.get(id)?.muted?.value ? 'muted' : 'watched') : 'not watched');
    const lostInFile = [...expected].filter(([id, state]) => inFile(id) !== state).length;
    return { lost, lostInFile, checked: expected.size };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

suite('shared state under stress: 4 processes, 150 edits each, ending together', function () {
  this.timeout(60_000);
  const runs: Run[] = [
    { seed: 1, ending: 'quit' },
    { seed: 2, ending: 'quit' },
    { seed: 3, ending: 'quit', plant: 'stale' },
    { seed: 4, ending: 'quit', plant: 'future' },
    { seed: 5, ending: 'crash' },
    { seed: 6, ending: 'crash', plant: 'stale' },
  ];
  for (const run of runs) {
    test(`seed ${run.seed}, ${run.ending === 'quit' ? 'closing' : 'killed'} together${run.plant ? `, a ${run.plant === 'stale' ? 'stale' : 'future-dated'} lock planted` : ''}: no edit lost`, async () => {
      const r = await stress(run);
      assert.equal(r.checked, WINDOWS * IDS_PER_WINDOW);
      assert.equal(r.lost, 0, `${r.lost} of ${r.checked} tasks do not show their last edit in a new window`);
      assert.equal(r.lostInFile, 0, `${r.lostInFile} of ${r.checked} tasks do not show their last edit in list.json`);
    });
  }
});
