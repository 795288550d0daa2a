/**
 * Which VS Code windows are open, which one polls, and which one should show a notification.
 *
 * Every window keeps a small presence file (`windows/<startedAt>-<window>.json`) and touches it every
 * HEARTBEAT_MS. The poller is the oldest live window that holds a usable API token (the oldest of all
 * when none does): a lease held for as long as its heartbeat goes on, taken over by the next one within
 * PRESENCE_TTL_MS + HEARTBEAT_MS of its last beat (a window that closes removes its file, so the next
 * one takes over at its next scan).
 *
 * Liveness is judged on this window's monotonic clock: a window is alive while this window has seen
 * its file's timestamp change within the TTL (a file seen for the first time counts as just changed).
 * So a wall-clock jump in either direction neither kills a live window nor keeps a dead one alive, and no
 * file time is ever compared with a clock. A window whose process is gone (on this host: process.ts) is
 * dead at once, whatever its file says: a crashed window is taken over at the next look, and a file left
 * over from yesterday is not waited for.
 *
 * A window whose own heartbeat came late by more than the TTL (its extension host was blocked) must
 * assume the others gave up on it, and join again as a new, youngest window (lease.ts).
 */
import { parseJsonObject } from './jsonObject';
import type { ProcessInfo } from './process';

export interface PresenceRecord {
  readonly window: string;
  /** When the window joined (ms since epoch); the oldest live window polls. */
  readonly startedAt: number;
  /**
   * The window holds an API token it can use. VS Code for the web keeps a copy of the secrets per
   * window, read when the window loads, so a token set in one window may be missing or out of date in
   * another: only a window with a usable token should poll.
   */
  readonly token: boolean;
  readonly focused: boolean;
  /** When the window last gained focus (ms since epoch). */
  readonly focusedAt?: number;
  /** Its extension host's process, and the machine it runs on (absent in files of earlier builds). */
  readonly pid?: number;
  readonly host?: string;
}

export interface PresenceFile {
  readonly name: string;
  /** The file's modification time (ms since epoch): the heartbeat. */
  readonly mtimeMs: number;
  /** Undefined when the file could not be read (being replaced, or damaged). */
  readonly record?: PresenceRecord;
}

export const HEARTBEAT_MS = 2_000;
export const PRESENCE_TTL_MS = 6_000;
/** A presence file that has not changed for this long is deleted by whoever notices. */
const PRESENCE_GC_MS = 10 * 60_000;

export const presenceName = (r: Pick<PresenceRecord, 'startedAt' | 'window'>): string =>
  `${String(r.startedAt).padStart(15, '0')}-${r.window}`;

/** Oldest first; the window ID breaks ties. */
const compareAge = (a: PresenceRecord, b: PresenceRecord): number =>
  a.startedAt - b.startedAt || (a.window < b.window ? -1 : a.window > b.window ? 1 : 0);

interface Seen {
  mtimeMs: number;
  /** This window's monotonic time when the file last changed (or its estimate, on first sight). */
  changedAt: number;
  record?: PresenceRecord;
}

