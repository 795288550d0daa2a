/**
 * Revision stamps for what several VS Code windows edit. A stamp is (time, counter, window), ordered in
 * that order; the greater stamp wins. Two rules make "the later edit wins" hold whatever the clocks do:
 *
 *  - An edit is stamped after the value it replaces (`next(prev)`): a window that saw a value and then
 *    changed it always wins over it, even when that value was stamped by a clock that was ahead (a VM
 *    restored, dual boot, NTP setting the time back). The stamp then continues the old one's time with
 *    a greater counter; it never borrows a future time for anything else.
 *  - A window's own stamps never run ahead of its wall clock by more than MAX_DRIFT_MS: a stamp seen in
 *    a file is never adopted as "now", so one bad time cannot carry into every later edit.
 *
 * Stamps are compared with stamps only, never with the wall clock. Two stamps are equal only when made by
 * the same window at the same counter; the window ID breaks ties between windows, and where a test (or a
 * damaged file) makes two different values share a stamp, the registers (registers.ts) compare the values.
 */

export interface Stamp {
  /** Wall-clock ms when made, or the time of the stamp it follows (see `next`). */
  readonly t: number;
  /** Orders stamps of the same time. */
  readonly c: number;
  /** The window that made it. */
  readonly w: string;
}

/** How far a window's own stamps may run ahead of its wall clock (they run ahead within one ms burst). */
export const MAX_DRIFT_MS = 60_000;

export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  if (a.c !== b.c) return a.c < b.c ? -1 : 1;
  return a.w < b.w ? -1 : a.w > b.w ? 1 : 0;
}

/** "1764600000000.3.k2x9": compact in files. */
export function formatStamp(s: Stamp): string {
  return `${s.t}.${s.c}.${s.w}`;
}

const STAMP_RE = /^(\d{1,16})\.(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/;

export function parseStamp(raw: unknown): Stamp | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = STAMP_RE.exec(raw);
  if (!m) return undefined;
  const [, tText, cText, w] = m;
  const t = Number(tText);
  const c = Number(cText);
  return w !== undefined && Number.isSafeInteger(t) && Number.isSafeInteger(c) ? { t, c, w } : undefined;
}

/** One window's stamps. `now` is the injected wall clock. */
export class StampClock {
  private last: Stamp;

  constructor(
    readonly window: string,
    private readonly now: () => number,
  ) {
    this.last = { t: -1, c: 0, w: window };
  }

  /**
   * A new stamp of this window: greater than the last one it made (unless the wall clock went back by
   * more than MAX_DRIFT_MS, when it starts again from the wall clock), and greater than `prev`, the
   * stamp of the value the edit replaces.
   */
  next(prev?: Stamp): Stamp {
    const wall = Math.floor(this.now());
    const base = this.last.t > wall + MAX_DRIFT_MS ? { t: -1, c: 0 } : this.last;
    let s: Stamp = wall > base.t ? { t: wall, c: 0, w: this.window } : { t: base.t, c: base.c + 1, w: this.window };
    if (prev && compareStamps(s, prev) <= 0) s = { t: prev.t, c: prev.c + 1, w: this.window };
    // Only a stamp within the drift bound becomes this window's own time.
    if (s.t <= wall + MAX_DRIFT_MS) this.last = s;
    return s;
  }
}
