/**
 * Durations and relative times in words. No imports, so the panel's browser script uses the same
 * wording as the tree and the notifications.
 */

/** "45 s", "3 min 12 s", "2 h 5 min", "3 days". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} days`;
}

/** "just now", "12 s ago", "in 8 s". */
export function formatRelative(at: number, now: number): string {
  const d = at - now;
  if (Math.abs(d) < 1500) return d > 0 ? 'in a moment' : 'just now';
  return d > 0 ? `in ${formatDuration(d)}` : `${formatDuration(-d)} ago`;
}
