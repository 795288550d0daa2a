/**
 * Window-to-window messages through the shared folder (`notices/<to>~<from>-<n>.json`, message.ts): a
 * one-way `post`, and a `request` that resolves with the other window's reply, or with undefined when
 * none came in time (that window may have closed meanwhile). A window reads its messages at each look
 * and deletes them. Names are unique per sender and ordered by the sender's counter: no clock in them.
 */
import type { Clock } from '../util/clock';
import type { Disposable } from '../util/emitter';
import type { SyncFiles } from './files';
import type { SyncLayout } from './layout';
import type { SyncLog } from './listReplica';
import { decodeMessage, encodeMessage, type Notice, type ReplyBody, type RequestBody, type WindowMessage } from './message';

/** A request is given up on after this long. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A message to a window that is gone is removed once seen so for this long (monotonic). */
const UNDELIVERABLE_MS = 60_000;

export interface MailboxHandlers {
  notice(notice: Notice): void;
  /** Answers another window's request (`from`: who asks); the reply goes back when the promise settles. */
  request(body: RequestBody, from: string): Promise<ReplyBody>;
}

export class Mailbox implements Disposable {
  private sent = 0;
  private refs = 0;
  private readonly waiting = new Map<string, { resolve: (r: ReplyBody | undefined) => void; timer: unknown }>();
  private readonly undeliverableSince = new Map<string, number>();

  constructor(
    private readonly o: {
      readonly files: SyncFiles;
      readonly layout: SyncLayout;
      readonly window: string;
      readonly clock: Clock;
      readonly log: SyncLog;
      readonly handlers: MailboxHandlers;
    },
  ) {}

  /** Leaves a message for window `to`; false when it could not be written. */
  post(to: string, message: WindowMessage): boolean {
    const name = `${to}~${this.o.window}-${String(++this.sent).padStart(9, '0')}.json`;
    try {
      this.o.files.write(this.o.layout.notice(name), encodeMessage(message));
      return true;
    } catch (e) {
      this.o.log.warn(`Could not pass a message to another window: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  /** Asks window `to`; resolves with its reply, or undefined when it could not be asked or did not answer in time. */
  request(to: string, body: RequestBody, timeoutMs = REQUEST_TIMEOUT_MS): Promise<ReplyBody | undefined> {
    const ref = `${this.o.window}-${++this.refs}`;
    return new Promise((resolve) => {
      const timer = this.o.clock.setTimeout(() => {
        this.waiting.delete(ref);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(ref, { resolve, timer });
      if (!this.post(to, { kind: 'request', from: this.o.window, ref, body })) this.settle(ref, undefined);
    });
  }

  /** Reads and deletes this window's messages, oldest first, and acts on them. */
  take(): void {
    const prefix = `${this.o.window}~`;
    const mine = (this.o.files.list(this.o.layout.noticesDir) ?? []).filter((n) => n.startsWith(prefix) && n.endsWith('.json')).sort();
    for (const name of mine) {
      const path = this.o.layout.notice(name);
      const text = this.o.files.read(path);
      this.o.files.remove(path);
      if (text === undefined) continue;
      const m = decodeMessage(text);
      if (!m) {
        this.o.log.warn('Ignored a message from another window that could not be read.');
        continue;
      }
      this.dispatch(m);
    }
  }

  /** Removes messages for windows that are gone (seen so for a while: a new window may not be known yet). */
  removeUndeliverable(isAlive: (window: string) => boolean): void {
    const mono = this.o.clock.monotonic();
    const present = new Set<string>();
    for (const name of this.o.files.list(this.o.layout.noticesDir) ?? []) {
      const to = name.split('~')[0] ?? '';
      if (isAlive(to)) continue;
      present.add(name);
      const since = this.undeliverableSince.get(name);
      if (since === undefined) this.undeliverableSince.set(name, mono);
      else if (mono - since >= UNDELIVERABLE_MS) this.o.files.remove(this.o.layout.notice(name));
    }
    for (const name of [...this.undeliverableSince.keys()]) if (!present.has(name)) this.undeliverableSince.delete(name);
  }

  dispose(): void {
    for (const ref of [...this.waiting.keys()]) this.settle(ref, undefined);
  }

  private dispatch(m: WindowMessage): void {
    if (m.kind === 'notice') this.o.handlers.notice(m.notice);
    else if (m.kind === 'request') {
      const reply = (body: ReplyBody) => void this.post(m.from, { kind: 'reply', ref: m.ref, body });
      this.o.handlers
        .request(m.body, m.from)
        .then(reply, (e: unknown) =>
          reply({ type: 'answer', text: `The VS Code window could not do it (${e instanceof Error ? e.message : String(e)}).` }),
        );
    } else this.settle(m.ref, m.body);
  }

  private settle(ref: string, body: ReplyBody | undefined): void {
    const w = this.waiting.get(ref);
    if (!w) return;
    this.waiting.delete(ref);
    this.o.clock.clearTimeout(w.timer);
    w.resolve(body);
  }
}
