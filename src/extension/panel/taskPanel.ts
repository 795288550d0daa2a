/**
 * One task's detail panel: owns the webview, answers its messages and pushes view models. It reads the
 * store the tree uses and makes no requests of its own, except results when asked (or once, when the
 * task is complete) and the user's actions.
 */
import * as vscode from 'vscode';
import { type AllResults } from '../../core/results/paging';
import { safeExternalUrl } from '../../core/results/links';
import {
  type BusyAction,
  type HostToWebview,
  type ResultsView,
  type TaskViewModel,
  type WebviewToHost,
  parseWebviewMessage,
} from '../../protocol/messages';
import type { CoreServices } from '../services';
import { exportResults, readAllResults } from '../actions/results';
import { resumeTask } from '../actions/resume';
import { stopWatchingIds } from '../actions/watch';
import { setText, statusMessage } from '../ui/text';
import { panelHtml, webviewOptions } from './html';
import { panelStrings } from './strings';
import { IDLE_RESULTS, resultsView, taskViewModel } from './viewModel';

export const VIEW_TYPE = 'extruct.taskDetails';

export class TaskPanel implements vscode.Disposable {
  private ready = false;
  private disposed = false;
  private updateQueued = false;
  private autoLoaded = false;
  private loading: Promise<void> | undefined;
  private results: ResultsView = IDLE_RESULTS;
  private model: TaskViewModel | undefined;
  private lastPosted: TaskViewModel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly taskId: string,
    readonly panel: vscode.WebviewPanel,
    private readonly services: CoreServices,
    onDispose: () => void,
  ) {
    const extensionUri = services.context.extensionUri;
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'extruct.svg');
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      panel.onDidChangeViewState(() => {
        // Hidden webviews are destroyed (retainContextWhenHidden: false); a shown one says `ready` again.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        this.disposeParts();
        onDispose();
      }),
    );
    this.refreshModel();
  }

  /** What the panel last sent its webview (tests). */
  get lastModel(): TaskViewModel | undefined {
    return this.lastPosted;
  }

  get lastResults(): ResultsView {
    return this.results;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Coalesces the store's bursts of changes (e.g. next-check updates) into one message. */
  scheduleUpdate(): void {
    if (this.updateQueued || this.disposed) return;
    this.updateQueued = true;
    queueMicrotask(() => {
      this.updateQueued = false;
      if (!this.disposed) this.refreshModel();
    });
  }

  loadResults(): Promise<void> {
    this.loading ??= this.doLoad().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Shows rows read elsewhere (an export), so the table matches the file. */
  showResults(all: AllResults): void {
    this.results = resultsView(this.services.store.get(this.taskId), all, Date.now());
    this.post({ type: 'results', results: this.results });
  }

  setBusy(action: BusyAction, busy: boolean): void {
    this.post({ type: 'busy', action, busy });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private refreshModel(): void {
    const entry = this.services.store.get(this.taskId);
    if (!entry) return;
    const s = this.services;
    this.model = taskViewModel(
      entry,
      s.store.authPaused,
      s.settings.dashboardUrl,
      Date.now(),
      s.watchList.pollStatus(this.taskId),
      s.timeLeft(this.taskId),
    );
    setText(this.panel, { title: this.model.title });
    if (entry.unseen && this.panel.visible) this.services.watchList.opened(this.taskId);
    this.postModel();
    // Once per panel: read the results when the task is (or becomes) complete.
    if (entry.stopped === 'complete' && !this.autoLoaded && this.results.state === 'idle') {
      this.autoLoaded = true;
      void this.loadResults();
    }
  }

  private postModel(): void {
    if (!this.model || !this.ready) return;
    this.lastPosted = this.model;
    this.post({ type: 'update', model: this.model });
  }

  private async doLoad(): Promise<void> {
    this.results = { ...this.results, state: 'loading', error: null };
    this.post({ type: 'results', results: this.results });
    const all = await readAllResults(this.services, this.taskId);
    if (this.disposed) return;
    if (all.error) this.services.log.warn(`Reading the results of ${this.taskId} failed: ${all.error.message}`);
    this.showResults(all);
  }

  private post(message: HostToWebview): void {
    if (!this.ready || this.disposed) return;
    void this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.services.log.warn(`Ignored a malformed message from the panel of ${this.taskId}.`);
      return;
    }
    void this.handle(msg).catch((e: unknown) =>
      this.services.log.error(`Panel action failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  private async handle(msg: WebviewToHost): Promise<void> {
    const { services, taskId } = this;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'init', strings: panelStrings() });
        this.postModel();
        this.post({ type: 'results', results: this.results });
        return;
      case 'refresh':
        return this.busy('refresh', () => services.watchList.refresh([taskId]));
      case 'copyId':
        await vscode.env.clipboard.writeText(taskId);
        statusMessage('copy', vscode.l10n.t('Copied task ID.'), 3000);
        return;
      case 'openInExtruct':
        if (this.model) await this.openExternal(this.model.dashboardUrl);
        return;
      case 'stopWatching':
        stopWatchingIds(services, [taskId]); // the manager closes the panel
        return;
      case 'resume':
        return this.busy('resume', () => resumeTask(services, taskId));
      case 'exportResults':
        return this.busy('export', async () => {
          const outcome = await exportResults(services, taskId);
          if (outcome) this.showResults(outcome.results);
        });
      case 'loadResults':
        return this.loadResults();
      case 'openLink':
        return this.openExternal(msg.url);
    }
  }

  private async busy(action: BusyAction, fn: () => Thenable<unknown>): Promise<void> {
    this.setBusy(action, true);
    try {
      await fn();
    } finally {
      this.setBusy(action, false);
    }
  }

  private async openExternal(raw: string): Promise<void> {
    const url = safeExternalUrl(raw);
    if (!url) {
      this.services.log.warn(`Refused to open a link from the panel that is not http(s): ${raw.slice(0, 100)}`);
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  private disposeParts(): void {
    this.disposed = true;
    this.ready = false;
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}
