/**
 * The words of durations and relative times (core/format/time.ts), localised: for the host's own text,
 * and sent to the panel's browser script, which formats its ticking times with them.
 */
import * as l10n from '@vscode/l10n';
import { type TimeWords, formatDuration, formatRelative } from './time';

export function timeWords(): TimeWords {
  return {
    seconds: l10n.t({ message: '{0} s', comment: ['A duration in seconds, e.g. "45 s".'] }),
    minutes: l10n.t({ message: '{0} min', comment: ['A duration in minutes, e.g. "3 min".'] }),
    minutesSeconds: l10n.t({ message: '{0} min {1} s', comment: ['A duration in minutes and seconds, e.g. "3 min 12 s".'] }),
    hours: l10n.t({ message: '{0} h', comment: ['A duration in hours, e.g. "2 h".'] }),
    hoursMinutes: l10n.t({ message: '{0} h {1} min', comment: ['A duration in hours and minutes, e.g. "2 h 5 min".'] }),
    days: l10n.t({ message: '{0} days', comment: ['A duration of two days or more, e.g. "3 days".'] }),
    inAMoment: l10n.t('in a moment'),
    justNow: l10n.t('just now'),
    later: l10n.t({ message: 'in {0}', comment: ['{0} is a duration to come, e.g. "in 8 s".'] }),
    ago: l10n.t({ message: '{0} ago', comment: ['{0} is a duration past, e.g. "12 s ago".'] }),
  };
}

/** "45 s", "3 min 12 s", "2 h 5 min", "3 days", in the display language. */
export function duration(ms: number): string {
  return formatDuration(ms, timeWords());
}

/** "just now", "12 s ago", "in 8 s", in the display language. */
export function relative(at: number, now: number): string {
  return formatRelative(at, now, timeWords());
}
