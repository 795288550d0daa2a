/**
 * Entry point. It only wires: builds the core (client, store, scheduler) and the VS Code parts around
 * it, registers everything disposable with the extension context, and returns. Activation is cheap:
 * it reads the saved watch list and, if nothing is running, starts no timer.
 */
import * as vscode from 'vscode';
import { ApiClient } from '../core/api/client';
import { checkBaseUrl } from '../core/input/baseUrl';
import { dashboardUrl } from '../core/input/taskRef';
import { Scheduler } from '../core/poll/scheduler';
import { TaskStore } from '../core/store/taskStore';
import { systemClock } from '../core/util/clock';
import { registerTaskActions } from './commands/taskActions';
import { clearToken, setToken } from './commands/token';
import { watchIds, watchTask } from './commands/watch';
import { ContextKeys } from './contextKeys';
import { applyDemoEnvironment } from './demoMode';
import { fetchAdapter } from './http';
import { Log } from './log';
import { DetailPanelManager } from './panel/detailPanels';
import { loadWatchList, WatchListSaver } from './persistence';
import type { CoreServices, Services } from './services';
import { Settings } from './settings';
import { StatusBar } from './statusBar';
import { Notifier } from './notifier';
import { TokenStore } from './token';
import { TasksTree } from './tree/tasksTree';
import { WatchUriHandler } from './uriHandler';
import type { TestApi } from './testApi';

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const subs = context.subscriptions;
  const log = new Log();
  const settings = new Settings();
  const token = new TokenStore(context.secrets);
  subs.push(log, token);

  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  const client = new ApiClient({
    fetch: fetchAdapter,
    getBaseUrl: () => settings.apiBaseUrl,
    getToken: () => token.get(),
    userAgent: `extruct-task-watcher/${version} vscode/${vscode.version}`,
  });

  const loaded = loadWatchList(context.globalState, log);
  const store = new TaskStore(loaded.entries);
  const scheduler = new Scheduler({ store, clock: systemClock, fetchTask: (id) => client.getTask(id), intervalMs: () => settings.pollIntervalMs });
  const tree = new TasksTree(store);
  subs.push({ dispose: () => store.dispose() }, scheduler, tree);

  const core: CoreServices = { context, settings, log, token, client, store, scheduler, view: tree };
  const panelManager = new DetailPanelManager(core);
  const services: Services = { ...core, panels: panelManager };
  const statusBar = new StatusBar(store);
  const contextKeys = new ContextKeys(store);
  const notifier = new Notifier(store, settings, log, {
    openDetails: (id) => panelManager.open(id),
    openInExtruct: async (id) => void (await vscode.env.openExternal(vscode.Uri.parse(dashboardUrl(settings.dashboardUrl, id)))),
    setToken: async () => void (await setToken(services)),
    showTasks: async () => void (await vscode.commands.executeCommand('extruct.tasks.focus')),
  });
  subs.push(panelManager, statusBar, contextKeys, notifier, new WatchListSaver(context.globalState, store, log));

  subs.push(
    vscode.commands.registerCommand('extruct.setToken', (arg?: unknown) => setToken(services, arg)),
    vscode.commands.registerCommand('extruct.clearToken', () => clearToken(services)),
    vscode.commands.registerCommand('extruct.watchTask', (arg?: unknown) => watchTask(services, arg)),
    vscode.commands.registerCommand('extruct.showLog', () => log.show()),
    ...registerTaskActions(services),
    vscode.window.registerUriHandler(new WatchUriHandler((ids) => watchIds(services, ids))),
  );

  // Slower in the background, one catch-up when the window is focused again.
  scheduler.setFocused(vscode.window.state.focused);
  subs.push(vscode.window.onDidChangeWindowState((s) => scheduler.setFocused(s.focused)));

  subs.push(
    settings.onDidChange((e) => {
      if (e.affectsConfiguration('extruct.pollInterval')) scheduler.reschedule();
      if (e.affectsConfiguration('extruct.apiBaseUrl')) {
        reportBaseUrl(settings, log);
        void scheduler.refresh(store.entries().filter((t) => !t.stopped).map((t) => t.id));
      }
    }),
  );
  if (loaded.problems.length) {
    void vscode.window
      .showWarningMessage(`Part of the saved Extruct watch list could not be read: ${loaded.problems.join(' ')} The original was backed up.`, 'Show Log')
      .then((c) => (c ? log.show() : undefined));
  }

  // What needs the keychain (a round trip to the UI side) runs after activation returns, so that
  // activation itself stays cheap. Until then the welcome view shows nothing ("extruct.ready" unset).
  const ready = (async () => {
    await applyDemoEnvironment(services, process.env);
    const current = await token.get();
    log.setSecret(current);
    if (!current && store.entries().some((e) => !e.stopped)) store.setAuthPaused(true);
    subs.push(
      token.onDidChange((value) => {
        log.setSecret(value);
        if (value) {
          store.setAuthPaused(false);
          void scheduler.refresh(store.entries().filter((e) => !e.stopped).map((e) => e.id));
        } else if (store.size > 0) {
          store.setAuthPaused(true);
        }
      }),
    );
    reportBaseUrl(settings, log, true);
    contextKeys.set('extruct.ready', true);
    scheduler.start();
  })().catch((e: unknown) => log.error(`Start-up failed: ${e instanceof Error ? e.message : String(e)}`));
  const activationMs = performance.now() - started;
  const cpu = process.cpuUsage(startedCpu);
  // Logged after activation returns: the log channel is created on first use.
  void ready.then(() =>
    log.info(
      `Activated in ${activationMs.toFixed(1)} ms (${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU; ${store.size} watched task${store.size === 1 ? '' : 's'}; VS Code ${vscode.version}, ${vscode.env.appName}).`,
    ),
  );

  if (process.env.EXTRUCT_TEST_HOOKS === '1') {
    return { store, scheduler, statusBar, tree, notifier, panels: panelManager, log, activationMs, ready, globalState: context.globalState };
  }
  return undefined;
}

function reportBaseUrl(settings: Settings, log: Log, quietIfValid = false): void {
  const check = checkBaseUrl(settings.apiBaseUrl);
  if (check.ok) {
    if (!quietIfValid) log.info(`API base URL: ${check.url}`);
    return;
  }
  log.error(check.reason);
  void vscode.window.showErrorMessage(check.reason, 'Open Settings').then((c) =>
    c ? vscode.commands.executeCommand('workbench.action.openSettings', 'extruct.apiBaseUrl') : undefined,
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; the watch list saver writes on dispose.
}
