/**
 * Revision stamps for state that several VS Code windows edit: a hybrid logical clock. A stamp is
 * (wall-clock ms, counter, window), ordered in that order. Each window's clock never goes backwards and
 * moves past every stamp it has seen, so an edit made after seeing another window's edit always wins
 * over it, even if this machine's clock was set back in between. Ties cannot happen between windows
 * (the window ID breaks them), so "the greater stamp wins" is a total, deterministic rule.
 */

export interface Stamp {
  /** Wall-clock milliseconds (or later, after seeing a stamp from the future). */
  readonly t: number;
  /** Orders stamps made within the same millisecond. */
  readonly c: number;
  /** The window that made it. */
  readonly w: string;
}

export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  if (a.c !== b.c) return a.c < b.c ? -1 : 1;
  return a.w < b.w ? -1 : a.w > b.w ? 1 : 0;
}

/** "1764600000000.3.k2x9": compact in files. */
export function formatStamp(s: Stamp): string {
  return `${s.t}.${s.c}.${s.w}`;
}

const STAMP_RE = /^(\d{1,16})\.(\d{1,9})\.([A-Za-z0-9_-]{1,64})$/;

export function parseStamp(raw: unknown): Stamp | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = STAMP_RE.exec(raw);
  if (!m) return undefined;
  const [, tText, cText, w] = m;
  const t = Number(tText);
  const c = Number(cText);
  return w !== undefined && Number.isSafeInteger(t) && Number.isSafeInteger(c) ? { t, c, w } : undefined;
}

/** One window's clock. `now` is the wall clock (injected, so tests can jump it). */
export class StampClock {
  private last: Stamp;

  constructor(
    private readonly window: string,
    private readonly now: () => number,
  ) {
    this.last = { t: 0, c: 0, w: window };
  }

  /** A stamp greater than every stamp made or seen so far. */
  next(): Stamp {
    const wall = Math.floor(this.now());
    this.last = wall > this.last.t ? { t: wall, c: 0, w: this.window } : { t: this.last.t, c: this.last.c + 1, w: this.window };
    return this.last;
  }

  /** Takes note of a stamp from elsewhere, so that later stamps of this window are greater. */
  observe(s: Stamp): void {
    if (s.t > this.last.t || (s.t === this.last.t && s.c > this.last.c)) this.last = { t: s.t, c: s.c, w: this.window };
  }
}
