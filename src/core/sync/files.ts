/**
 * The file operations the shared state is built on, as a port: `NodeFiles` does them with `node:fs`;
 * tests wrap it to inject faults (a rename refused for a while, a folder deleted), the bench to count
 * bytes. No clock here: files carry no time that anything is compared with.
 *
 * Every write goes to a temporary file next to the target that is then renamed over it, so a reader
 * sees the old file or the new one, never half of one. Operations are synchronous: the files are a few
 * KB, and the extension host would spend longer scheduling async work than doing it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What tells a file's versions apart without reading it. */
export interface FileSig {
  readonly mtimeMs: number;
  readonly size: number;
  readonly ino: number;
  readonly dir: boolean;
}

export const sameSig = (a: FileSig | undefined, b: FileSig | undefined): boolean =>
  a === b || (!!a && !!b && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino && a.dir === b.dir);

export interface SyncFiles {
  stat(file: string): FileSig | undefined;
  /** The text of a file; undefined when it is missing or cannot be read. */
  read(file: string): string | undefined;
  /**
   * Replaces `file` atomically. `durable`: flushed to disk before the rename. `commit`: asked just before
   * the rename (after the slow part); when it says no, nothing is replaced and the result is false.
   * Throws on failure.
   */
  write(file: string, text: string, o?: WriteOptions): boolean;
  /** Creates `file` with this text only if nothing is at that path: false when something is. Throws on other failures. */
  create(file: string, text: string): boolean;
  /** Throws on failure (ENOENT when `from` is gone). */
  rename(from: string, to: string): void;
  /** Removes a file or a folder (with what is in it); nothing when it is gone. */
  remove(file: string): void;
  /** A folder's entries; undefined when it cannot be read (gone, or not a folder). */
  list(dir: string): string[] | undefined;
  /** Creates the folder and its parents. Throws on failure. */
  mkdir(dir: string): void;
  /** Sets the modification time (a heartbeat that writes no bytes). False when the file is gone. */
  touch(file: string, atMs: number): boolean;
}

export interface WriteOptions {
  readonly durable?: boolean;
  readonly commit?: () => boolean;
}

export const errorCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

export class NodeFiles implements SyncFiles {
  private temps = 0;

  /** `tag` makes temporary names unique to this window (its ID). */
  constructor(private readonly tag: string) {}

  stat(file: string): FileSig | undefined {
    try {
      const s = fs.statSync(file);
      return { mtimeMs: s.mtimeMs, size: s.size, ino: s.ino, dir: s.isDirectory() };
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

  write(file: string, text: string, o: WriteOptions = {}): boolean {
    const tmp = this.tempName(file);
    try {
      const fd = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(fd, text);
        if (o.durable) fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (o.commit && !o.commit()) {
        tryRemove(tmp);
        return false;
      }
      fs.renameSync(tmp, file);
    } catch (e) {
      tryRemove(tmp);
      throw e;
    }
    if (o.durable) syncDir(path.dirname(file));
    return true;
  }

  create(file: string, text: string): boolean {
    // Written whole under a temporary name, then linked in: the file appears complete or not at all.
    const tmp = this.tempName(file);
    fs.writeFileSync(tmp, text);
    try {
      fs.linkSync(tmp, file);
      return true;
    } catch (e) {
      if (errorCode(e) === 'EEXIST') return false;
      // No hard links here (some network or FAT file systems): exclusive creation instead.
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errorCode(e) ?? '')) throw e;
      try {
        fs.writeFileSync(file, text, { flag: 'wx' });
        return true;
      } catch (e2) {
        if (errorCode(e2) === 'EEXIST') return false;
        throw e2;
      }
    } finally {
      tryRemove(tmp);
    }
  }

  rename(from: string, to: string): void {
    fs.renameSync(from, to);
  }

  remove(file: string): void {
    tryRemove(file);
  }

  list(dir: string): string[] | undefined {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  }

  mkdir(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
  }

  touch(file: string, atMs: number): boolean {
    try {
      const t = new Date(atMs);
      fs.utimesSync(file, t, t);
      return true;
    } catch {
      return false;
    }
  }

  private tempName(file: string): string {
    return `${file}.${this.tag}-${process.pid}-${++this.temps}.tmp`;
  }
}

function tryRemove(file: string): void {
  try {
    fs.rmSync(file, { recursive: true, force: true });
  } catch {
    /* gone, or in use: housekeeping tries again */
  }
}

/** Makes a rename in `dir` durable (POSIX); a no-op where folders cannot be opened (Windows). */
function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported here */
  }
}
