/**
 * Decides what to tell the user, once: completions (per the notification setting and each task's mute)
 * and each distinct polling error. It looks only at what this window saw happen (its own requests:
 * `local` changes) and hands each notice to `route`, which delivers it to the one window that should
 * show it (core/sync/windowSync.ts). Completions that arrive together make one notice.
 *
 * Pure decisions: no `vscode`; the VS Code layer shows the notices (src/extension/notifier.ts).
 */
import * as l10n from '@vscode/l10n';
import { type ApiError, errorKey, NO_TOKEN } from '../api/errors';
import { userMessage } from '../format/errorText';
import { plain } from '../format/plain';
import { taskTitle } from '../format/text';
import { type Completion, completionOf } from '../model/transitions';
import type { Notice, NoticeAction } from '../sync/message';
import type { TaskStore } from '../store/taskStore';
import type { Clock } from '../util/clock';
import type { Disposable } from '../util/emitter';

export type NotificationLevel = 'all' | 'failuresOnly' | 'off';

/** Completions within this long of each other make one notice. */
const BATCH_MS = 400;

export interface AnnouncerOptions {
  readonly store: TaskStore;
  readonly clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** The "extruct.notifications" setting, read at each decision. */
  readonly level: () => NotificationLevel;
  readonly log: { info(message: string): void; warn(message: string): void };
  readonly route: (notice: Notice) => void;
}

const action = (title: string, command: string, ...args: string[]): NoticeAction => ({ title, command, args });

export class Announcer implements Disposable {
  /** Completions waiting for the batch to close, by task (a task that completes twice in a batch counts once). */
  private pending = new Map<string, Completion>();
  private batchTimer: unknown;
  /** Error keys already told; an error is told again only after things went well. */
  private readonly toldErrors = new Set<string>();
  /** The last error key logged per task, so the log gets each error once per occurrence, not per check. */
  private readonly loggedErrors = new Map<string, string>();
  private readonly subscription: Disposable;

  constructor(private readonly o: AnnouncerOptions) {
    this.subscription = o.store.onDidChange((changes) => {
      for (const change of changes) {
        if (!change.after) this.loggedErrors.delete(change.id);
        if (change.origin !== 'local') continue; // another window saw it, and told it
        const completion = completionOf(change);
        if (completion) this.queueCompletion(change.id, completion);
        if (change.after) this.onErrorState(change.id, change.after.error);
      }
    });
  }

  dispose(): void {
    if (this.batchTimer !== undefined) this.o.clock.clearTimeout(this.batchTimer);
    this.subscription.dispose();
  }

  private queueCompletion(id: string, completion: Completion): void {
    const entry = this.o.store.get(id);
    this.o.log.info(
      `Task ${id} ${completion === 'exhausted' ? 'ran out of candidates and finished evaluating' : completion}` +
        (entry?.task ? `: ${entry.task.num_results} high-fit of ${entry.task.desired_num_results ?? '?'} wanted.` : '.'),
    );
    if (entry?.muted) return;
    const level = this.o.level();
    if (level === 'off' || (level === 'failuresOnly' && completion !== 'failed')) return;
    this.pending.set(id, completion);
    this.batchTimer ??= this.o.clock.setTimeout(() => this.flushCompletions(), BATCH_MS);
  }

  private flushCompletions(): void {
    this.batchTimer = undefined;
    const batch = [...this.pending].filter(([id]) => this.o.store.has(id)).map(([id, completion]) => ({ id, completion }));
    this.pending = new Map();
    const first = batch[0];
    if (!first) return;
    if (batch.length === 1) {
      this.o.route(this.completionNotice(first.id, first.completion));
      return;
    }
    const failed = batch.filter((b) => b.completion === 'failed').length;
    this.o.route({
      severity: failed ? 'warning' : 'info',
      text: failed
        ? l10n.t('{0} Extruct tasks finished, {1} of them failed.', batch.length, failed)
        : l10n.t('{0} Extruct tasks finished.', batch.length),
      actions: [action(l10n.t('Show Tasks'), 'extruct.tasks.focus')],
    });
  }

