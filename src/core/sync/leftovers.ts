/**
 * Temporary files that a window left behind when it died mid-write (`*.tmp`, a lock moved `*.aside`, a
 * journal being merged `*.merged`): removed once this window has seen the same one for LEFTOVER_MS of
 * its own monotonic clock. Those files live for milliseconds when all goes well; no file time is read.
 */
import * as path from 'node:path';
import type { Clock } from '../util/clock';
import type { SyncFiles } from './files';
import type { SyncLayout } from './layout';

const LEFTOVER_MS = 60_000;
const LEFTOVER = /\.(tmp|aside|merged)$/;

export class Leftovers {
  private readonly since = new Map<string, number>();

  constructor(
    private readonly files: SyncFiles,
    private readonly layout: SyncLayout,
    private readonly clock: Clock,
  ) {}

  sweep(): void {
    const mono = this.clock.monotonic();
    const present = new Set<string>();
    for (const dir of this.layout.folders) {
      for (const name of this.files.list(dir) ?? []) {
        if (!LEFTOVER.test(name)) continue;
        const file = path.join(dir, name);
        present.add(file);
        const first = this.since.get(file);
        if (first === undefined) this.since.set(file, mono);
        else if (mono - first >= LEFTOVER_MS) this.files.remove(file);
      }
    }
    for (const file of [...this.since.keys()]) if (!present.has(file)) this.since.delete(file);
  }
}
