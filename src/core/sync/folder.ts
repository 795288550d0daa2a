/**
 * The folder that every VS Code window of this profile shares (the extension's `globalStorageUri`; on
 * a remote, on the remote host, where all its windows' extension hosts run). Plain files, each small:
 *
 *   list.json              the shared watch list (watchList.ts); edited under list.lock
 *   tasks/<id>.json        each task's last snapshot (snapshot.ts), written by the window that polled it
 *   tasks.changed          touched after snapshots were written, so readers need not look at each file
 *   windows/<name>.json    one presence file per open window (presence.ts), touched as a heartbeat
 *   notices/<to>-<n>.json  a notification for window <to> to show, deleted by it once shown
 *
 * Every write goes to a temporary file in the same folder that is then renamed over the target, so a
 * reader sees the old file or the new one, never half of one. Operations are synchronous: the files are
 * a few KB and the extension host would spend longer scheduling async work than doing it. Only waiting
 * for the lock is asynchronous.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What tells a file's versions apart without reading it. */
export interface FileSig {
  readonly mtimeMs: number;
  readonly size: number;
  readonly ino: number;
}

export const sameSig = (a: FileSig | undefined, b: FileSig | undefined): boolean =>
  a === b || (!!a && !!b && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino);

/** A lock left behind by a window that died while holding it is broken after this long. */
const LOCK_STALE_MS = 5_000;
const LOCK_WAIT_MS = 2_000;
const TEMP_MAX_AGE_MS = 60_000;

const SNAPSHOT_FILE = /^([0-9a-f-]{36})\.json$/;

let tempCounter = 0;

export class SharedFolder {
  readonly listPath: string;
  readonly lockPath: string;
  readonly tasksDir: string;
  readonly tasksChangedPath: string;
  readonly windowsDir: string;
  readonly noticesDir: string;

  constructor(readonly dir: string) {
    this.listPath = path.join(dir, 'list.json');
    this.lockPath = path.join(dir, 'list.lock');
    this.tasksDir = path.join(dir, 'tasks');
    this.tasksChangedPath = path.join(dir, 'tasks.changed');
    this.windowsDir = path.join(dir, 'windows');
    this.noticesDir = path.join(dir, 'notices');
  }

  ensure(): void {
    for (const d of [this.dir, this.tasksDir, this.windowsDir, this.noticesDir]) fs.mkdirSync(d, { recursive: true });
  }

  // ---- generic

  sig(file: string): FileSig | undefined {
    try {
      const s = fs.statSync(file);
      return { mtimeMs: s.mtimeMs, size: s.size, ino: s.ino };
    } catch {
      return undefined;
    }
  }

  read(file: string): string | undefined {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Replaces `file` atomically; returns the bytes written. */
  write(file: string, text: string): number {
    const tmp = `${file}.${process.pid}-${++tempCounter}.tmp`;
    fs.writeFileSync(tmp, text);
    try {
      renameWithRetry(tmp, file);
    } catch (e) {
      tryUnlink(tmp);
      throw e;
    }
    return Buffer.byteLength(text);
  }

  remove(file: string): void {
    tryUnlink(file);
  }

  /** Sets a file's modification time: a heartbeat that writes no bytes. False when the file is gone. */
  touch(file: string, atMs: number): boolean {
    try {
      const t = new Date(atMs);
      fs.utimesSync(file, t, t);
      return true;
    } catch {
      return false;
    }
  }

  // ---- the list lock

  /**
   * Waits (up to about 2 s) for the list lock and returns its release, or undefined when it could not
   * be had: callers then write anyway, since merging makes a lost race harmless to the next writer.
   */
  async lock(sleep: (ms: number) => Promise<void>): Promise<(() => void) | undefined> {
    const end = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      const release = this.tryLock();
      if (release) return release;
      if (Date.now() > end) return undefined;
      await sleep(5 + Math.min(50, attempt * 5) + Math.random() * 10);
    }
  }

