/**
 * The lock on list.json: held for the few milliseconds of a read-merge-write, so that two windows never
 * write the list from copies that miss each other's edits. It is a small file created only if nothing is
 * at its path, naming its holder (window, process, host) with a one-off nonce.
 *
 * A lock is broken by liveness, not by age: it is stale when its holder's process no longer exists (on
 * this host), when the time written in it is implausible (further than LOCK_HOLD_MAX_MS in the past or
 * in the future: no write takes that long, and a clock that jumped makes it wrong anyway), or when this
 * window has watched the very same lock stay for LOCK_HOLD_MAX_MS on its own monotonic clock (a holder
 * on another machine, or anything unreadable at that path: the folder that earlier builds used as the lock, a damaged file).
 *
 * A stale lock is moved aside under a unique name, never deleted at its path: if the lock moved turns
 * out to be another one (someone broke the stale one and took the lock meanwhile), it is put back. A
 * holder checks that the lock is still its own just before it writes (`holds`), and releases it the same
 * careful way. Without the lock nothing is written: the caller waits briefly, then tries again later.
 */
import type { Clock } from '../util/clock';
import { errorCode, type SyncFiles } from './files';
import type { ProcessInfo } from './process';

export interface LockHolder {
  readonly window: string;
  readonly pid: number;
  readonly host: string;
  readonly nonce: string;
  /** The holder's wall clock when it took the lock. */
  readonly at: number;
}

export interface LockHandle {
  /** The lock is still this one (nobody broke it): check just before writing. */
  holds(): boolean;
  release(): void;
}

export interface LockLog {
  info(message: string): void;
  warn(message: string): void;
}

/** No write holds the lock this long. */
export const LOCK_HOLD_MAX_MS = 5_000;
/** How long `acquire` waits by default before the caller tries again later. */
const LOCK_WAIT_MS = 2_000;

interface Found {
  /** Tells this lock from any other: its nonce, or the file's identity when it cannot be read. */
  readonly key: string;
  readonly text: string | undefined;
  readonly holder?: LockHolder;
}

export function decodeHolder(text: string | undefined): LockHolder | undefined {
  if (text === undefined) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null) return undefined;
  const { window, pid, host, nonce, at } = o as Record<string, unknown>;
  if (typeof window !== 'string' || typeof host !== 'string' || typeof nonce !== 'string') return undefined;
  if (typeof pid !== 'number' || typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  return { window, pid, host, nonce, at };
}

export class ListLock {
  private counter = 0;
  /** The lock this window last found held, and since when (monotonic). */
  private seen: { key: string; since: number } | undefined;

  constructor(
    private readonly o: {
      readonly files: SyncFiles;
      readonly path: string;
      readonly window: string;
      readonly process: ProcessInfo;
      readonly clock: Clock;
      readonly log: LockLog;
    },
  ) {}

  /** One attempt, breaking a stale lock on the way. Throws when the folder cannot be written. */
  tryAcquire(): LockHandle | undefined {
    for (let attempt = 0; attempt < 3; attempt++) {
      const nonce = `${this.o.window}.${this.o.process.pid}.${++this.counter}`;
      const holder: LockHolder = {
        window: this.o.window,
        pid: this.o.process.pid,
        host: this.o.process.host,
        nonce,
        at: this.o.clock.now(),
      };
      const text = JSON.stringify(holder);
      if (this.o.files.create(this.o.path, text)) {
        this.seen = undefined;
        return this.handle(nonce);
      }
      const found = this.inspect(this.o.path);
      if (!found) continue; // released meanwhile
      const why = this.staleness(found);
      if (!why) return undefined;
      this.breakLock(found, why);
    }
    return undefined;
  }

  /** Tries for up to `waitMs` (monotonic), pausing between attempts. */
  async acquire(waitMs = LOCK_WAIT_MS): Promise<LockHandle | undefined> {
    const end = this.o.clock.monotonic() + waitMs;
    for (let attempt = 0; ; attempt++) {
      const handle = this.tryAcquire();
      if (handle) return handle;
      if (this.o.clock.monotonic() >= end) return undefined;
      await new Promise<void>((resolve) => this.o.clock.setTimeout(resolve, 2 + Math.min(40, attempt * 4)));
    }
  }

  /** For a closing window, which gets no time for async work: `attempts` tries, 5 ms apart (real time). */
  acquireSync(attempts: number): LockHandle | undefined {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    for (let i = 0; i < attempts; i++) {
      const handle = this.tryAcquire();
      if (handle) return handle;
      Atomics.wait(cell, 0, 0, 5);
    }
    return undefined;
  }

  private handle(nonce: string): LockHandle {
    let released = false;
    return {
      holds: () => !released && decodeHolder(this.o.files.read(this.o.path))?.nonce === nonce,
      release: () => {
        if (released) return;
        released = true;
        this.takeIf(`n:${nonce}`, 'its holder released it');
      },
    };
  }

  private inspect(file: string): Found | undefined {
    const sig = this.o.files.stat(file);
    if (!sig) return undefined;
    const text = sig.dir ? undefined : this.o.files.read(file);
    const holder = decodeHolder(text);
    return {
      key: holder ? `n:${holder.nonce}` : `f:${sig.ino}:${sig.mtimeMs}:${sig.size}:${sig.dir}`,
      text,
      ...(holder ? { holder } : {}),
    };
  }

  /** Why the lock found is stale, or undefined while it looks held. */
  private staleness(found: Found): string | undefined {
    const h = found.holder;
    if (h && !this.o.process.isAlive(h.pid, h.host)) return `its holder (process ${h.pid}) is gone`;
    if (h && Math.abs(this.o.clock.now() - h.at) > LOCK_HOLD_MAX_MS)
      return `it is dated ${h.at > this.o.clock.now() ? 'in the future' : 'long ago'}`;
    const mono = this.o.clock.monotonic();
    if (this.seen?.key !== found.key) {
      this.seen = { key: found.key, since: mono };
      return undefined;
    }
    return mono - this.seen.since >= LOCK_HOLD_MAX_MS ? `it has not changed for ${LOCK_HOLD_MAX_MS / 1000} s` : undefined;
  }

  private breakLock(found: Found, why: string): void {
    if (this.takeIf(found.key, why)) this.o.log.info(`Broke a stale lock on the shared watch list: ${why}.`);
  }

  /**
   * Moves the lock aside and deletes it if it is the one expected (`key`); puts it back otherwise.
   * True when it was removed.
   */
  private takeIf(key: string, why: string): boolean {
    const aside = `${this.o.path}.${this.o.window}-${++this.counter}.aside`;
    try {
      this.o.files.rename(this.o.path, aside);
    } catch (e) {
      if (errorCode(e) !== 'ENOENT') this.o.log.warn(`Could not move the watch list's lock aside (${why}): ${String(e)}`);
      return false;
    }
    const moved = this.inspect(aside);
    if (moved?.key === key) {
      this.o.files.remove(aside);
      return true;
    }
    // Another window's lock, taken meanwhile: put it back as it was (the same nonce).
    const restored = moved?.text !== undefined && this.o.files.create(this.o.path, moved.text);
    if (!restored && moved?.holder)
      this.o.log.warn('A lock on the shared watch list was taken over while held; its holder will notice and try again.');
    this.o.files.remove(aside);
    return false;
  }
}
