/**
 * Durations and relative times in words, from localised templates (`TimeWords`). No imports but the
 * import-free `fill`, so the panel's browser script uses the same rules as the tree and the
 * notifications, with the words the host sends it (core/format/timeWords.ts makes them).
 */
import { fill } from './fill';

/** The templates of durations and relative times: `{0}` (and `{1}`) are numbers or a duration. */
export interface TimeWords {
  /** "45 s" */
  readonly seconds: string;
  /** "3 min" */
  readonly minutes: string;
  /** "3 min 12 s" */
  readonly minutesSeconds: string;
  /** "2 h" */
  readonly hours: string;
  /** "2 h 5 min" */
  readonly hoursMinutes: string;
  /** "3 days" */
  readonly days: string;
  /** "in a moment" */
  readonly inAMoment: string;
  /** "just now" */
  readonly justNow: string;
  /** "in {0}": a duration to come */
  readonly later: string;
  /** "{0} ago": a duration past */
  readonly ago: string;
}

/** "45 s", "3 min 12 s", "2 h 5 min", "3 days". */
export function formatDuration(ms: number, w: TimeWords): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return fill(w.seconds, [s]);
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? fill(w.minutesSeconds, [m, s % 60]) : fill(w.minutes, [m]);
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? fill(w.hoursMinutes, [h, m % 60]) : fill(w.hours, [h]);
  return fill(w.days, [Math.floor(h / 24)]);
}

/** "just now", "12 s ago", "in 8 s". */
export function formatRelative(at: number, now: number, w: TimeWords): string {
  const d = at - now;
  if (Math.abs(d) < 1500) return d > 0 ? w.inAMoment : w.justNow;
  return d > 0 ? fill(w.later, [formatDuration(d, w)]) : fill(w.ago, [formatDuration(-d, w)]);
}
