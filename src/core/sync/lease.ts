/**
 * This window's place among the open windows: its presence file (presence.ts), the heartbeat that keeps
 * it alive, and whether it is the one that polls.
 *
 *  - Joining writes the presence file; every HEARTBEAT_MS its time is set again (no bytes written).
 *  - The oldest live window with a usable token polls; a window that has just joined claims polling only
 *    at its second look, so that two windows joining at once have seen each other first.
 *  - A window that was blocked for longer than the others wait (its heartbeat stopped) joins again as
 *    the youngest, so that polling does not end up in two places.
 *  - A window that cannot write its presence file (the folder deleted and not recreatable, a read-only
 *    disk) for PRESENCE_TTL_MS polls on its own and says so once: better two windows polling than none.
 *    Once it can write again, it joins again as the youngest.
 */
import type { Clock } from '../util/clock';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import type { SyncFiles } from './files';
import type { SyncLayout } from './layout';
import type { SyncLog } from './listReplica';
import {
  anyFocused,
  decodePresence,
  electPoller,
  encodePresence,
  HEARTBEAT_MS,
  notificationTarget,
  PRESENCE_TTL_MS,
  PresenceBoard,
  type PresenceFile,
  type PresenceRecord,
  presenceName,
} from './presence';
import type { ProcessInfo } from './process';

export type Liveness = 'alive' | 'gone' | 'unknown';

/** How often the window looks at the shared folder. */
export const SCAN_MS = 1_000;

export interface LeaseOptions {
  readonly files: SyncFiles;
  readonly layout: SyncLayout;
  readonly clock: Clock;
  readonly window: string;
  readonly process: ProcessInfo;
  readonly log: SyncLog;
  readonly focused: boolean;
}

/** Every presence file in the folder: its name, time and record. */
export function readPresenceFiles(files: SyncFiles, layout: SyncLayout): PresenceFile[] {
  const out: PresenceFile[] = [];
  for (const file of files.list(layout.windowsDir) ?? []) {
    if (!file.endsWith('.json')) continue;
    const name = file.slice(0, -'.json'.length);
    const path = layout.presence(name);
    const sig = files.stat(path);
    if (!sig) continue;
    const text = files.read(path);
    const record = text === undefined ? undefined : decodePresence(text);
    out.push({ name, mtimeMs: sig.mtimeMs, ...(record ? { record } : {}) });
  }
  return out;
}

export class PresenceLease implements Disposable {
  private self: PresenceRecord;
  private name: string;
  private readonly board: PresenceBoard;
  private alive: PresenceRecord[] = [];
  private aliveKey = '';
  private joinedAt = -Infinity;
  private lastAttempt = -Infinity;
  private lastMtime = 0;
  /** Since when (monotonic) this window's presence cannot be written. */
  private failingSince: number | undefined;
  private solo = false;
  private poller = false;
  private readonly roleEmitter = new Emitter<boolean>();
  private readonly windowsEmitter = new Emitter<void>();

  /** This window became the poller (true) or stopped being it (false). */
  readonly onDidChangeRole: Event<boolean> = this.roleEmitter.event;
  /** The other windows changed: one opened or closed, or its token or focus changed. */
  readonly onDidChangeWindows: Event<void> = this.windowsEmitter.event;

  constructor(private readonly o: LeaseOptions) {
    const now = o.clock.now();
    this.self = {
      window: o.window,
      startedAt: now,
      token: false,
      focused: o.focused,
      ...(o.focused ? { focusedAt: now } : {}),
      pid: o.process.pid,
      host: o.process.host,
    };
    this.name = presenceName(this.self);
    this.board = new PresenceBoard(o.process);
  }

  get isPoller(): boolean {
    return this.poller;
  }

  /** The other windows that are alive. */
  get others(): readonly PresenceRecord[] {
    return this.alive;
  }

  get anyFocused(): boolean {
    return anyFocused(this.self, this.alive);
  }

  /** Whether this window, or another open one, has this ID. */
  isAlive(window: string): boolean {
    return this.liveness(window) === 'alive';
  }

  /**
   * What this window knows of another by its ID: alive; gone (its presence file was seen, and its process
   * is gone or its heartbeat stopped); or unknown (no presence file seen: not joined yet, or long gone, or
   * no window at all, like the MCP server).
   */
  liveness(window: string): Liveness {
    if (window === this.o.window || this.alive.some((r) => r.window === window)) return 'alive';
    return this.board.knows(window) ? 'gone' : 'unknown';
  }

  /** The window that polls (this one's view of it). */
  pollerWindow(): string {
    return this.poller ? this.o.window : electPoller(this.self, this.alive);
  }

  /** The window that should show a notification now. */
  notificationTarget(): string {
    return notificationTarget(this.self, this.alive);
  }

