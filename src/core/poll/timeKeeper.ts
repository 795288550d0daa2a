/**
 * The scheduler's sense of time: its single timer, the 429 hold, and the wall clock watched against the
 * monotonic one. Waits are measured on the monotonic clock, like the timers themselves; when the wall
 * clock moves ahead of it (the machine slept, or the clock was set forward), `gained` says by how much,
 * so that nothing waits for time that has already passed. The timer never sleeps longer than
 * MAX_SLEEP_MS, so this is noticed within a minute of waking.
 */
import { MAX_RETRY_AFTER_MS } from '../api/errors';
import type { Clock } from '../util/clock';

/** The timer wakes at least this often while anything is planned (to notice sleep and clock jumps). */
const MAX_SLEEP_MS = 60_000;
/** A wall clock ahead of the monotonic one by more than this since the last look means sleep or a jump. */
const JUMP_THRESHOLD_MS = 5_000;

export class TimeKeeper {
  private timer: unknown;
  private timerAt = Infinity;
  /** No request before this (monotonic) time: the API asked us to slow down (429). */
  private holdUntil = 0;
  private wallOffset: number;

  constructor(private readonly clock: Clock) {
    this.wallOffset = clock.now() - clock.monotonic();
  }

  /** Monotonic ms before which no request may be made (0 or past: none held). */
  get holdEnd(): number {
    return this.holdUntil;
  }

  /** Until when (ms since epoch) the API asked for no requests at all; undefined when it did not. */
  get heldUntil(): number | undefined {
    const mono = this.clock.monotonic();
    return this.holdUntil > mono ? this.clock.now() + (this.holdUntil - mono) : undefined;
  }

  /** Holds every request for `waitMs` from now (at most MAX_RETRY_AFTER_MS; an earlier end never shortens a hold). */
  hold(waitMs: number): void {
    const now = this.clock.monotonic();
    this.holdUntil = Math.min(now + MAX_RETRY_AFTER_MS, Math.max(this.holdUntil, now + waitMs));
  }

  /**
   * How far (ms) the wall clock moved ahead of the monotonic one since the last call, when it looks like
   * sleep or a jump (0 otherwise). The hold is brought forward by as much.
   */
  gained(): number {
    const offset = this.clock.now() - this.clock.monotonic();
    const gained = offset - this.wallOffset;
    this.wallOffset = offset;
    if (gained <= JUMP_THRESHOLD_MS) return 0;
    const now = this.clock.monotonic();
    if (this.holdUntil > now) this.holdUntil = Math.max(now, this.holdUntil - gained);
    return gained;
  }

  /** Arms the timer for the monotonic time `due` (never past a hold, never more than MAX_SLEEP_MS away). */
  arm(due: number, fire: () => void): void {
    const now = this.clock.monotonic();
    const at = Math.min(Math.max(due, this.holdUntil), now + MAX_SLEEP_MS);
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.clear();
    this.timerAt = at;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        fire();
      },
      Math.max(0, at - now),
    );
  }

  clear(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}
