/**
 * Many windows, one watcher: the loop that makes this window act as one with the others, through the
 * shared folder (layout.ts). It only builds and wires the parts, each with one job:
 *
 *   listReplica.ts  the watch list: this window's copy, its journal, merges under the lock
 *   snapshots.ts    each task's last state, written by the window that polled it
 *   storeBridge.ts  this window's store and the shared state, kept in step
 *   lease.ts        this window's presence, and whether it is the one that polls
 *   mailbox.ts      messages between windows: notices to show, requests and their replies
 *   leftovers.ts    temporary files left by windows that died
 *
 * Every SCAN_MS it looks at the folder: presence, list and journals, snapshots, messages; every
 * HOUSEKEEPING_MS it removes what windows that are gone left behind. Every clock it uses is the one
 * injected. No `vscode` import: src/extension/sharedState.ts starts it.
 */
import type { PollStatus } from '../poll/pollStatus';
import type { Scheduler } from '../poll/scheduler';
import type { TaskStore } from '../store/taskStore';
import type { TaskOrigin, WatchEntry } from '../model/watchEntry';
import type { Clock } from '../util/clock';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { NodeFiles, type SyncFiles } from './files';
import { SyncLayout } from './layout';
import { Leftovers } from './leftovers';
import { ListLock } from './listLock';
import { ListReplica, type SyncLog } from './listReplica';
import { PresenceLease, SCAN_MS } from './lease';
import { Mailbox } from './mailbox';
import type { ChatRef, Notice, ReplyBody, RequestBody } from './message';
import { localProcess, type ProcessInfo } from './process';
import type { Register } from './registers';
import { SnapshotChannel } from './snapshots';
import { StampClock } from './stamp';
import { canonicalIds, StoreBridge } from './storeBridge';
import { markEdit, type TokenState } from './watchList';

export { SCAN_MS } from './lease';
export type { Register } from './registers';

/** What windows that are gone left behind is removed this often. */
const HOUSEKEEPING_MS = 60_000;

export interface WindowSyncOptions {
  /** The shared folder (the extension's global storage). */
  readonly dir: string;
  readonly store: TaskStore;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly log: SyncLog;
  /** This window's ID (random by default). */
  readonly window?: string;
  readonly focused?: boolean;
  /** File operations (node:fs by default; tests inject faults, the bench counts bytes). */
  readonly files?: SyncFiles;
  /** This process (by default the real one). */
  readonly process?: ProcessInfo;
}

/**
 * Answers a Deep Search that the MCP server asks this window to start (after asking the user): the agent's
 * answer. `from`: the MCP server's ID in the folder; `chat`: the chat the call belongs to, if its client said.
 */
export type StartSearchHandler = (input: unknown, from: string, chat: ChatRef | undefined) => Promise<string>;

/** Entries of an older version's saved list, moved into the shared folder once. */
export interface LegacyList {
  readonly entries: readonly WatchEntry[];
}

function randomWindowId(): string {
  return Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 6);
}

export class WindowSync implements Disposable {
  readonly window: string;
  private readonly files: SyncFiles;
  private readonly layout: SyncLayout;
  private readonly replica: ListReplica;
  private readonly snapshots: SnapshotChannel;
  private readonly bridge: StoreBridge;
  private readonly lease: PresenceLease;
  private readonly mailbox: Mailbox;
  private readonly leftovers: Leftovers;
  private timer: unknown;
  private lastHousekeeping = -Infinity;
  private started = false;
  private disposed = false;
  /** Steps of the look that failed, each logged once until it works again. */
  private readonly failing = new Set<string>();
  private readonly subscriptions: Disposable[] = [];
  private readonly noticeEmitter = new Emitter<Notice>();
  private startSearchHandler: StartSearchHandler | undefined;

  /** A notification addressed to this window. */
  readonly onNotice: Event<Notice> = this.noticeEmitter.event;
  /** Another window set, cleared or saw the token rejected. */
  readonly onTokenState: Event<TokenState>;
  /** This window became the poller (true) or stopped being it (false). */
  readonly onDidChangeRole: Event<boolean>;
  /** Something the user should know about the shared state (a damaged file), in words. */
  readonly onProblem: Event<string>;
  /** The other windows changed: one opened or closed, or its token or focus changed. */
  readonly onDidChangeWindows: Event<void>;