  /**
   * Joins the windows as the youngest: later than every open window, whatever the clock says (a window
   * that joined while the clock was ahead is still older), then writes the presence file.
   */
  join(): void {
    this.joinedAt = this.o.clock.monotonic(); // not settled: polling is claimed at a later look
    this.scan();
    const startedAt = Math.max(this.o.clock.now(), ...this.alive.map((r) => r.startedAt + 1));
    const old = this.name;
    this.self = { ...this.self, startedAt };
    this.name = presenceName(this.self);
    if (old !== this.name) this.o.files.remove(this.o.layout.presence(old));
    this.writePresence();
  }

  /** One look: the heartbeat when due, the others, the election. */
  tick(): void {
    const mono = this.o.clock.monotonic();
    if (mono - this.lastAttempt > PRESENCE_TTL_MS && this.lastAttempt !== -Infinity && !this.solo) {
      // Silent for longer than the others wait: they may have taken over.
      this.o.log.info('This window was unresponsive for a while; it joins the other windows again.');
      this.join();
      return;
    }
    if (mono - this.lastAttempt >= HEARTBEAT_MS) this.heartbeat();
    this.scan();
  }

  setToken(token: boolean): void {
    if (this.self.token === token) return;
    this.self = { ...this.self, token };
    this.writePresence();
    this.elect();
  }

  setFocused(focused: boolean): void {
    if (this.self.focused === focused) return;
    this.self = { ...this.self, focused, ...(focused ? { focusedAt: this.o.clock.now() } : {}) };
    this.writePresence();
  }

  /** Files of windows long gone: removed by whoever notices. */
  removeStale(): void {
    for (const name of this.board.stale(this.o.clock.monotonic(), this.name)) this.o.files.remove(this.o.layout.presence(name));
  }

  /** Leaves the windows (closing): the next one takes over at its next look. */
  leave(): void {
    this.o.files.remove(this.o.layout.presence(this.name));
    this.setPoller(false);
  }

  dispose(): void {
    this.roleEmitter.dispose();
    this.windowsEmitter.dispose();
  }

  // ---- the presence file

  private heartbeat(): void {
    this.lastAttempt = this.o.clock.monotonic();
    this.lastMtime = Math.max(this.o.clock.now(), this.lastMtime + 1);
    if (this.o.files.touch(this.o.layout.presence(this.name), this.lastMtime)) this.beat();
    else this.writePresence(); // removed by someone, or the folder is gone: write it again
  }

  private writePresence(): void {
    this.lastAttempt = this.o.clock.monotonic();
    const file = this.o.layout.presence(this.name);
    const text = encodePresence(this.self);
    try {
      this.o.files.write(file, text);
    } catch {
      try {
        for (const d of this.o.layout.folders) this.o.files.mkdir(d);
        this.o.files.write(file, text);
      } catch (e) {
        this.presenceFailed(e);
        return;
      }
    }
    this.beat();
  }

  private beat(): void {
    if (this.failingSince === undefined) return;
    this.failingSince = undefined;
    if (this.solo) {
      this.solo = false;
      this.o.log.info('The shared folder can be written again: this window rejoins the other windows.');
      this.join();
    }
  }

  private presenceFailed(e: unknown): void {
    const mono = this.o.clock.monotonic();
    if (this.failingSince === undefined) {
      this.failingSince = mono;
      this.o.log.warn(`Could not write this window's presence in ${this.o.layout.dir} (${e instanceof Error ? e.message : String(e)}).`);
    }
    if (!this.solo && mono - this.failingSince >= PRESENCE_TTL_MS) {
      this.solo = true;
      this.o.log.warn(
        `The shared folder ${this.o.layout.dir} cannot be used, so the other VS Code windows cannot see this one: it checks the watched tasks on its own until the folder works again.`,
      );
    }
  }

  // ---- the others

  private scan(): void {
    const mono = this.o.clock.monotonic();
    this.board.update(readPresenceFiles(this.o.files, this.o.layout), mono);
    this.alive = this.board.alive(mono, this.name).filter((r) => r.window !== this.o.window);
    this.elect();
    const key = JSON.stringify(this.alive.map((r) => [r.window, r.token, r.focused]));
    if (key !== this.aliveKey) {
      this.aliveKey = key;
      this.windowsEmitter.fire();
    }
  }

  private elect(): void {
    const settled = this.o.clock.monotonic() - this.joinedAt >= SCAN_MS;
    this.setPoller(this.solo || (settled && electPoller(this.self, this.alive) === this.o.window));
  }

  private setPoller(poller: boolean): void {
    if (this.poller === poller) return;
    this.poller = poller;
    this.roleEmitter.fire(poller);
  }
}
