/** Dates in the webview, in the user's locale. Durations and relative times come from core/format/time.ts. */

export function dateTime(iso: string | null): string | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString();
}
