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
    this.channel.info(this.scrub(message));
  }

  warn(message: string): void {
    this.channel.warn(this.scrub(message));
  }

  error(message: string): void {
    this.channel.error(this.scrub(message));
  }

  debug(message: string): void {
    this.channel.debug(this.scrub(message));
  }

  show(): void {
    this.channel.show();
  }

  dispose(): void {
    this.created?.dispose();
  }

  private scrub(message: string): string {
    let m = message.replace(/Bearer\s+\S+/gi, 'Bearer ***');
    if (this.secret) m = m.split(this.secret).join('***');
    return m;
  }
}
