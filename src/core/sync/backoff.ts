/**
 * Tries again later, each time a little later: for writes to the shared folder that failed (a rename
 * refused while an antivirus reads the file, a lock held, a folder deleted). Nothing is given up: the
 * pause grows to MAX_MS and stays there until the write lands.
 */
import type { Clock } from '../util/clock';
import type { Disposable } from '../util/emitter';

const FIRST_MS = 50;
const MAX_MS = 5_000;

export class Backoff implements Disposable {
  private delay = FIRST_MS;
  private timer: unknown;
  private disposed = false;
  /** Failures in a row (0 after a success). */
  failures = 0;

  constructor(
    private readonly clock: Clock,
    private readonly retry: () => void,
  ) {}

  /** The attempt failed: `retry` runs after the current pause, which then doubles. */
  failed(): void {
    this.failures++;
    if (this.disposed || this.timer !== undefined) return;
    const ms = this.delay;
    this.delay = Math.min(MAX_MS, this.delay * 2);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.retry();
    }, ms);
  }

  /** The attempt succeeded: the next failure starts again with a short pause. */
  succeeded(): void {
    this.failures = 0;
    this.delay = FIRST_MS;
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
