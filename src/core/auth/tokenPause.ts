/**
 * The one owner of "polling is paused for want of a valid token". Everything that learns something about
 * the token tells this class, and only this class sets the store's pause, this window's "I hold a
 * usable token" mark, and the token state that the windows share.
 *
 *  - This window's token is usable when it has one, nobody found it rejected, and no other window set
 *    or cleared the token since this window read its copy. (VS Code for the web keeps a copy of the
 *    secrets per window, read when the window loads: there, a token changed in another window is out of
 *    date here until this window reloads. On the desktop a change reaches every window at once.)
 *    "Since" is told by the shared token register's stamp, never by a clock: the register this window
 *    saw when it read its copy, against the register now. A clock that was once ahead changes nothing.
 *  - Polling is paused, in every window alike, when no open window holds a usable token.
 *  - A 401 on one task is not taken for a rejected token at once: the token is checked with
 *    GET /v1/user first (a proxy, or a task of another account, can answer 401 too). A 403 is that
 *    task's own error.
 */
import * as l10n from '@vscode/l10n';
import type { ApiClient } from '../api/client';
import { type ApiError, NO_TOKEN } from '../api/errors';
import type { Notice } from '../sync/message';
import type { Register } from '../sync/registers';
import { compareStamps, type Stamp } from '../sync/stamp';
import type { TokenState } from '../sync/watchList';
import type { Disposable, Event } from '../util/emitter';
import type { TaskStore } from '../store/taskStore';

/** Where the token is kept (VS Code's SecretStorage, in src/extension/token.ts). */
export interface TokenSource {
  get(): Promise<string | undefined>;
  /** Reads it again, in case another window changed it without telling this one. */
  reload(): Promise<void>;
  readonly onDidChange: Event<string | undefined>;
  /** Whether reading again shows a change made in another window (desktop: yes; VS Code for the web: no). */
  readonly sharedBetweenWindows: boolean;
}

/** What this class needs of the shared state (core/sync/windowSync.ts). */
export interface SharedTokenState {
  readonly window: string;
  readonly tokenRegister: Register<TokenState> | undefined;
  setTokenState(state: TokenState): void;
  readonly onTokenState: Event<TokenState>;
  setHasToken(token: boolean): void;
  readonly otherWindowHasToken: boolean;
  readonly onDidChangeWindows: Event<void>;
  notify(notice: Notice): void;
}

export interface TokenPauseLog {
  info(message: string): void;
  warn(message: string): void;
}

/** 401s on tasks, while /v1/user cannot be reached to confirm, after which the token counts as rejected. */
const UNCONFIRMED_401S = 3;

export class TokenPause implements Disposable {
  private value: string | undefined;
  /** The shared token register when this window last read (or set) its copy of the token. */
  private loadedRev: Stamp | undefined;
  private verifying: Promise<void> | undefined;
  private unconfirmed = 0;
  private readonly disposables: Disposable[] = [];

  constructor(
    private readonly store: TaskStore,
    private readonly token: TokenSource,
    private readonly client: Pick<ApiClient, 'getUser'>,
    private readonly shared: SharedTokenState,
    private readonly log: TokenPauseLog,
  ) {}

  /** Reads the token and follows its changes from now on. */
  async start(): Promise<void> {
    this.value = await this.token.get();
    this.markLoaded();
    this.disposables.push(
      this.token.onDidChange((value) => {
        this.value = value;
        this.markLoaded();
        this.apply();
      }),
      this.shared.onTokenState((state) => {
        this.log.info(
          `Another window ${state === 'set' ? 'set a new API token' : state === 'cleared' ? 'removed the API token' : 'found the API token rejected'}.`,
        );
        void this.token.reload().then(async () => {
          // Where a window's secrets follow the others', what was just read is current.
          if (this.token.sharedBetweenWindows) {
            this.value = await this.token.get();
            this.markLoaded();
          }
          this.apply();
        });
      }),
      this.shared.onDidChangeWindows(() => this.apply()),
    );
    this.apply();
  }

  /** Whether this window has a token it can use (see the top of this file). */
  get usableHere(): boolean {
    if (this.value === undefined) return false;
    const reg = this.shared.tokenRegister;
    if (!reg) return true;
    if (reg.value === 'rejected') return false;
    return reg.rev.w === this.shared.window || (this.loadedRev !== undefined && compareStamps(reg.rev, this.loadedRev) <= 0);
  }

  /** This window has a token, but another window changed it since: this copy may be out of date. */
  get outdatedHere(): boolean {
    return this.value !== undefined && !this.usableHere && this.shared.tokenRegister?.value !== 'rejected';
  }

  /** A token was checked and stored in this window: resume everywhere. */
  tokenSet(): void {
    this.unconfirmed = 0;
    this.shared.setTokenState('set');
    this.markLoaded();
    this.apply();
  }

  /** The token was removed in this window: pause everywhere. */
  tokenCleared(): void {
    this.value = undefined;
    this.shared.setTokenState('cleared');
    this.apply();
  }

  /** Every 401/403 answer the scheduler gets (also the "no token" error it gets without asking). */
  onAuthError(taskId: string, error: ApiError): void {
    if (error.detail === NO_TOKEN) {
      this.value = undefined;
      this.apply();
      return;
    }
    if (error.status === 403) return; // that task's own error, shown on it
    this.verifying ??= this.verify(taskId).finally(() => (this.verifying = undefined));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private markLoaded(): void {
    this.loadedRev = this.shared.tokenRegister?.rev;
  }

  private apply(): void {
    const usable = this.usableHere;
    this.shared.setHasToken(usable);
    this.store.setAuthPaused(!usable && !this.shared.otherWindowHasToken);
  }

  private async verify(taskId: string): Promise<void> {
    const used = await this.token.get();
    const r = await this.client.getUser();
    // Set anew (here or in another window) while the check ran: nothing to conclude about the new one.
    await this.token.reload();
    if ((await this.token.get()) !== used || !this.usableHere) return;
    if (r.ok) {
      this.unconfirmed = 0;
      this.log.warn(`Task ${taskId} was refused (HTTP 401), but the token itself works: the error shows on that task only.`);
      return;
    }
    if ((r.error.kind === 'auth' && r.error.status === 401) || ++this.unconfirmed >= UNCONFIRMED_401S) this.reject();
    this.log.warn(
      `Task ${taskId} was refused (HTTP 401) and the token could not be checked (${r.error.message}); polling goes on for now.`,
    );
  }

  private reject(): void {
    this.unconfirmed = 0;
    if (this.shared.tokenRegister?.value === 'rejected') return;
    this.log.warn('The Extruct API rejected the token: polling is paused until a valid token is set.');
    this.shared.setTokenState('rejected');
    this.apply();
    this.shared.notify({
      severity: 'warning',
      text: l10n.t('Extruct rejected the API token, so watched tasks are paused. Set a valid token to resume.'),
      actions: [{ title: l10n.t('Set API Token'), command: 'extruct.setToken', args: [] }],
    });
  }
}
