/**
 * Tells the user what they need to know, once: completions (per the "extruct.notifications" setting),
 * a paused-for-token message, and each distinct polling error. Everything also goes to the log.
 * Completions that arrive together are announced in one message, never a stack of popups.
 */
import * as vscode from 'vscode';
import { type ApiError, errorKey, NO_TOKEN } from '../core/api/errors';
import { userMessage } from '../core/format/errorText';
import { shorten, taskTitle } from '../core/format/text';
import { type Completion, completionOf } from '../core/model/transitions';
import type { TaskStore } from '../core/store/taskStore';
import type { Log } from './log';
import type { Settings } from './settings';

const BATCH_MS = 400;

export interface NotifierActions {
  openDetails(id: string): Promise<void>;
  openInExtruct(id: string): Promise<void>;
  setToken(): Promise<void>;
  showTasks(): Promise<void>;
}

export class Notifier implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private pending: Array<{ id: string; completion: Completion }> = [];
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Error keys already shown to the user; an error is shown again only after things went well. */
  private readonly shownErrors = new Set<string>();
  /** The last error key logged per task, so the log gets each error once per occurrence, not per tick. */
  private readonly loggedErrors = new Map<string, string>();
  /** The last messages shown (for diagnostics and tests). */
  readonly shown: string[] = [];

  constructor(
    private readonly store: TaskStore,
    private readonly settings: Settings,
    private readonly log: Log,
    private readonly actions: NotifierActions,
  ) {
    this.disposables.push(
      store.onDidChange((changes) => {
        for (const change of changes) {
          const completion = completionOf(change);
          if (completion) this.queueCompletion(change.id, completion);
          if (change.after) this.onErrorState(change.id, change.after.error);
          else this.loggedErrors.delete(change.id);
        }
      }),
      store.onDidChangeAuthPaused((paused) => {
        // Paused because a request was rejected (not because the user cleared the token): say so once.
        // Paused because Extruct rejected the token: one message for all tasks. (Without a token, requests
        // never go out; a manual refresh is told so through onErrorState.)
        const rejected = store.entries().some((e) => e.error?.kind === 'auth' && e.error.detail !== NO_TOKEN);
        if (paused && rejected) void this.showAuthPaused(false);
        else if (!paused) this.log.info('Polling resumed.');
      }),
    );
  }

  private record(text: string): string {
    this.shown.push(text);
    if (this.shown.length > 100) this.shown.shift();
    return text;
  }

  dispose(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.disposables.forEach((d) => d.dispose());
  }

  private queueCompletion(id: string, completion: Completion): void {
    const entry = this.store.get(id);
    this.log.info(`Task ${id} ${completion === 'exhausted' ? 'ran out of candidates and finished evaluating' : completion}` +
      (entry?.task ? `: ${entry.task.num_results} high-fit of ${entry.task.desired_num_results ?? '?'} wanted.` : '.'));
    const level = this.settings.notifications;
    if (level === 'off' || (level === 'failuresOnly' && completion !== 'failed')) return;
    this.pending.push({ id, completion });
    this.batchTimer ??= setTimeout(() => this.flushCompletions(), BATCH_MS);
  }

  private flushCompletions(): void {
    this.batchTimer = undefined;
    const batch = this.pending.filter((p) => this.store.get(p.id));
    this.pending = [];
    if (batch.length === 0) return;
    if (batch.length === 1) return void this.showOne(batch[0]!.id, batch[0]!.completion);
    const failed = batch.filter((b) => b.completion === 'failed').length;
    const text = `${batch.length} Extruct tasks finished${failed ? `, ${failed} of them failed` : ''}.`;
    const show = failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(this.record(text), 'Show Tasks').then((choice) => (choice ? this.actions.showTasks() : undefined));
  }

  private async showOne(id: string, completion: Completion): Promise<void> {
    const entry = this.store.get(id);
    if (!entry) return;
    const name = `"${shorten(taskTitle(entry), 50)}"`;
    const counts = entry.task ? `${entry.task.num_results} high-fit result${entry.task.num_results === 1 ? '' : 's'}` : '';
    let choice: string | undefined;
    if (completion === 'failed') {
      choice = await vscode.window.showErrorMessage(
        this.record(`Extruct task ${name} failed${counts ? ` with ${counts}` : ''}. Open the details to see what it found, or resume it from Extruct.`),
        'Open Details',
        'Open in Extruct',
      );
    } else {
      const what = completion === 'exhausted' ? 'ran out of candidates and finished' : 'finished';
      choice = await vscode.window.showInformationMessage(this.record(`Extruct task ${name} ${what}: ${counts}.`), 'Open Details', 'Open in Extruct');
    }
    if (choice === 'Open Details') await this.actions.openDetails(id);
    else if (choice === 'Open in Extruct') await this.actions.openInExtruct(id);
  }

  private async showAuthPaused(missing: boolean): Promise<void> {
    this.log.warn(`${missing ? 'No API token is set' : 'The Extruct API rejected the token'}: polling is paused until a valid token is set.`);
    const choice = await vscode.window.showWarningMessage(
      this.record(
        missing
          ? 'No Extruct API token is set, so watched tasks are paused. Set one to resume.'
          : 'Extruct rejected the API token, so watched tasks are paused. Set a valid token to resume.',
      ),
      'Set API Token',
    );
    if (choice) await this.actions.setToken();
  }

  private onErrorState(id: string, error: ApiError | undefined): void {
    if (!error) {
      this.loggedErrors.delete(id);
      if (this.shownErrors.size && this.store.entries().every((e) => !e.error)) this.shownErrors.clear();
      return;
    }
    const key = errorKey(error);
    if (this.loggedErrors.get(id) !== key) {
      this.loggedErrors.set(id, key);
      this.log.warn(`Task ${id}: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
    }
    if (error.kind === 'auth' && error.detail !== NO_TOKEN) return; // one message for all tasks: showAuthPaused
    const shownKey = error.kind === 'not-found' ? `${key}:${id}` : key;
    if (this.shownErrors.has(shownKey)) return;
    this.shownErrors.add(shownKey);
    if (error.kind === 'auth') void this.showAuthPaused(true);
    else void this.showError(id, error);
  }

  private async showError(id: string, error: ApiError): Promise<void> {
    const entry = this.store.get(id);
    const name = entry ? `"${shorten(taskTitle(entry), 50)}"` : id;
    const text = userMessage(error, name);
    const show = error.kind === 'not-found' || error.kind === 'plan' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    const choice = await show(this.record(text), ...(error.kind === 'not-found' ? ['Stop Watching', 'Show Log'] : ['Show Log']));
    if (choice === 'Show Log') this.log.show();
    else if (choice === 'Stop Watching') this.store.remove([id]);
  }
}
