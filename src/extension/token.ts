/**
 * The API token, kept only in VS Code's SecretStorage (the OS keychain on desktop). On the desktop a
 * change made in one window reaches the others through `secrets.onDidChange`. VS Code for the web
 * (code-server) keeps a copy of the secrets per window, read when the window loads, with no event: there
 * a token set in another window is seen here only after a reload (core/auth/tokenPause.ts copes with
 * that). The context key `extruct.hasToken` drives the welcome view.
 */
import * as vscode from 'vscode';

const KEY = 'extruct.apiToken';

export class TokenStore implements vscode.Disposable {
  private cached: string | undefined;
  private loaded = false;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.changed.event;
  /** Whether reading the secret again shows a change made in another window. */
  readonly sharedBetweenWindows = vscode.env.uiKind === vscode.UIKind.Desktop;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key !== KEY) return;
      await this.reload();
    });
  }

  /** The token, or undefined when none is set (or the keychain cannot be read). */
  async get(): Promise<string | undefined> {
    if (!this.loaded) await this.reload();
    return this.cached;
  }

  async set(token: string): Promise<void> {
    await this.secrets.store(KEY, token);
    await this.apply(token);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(KEY);
    await this.apply(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** Reads the secret again (VS Code for the web does not always tell other windows of a change). */
  async reload(): Promise<void> {
    let value: string | undefined;
    try {
      value = (await this.secrets.get(KEY)) || undefined;
    } catch {
      value = undefined; // keychain unavailable: behave as "no token"; setToken reports the failure
    }
    await this.apply(value);
  }

  private async apply(value: string | undefined): Promise<void> {
    const changed = !this.loaded || value !== this.cached;
    this.loaded = true;
    this.cached = value;
    if (!changed) return;
    await vscode.commands.executeCommand('setContext', 'extruct.hasToken', value !== undefined);
    this.changed.fire(value);
  }
}
