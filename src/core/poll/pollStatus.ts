/** What a user may see about the polling of one task, in this window. */
export interface PollStatus {
  /** When the last answer (or error) for it arrived, ms since epoch: this window's, or the polling window's. */
  readonly lastCheckedAt?: number;
  /** When this window will ask next, ms since epoch; undefined when it will not on its own. */
  readonly nextCheckAt?: number;
  /** Another VS Code window polls it; this one shows that window's answers. */
  readonly elsewhere: boolean;
}

export const NOT_POLLED: PollStatus = { elsewhere: false };
