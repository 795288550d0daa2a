/**
 * The budget of the credit guard: what chat tools may spend without the user typing a command. Pure, on
 * an injected clock; the host keeps one guard per window, in memory (a reload starts afresh), and asks
 * the user itself (the extension's own modal) once a reservation is granted.
 *
 *  - At most `searchesPerRequest` tool-started Deep Searches per chat request (default 1). A search the
 *    user declined counts too, so that an agent cannot ask again and again in one request.
 *  - At most `resultsPerHour` high-fit results wanted, over every tool-started search of the last hour
 *    (default 500), those waiting for the user's answer included.
 *
 * Every refusal is a sentence an agent can relay to the user as it is.
 */
import { duration as formatDuration } from '../format/timeWords';

export interface CreditLimits {
  /** Tool-started Deep Searches per chat request; 0: chat tools never start one. */
  readonly searchesPerRequest: number;
  /** High-fit results that tool-started searches may ask for in any hour. */
  readonly resultsPerHour: number;
}

export const DEFAULT_CREDIT_LIMITS: CreditLimits = { searchesPerRequest: 1, resultsPerHour: 500 };

/** What a granted reservation becomes: exactly one of these is called, once. */
export interface Ticket {
  /** The user said no: the request's slot stays used, the results are freed. */
  declined(): void;
  /** Nothing was started (refused by Extruct, unreachable): slot and results are freed. */
  released(): void;
  /** The search started: its results count for the next hour. */
  started(): void;
}

export type Reservation = { readonly ok: true; readonly ticket: Ticket } | { readonly ok: false; readonly reason: string };

const HOUR = 60 * 60_000;
/** How long a chat request's count is kept: longer than any request lasts. */
const REQUEST_MEMORY = 24 * HOUR;
const START_BY_HAND = 'ask the user to start it with "Extruct: New Deep Search…"';

interface Spend {
  readonly at: number;
  readonly results: number;
  state: 'pending' | 'started';
}

export class CreditGuard {
  private readonly requests = new Map<string, { used: number; at: number }>();
  private spends: Spend[] = [];

  constructor(
    private readonly clock: { now(): number },
    private readonly limits: () => CreditLimits,
  ) {}

  /** Results of tool-started searches in the last hour, those waiting for the user included. */
  resultsInLastHour(): number {
    this.prune();
    return this.spends.reduce((sum, s) => sum + s.results, 0);
  }

  /** Takes a chat request's slot and the results, or says why not. Synchronous: two calls cannot both pass. */
  reserve(requestKey: string, results: number): Reservation {
    this.prune();
    const { searchesPerRequest, resultsPerHour } = this.limits();
    if (searchesPerRequest <= 0) {
      return refuse(
        `Chat tools may not start Deep Searches: the user set "extruct.chatTools.searchesPerRequest" to 0. Nothing was started; ${START_BY_HAND}.`,
      );
    }
    const request = this.requests.get(requestKey);
    if (request && request.used >= searchesPerRequest) {
      return refuse(
        `This chat request already started a Deep Search or asked the user about one, and chat tools may start ${searchesPerRequest === 1 ? 'one' : `at most ${searchesPerRequest}`} per request. Nothing was started; if the user wants another search, they can say so in a new message, or ${START_BY_HAND}.`,
      );
    }
    if (results > resultsPerHour) {
      return refuse(
        `Chat tools may start searches for at most ${resultsPerHour} high-fit results an hour, and this one asks for ${results}. Nothing was started; ask for fewer results, or ${START_BY_HAND}.`,
      );
    }
    const used = this.resultsInLastHour();
    if (used + results > resultsPerHour) {
      const wait = this.waitFor(used + results - resultsPerHour);
      return refuse(
        `Chat tools may start searches for at most ${resultsPerHour} high-fit results an hour; ${used} were asked for in the last hour, so ${Math.max(0, resultsPerHour - used)} more are possible now and this one asks for ${results}. Nothing was started; ask for fewer results${wait === undefined ? '' : `, try again in ${formatDuration(wait)}`}, or ${START_BY_HAND}.`,
      );
    }
    const now = this.clock.now();
    this.requests.set(requestKey, { used: (request?.used ?? 0) + 1, at: now });
    const spend: Spend = { at: now, results, state: 'pending' };
    this.spends.push(spend);
    let settled = false;
    const settle = (keepSlot: boolean, keepResults: boolean): void => {
      if (settled) return;
      settled = true;
      if (keepResults) spend.state = 'started';
      else this.spends = this.spends.filter((s) => s !== spend);
      if (!keepSlot) {
        const r = this.requests.get(requestKey);
        if (r) r.used = Math.max(0, r.used - 1);
      }
    };
    return {
      ok: true,
      ticket: {
        declined: () => settle(true, false),
        released: () => settle(false, false),
        started: () => settle(true, true),
      },
    };
  }

  /** How long until `excess` results of started searches leave the hour; undefined when pending ones stand in the way. */
  private waitFor(excess: number): number | undefined {
    const now = this.clock.now();
    let freed = 0;
    for (const s of [...this.spends].sort((a, b) => a.at - b.at)) {
      if (s.state === 'pending') continue;
      freed += s.results;
      if (freed >= excess) return Math.max(60_000, s.at + HOUR - now);
    }
    return undefined;
  }

  private prune(): void {
    const now = this.clock.now();
    this.spends = this.spends.filter((s) => s.state === 'pending' || now - s.at < HOUR);
    for (const [key, r] of this.requests) if (now - r.at > REQUEST_MEMORY) this.requests.delete(key);
  }
}

const refuse = (reason: string): Reservation => ({ ok: false, reason });
