/** node-fetch behind the core's FetchLike interface, with a cap on how much of a body is read. */
import fetch, { type RequestInit } from 'node-fetch';
import { BodyTooLarge, type FetchLike } from '../core/api/client';

export const fetchAdapter: FetchLike = async (url, init) => {
  const options: RequestInit = {
    method: init.method,
    headers: init.headers,
    redirect: init.redirect,
    // The platform AbortSignal satisfies node-fetch's structural AbortSignal type.
    signal: init.signal,
    ...(init.body !== undefined ? { body: init.body } : {}),
  };
  const res = await fetch(url, options);
  return {
    status: res.status,
    headers: res.headers,
    text: async (maxBytes) => {
      const declared = Number(res.headers.get('content-length'));
      if (declared > maxBytes) {
        // node-fetch's body is a Node Readable; its type says only ReadableStream.
        (res.body as unknown as { destroy?: () => void } | null)?.destroy?.();
        throw new BodyTooLarge(maxBytes);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body ?? []) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
        size += buf.length;
        if (size > maxBytes) throw new BodyTooLarge(maxBytes); // leaving the loop destroys the stream
        chunks.push(buf);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
};
