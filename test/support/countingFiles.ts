/**
 * The shared folder's file operations, counting what is written, by kind of file (for the bench's
 * write-amplification figures and the tests that check that an unchanged answer writes nothing). It
 * wraps the real operations: the files are written as always.
 */
import * as path from 'node:path';
import type { FileSig, SyncFiles, WriteOptions } from '../../src/core/sync/files';

export type WriteKind = 'list' | 'journal' | 'snapshots' | 'presence' | 'notices' | 'other';

export interface WriteCounts extends Record<WriteKind, number> {
  /** Files written (each kind's bytes are in its own field). */
  writes: number;
}

export function kindOf(file: string): WriteKind {
  const dir = path.basename(path.dirname(file));
  const name = path.basename(file);
  if (dir === 'tasks' || name === 'tasks.changed') return 'snapshots';
  if (dir === 'journal') return 'journal';
  if (dir === 'windows') return 'presence';
  if (dir === 'notices') return 'notices';
  return name === 'list.json' ? 'list' : 'other';
}

export class CountingFiles implements SyncFiles {
  readonly written: WriteCounts = { list: 0, journal: 0, snapshots: 0, presence: 0, notices: 0, other: 0, writes: 0 };

  constructor(private readonly inner: SyncFiles) {}

  write(file: string, text: string, o?: WriteOptions): boolean {
    const wrote = this.inner.write(file, text, o);
    if (!wrote) return false;
    this.written[kindOf(file)] += Buffer.byteLength(text);
    this.written.writes++;
    return true;
  }

  create(file: string, text: string): boolean {
    return this.inner.create(file, text);
  }

  stat(file: string): FileSig | undefined {
    return this.inner.stat(file);
  }

  read(file: string): string | undefined {
    return this.inner.read(file);
  }

  rename(from: string, to: string): void {
    this.inner.rename(from, to);
  }

  remove(file: string): void {
    this.inner.remove(file);
  }

  list(dir: string): string[] | undefined {
    return this.inner.list(dir);
  }

  mkdir(dir: string): void {
    this.inner.mkdir(dir);
  }

  touch(file: string, atMs: number): boolean {
    return this.inner.touch(file, atMs);
  }
}
