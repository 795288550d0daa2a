/**
 * The "Extruct" log channel. Secrets never reach it: callers never pass the token, and as a second line
 * of defence every line is scrubbed of the current token and of anything shaped like a Bearer header.
 * Lines carry nothing hidden (ui/surfaces.ts): a server's words cannot hide text in the log.
 */
import type * as vscode from 'vscode';
import { createLogChannel, type LogChannel } from './ui/surfaces';

export class Log implements vscode.Disposable {
  private created: LogChannel | undefined;
  private secret: string | undefined;
  private closed = false;

  /** Created on first use, so that activation does not pay for it. */
  private get channel(): LogChannel {
    this.created ??= createLogChannel('Extruct');
    return this.created;
  }

  /** The token to scrub from every line (undefined when none is set). */
  setSecret(secret: string | undefined): void {
    this.secret = secret && secret.length >= 4 ? secret : undefined;
  }

  info(message: string): void {
    this.write((c, line) => c.info(line), message);
  }

  warn(message: string): void {
    this.write((c, line) => c.warn(line), message);
  }

  error(message: string): void {
    this.write((c, line) => c.error(line), message);
  }

  debug(message: string): void {
    this.write((c, line) => c.debug(line), message);
  }

  show(): void {
    this.channel.show();
  }

  dispose(): void {
    this.closed = true;
    this.created?.dispose();
  }

  /**
   * A line never throws into its caller. After dispose (the window closing: parts still disposing may
   * report how their last write went) lines are dropped: the channel, and VS Code's end of it, are gone.
   */
  private write(put: (channel: LogChannel, line: string) => void, message: string): void {
    if (this.closed) return;
    try {
      put(this.channel, this.scrub(message));
    } catch {
      // The extension host is shutting down and its channel to the UI is closed: nowhere to write to.
    }
  }

  private scrub(message: string): string {
    let m = message.replace(/Bearer\s+\S+/gi, 'Bearer ***');
    if (this.secret) m = m.split(this.secret).join('***');
    return m;
  }
}