/** What one window knows of the others, from scans of the presence folder. No I/O, no timers. */
export class PresenceBoard {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly process: Pick<ProcessInfo, 'isAlive'> = { isAlive: () => true },
    private readonly ttlMs = PRESENCE_TTL_MS,
  ) {}

  /** Takes in a scan; `monoNow` is this window's monotonic clock. */
  update(files: readonly PresenceFile[], monoNow: number): void {
    const names = new Set<string>();
    for (const f of files) {
      names.add(f.name);
      const before = this.seen.get(f.name);
      if (!before) {
        this.seen.set(f.name, { mtimeMs: f.mtimeMs, changedAt: monoNow, ...(f.record ? { record: f.record } : {}) });
      } else {
        if (before.mtimeMs !== f.mtimeMs) {
          before.mtimeMs = f.mtimeMs;
          before.changedAt = monoNow;
        }
        if (f.record) before.record = f.record;
      }
    }
    for (const name of [...this.seen.keys()]) if (!names.has(name)) this.seen.delete(name);
  }

  /** The other windows that look alive now (self excluded by name). */
  alive(monoNow: number, selfName: string): PresenceRecord[] {
    const out: PresenceRecord[] = [];
    for (const [name, s] of this.seen) {
      if (name === selfName || !s.record) continue;
      if (monoNow - s.changedAt < this.ttlMs && this.processAlive(s.record)) out.push(s.record);
    }
    return out;
  }

  /** Whether a presence file of this window was seen (alive or not). */
  knows(window: string): boolean {
    for (const s of this.seen.values()) if (s.record?.window === window) return true;
    return false;
  }

  /** Files of windows long gone (unchanged for longer than `gcMs`), or whose process is gone. */
  stale(monoNow: number, selfName: string, gcMs = PRESENCE_GC_MS): string[] {
    return [...this.seen]
      .filter(
        ([name, s]) => name !== selfName && (monoNow - s.changedAt >= gcMs || (s.record !== undefined && !this.processAlive(s.record))),
      )
      .map(([name]) => name);
  }

  private processAlive(r: PresenceRecord): boolean {
    return r.pid === undefined || r.host === undefined || this.process.isAlive(r.pid, r.host);
  }
}

/** The window that polls: the oldest of those with a usable token, or the oldest of all when none has one. */
export function electPoller(self: PresenceRecord, others: readonly PresenceRecord[]): string {
  const all = [self, ...others];
  const holders = all.filter((r) => r.token);
  return (holders.length ? holders : all).reduce((best, r) => (compareAge(r, best) < 0 ? r : best)).window;
}

export function anyFocused(self: PresenceRecord, others: readonly PresenceRecord[]): boolean {
  return self.focused || others.some((o) => o.focused);
}

/**
 * Where a notification should appear: the focused window, else the one focused most recently, else
 * this one. Decided once, by the window that saw the change, so that exactly one window shows it.
 */
export function notificationTarget(self: PresenceRecord, others: readonly PresenceRecord[]): string {
  const all = [self, ...others];
  const focused = all.filter((r) => r.focused);
  const pool = focused.length ? focused : all;
  let best: PresenceRecord | undefined;
  for (const r of pool) {
    if (!best || (r.focusedAt ?? -1) > (best.focusedAt ?? -1)) best = r;
  }
  // Nobody was ever focused: this window.
  return best && best.focusedAt !== undefined ? best.window : self.window;
}

/** The window in front: the focused one, else the one focused last, else the oldest; undefined when none is open. */
export function frontWindow(windows: readonly PresenceRecord[]): string | undefined {
  const focused = windows.filter((r) => r.focused);
  const pool = focused.length ? focused : windows;
  let best: PresenceRecord | undefined;
  for (const r of pool) {
    if (
      !best ||
      (r.focusedAt ?? -1) > (best.focusedAt ?? -1) ||
      ((r.focusedAt ?? -1) === (best.focusedAt ?? -1) && compareAge(r, best) < 0)
    )
      best = r;
  }
  return best?.window;
}

export function decodePresence(text: string): PresenceRecord | undefined {
  const o = parseJsonObject(text);
  if (!o) return undefined;
  if (typeof o.window !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(o.window)) return undefined;
  if (typeof o.startedAt !== 'number' || !Number.isFinite(o.startedAt)) return undefined;
  const focusedAt = typeof o.focusedAt === 'number' && Number.isFinite(o.focusedAt) ? o.focusedAt : undefined;
  const process =
    typeof o.pid === 'number' && Number.isSafeInteger(o.pid) && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : {};
  return {
    window: o.window,
    startedAt: o.startedAt,
    token: o.token === true,
    focused: o.focused === true,
    ...(focusedAt !== undefined ? { focusedAt } : {}),
    ...process,
  };
}

export function encodePresence(r: PresenceRecord): string {
  return JSON.stringify(r);
}
