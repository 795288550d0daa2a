/**
 * Entry point. It only wires: builds the core (client, store, scheduler, shared state) and the VS Code
 * parts around it, registers everything disposable with the extension context, and returns. Activation
 * is cheap: no file, keychain or network access happens before it returns.
 */
import * as vscode from 'vscode';
import { CreditGuard } from '../core/agent/creditGuard';
import { ChatRequestKeys } from '../core/agent/requestKeys';
import { ApiClient } from '../core/api/client';
import { TokenPause } from '../core/auth/tokenPause';
import { Announcer } from '../core/notify/announcer';
import { EtaTracker } from '../core/model/eta';
import { checkBaseUrl } from '../core/input/baseUrl';
import { KnownTasks } from '../core/input/knownTasks';
import { Scheduler } from '../core/poll/scheduler';
import type { Notice } from '../core/sync/message';
import { WindowSync } from '../core/sync/windowSync';
import { TaskStore } from '../core/store/taskStore';
import { systemClock } from '../core/util/clock';
import { CommandTickets } from './actions/tickets';
import { watchIds, watchNamed } from './actions/watch';
import { registerCommands } from './commands';
import { ContextKeys } from './contextKeys';
import { applyDemoEnvironment } from './demoMode';
import { followAccount } from './follow/followAccount';
import { fetchAdapter } from './http';
import { shareBundleWithCore } from './l10n';
import { registerTaskLinks, taskLinksOf } from './links';
import { Log } from './log';
import { Notifier } from './notifier';
import { DetailPanelManager } from './panel/detailPanels';
import type { CoreServices, Services } from './services';
import { Settings } from './settings';
import { startSharedState } from './sharedState';
import { StatusBar } from './statusBar';
import type { TestApi } from './testApi';
import { TokenStore } from './token';
import { ExtructMcpServerProvider } from './mcp/provider';
import { answerMcpSearches } from './mcp/startSearch';
import { registerTools } from './tools';
import { TasksTree } from './tree/tasksTree';
import { error } from './ui/messages';
import { WatchUriHandler } from './uriHandler';

/** False in production builds (esbuild `define`), so the test hooks are not even in the shipped bundle. */
declare const TEST_HOOKS: boolean;

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  shareBundleWithCore();
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
    // eslint-disable-next-line extruct/localised-text -- an HTTP header, not words
    userAgent: `extruct-task-watcher/${version} vscode/${vscode.version}`,
  });

  const store = new TaskStore();
  // Task IDs the list has shown (for links), and the account followed for tasks started elsewhere. Its mark
  // and its memory of tasks the user stopped watching are the shared list's: one for every window, kept across
  // restarts. (Read on answers only, after the shared state below exists.)
  const known = new KnownTasks();
  const follow = followAccount({
    state: {
      get value() {
        return shared.newTasksMark;
      },
      advance: (createdAtMs) => shared.advanceNewTasksMark(createdAtMs),
      known: (id) => shared.knows(id),
    },
    store,
    settings,
    token,
    clock: systemClock,
    log,
    // Called on new tasks only, after the shared state below exists.
    notify: (notice) => shared.notify(notice),
    watch: (ids) => shared.watch(ids, 'elsewhere'),
  });
  subs.push(known, ...follow.disposables);
  const scheduler = new Scheduler({
    store,
    clock: systemClock,
    fetchTask: (id) => client.getTask(id),
    listTasks: (page) => client.listTasks(page),
    intervalMs: () => settings.pollIntervalMs,
    // Called on answers only, after tokenPause below exists.
    onAuthError: (id, error) => tokenPause.onAuthError(id, error),
    follower: follow.follower,
    seen: (rows) => known.add(rows),
  });
  const shared = new WindowSync({
    dir: context.globalStorageUri.fsPath,
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
    tickets: new CommandTickets(),
  };
  const panels = new DetailPanelManager(core);
  const services: Services = { ...core, panels };
  const contextKeys = new ContextKeys(store);
  const statusBar = new StatusBar(store, shared);
  // "Watch" on a notice (tasks started elsewhere) is the user's own choice: watched at once, not asked again.
  const notifier = new Notifier(shared.onNotice, log, { 'extruct.watchTask': (ids) => watchIds(services, ids, 'elsewhere') });
  const announcer = new Announcer({ store, clock: systemClock, level: () => settings.notifications, log, route: (n) => shared.notify(n) });
  subs.push(panels, statusBar, contextKeys, notifier, announcer);
  subs.push(
    scheduler.onDidAnswer((id) => panels.refresh(id)),
    shared.onDidChangeRole(() => panels.refresh()),
    shared.onProblem((text) => void notifier.show(problemNotice(text))),
  );

  // The credit guard's budget and the chat requests it counts: this window's, in memory (a reload resets them).
  // Both measure durations, so on the monotonic clock: setting the time back cannot reopen an hour's budget.
  const elapsed = { now: () => systemClock.monotonic() };
  const credits = { guard: new CreditGuard(elapsed, () => settings.creditLimits), requests: new ChatRequestKeys(elapsed) };
  subs.push(
    ...registerCommands(services, { tokenArgument: TEST_HOOKS && process.env.EXTRUCT_TEST_HOOKS === '1' }),
    ...registerTools(services, credits),
    vscode.window.registerUriHandler(new WatchUriHandler((text) => watchNamed(services, text, 'link'))),
  );
  const taskLinks = taskLinksOf(services, known);
  subs.push(taskLinks);

  subs.push(
    vscode.window.onDidChangeWindowState((s) => {
      shared.setFocused(s.focused);
      // VS Code for the web does not always tell a window that another one changed a secret.
      if (s.focused && vscode.env.uiKind === vscode.UIKind.Web) void token.reload();
    }),
    settings.onDidChange((e) => {
      if (e.affectsConfiguration('extruct.pollInterval') || e.affectsConfiguration('extruct.newTasks')) scheduler.reschedule();
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
  // The MCP server for agents outside the extension host (src/mcp/); it gets the token once `ready`.
  const mcp = new ExtructMcpServerProvider(services, { tokenRegister: () => shared.tokenRegister, ready });
  subs.push(mcp);
  // What VS Code consults only later (links in a terminal or a document, the MCP server's definition, an
  // agent's start request through the shared folder) is registered in the next turn, once activation is done.
  const later = setImmediate(() =>
    subs.push(...registerTaskLinks(services, taskLinks), mcp.register(), answerMcpSearches(services, credits, shared)),
  );
  subs.push({ dispose: () => clearImmediate(later) });
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
      credits,
      mcp,
      logFile: vscode.Uri.joinPath(context.logUri, 'Extruct.log').fsPath,
      activationMs,
      ready,
      globalState: context.globalState,
      links: taskLinks,
    };
  }
  return undefined;
}

/** A problem with the saved state, shown in this window, with the way to its details. */
const problemNotice = (text: string): Notice => ({
  severity: 'warning',
  text,
  actions: [{ title: vscode.l10n.t('Show Log'), command: 'extruct.showLog', args: [] }],
});

function reportBaseUrl(settings: Settings, log: Log, quietIfValid = false): void {
  const check = checkBaseUrl(settings.apiBaseUrl);
  if (check.ok) {
    if (!quietIfValid) log.info(`API base URL: ${check.url}`);
    return;
  }
  log.error(check.reason);
  void error(check.reason, vscode.l10n.t('Open Settings')).then((c) =>
    c ? vscode.commands.executeCommand('workbench.action.openSettings', 'extruct.apiBaseUrl') : undefined,
  );
}
