/** Relative times in the webview, against its own clock (the same machine as the host). */

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return m % 60 ? `${hours} h ${m % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

export function relative(at: number, now: number): string {
  const d = at - now;
  if (Math.abs(d) < 1500) return d > 0 ? 'in a moment' : 'just now';
  return d > 0 ? `in ${duration(d)}` : `${duration(-d)} ago`;
}

export function dateTime(iso: string | null): string | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString();
}