  private completionNotice(id: string, completion: Completion): Notice {
    const entry = this.o.store.get(id);
    const name = `"${plain(entry ? taskTitle(entry) : id, 50)}"`;
    const n = entry?.task?.num_results;
    const actions = [
      action(l10n.t('Open Details'), 'extruct.openDetails', id),
      action(l10n.t('Open in Extruct'), 'extruct.openInExtruct', id),
    ];
    if (completion === 'failed') return { severity: 'error', text: failedText(name, n), actions };
    return { severity: 'info', text: completion === 'exhausted' ? exhaustedText(name, n) : finishedText(name, n), actions };
  }

  private onErrorState(id: string, error: ApiError | undefined): void {
    if (!error) {
      this.loggedErrors.delete(id);
      if (this.toldErrors.size && this.o.store.entries().every((e) => !e.error)) this.toldErrors.clear();
      return;
    }
    const key = errorKey(error);
    if (this.loggedErrors.get(id) !== key) {
      this.loggedErrors.set(id, key);
      this.o.log.warn(`Task ${id}: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
    }
    // A rejected token makes one notice for all tasks, from the owner of the pause (auth/tokenPause.ts).
    if (error.kind === 'auth' && error.detail !== NO_TOKEN && error.status !== 403) return;
    const toldKey = error.kind === 'not-found' ? `${key}:${id}` : key;
    if (this.toldErrors.has(toldKey)) return;
    this.toldErrors.add(toldKey);
    if (error.kind === 'auth' && error.detail === NO_TOKEN) {
      this.o.route({
        severity: 'warning',
        text: l10n.t('No Extruct API token is set, so watched tasks are paused. Set one to resume.'),
        actions: [action(l10n.t('Set API Token'), 'extruct.setToken')],
      });
      return;
    }
    const entry = this.o.store.get(id);
    const name = entry ? `"${plain(taskTitle(entry), 50)}"` : id;
    const fatal = error.kind === 'not-found' || error.kind === 'plan';
    this.o.route({
      severity: fatal ? 'error' : 'warning',
      text: plain(userMessage(error, name)),
      actions:
        error.kind === 'not-found'
          ? [action(l10n.t('Stop Watching'), 'extruct.stopWatching', id), action(l10n.t('Show Log'), 'extruct.showLog')]
          : [action(l10n.t('Show Log'), 'extruct.showLog')],
    });
  }
}

/** "Extruct task "…" failed with 3 high-fit results. …" (`n` is unknown before the first answer). */
function failedText(name: string, n: number | undefined): string {
  if (n === undefined) return l10n.t('Extruct task {0} failed. Open the details to see what it found, or resume it from Extruct.', name);
  return n === 1
    ? l10n.t('Extruct task {0} failed with 1 high-fit result. Open the details to see what it found, or resume it from Extruct.', name)
    : l10n.t(
        'Extruct task {0} failed with {1} high-fit results. Open the details to see what it found, or resume it from Extruct.',
        name,
        n,
      );
}

/** "Extruct task "…" finished: 37 high-fit results." */
function finishedText(name: string, n: number | undefined): string {
  if (n === undefined) return l10n.t('Extruct task {0} finished.', name);
  return n === 1
    ? l10n.t('Extruct task {0} finished: 1 high-fit result.', name)
    : l10n.t('Extruct task {0} finished: {1} high-fit results.', name, n);
}

/** "Extruct task "…" ran out of candidates and finished: 37 high-fit results." */
function exhaustedText(name: string, n: number | undefined): string {
  if (n === undefined) return l10n.t('Extruct task {0} ran out of candidates and finished.', name);
  return n === 1
    ? l10n.t('Extruct task {0} ran out of candidates and finished: 1 high-fit result.', name)
    : l10n.t('Extruct task {0} ran out of candidates and finished: {1} high-fit results.', name, n);
}
