/**
 * JSON parsing that survives one known API quirk: Extruct has been seen echoing user text with raw
 * newlines inside JSON strings, which strict JSON.parse rejects ("Bad control character"). When strict
 * parsing fails, raw control characters inside string literals are escaped and parsing is tried again.
 */
export function parseJsonLenient(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    // fall through to the lenient pass
  }
  const repaired = escapeControlCharsInStrings(body);
  if (repaired === body) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(repaired) };
  } catch {
    return { ok: false };
  }
}

function escapeControlCharsInStrings(s: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    const code = s.charCodeAt(i);
    if (inString) {
      if (c === '\\') {
        out += c + (s[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === '"') inString = false;
      else if (code < 0x20) {
        out += `\\u${code.toString(16).padStart(4, '0')}`;
        continue;
      }
    } else if (c === '"') {
      inString = true;
    }
    out += c;
  }
  return out;
}
