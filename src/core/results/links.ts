/** Which links may leave the editor: only http(s), parsed with the URL parser, nothing else. */

/** The URL when it is a well-formed http: or https: URL, else undefined. */
export function safeExternalUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (!url.hostname || url.username || url.password) return undefined;
  return url.href;
}

/** A company website as a link: "matchory.com" becomes "https://matchory.com/". Undefined when not a web address. */
export function websiteUrl(website: string | null | undefined): string | undefined {
  const w = website?.trim();
  if (!w || /\s/.test(w)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(w) && !/^[^/:]+:\d+(\/|$)/.test(w)) return safeExternalUrl(w);
  const url = safeExternalUrl(`https://${w.replace(/^\/\/+/, '')}`);
  return url && /\./.test(new URL(url).hostname) ? url : undefined;
}

/** "Berlin, Brandenburg, Germany": the parts that are set. */
export function locationText(city: string | null, state: string | null, country: string | null): string | null {
  const parts = [city, state, country].map((p) => p?.trim()).filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : null;
}
