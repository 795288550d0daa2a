/**
 * node-fetch behind the core's FetchLike interface: a copy of src/extension/http.ts (which imports
 * nothing from vscode, but lives in the extension layer), so that unit tests drive the real HTTP stack.
 */
import fetch, { type RequestInit } from 'node-fetch';
import type { FetchLike } from '../../../src/core/api/client';

export const nodeFetchAdapter: FetchLike = async (url, init) => {
  const options: RequestInit = {
    method: init.method,
    headers: init.headers,
    redirect: init.redirect,
    signal: init.signal as RequestInit['signal'],
    ...(init.body !== undefined ? { body: init.body } : {}),
  };
  const res = await fetch(url, options);
  return { status: res.status, headers: res.headers, text: () => res.text() };
};

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
