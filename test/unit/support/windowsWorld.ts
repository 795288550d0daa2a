/**
 * Several VS Code windows, simulated in one process: each window has its own store, scheduler, announcer
 * and shared state (WindowSync), as each extension host has; they share one folder on disk (a real
 * temporary folder) and one fake Extruct model. Time is simulated; the files are real. Each window is a
 * process of its own as far as the shared state can tell: a crash ends it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Result } from '../../../src/core/api/errors';
import type { Task } from '../../../src/core/api/types';
import { validateTask } from '../../../src/core/api/validate';
import { TokenPause, type TokenSource } from '../../../src/core/auth/tokenPause';
import { Announcer } from '../../../src/core/notify/announcer';
import { Scheduler } from '../../../src/core/poll/scheduler';
import { NodeFiles, type SyncFiles } from '../../../src/core/sync/files';
import type { Notice } from '../../../src/core/sync/message';
import type { ProcessInfo } from '../../../src/core/sync/process';
import { WindowSync } from '../../../src/core/sync/windowSync';
import { TaskStore } from '../../../src/core/store/taskStore';
import type { Clock } from '../../../src/core/util/clock';
import { Emitter } from '../../../src/core/util/emitter';
import { FakeModel } from '../../fake-extruct/index.js';
import { CountingFiles } from '../../support/countingFiles';
import { FakeClock } from './fakeClock';

export const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
export const BASE = 10_000;
export const MIN = 60_000;
export const LATENCY = 200;
const debug = process.env.EXTRUCT_DEBUG === '1';
export const quiet = {
  info: (m: string) => {
    if (debug) console.log(m);
  },
  warn: (m: string) => {
    if (debug) console.log('WARN', m);
  },
};

/**
 * A window's copy of the secrets as VS Code for the web keeps it: read when the window opens, changed
 * only by this window, never told of the others' changes.
 */
export class WebSecrets implements TokenSource {
  readonly sharedBetweenWindows = false;
  private readonly changed = new Emitter<string | undefined>();
  readonly onDidChange = this.changed.event;
  constructor(private value: string | undefined) {}
  get(): Promise<string | undefined> {
    return Promise.resolve(this.value);
  }
  async reload(): Promise<void> {}
  set(value: string | undefined): void {
    this.value = value;
    this.changed.fire(value);
  }
}

export interface Win {
  readonly name: string;
  readonly pause?: TokenPause;
  readonly secrets?: WebSecrets;
  readonly store: TaskStore;
  readonly scheduler: Scheduler;
  readonly shared: WindowSync;
  readonly files: CountingFiles;
  readonly notices: Notice[];
  /** Closes the window: VS Code disposes the extension's subscriptions. */
  close(): void;
  /** The extension host dies: no timer fires again, nothing is cleaned up, its process is gone. */
  crash(): void;
}

export class World {
  readonly clock = new FakeClock(T0);
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-windows-'));
  /**
   * The realistic mode: nulls, unknown fields, timestamps without an offset (test/fake-extruct). Its time
   * is the server's: it does not jump when this machine's clock does.
   */
  readonly model = new FakeModel({ now: () => this.clock.monotonic(), realistic: true });
  readonly requests: Array<{ window: string; id: string; at: number }> = [];
  private readonly open: Win[] = [];
  /** Each window is its own (simulated) process; `host` other than 'here': nobody can tell whether it lives. */
  private pids = 100;
  private readonly dead = new Set<number>();
  host = 'here';

  private process(): ProcessInfo {
    return { pid: ++this.pids, host: this.host, isAlive: (pid, host) => host !== 'here' || !this.dead.has(pid) };
  }

  /** Everything the windows logged, as `<window>: <message>` (warnings prefixed WARN). */
  readonly logs: string[] = [];

  /**
   * Opens a window (an extension host activating) and waits until it has read the shared state. `token`:
   * its copy of the secrets ('' for none; undefined: no token handling). `files`: faults injected.
   */
  async window(name: string, focused = false, token?: string, given?: SyncFiles): Promise<Win> {
    const base = this.clock;
    let crashed = false;
    // The window's own timers stop when its host crashes.
    const clock: Clock = {
      now: () => base.now(),
      monotonic: () => base.monotonic(),
      setTimeout: (fn, ms) => base.setTimeout(() => crashed || fn(), ms),
      clearTimeout: (h) => base.clearTimeout(h),
    };
    const store = new TaskStore();
    const fetchTask = async (id: string): Promise<Result<Task>> => {
      this.requests.push({ window: name, id, at: base.now() });
      await new Promise<void>((r) => clock.setTimeout(r, LATENCY));
      const wire = this.model.wireTask(id);
      if (!wire) return { ok: false, error: { kind: 'not-found', status: 404, message: 'HTTP 404' } };
      const v = validateTask(wire);
      return v.ok ? { ok: true, value: v.value } : { ok: false, error: { kind: 'malformed', message: v.reason } };
    };
    const scheduler = new Scheduler({ store, clock, fetchTask, intervalMs: () => BASE, random: () => 0.5 });
    const files = new CountingFiles(given ?? new NodeFiles(name));
    const proc = this.process();
    const log = {
      info: (m: string) => {
        this.logs.push(`${name}: ${m}`);
        quiet.info(m);
      },
      warn: (m: string) => {
        this.logs.push(`${name}: WARN ${m}`);
        quiet.warn(m);
      },
    };
    const shared = new WindowSync({ dir: this.dir, files, process: proc, store, scheduler, clock, log, window: name, focused });
    const notices: Notice[] = [];
    shared.onNotice((n) => notices.push(n));
    const announcer = new Announcer({ store, clock, level: () => 'all', log: quiet, route: (n) => shared.notify(n) });
    await shared.start();
    let secrets: WebSecrets | undefined;
    let pause: TokenPause | undefined;
    if (token !== undefined) {
      secrets = new WebSecrets(token || undefined);
      const user = {
        getUser: () =>
          Promise.resolve({
            ok: true as const,
            value: { user_id: 'u', email: 'u@example.com', available_credits: null, organization_name: null },
          }),
      };
      pause = new TokenPause(store, secrets, user, shared, quiet);
      await pause.start();
    }
    const win: Win = {
      name,
      ...(pause ? { pause } : {}),
      ...(secrets ? { secrets } : {}),
      store,
      scheduler,
      shared,
      files,
      notices,
      close: () => {
        pause?.dispose();
        announcer.dispose();
        shared.dispose();
        scheduler.dispose();
        store.dispose();
        this.open.splice(this.open.indexOf(win), 1);
      },
      crash: () => {
        crashed = true;
        this.dead.add(proc.pid);
        this.open.splice(this.open.indexOf(win), 1);
      },
    };
    this.open.push(win);
    return win;
  }

  task(minutes: number, query = 'A task'): string {
    return this.model.addTask({ query, durationMs: minutes * MIN, createdPhaseMs: 0 });
  }

  advance(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }

  count(filter: { window?: string; id?: string } = {}): number {
    return this.requests.filter((r) => (!filter.window || r.window === filter.window) && (!filter.id || r.id === filter.id)).length;
  }

  dispose(): void {
    for (const w of [...this.open]) w.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export const ids = (w: Win): string[] => w.store.entries().map((e) => e.id);
