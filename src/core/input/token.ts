/** What users paste as a token. */

/** The token in a paste: without a `Bearer ` prefix, quotes or whitespace (a token has none of them). */
export function normalizeToken(raw: string): string {
  return raw
    .trim()
    .replace(/^(["'])(.*)\1$/s, '$2')
    .trim()
    .replace(/^bearer\s+/i, '')
    .replace(/\s+/g, '');
}

/** Errors after which a token is not known to be wrong: Extruct could not be asked. */
export function couldNotCheck(kind: string): boolean {
  return kind === 'network' || kind === 'timeout' || kind === 'server' || kind === 'rate-limited';
}
