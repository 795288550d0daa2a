/**
 * Tickets for commands that our own UI runs with arguments. A command run with arguments asks the user
 * first, because anyone can run it (another extension, a `command:` link rendered somewhere). Where our
 * own UI has already asked (a code action titled "Watch Extruct task", which the user picked), it passes
 * a ticket for those exact arguments; the command then acts at once. A ticket is an HMAC of the arguments
 * under a secret made at activation and never written anywhere, so a link written by someone else cannot
 * carry a valid one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class CommandTickets {
  private readonly secret = randomBytes(32);

  /** The ticket for running a command with `value`. */
  issue(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }

  /** Whether `ticket` was issued here for `value`. */
  check(value: string, ticket: unknown): boolean {
    if (typeof ticket !== 'string') return false;
    const want = Buffer.from(this.issue(value));
    const got = Buffer.from(ticket);
    return got.length === want.length && timingSafeEqual(got, want);
  }
}
