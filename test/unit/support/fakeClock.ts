/**
 * A manual clock for the core's injected Clock: time moves only when a test advances it. The wall clock
 * can also jump on its own (`jumpWall`), as when the machine's time is changed or it wakes from sleep.
 */
import type { Clock } from '../../../src/core/util/clock';

interface Timer {
  at: number;
  fn: () => void;
  id: number;
}

export class FakeClock implements Clock {
  /** Monotonic time: what timers run on. */
  private t: number;
  /** Wall clock minus monotonic time. */
  private wallOffset = 0;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start = Date.UTC(2026, 10, 29, 9, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t + this.wallOffset;
  }

  monotonic(): number {
    return this.t;
  }

  /** Moves the wall clock by `ms` (either way) without moving monotonic time or firing timers. */
  jumpWall(ms: number): void {
    this.wallOffset += ms;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.t + Math.max(0, ms), fn, id: this.nextId++ };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await settle();
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
}
