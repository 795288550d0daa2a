/**
 * Entry point. It only wires: builds the core (client, store, scheduler, shared state) and the VS Code
 * parts around it, registers everything disposable with the extension context, and returns. Activation
 * is cheap: no file, keychain or network access happens before it returns.
 */
import * as vscode from 'vscode';
import { error } from './messages';
import { ApiClient } from '../core/api/client';
import { TokenPause } from '../core/auth/tokenPause';
import { Announcer } from '../core/notify/announcer';
import { EtaTracker } from '../core/model/eta';
import { checkBaseUrl } from '../core/input/baseUrl';
import { Scheduler } from '../core/poll/scheduler';
import { Coordinator } from '../core/sync/coordinator';
import type { Notice } from '../core/sync/message';
import { SharedFolder } from '../core/sync/folder';
import { TaskStore } from '../core/store/taskStore';
import { systemClock } from '../core/util/clock';
import { registerCommands } from './commands';
import { watchIds } from './commands/watch';
import { ContextKeys } from './contextKeys';
import { applyDemoEnvironment } from './demoMode';
import { fetchAdapter } from './http';
import { Log } from './log';
import { Notifier } from './notifier';
import { DetailPanelManager } from './panel/detailPanels';
import type { CoreServices, Services } from './services';
import { Settings } from './settings';
import { startSharedState } from './sharedState';
import { StatusBar } from './statusBar';
import type { TestApi } from './testApi';
import { TokenStore } from './token';
import { registerTools } from './tools';
import { TasksTree } from './tree/tasksTree';
import { WatchUriHandler } from './uriHandler';

/** False in production builds (esbuild `define`), so the test hooks are not even in the shipped bundle. */
declare const TEST_HOOKS: boolean;

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

  const store = new TaskStore();
  const scheduler = new Scheduler({
    store,
    clock: systemClock,
    fetchTask: (id) => client.getTask(id),
    listTasks: (page) => client.listTasks(page),
    intervalMs: () => settings.pollIntervalMs,
    // Called on answers only, after tokenPause below exists.
    onAuthError: (id, error) => tokenPause.onAuthError(id, error),
  });
  const shared = new Coordinator({
    folder: new SharedFolder(context.globalStorageUri.fsPath),
    store,
    scheduler,
    clock: systemClock,
    log,
    focused: vscode.window.state.focused,
  });
  const tokenPause = new TokenPause(store, token, client, shared, log);
  const eta = new EtaTracker();
  const timeLeft = (id: string): number | undefined => eta.timeLeft(id, Date.now());
  const tree = new TasksTree(store, (id) => shared.pollStatus(id), timeLeft, context.globalState);
  // Disposed in this order: the shared state saves what is pending while the store still holds it.
  subs.push(shared, tokenPause, scheduler, eta.follow(store, Date.now), tree, { dispose: () => store.dispose() });

  const core: CoreServices = {
    context,
    settings,
    log,
    token,
    tokenPause,
    client,
    store,
    watchList: shared,
    scheduler,
    timeLeft,
    view: tree,
  };
  const panels = new DetailPanelManager(core);
  const services: Services = { ...core, panels };
  const contextKeys = new ContextKeys(store);
  const statusBar = new StatusBar(store, shared);
  const notifier = new Notifier(shared.onNotice, log);
  const announcer = new Announcer({ store, clock: systemClock, level: () => settings.notifications, log, route: (n) => shared.notify(n) });
  subs.push(panels, statusBar, contextKeys, notifier, announcer);
  subs.push(
    scheduler.onDidAnswer((id) => panels.refresh(id)),
    shared.onDidChangeRole(() => panels.refresh()),
    shared.onProblem((text) => void notifier.show(problemNotice(text))),
  );

  subs.push(
    ...registerCommands(services),
    ...registerTools(services),
    vscode.window.registerUriHandler(
      new WatchUriHandler(
        (ids) => watchIds(services, ids),
        (id) => store.has(id),
      ),
    ),
  );

  subs.push(
    vscode.window.onDidChangeWindowState((s) => {
      shared.setFocused(s.focused);
      // VS Code for the web does not always tell a window that another one changed a secret.
      if (s.focused && vscode.env.uiKind === vscode.UIKind.Web) void token.reload();
    }),
    settings.onDidChange((e) => {
      if (e.affectsConfiguration('extruct.pollInterval')) scheduler.reschedule();
      if (e.affectsConfiguration('extruct.apiBaseUrl')) {
        reportBaseUrl(settings, log);
        if (scheduler.isActive)
          void scheduler.refresh(
            store
              .entries()
              .filter((t) => !t.stopped)
              .map((t) => t.id),
          );
      }
    }),
  );

  // What needs the disk, the keychain (a round trip to the UI side) or the network runs after
  // activation returns. Until then the welcome view shows nothing ("extruct.ready" unset).
  const ready = (async () => {
    await startSharedState(shared, context.globalState, log, (text) => void notifier.show(problemNotice(text)));
    await tokenPause.start();
    log.setSecret(await token.get());
    subs.push(token.onDidChange((value) => log.setSecret(value)));
    await applyDemoEnvironment(services, process.env);
    reportBaseUrl(settings, log, true);
    contextKeys.set('extruct.ready', true);
  })().catch((e: unknown) => log.error(`Start-up failed: ${e instanceof Error ? e.message : String(e)}`));
  const activationMs = performance.now() - started;
  const cpu = process.cpuUsage(startedCpu);
  // Logged after activation returns: the log channel is created on first use.
  void ready.then(() =>
    log.info(
      `Activated in ${activationMs.toFixed(1)} ms (${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU; ${store.size} watched task${store.size === 1 ? '' : 's'}; VS Code ${vscode.version}, ${vscode.env.appName}).`,
    ),
  );

  if (TEST_HOOKS && process.env.EXTRUCT_TEST_HOOKS === '1') {
    return {
      store,
      scheduler,
      shared,
      statusBar,
      tree,
      panels,
      services,
      logFile: vscode.Uri.joinPath(context.logUri, 'Extruct.log').fsPath,
      activationMs,
      ready,
      globalState: context.globalState,
    };
  }
  return undefined;
}

/** A problem with the saved state, shown in this window, with the way to its details. */
const problemNotice = (text: string): Notice => ({
  severity: 'warning',
  text,
  actions: [{ title: 'Show Log', command: 'extruct.showLog', args: [] }],
});

function reportBaseUrl(settings: Settings, log: Log, quietIfValid = false): void {
  const check = checkBaseUrl(settings.apiBaseUrl);
  if (check.ok) {
    if (!quietIfValid) log.info(`API base URL: ${check.url}`);
    return;
  }
  log.error(check.reason);
  void error(check.reason, 'Open Settings').then((c) =>
    c ? vscode.commands.executeCommand('workbench.action.openSettings', 'extruct.apiBaseUrl') : undefined,
  );
}
