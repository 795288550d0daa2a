/** node-fetch behind the core's FetchLike interface. */
import fetch, { type RequestInit } from 'node-fetch';
import type { FetchLike } from '../core/api/client';

export const fetchAdapter: FetchLike = async (url, init) => {
  const options: RequestInit = {
    method: init.method,
    headers: init.headers,
    redirect: init.redirect,
    // The platform AbortSignal satisfies node-fetch's structural AbortSignal type.
    signal: init.signal as RequestInit['signal'],
    ...(init.body !== undefined ? { body: init.body } : {}),
  };
  const res = await fetch(url, options);
  return { status: res.status, headers: res.headers, text: () => res.text() };
};