  constructor(private readonly o: WindowSyncOptions) {
    this.window = o.window ?? randomWindowId();
    this.files = o.files ?? new NodeFiles(this.window);
    const process = o.process ?? localProcess();
    this.layout = new SyncLayout(o.dir);
    const common = { files: this.files, layout: this.layout, window: this.window, clock: o.clock, log: o.log };
    const stamps = new StampClock(this.window, () => o.clock.now());
    this.lease = new PresenceLease({ ...common, process, focused: o.focused ?? false });
    this.snapshots = new SnapshotChannel({
      ...common,
      stamps,
      source: (id) => {
        const e = o.store.get(id);
        return e ? { state: e, checkedAt: o.scheduler.pollInfo(id).lastCheckedAt ?? o.clock.now() } : undefined;
      },
    });
    this.replica = new ListReplica({
      ...common,
      lock: new ListLock({ ...common, path: this.layout.lock, process }),
      liveness: (w) => this.lease.liveness(w),
      savedTaskIds: () => this.snapshots.savedIds(),
    });
    this.bridge = new StoreBridge({
      store: o.store,
      replica: this.replica,
      snapshots: this.snapshots,
      stamps,
      clock: o.clock,
      window: this.window,
    });
    this.mailbox = new Mailbox({
      ...common,
      handlers: {
        notice: (n) => this.noticeEmitter.fire(n),
        request: (body, from) => this.answer(body, from),
      },
    });
    this.leftovers = new Leftovers(this.files, this.layout, o.clock);
    this.onTokenState = this.bridge.onTokenState;
    this.onDidChangeRole = this.lease.onDidChangeRole;
    this.onProblem = this.replica.onProblem;
    this.onDidChangeWindows = this.lease.onDidChangeWindows;
    this.subscriptions.push(
      this.lease.onDidChangeRole((poller) => this.onRole(poller)),
      this.lease.onDidChangeWindows(() => o.scheduler.setFocused(this.lease.anyFocused)),
    );
  }

  /**
   * Joins the windows, reads the shared state into the store and starts looking for changes. A legacy
   * list (an older version's globalState) is moved in if the shared folder has none yet; the result
   * says whether that happened.
   */
  async start(legacy?: LegacyList): Promise<{ migrated: boolean }> {
    // Not in the caller's turn: activation returns first (the files are read right after it).
    await Promise.resolve();
    if (this.disposed) return { migrated: false };
    for (const d of this.layout.folders) this.attempt('create the shared folder', () => this.files.mkdir(d));
    this.lease.join();
    const existed = this.replica.start();
    const migrated = !existed && !!legacy && legacy.entries.length > 0;
    if (migrated) {
      this.bridge.migrate(legacy.entries);
      this.o.log.info(`Moved ${legacy.entries.length} watched task(s) from the previous version's storage into the shared watch list.`);
    }
    this.bridge.applyList();
    this.bridge.applySnapshots();
    this.bridge.markStarted();
    this.started = true;
    this.o.scheduler.setFocused(this.lease.anyFocused);
    this.arm();
    return { migrated };
  }

  // ---- what the windows share

  /** The shared folder (for diagnostics and tests). */
  get folderPath(): string {
    return this.layout.dir;
  }

  get isPoller(): boolean {
    return this.lease.isPoller;
  }

  /** Whether any window (this one included) has the focus. */
  get anyWindowFocused(): boolean {
    return this.lease.anyFocused;
  }

  /** How many other windows are open. */
  get otherWindows(): number {
    return this.lease.others.length;
  }

  /** Whether another open window holds a usable API token. */
  get otherWindowHasToken(): boolean {
    return this.lease.others.some((r) => r.token);
  }

  /** Whether this window holds a usable API token (auth/tokenPause.ts); the poller must. */
  setHasToken(token: boolean): void {
    this.lease.setToken(token);
  }

  setFocused(focused: boolean): void {
    this.lease.setFocused(focused);
    this.o.scheduler.setFocused(this.lease.anyFocused);
  }

  /** Watches the task IDs not yet watched (anything else is ignored); the first given ends up on top. `origin`: where they were started, if known. */
  watch(ids: readonly string[], origin?: TaskOrigin): { added: string[]; existing: string[] } {
    return this.bridge.watch(ids, origin);
  }

  unwatch(ids: readonly string[]): string[] {
    return this.bridge.unwatch(ids);
  }

  setMuted(ids: readonly string[], muted: boolean): string[] {
    return this.bridge.setMuted(ids, muted);
  }

  /** The user opened the task's details here: it is no longer an unseen completion in any window. */
  opened(id: string): void {
    this.bridge.opened(id);
  }

  /** Tells every window that the token was set (a new one each time), cleared or rejected. */
  setTokenState(state: TokenState): void {
    this.bridge.setTokenState(state);
  }

  get tokenState(): TokenState | undefined {
    return this.replica.list.token?.value;
  }

  /** The token state with the stamp of the edit that set it (who, and in what order). */
  get tokenRegister(): Register<TokenState> | undefined {
    return this.replica.list.token;
  }

  /** The account follower's mark (watchList.ts `newTasksMark`), one for every window, kept across restarts. */
  get newTasksMark(): number | undefined {
    return this.replica.list.newTasksMark;
  }

  /** Raises the account follower's mark; a lower value changes nothing. */
  advanceNewTasksMark(createdAtMs: number): void {
    this.replica.edit(markEdit(this.replica.list, createdAtMs));
  }

  /** Whether the list knows the task: watched, or stopped by the user (its tombstone is kept 30 days). */
  knows(id: string): boolean {
    return this.replica.list.tasks.get(id)?.member !== undefined;
  }

  /** Resolves when this window's edits are in list.json (or wait in its journal for a retry). */
  settled(): Promise<void> {
    return this.replica.settled();
  }

