/**
 * MCP's stdio framing: messages are UTF-8 lines ending in "\n" (a "\r" before it is dropped). A line
 * longer than MAX_LINE is not kept in memory: it is skipped to its end and reported once, so a client
 * that never sends a line break cannot make the server grow without bound.
 */
import { StringDecoder } from 'node:string_decoder';

/** No message of this server's tools comes near this (a start's input is a few KB). */
export const MAX_LINE = 4 * 1024 * 1024;

export class LineReader {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private skipping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onTooLong: () => void,
  ) {}

  push(chunk: Buffer | string): void {
    let text = this.buffer + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const line = text.slice(start, end);
      start = end + 1;
      if (this.skipping) this.skipping = false;
      else if (line.length > MAX_LINE) this.onTooLong();
      else this.emit(line);
    }
    text = text.slice(start);
    if (text.length > MAX_LINE) {
      if (!this.skipping) this.onTooLong();
      this.skipping = true;
      text = '';
    }
    this.buffer = text;
  }

  /** The input ended: a last line without a line break still counts. */
  end(): void {
    const rest = this.buffer + this.decoder.end();
    this.buffer = '';
    if (!this.skipping) this.emit(rest);
  }

  private emit(line: string): void {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim()) this.onLine(trimmed);
  }
}
