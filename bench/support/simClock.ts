/**
 * A simulated clock for benchmarks: implements the core's Clock, fires timers in time order and lets
 * promise continuations run after each, so the real Scheduler runs on it unchanged. Unlike the unit
 * tests' FakeClock it drains microtasks only (no setImmediate), which keeps long simulations fast.
 */
import type { Clock } from '../../src/core/util/clock';

/** 'clock': set through the Clock interface (the scheduler's timer); 'io': a simulated request's latency. */
export type TimerKind = 'clock' | 'io';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  readonly kind: TimerKind;
}

export class SimClock implements Clock {
  private t: number;
  private timers: Timer[] = [];
  private seq = 0;
  /** Told how long each timer callback took, with the promise continuations it set off: wall and CPU ms. */
  onFired?: (kind: TimerKind, wallMs: number, cpuMs: number) => void;

  constructor(start: number) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** No sleep and no clock changes in a simulation: monotonic time is the wall clock. */
  monotonic(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number, kind: TimerKind = 'clock'): unknown {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, kind };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    const i = this.timers.indexOf(handle as Timer);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** A promise that resolves `ms` simulated milliseconds from now. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms, 'io'));
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Fires every timer due up to `end` (or until `stop()` holds), in order, then sets the time to `end`. */
  async runUntil(end: number, stop: () => boolean = () => false): Promise<void> {
    await drain();
    while (!stop()) {
      let next: Timer | undefined;
      for (const timer of this.timers)
        if (timer.at <= end && (!next || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq))) next = timer;
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.t = next.at;
      const started = this.onFired ? performance.now() : 0;
      const cpu = this.onFired ? process.cpuUsage() : undefined;
      next.fn();
      await drain();
      if (this.onFired && cpu) {
        const used = process.cpuUsage(cpu);
        this.onFired(next.kind, performance.now() - started, (used.user + used.system) / 1000);
      }
    }
    if (!stop()) this.t = Math.max(this.t, end);
  }
}

/** Lets pending promise continuations run (a fetch answer → store → next plan takes a few hops). */
export async function drain(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
