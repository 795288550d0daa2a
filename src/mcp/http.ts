/**
 * The runtime's own fetch (Node 20+, and the Node inside VS Code's Electron) behind the core's FetchLike,
 * with a cap on how much of a body is read. The extension host uses node-fetch (src/extension/http.ts)
 * for VS Code's proxy support; this process has no such support to keep, and ships no HTTP library.
 */
import { BodyTooLarge, type FetchLike } from '../core/api/client';

export const platformFetch: FetchLike = async (url, init) => {
  const res = await fetch(url, {
    method: init.method,
    headers: init.headers,
    redirect: init.redirect,
    signal: init.signal,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return {
    status: res.status,
    headers: res.headers,
    text: async (maxBytes) => {
      if (Number(res.headers.get('content-length')) > maxBytes) {
        await res.body?.cancel();
        throw new BodyTooLarge(maxBytes);
      }
      const reader = res.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
      if (!reader) return '';
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel();
          throw new BodyTooLarge(maxBytes);
        }
        chunks.push(value);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
};
