/** Time, injected everywhere in the core so that tests and benchmarks can run on a simulated clock. */
export interface Clock {
  /** Wall-clock time, ms since epoch: for what is shown, stored or compared with the API's timestamps. It can jump. */
  now(): number;
  /**
   * A monotonic clock in ms (any origin): for how long to wait. It never jumps; like the timers, it may
   * stand still while the machine sleeps.
   */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The longest delay a timer can take (Node overflows beyond 2³¹−1 ms and fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.min(MAX_TIMER_MS, Math.max(0, ms))),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