  /**
   * Checks these tasks (all when omitted) now. The polling window makes the requests, so that one
   * window requests each task; a window that does not poll asks it to, and waits for its answer.
   */
  async refresh(ids?: readonly string[]): Promise<void> {
    const poller = this.lease.pollerWindow();
    if (!this.started || this.disposed || poller === this.window) return this.o.scheduler.refresh(ids);
    const reply = await this.mailbox.request(poller, { type: 'refresh', ...(ids ? { ids: canonicalIds(ids) } : {}) });
    if (!reply) this.o.log.warn('The polling window did not answer a refresh in time.');
    // The answers are in the snapshots: read them before saying "done".
    else this.bridge.applySnapshots();
  }

  /** Shows the notice in the window that should show it: this one, or another through the folder. */
  notify(notice: Notice): void {
    const target = this.lease.notificationTarget();
    if (target === this.window || !this.started || this.disposed || !this.mailbox.post(target, { kind: 'notice', notice }))
      this.noticeEmitter.fire(notice);
  }

  pollStatus(id: string): PollStatus {
    const own = this.o.scheduler.pollInfo(id);
    const last = Math.max(own.lastCheckedAt ?? -1, this.snapshots.checkedAt(id) ?? -1);
    return {
      ...(last >= 0 ? { lastCheckedAt: last } : {}),
      ...(own.nextCheckAt !== undefined ? { nextCheckAt: own.nextCheckAt } : {}),
      elsewhere: !this.lease.isPoller && this.lease.others.length > 0,
    };
  }

  /** Who answers the MCP server's requests to start a Deep Search in this window (src/extension/mcp/). */
  handleStartSearch(handler: StartSearchHandler): Disposable {
    this.startSearchHandler = handler;
    return { dispose: () => (this.startSearchHandler = this.startSearchHandler === handler ? undefined : this.startSearchHandler) };
  }

  // ---- the loop

  /** Looks at the shared folder: presence, list and journals, snapshots, messages. Exposed for tests. */
  tick(): void {
    if (this.disposed) return;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.attempt('read who else is open', () => this.lease.tick());
    this.attempt('read the shared watch list', () => this.replica.sync());
    this.attempt("read the tasks' shared states", () => this.bridge.applySnapshots());
    this.attempt('read messages from other windows', () => this.mailbox.take());
    const mono = this.o.clock.monotonic();
    if (mono - this.lastHousekeeping >= HOUSEKEEPING_MS) {
      this.lastHousekeeping = mono;
      this.attempt('tidy the shared folder', () => this.housekeeping());
    }
    this.arm();
  }

  /** Writes what is pending at once and leaves: for a closing window, which gets no time for async work. */
  flushSync(): void {
    if (!this.started) return;
    this.attempt("share the tasks' states", () => this.snapshots.flush());
    this.attempt('save the watch list', () => this.replica.flushSync());
    this.attempt('leave the other windows', () => this.lease.leave());
  }

  dispose(): void {
    if (this.disposed) return;
    this.flushSync();
    this.disposed = true;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    for (const part of [this.bridge, this.replica, this.snapshots, this.mailbox, this.lease]) part.dispose();
    this.noticeEmitter.dispose();
  }

  private arm(): void {
    if (!this.disposed) this.timer = this.o.clock.setTimeout(() => this.tick(), SCAN_MS);
  }

  /** One step of a look; a failure is logged once (until the step works again), and the look goes on. */
  private attempt(what: string, fn: () => void): void {
    try {
      fn();
      this.failing.delete(what);
    } catch (e) {
      if (this.failing.has(what)) return;
      this.failing.add(what);
      this.o.log.warn(`Could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private housekeeping(): void {
    this.lease.removeStale();
    this.mailbox.removeUndeliverable((w) => this.lease.isAlive(w));
    this.leftovers.sweep();
    if (this.lease.isPoller) this.snapshots.removeOrphans((id) => this.replica.list.tasks.get(id)?.member?.value.watched === true);
  }

  /** Another window's (or the MCP server's) request. */
  private async answer(body: RequestBody, from: string): Promise<ReplyBody> {
    if (body.type === 'startSearch') {
      const handler = this.startSearchHandler;
      const text = handler
        ? await handler(body.input, from, body.chat)
        : 'This VS Code window cannot start a Deep Search for an agent; nothing was started.';
      return { type: 'answer', text };
    }
    // Made here even if another window polls by now: forwarding again could go round in circles.
    await this.o.scheduler.refresh(body.ids);
    this.snapshots.flush(); // the answers are on disk before the asking window looks
    return { type: 'done' };
  }

  private onRole(poller: boolean): void {
    this.o.log.info(
      poller
        ? `This window polls the watched tasks${this.lease.others.length ? ` (${this.lease.others.length} other window(s) show its answers)` : ''}.`
        : 'Another VS Code window polls the watched tasks; this one shows its answers.',
    );
    this.o.scheduler.setActive(poller, (id) => this.snapshots.checkedAt(id));
  }
}
