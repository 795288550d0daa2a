/**
 * The API token this server was started with, and whether it is still the user's. The extension hands
 * it over when VS Code starts the server (src/extension/mcp/), with the stamp of the shared token
 * register it was read under. Any later edit of that register, in any window (a token set anew, cleared,
 * or found rejected), makes it stale: a stale token is never sent again, and the server stops once it
 * has answered what it is answering (main.ts), so that VS Code starts it afresh with the current one.
 */
import type { Register } from '../core/sync/registers';
import { compareStamps, type Stamp } from '../core/sync/stamp';
import type { TokenState } from '../core/sync/watchList';

export type TokenStatus = 'usable' | 'none' | 'stale';

export class ServerToken {
  private stale = false;

  constructor(
    private readonly value: string | undefined,
    private readonly readUnder: Stamp | undefined,
    private readonly register: () => Register<TokenState> | undefined,
  ) {}

  get status(): TokenStatus {
    if (this.value === undefined) return 'none';
    if (!this.stale) {
      const now = this.register();
      // A register this process sees later than the one the token was read under: a later edit. (One it
      // sees earlier is a view not yet caught up, not a change.)
      this.stale = now !== undefined && (this.readUnder === undefined || compareStamps(now.rev, this.readUnder) > 0);
    }
    return this.stale ? 'stale' : 'usable';
  }

  /** The token to send, only while it is the user's. */
  usable(): string | undefined {
    return this.status === 'usable' ? this.value : undefined;
  }

  /** The token as given, stale or not: for keeping it out of everything this process writes. */
  get secret(): string | undefined {
    return this.value;
  }
}
