/**
 * The extension's own node-fetch adapter (src/extension/http.ts imports nothing from vscode), so that
 * unit tests drive the real HTTP stack the extension ships.
 */
import type { FetchLike } from '../../../src/core/api/client';

export { fetchAdapter as nodeFetchAdapter } from '../../../src/extension/http';

/** Wraps a FetchLike and records every call (URL and init), to prove that a request was or was not made. */
export function spyFetch(inner: FetchLike): FetchLike & { calls: Array<{ url: string; headers: Record<string, string>; body?: string }> } {
  const calls: Array<{ url: string; headers: Record<string, string>; body?: string }> = [];
  const f = (async (url, init) => {
    calls.push({ url, headers: { ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}) });
    return inner(url, init);
  }) as FetchLike & { calls: typeof calls };
  f.calls = calls;
  return f;
}