  /** One attempt, without waiting (for the last write of a closing window). */
  tryLock(): (() => void) | undefined {
    try {
      fs.mkdirSync(this.lockPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
      const s = this.sig(this.lockPath);
      if (s && Date.now() - s.mtimeMs > LOCK_STALE_MS) {
        try {
          fs.rmdirSync(this.lockPath);
        } catch {
          /* someone else broke it first */
        }
      }
      return undefined;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      try {
        fs.rmdirSync(this.lockPath);
      } catch {
        /* broken as stale by another window: nothing to release */
      }
    };
  }

  // ---- snapshots

  snapshotPath(id: string): string {
    return path.join(this.tasksDir, `${id}.json`);
  }

  /** Every snapshot file, by task ID. */
  scanSnapshots(): Map<string, FileSig> {
    const out = new Map<string, FileSig>();
    const names = listDir(this.tasksDir);
    if (!names) return out;
    for (const name of names) {
      const id = SNAPSHOT_FILE.exec(name)?.[1];
      if (id === undefined) continue;
      const s = this.sig(path.join(this.tasksDir, name));
      if (s) out.set(id, s);
    }
    return out;
  }

  // ---- presence

  presencePath(name: string): string {
    return path.join(this.windowsDir, `${name}.json`);
  }

  /** Every presence file: its name (without .json), modification time and text. */
  scanPresence(): Array<{ name: string; mtimeMs: number; text: string | undefined }> {
    const names = listDir(this.windowsDir);
    if (!names) return [];
    const out: Array<{ name: string; mtimeMs: number; text: string | undefined }> = [];
    for (const file of names) {
      if (!file.endsWith('.json')) continue;
      const full = path.join(this.windowsDir, file);
      const s = this.sig(full);
      if (s) out.push({ name: file.slice(0, -'.json'.length), mtimeMs: s.mtimeMs, text: this.read(full) });
    }
    return out;
  }

  // ---- notices

  /** Leaves a notice for window `to`; the name is unique, so concurrent senders never collide. */
  postNotice(to: string, text: string): void {
    const name = `${to}-${Date.now()}-${process.pid}-${++tempCounter}.json`;
    this.write(path.join(this.noticesDir, name), text);
  }

  /** Takes (reads and deletes) the notices for window `self`, oldest first. */
  takeNotices(self: string): string[] {
    const names = listDir(this.noticesDir);
    if (!names) return [];
    const mine = names.filter((n) => n.startsWith(`${self}-`) && n.endsWith('.json')).sort();
    const out: string[] = [];
    for (const n of mine) {
      const full = path.join(this.noticesDir, n);
      const text = this.read(full);
      tryUnlink(full);
      if (text !== undefined) out.push(text);
    }
    return out;
  }

  // ---- housekeeping

  /** Deletes notices older than `maxAgeMs` (their window is gone) and temporary files left by crashes. */
  sweep(maxNoticeAgeMs: number): void {
    const now = Date.now();
    for (const dir of [this.dir, this.tasksDir, this.windowsDir, this.noticesDir]) {
      const names = listDir(dir);
      if (!names) continue;
      for (const n of names) {
        const isTemp = n.endsWith('.tmp');
        if (!isTemp && dir !== this.noticesDir) continue;
        const full = path.join(dir, n);
        const s = this.sig(full);
        if (s && now - s.mtimeMs > (isTemp ? TEMP_MAX_AGE_MS : maxNoticeAgeMs)) tryUnlink(full);
      }
    }
  }
}

function tryUnlink(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    /* already gone */
  }
}

/** On Windows a rename over a file that another process is reading can fail for a moment. */
function renameWithRetry(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= 4 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/** A folder's entries; undefined when it cannot be read (it is gone, or not a folder). */
function listDir(dir: string): string[] | undefined {
  try {
    return fs.readdirSync(dir);
  } catch {
    return undefined;
  }
}
