/**
 * Many windows, one watcher. Each VS Code window runs its own extension host; this class is what makes
 * them act as one, through the shared folder (folder.ts):
 *
 *  - The watch list is shared (watchList.ts). An edit here is applied to this window's copy at once,
 *    then merged into the file under its lock; a change made elsewhere reaches this window's store
 *    within SCAN_MS. A window whose copy holds something the file lacks writes it back, so an edit lost
 *    to a race is restored by the window that made it.
 *  - One window polls: the oldest open one (presence.ts). Its answers reach the others as snapshots
 *    (snapshot.ts), written only when something visible changed. When it closes, reloads or stops
 *    beating, the next oldest takes over within PRESENCE_TTL_MS + SCAN_MS.
 *  - A notification is decided once, by the window that saw the change, and shown by the focused
 *    window (or the one focused last): see `notify`.
 *
 * No `vscode` import: the VS Code layer wires it (src/extension/sharedState.ts).
 */
import type { Register, TokenState } from './watchList';
import {
  decodeList,
  EMPTY_LIST,
  encodeList,
  mergeLists,
  newestStamp,
  pruneTombstones,
  sameLists,
  type SharedList,
  watchedIds,
  withAdded,
  withMuted,
  withOpened,
  withRemoved,
  withToken,
} from './watchList';
import { decodeMessage, encodeMessage, type Notice, type WindowMessage } from './message';
import {
  anyFocused,
  decodePresence,
  electPoller,
  encodePresence,
  HEARTBEAT_MS,
  notificationTarget,
  PRESENCE_TTL_MS,
  PresenceBoard,
  presenceName,
  type PresenceFile,
  type PresenceRecord,
} from './presence';
import { decodeSnapshot, encodeSnapshot, snapshotOf } from './snapshot';
import { compareStamps, type Stamp, StampClock } from './stamp';
import { type FileSig, sameSig, type SharedFolder } from './folder';
import type { PollStatus } from '../poll/pollStatus';
import type { Scheduler } from '../poll/scheduler';
import type { TaskChange, TaskStore } from '../store/taskStore';
import type { WatchEntry } from '../model/watchEntry';
import { canonicalTaskId } from '../input/taskRef';
import type { Clock } from '../util/clock';
import { Emitter, type Disposable, type Event } from '../util/emitter';

/** How often a window looks at the shared folder. */
export const SCAN_MS = 1_000;
/** A refresh asked of the polling window is given up on after this long (it may have closed meanwhile). */
const REFRESH_TIMEOUT_MS = 30_000;
/** Housekeeping: stale presence files, orphaned snapshots, old notices. */
const SWEEP_MS = 60_000;
const NOTICE_MAX_AGE_MS = 2 * 60_000;
/** A full look at every snapshot file this often, in case a change signal was missed. */
const FULL_SCAN_MS = 30_000;

export interface CoordinatorLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface CoordinatorOptions {
  readonly folder: SharedFolder;
  readonly store: TaskStore;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly log: CoordinatorLog;
  /** This window's ID (random by default). */
  readonly window?: string;
  readonly focused?: boolean;
  /** For waits on the list lock; real time by default. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Bytes written to the shared folder, by kind (for the write-amplification benchmark). */
export interface WriteCounts {
  list: number;
  snapshots: number;
  presence: number;
  notices: number;
  writes: number;
}

/** Entries of an older version's saved list, moved into the shared folder once. */
export interface LegacyList {
  readonly entries: readonly WatchEntry[];
}

const SNAPSHOT_FIELDS = ['task', 'error', 'stopped', 'completedAt', 'lastChangeAt', 'stalled', 'resumedAt'] as const;

function randomWindowId(): string {
  return Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 6);
}

export class Coordinator implements Disposable {
  readonly window: string;
  private readonly stamps: StampClock;
  private replica: SharedList = EMPTY_LIST;
  private listSig: FileSig | undefined;
  private listDirty = false;
  private writer: Promise<void> = Promise.resolve();
  private lastTokenRev: Stamp | undefined;
  /** The last list text whose problems were reported (each damaged version is reported once). */
  private reported: string | undefined;
  private readonly knownRev = new Map<string, Stamp>();
  private readonly snapSigs = new Map<string, FileSig>();
  /** When the window that wrote each snapshot had the answer behind it. */
  private readonly sharedCheckedAt = new Map<string, number>();
  private readonly dirtySnapshots = new Set<string>();
  private snapshotFlush: unknown;
  private changedSig: FileSig | undefined;
  private changedMtime = 0;
  private self: PresenceRecord;
  private selfName: string;
  private lastBeat = 0;
  private joinedAt = 0;
  private readonly board = new PresenceBoard();
  private others: PresenceRecord[] = [];
  private poller = false;
  private timer: unknown;
  private lastSweep = 0;
  private lastFullScan = 0;
  private started = false;
  private disposed = false;
  private readonly subscriptions: Disposable[] = [];
  private readonly noticeEmitter = new Emitter<Notice>();
  private readonly tokenEmitter = new Emitter<TokenState>();
  private readonly roleEmitter = new Emitter<boolean>();
  private readonly problemEmitter = new Emitter<string>();
  private readonly windowsEmitter = new Emitter<void>();
  private othersKey = '';
  private refs = 0;
  private readonly waiting = new Map<string, { resolve: () => void; timer: unknown }>();
  readonly written: WriteCounts = { list: 0, snapshots: 0, presence: 0, notices: 0, writes: 0 };

  /** A notification addressed to this window. */
  readonly onNotice: Event<Notice> = this.noticeEmitter.event;
  /** Another window set, cleared or saw the token rejected. */
  readonly onTokenState: Event<TokenState> = this.tokenEmitter.event;
  /** This window became the poller (true) or stopped being it (false). */
  readonly onDidChangeRole: Event<boolean> = this.roleEmitter.event;
  /** Something the user should know about the shared state (a damaged file), in words. */
  readonly onProblem: Event<string> = this.problemEmitter.event;
  /** The other windows changed: one opened or closed, or its token or focus changed. */
  readonly onDidChangeWindows: Event<void> = this.windowsEmitter.event;

  constructor(private readonly o: CoordinatorOptions) {
    this.window = o.window ?? randomWindowId();
    this.stamps = new StampClock(this.window, () => o.clock.now());
    const now = o.clock.now();
    this.self = {
      window: this.window,
      startedAt: now,
      token: false,
      focused: o.focused ?? false,
      ...(o.focused ? { focusedAt: now } : {}),
    };
    this.selfName = presenceName(this.self);
    this.subscriptions.push(o.store.onDidChange((changes) => this.onStoreChange(changes)));
  }

  // ---- life cycle

  /**
   * Reads the shared state into the store, joins the windows and starts looking for changes. A legacy
   * list (an older version's globalState) is moved in if the shared folder has none yet; the result
   * says whether that happened, so the caller can drop the old copy.
   */
  async start(legacy?: LegacyList): Promise<{ migrated: boolean }> {
    this.o.folder.ensure();
    let migrated = false;
    const release = await this.o.folder.lock(this.sleep);
    try {
      const exists = this.o.folder.sig(this.o.folder.listPath) !== undefined;
      if (!exists && legacy && legacy.entries.length > 0) {
        this.migrate(legacy.entries);
        migrated = true;
      }
      this.syncList(true);
    } finally {
      release?.();
    }
    if (this.disposed) return { migrated };
    this.scanSnapshots(true);
    this.join();
    this.scanPresence();
    this.started = true;
    this.arm();
    return { migrated };
  }

  /** The shared folder (for diagnostics and tests). */
  get folderPath(): string {
    return this.o.folder.dir;
  }

  get isPoller(): boolean {
    return this.poller;
  }

  /** Whether any window (this one included) has the focus. */
  get anyWindowFocused(): boolean {
    return anyFocused(this.self, this.others);
  }

  /** How many other windows are open. */
  get otherWindows(): number {
    return this.others.length;
  }

  /** Whether this window holds a usable API token (see auth/tokenPause.ts); the poller must. */
  setHasToken(token: boolean): void {
    if (this.self.token === token) return;
    this.self = { ...this.self, token };
    if (!this.started || this.disposed) return;
    this.writePresence();
    this.elect();
  }

  /** Whether another open window holds a usable API token. */
  get otherWindowHasToken(): boolean {
    return this.others.some((o) => o.token);
  }

  setFocused(focused: boolean): void {
    if (this.self.focused === focused) return;
    const now = this.o.clock.now();
    this.self = { ...this.self, focused, ...(focused ? { focusedAt: now } : {}) };
    if (this.started && !this.disposed) this.writePresence();
    this.o.scheduler.setFocused(this.anyWindowFocused);
  }

  // ---- edits of the shared list

  /** Watches the task IDs not yet watched (anything else is ignored); the first given ends up on top. */
  watch(ids: readonly string[]): { added: string[]; existing: string[] } {
    const now = this.o.clock.now();
    const valid = canonicalIds(ids);
    const fresh = valid.filter((id) => !this.o.store.has(id));
    const addedAt = new Map(fresh.map((id, i) => [id, now + fresh.length - 1 - i]));
    if (fresh.length) this.replica = withAdded(this.replica, fresh, this.stamps.next(), (id) => addedAt.get(id) ?? now);
    const { added, existing } = this.o.store.add(valid, now, 'local', (id) => addedAt.get(id));
    if (fresh.length) void this.persistList();
    return { added, existing };
  }

  unwatch(ids: readonly string[]): string[] {
    const gone = canonicalIds(ids).filter((id) => this.o.store.has(id));
    if (gone.length === 0) return [];
    this.replica = withRemoved(this.replica, gone, this.stamps.next());
    this.o.store.remove(gone, 'local');
    for (const id of gone) this.forgetSnapshot(id);
    void this.persistList().then(() => {
      for (const id of gone) if (!this.o.store.has(id)) this.o.folder.remove(this.o.folder.snapshotPath(id));
    });
    return gone;
  }

  setMuted(ids: readonly string[], muted: boolean): string[] {
    const changed = canonicalIds(ids).filter((id) => this.o.store.get(id)?.muted === !muted);
    if (changed.length === 0) return [];
    this.replica = withMuted(this.replica, changed, muted, this.stamps.next());
    for (const id of changed) this.o.store.setMuted(id, muted, 'local');
    void this.persistList();
    return changed;
  }

  /** The user opened the task's details here: it is no longer an unseen completion in any window. */
  opened(id: string): void {
    const entry = this.o.store.get(id);
    if (!entry) return;
    const now = this.o.clock.now();
    this.o.store.setOpened(id, now, 'local');
    const next = withOpened(this.replica, id, now);
    if (next === this.replica) return;
    this.replica = next;
    void this.persistList();
  }

  /** Tells every window that the token was set (a new one each time), cleared or rejected. */
  setTokenState(state: TokenState): void {
    if (state !== 'set' && this.replica.token?.value === state) return;
    this.replica = withToken(this.replica, state, this.stamps.next());
    this.lastTokenRev = this.replica.token?.rev;
    void this.persistList();
  }

  get tokenState(): TokenState | undefined {
    return this.replica.token?.value;
  }

  /** The token state with the stamp of the edit that set it (who, and when). */
  get tokenRegister(): Register<TokenState> | undefined {
    return this.replica.token;
  }

  // ---- checks asked for by the user

  /**
   * Checks these tasks (all when omitted) now. The polling window makes the requests, so that one
   * window requests each task; a window that does not poll asks it to, and waits for its answer.
   */
  refresh(ids?: readonly string[]): Promise<void> {
    const poller = this.pollerWindow();
    if (!this.started || this.disposed || poller === this.window) return this.o.scheduler.refresh(ids);
    const ref = `${this.window}-${++this.refs}`;
    return new Promise<void>((resolve) => {
      const timer = this.o.clock.setTimeout(() => {
        this.waiting.delete(ref);
        this.o.log.warn('The polling window did not answer a refresh in time.');
        resolve();
      }, REFRESH_TIMEOUT_MS);
      this.waiting.set(ref, { resolve, timer });
      this.send(poller, { kind: 'refresh', from: this.window, ref, ...(ids ? { ids: canonicalIds(ids) } : {}) });
    });
  }

  // ---- notifications

  /** Shows the notice in the window that should show it: this one, or another through the folder. */
  notify(notice: Notice): void {
    const target = notificationTarget(this.self, this.others);
    if (target === this.window || !this.started || this.disposed || !this.send(target, { kind: 'notice', notice }))
      this.noticeEmitter.fire(notice);
  }

  /** Leaves a message for another window; false when it could not be written. */
  private send(to: string, message: WindowMessage): boolean {
    try {
      const text = encodeMessage(message);
      this.o.folder.postNotice(to, text);
      this.count('notices', Buffer.byteLength(text));
      return true;
    } catch (e) {
      this.o.log.warn(`Could not pass a message to another window: ${errorText(e)}`);
      return false;
    }
  }

  private pollerWindow(): string {
    return this.poller ? this.window : electPoller(this.self, this.others);
  }

  // ---- what the views show

  pollStatus(id: string): PollStatus {
    const own = this.o.scheduler.pollInfo(id);
    const shared = this.sharedCheckedAt.get(id);
    const last = Math.max(own.lastCheckedAt ?? -1, shared ?? -1);
    return {
      ...(last >= 0 ? { lastCheckedAt: last } : {}),
      ...(own.nextCheckAt !== undefined ? { nextCheckAt: own.nextCheckAt } : {}),
      elsewhere: !this.poller && this.others.length > 0,
    };
  }

  // ---- the loop

  private arm(): void {
    if (this.disposed) return;
    this.timer = this.o.clock.setTimeout(() => this.tick(), SCAN_MS);
  }

  /** Looks at the shared folder: presence, list, snapshots, notices. Exposed for tests. */
  tick(): void {
    if (this.disposed) return;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    try {
      const mono = this.o.clock.monotonic();
      if (mono - this.lastBeat >= HEARTBEAT_MS) this.heartbeat();
      this.scanPresence();
      const sig = this.o.folder.sig(this.o.folder.listPath);
      if (!sameSig(sig, this.listSig)) this.syncList(false);
      this.scanSnapshots(mono - this.lastFullScan >= FULL_SCAN_MS);
      this.takeMessages();
      if (mono - this.lastSweep >= SWEEP_MS) this.sweep();
    } catch (e) {
      this.o.log.warn(`Reading the shared state failed: ${errorText(e)}`);
    }
    this.arm();
  }

  /** Writes what is pending at once and leaves: for a closing window, which gets no time for async work. */
  flushSync(): void {
    if (!this.started) return;
    this.flushSnapshots();
    if (this.listDirty) {
      const release = this.o.folder.tryLock();
      try {
        this.syncList(true);
      } catch (e) {
        this.o.log.warn(`Could not save the watch list: ${errorText(e)}`);
      } finally {
        release?.();
      }
    }
    this.o.folder.remove(this.o.folder.presencePath(this.selfName));
  }

  dispose(): void {
    if (this.disposed) return;
    try {
      this.flushSync();
    } catch (e) {
      this.o.log.warn(`Could not save the shared state: ${errorText(e)}`);
    }
    this.disposed = true;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    if (this.snapshotFlush !== undefined) this.o.clock.clearTimeout(this.snapshotFlush);
    this.subscriptions.forEach((s) => s.dispose());
    for (const w of this.waiting.values()) {
      this.o.clock.clearTimeout(w.timer);
      w.resolve();
    }
    this.waiting.clear();
    for (const e of [this.noticeEmitter, this.tokenEmitter, this.roleEmitter, this.problemEmitter, this.windowsEmitter]) e.dispose();
    if (this.poller) this.o.scheduler.setActive(false);
  }

  // ---- the list

  /** Queues a merge-and-write of the list; resolves when it is on disk (or could not be). */
  private persistList(): Promise<void> {
    this.listDirty = true;
    this.writer = this.writer.then(async () => {
      if (!this.listDirty || this.disposed) return;
      const release = await this.o.folder.lock(this.sleep);
      try {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- it may have been disposed while waiting for the lock
        if (!this.disposed) this.syncList(true);
      } catch (e) {
        this.o.log.warn(`Could not save the watch list: ${errorText(e)}`);
      } finally {
        release?.();
      }
    });
    return this.writer;
  }

  /**
   * Reads the list file, merges it with this window's copy and applies the result to the store. Writes
   * the merge back when `write` (an edit is pending) or when the file lacks something this window knows.
   */
  private syncList(write: boolean): void {
    const text = this.o.folder.read(this.o.folder.listPath);
    let disk = EMPTY_LIST;
    let damaged = false;
    if (text !== undefined) {
      const read = parseList(text);
      disk = read.list;
      damaged = read.damaged;
      if (read.damaged) this.onDamagedList(text, read.problems);
      else if (read.problems.length && this.reported !== text) this.o.log.info(`Shared watch list: ${read.problems.join('; ')}.`);
      if (read.problems.length) this.reported = text;
    }
    const newest = newestStamp(disk);
    if (newest) this.stamps.observe(newest);
    const merged = pruneTombstones(mergeLists(disk, this.replica), this.o.clock.now());
    const differs = text === undefined ? merged.tasks.size > 0 || merged.token !== undefined : damaged || !sameLists(merged, disk);
    this.replica = merged;
    if (differs && write) this.count('list', this.o.folder.write(this.o.folder.listPath, JSON.stringify(encodeList(merged))));
    if (write) this.listDirty = false;
    this.listSig = this.o.folder.sig(this.o.folder.listPath);
    this.applyList();
    // The file lacks something this window knows (an edit lost to a race, or a damaged file): restore it.
    if (differs && !write) void this.persistList();
  }

  private onDamagedList(text: string, problems: readonly string[]): void {
    if (this.reported === text) return;
    const backup = `${this.o.folder.listPath}.damaged-${this.o.clock.now()}`;
    try {
      this.o.folder.write(backup, text);
    } catch {
      /* the message below still goes out */
    }
    // What the list no longer says, the snapshot files still do: every watched task has one once polled.
    const recovered = [...this.o.folder.scanSnapshots().keys()].filter((id) => !this.replica.tasks.has(id));
    if (recovered.length) {
      const now = this.o.clock.now();
      // Stamp 0: any edit that a window still remembers wins over the recovered entry.
      this.replica = withAdded(this.replica, recovered, { t: 0, c: 0, w: this.window }, () => now);
    }
    const message = `The shared Extruct watch list was damaged (${problems.join(' ')})${recovered.length ? ` ${recovered.length} task(s) were recovered from their saved states.` : ''} A copy was kept as ${backup}.`;
    this.o.log.warn(message);
    this.problemEmitter.fire(message);
  }

  /** Makes the store show the list: adds and removes entries, mute and opened marks, token state. */
  private applyList(): void {
    const store = this.o.store;
    const ids = watchedIds(this.replica);
    const want = new Set(ids);
    const gone = store
      .entries()
      .filter((e) => !want.has(e.id))
      .map((e) => e.id);
    if (gone.length) {
      store.remove(gone, 'shared');
      for (const id of gone) this.forgetSnapshot(id);
    }
    const fresh = ids.filter((id) => !store.has(id));
    if (fresh.length) {
      store.add(fresh, this.o.clock.now(), 'shared', (id) => this.replica.tasks.get(id)?.member.value.addedAt);
      for (const id of fresh) this.readSnapshot(id, this.o.folder.sig(this.o.folder.snapshotPath(id)));
    }
    for (const id of ids) {
      const rec = this.replica.tasks.get(id);
      if (!rec) continue;
      store.setMuted(id, rec.muted?.value ?? false, 'shared');
      if (rec.openedAt !== undefined) store.setOpened(id, rec.openedAt, 'shared');
    }
    const token = this.replica.token;
    if (token && (!this.lastTokenRev || compareStamps(token.rev, this.lastTokenRev) > 0)) {
      const first = this.lastTokenRev === undefined && !this.started;
      this.lastTokenRev = token.rev;
      if (!first && token.rev.w !== this.window) this.tokenEmitter.fire(token.value);
    }
  }

  private migrate(entries: readonly WatchEntry[]): void {
    const rev = this.stamps.next();
    const byId = new Map(entries.map((e) => [e.id, e]));
    this.replica = withAdded(this.replica, [...byId.keys()], rev, (id) => byId.get(id)?.addedAt ?? Date.now());
    for (const e of byId.values()) {
      if (e.openedAt !== undefined) this.replica = withOpened(this.replica, e.id, e.openedAt);
      if (!e.task && !e.error) continue;
      const text = encodeSnapshot(e.id, snapshotOf(e, rev, undefined));
      this.count('snapshots', this.o.folder.write(this.o.folder.snapshotPath(e.id), text));
    }
    this.o.log.info(`Moved ${byId.size} watched task(s) from the previous version's storage into the shared watch list.`);
  }

  // ---- snapshots

  private onStoreChange(changes: readonly TaskChange[]): void {
    for (const c of changes) {
      if (c.origin !== 'local' || !c.after) continue;
      const { before, after } = c;
      if (!before || SNAPSHOT_FIELDS.some((f) => before[f] !== after[f])) this.dirtySnapshots.add(c.id);
    }
    if (this.dirtySnapshots.size && this.snapshotFlush === undefined && !this.disposed) {
      this.snapshotFlush = this.o.clock.setTimeout(() => {
        this.snapshotFlush = undefined;
        this.flushSnapshots();
      }, 0);
    }
  }

  /** Writes the snapshots of tasks that changed here, then signals the other windows once. */
  private flushSnapshots(): void {
    if (this.dirtySnapshots.size === 0 || !this.started) return;
    const ids = [...this.dirtySnapshots];
    this.dirtySnapshots.clear();
    let wrote = false;
    for (const id of ids) {
      const entry = this.o.store.get(id);
      if (!entry || (!entry.task && !entry.error)) continue;
      const rev = this.stamps.next();
      const path = this.o.folder.snapshotPath(id);
      try {
        const text = encodeSnapshot(id, snapshotOf(entry, rev, this.o.scheduler.pollInfo(id).lastCheckedAt ?? this.o.clock.now()));
        this.count('snapshots', this.o.folder.write(path, text));
        this.knownRev.set(id, rev);
        const sig = this.o.folder.sig(path);
        if (sig) this.snapSigs.set(id, sig);
        wrote = true;
      } catch (e) {
        this.o.log.warn(`Could not share the state of task ${id}: ${errorText(e)}`);
      }
    }
    if (wrote) this.signalSnapshots();
  }

  /** Touches tasks.changed with a strictly later time, so that every reader sees a new signature. */
  private signalSnapshots(): void {
    const file = this.o.folder.tasksChangedPath;
    this.changedMtime = Math.max(this.o.clock.now(), this.changedMtime + 1);
    if (!this.o.folder.touch(file, this.changedMtime)) {
      this.count('snapshots', this.o.folder.write(file, ''));
      this.o.folder.touch(file, this.changedMtime);
    }
    this.changedSig = this.o.folder.sig(file);
  }

  private scanSnapshots(full: boolean): void {
    const sig = this.o.folder.sig(this.o.folder.tasksChangedPath);
    if (!full && sameSig(sig, this.changedSig)) return;
    this.changedSig = sig;
    if (full) this.lastFullScan = this.o.clock.monotonic();
    for (const [id, s] of this.o.folder.scanSnapshots()) {
      if (this.o.store.has(id) && !sameSig(s, this.snapSigs.get(id))) this.readSnapshot(id, s);
    }
  }

  private readSnapshot(id: string, sig: FileSig | undefined): void {
    if (!sig) return;
    this.snapSigs.set(id, sig);
    const text = this.o.folder.read(this.o.folder.snapshotPath(id));
    const snap = text === undefined ? undefined : decodeSnapshot(id, text);
    if (!snap) return;
    const known = this.knownRev.get(id);
    if (known && compareStamps(snap.rev, known) <= 0) return;
    this.knownRev.set(id, snap.rev);
    this.stamps.observe(snap.rev);
    if (snap.checkedAt !== undefined) this.sharedCheckedAt.set(id, snap.checkedAt);
    this.o.store.applyShared(id, snap);
  }

  private forgetSnapshot(id: string): void {
    this.knownRev.delete(id);
    this.snapSigs.delete(id);
    this.sharedCheckedAt.delete(id);
    this.dirtySnapshots.delete(id);
  }

  // ---- presence

  private join(): void {
    const now = this.o.clock.now();
    this.joinedAt = this.o.clock.monotonic();
    this.self = { ...this.self, startedAt: now };
    this.selfName = presenceName(this.self);
    this.writePresence();
  }

  private writePresence(): void {
    try {
      this.count('presence', this.o.folder.write(this.o.folder.presencePath(this.selfName), encodePresence(this.self)));
      this.lastBeat = this.o.clock.monotonic();
    } catch (e) {
      this.o.log.warn(`Could not write this window's presence: ${errorText(e)}`);
    }
  }

  private heartbeat(): void {
    const mono = this.o.clock.monotonic();
    if (mono - this.lastBeat > PRESENCE_TTL_MS) {
      // This window was silent for longer than the others wait: they may have taken over. Join again
      // as the youngest window, so that polling does not end up in two places.
      this.o.folder.remove(this.o.folder.presencePath(this.selfName));
      this.o.log.info('This window was unresponsive for a while; it joins the other windows again.');
      this.join();
      return;
    }
    if (this.o.folder.touch(this.o.folder.presencePath(this.selfName), this.o.clock.now())) this.lastBeat = mono;
    else this.writePresence(); // removed by someone: write it again
  }

  private scanPresence(): void {
    const files: PresenceFile[] = this.o.folder.scanPresence().map((f) => {
      const record = f.text === undefined ? undefined : decodePresence(f.text);
      return { name: f.name, mtimeMs: f.mtimeMs, ...(record ? { record } : {}) };
    });
    const mono = this.o.clock.monotonic();
    this.board.update(files, this.o.clock.now(), mono);
    this.others = this.board.alive(mono, this.selfName).filter((r) => r.window !== this.window);
    this.elect();
    const key = JSON.stringify(this.others.map((o) => [o.window, o.token, o.focused]));
    if (key !== this.othersKey) {
      this.othersKey = key;
      this.windowsEmitter.fire();
    }
  }

  private elect(): void {
    // A window that has just joined claims polling only at its second look, so that two windows
    // joining at the same moment have seen each other before either starts.
    const settled = this.o.clock.monotonic() - this.joinedAt >= SCAN_MS;
    this.setPoller(settled && electPoller(this.self, this.others) === this.window);
    this.o.scheduler.setFocused(this.anyWindowFocused);
  }

  private setPoller(poller: boolean): void {
    if (this.poller === poller) return;
    this.poller = poller;
    this.o.log.info(
      poller
        ? `This window polls the watched tasks${this.others.length ? ` (${this.others.length} other window(s) show its answers)` : ''}.`
        : 'Another VS Code window polls the watched tasks; this one shows its answers.',
    );
    this.o.scheduler.setActive(poller, (id) => this.sharedCheckedAt.get(id));
    this.roleEmitter.fire(poller);
  }

  // ---- notices and housekeeping

  private takeMessages(): void {
    for (const text of this.o.folder.takeNotices(this.window)) {
      const m = decodeMessage(text);
      if (!m) {
        this.o.log.warn('Ignored a message from another window that could not be read.');
        continue;
      }
      if (m.kind === 'notice') this.noticeEmitter.fire(m.notice);
      else if (m.kind === 'refresh') {
        // Made here even if another window polls by now: forwarding again could go round in circles.
        const reply = () => {
          this.flushSnapshots(); // the answers are on disk before the asking window looks
          this.send(m.from, { kind: 'refreshed', ref: m.ref });
        };
        void this.o.scheduler.refresh(m.ids).then(reply, reply);
      } else {
        const w = this.waiting.get(m.ref);
        if (!w) continue;
        this.waiting.delete(m.ref);
        this.o.clock.clearTimeout(w.timer);
        // The answers are in the snapshots: read them before saying "done".
        this.scanSnapshots(false);
        w.resolve();
      }
    }
  }

  private sweep(): void {
    this.lastSweep = this.o.clock.monotonic();
    for (const name of this.board.stale(this.lastSweep, this.selfName)) this.o.folder.remove(this.o.folder.presencePath(name));
    this.o.folder.sweep(NOTICE_MAX_AGE_MS);
    if (!this.poller) return;
    // Snapshots of tasks no longer watched (their window closed before deleting them).
    const cutoff = this.o.clock.now() - SWEEP_MS;
    for (const [id, s] of this.o.folder.scanSnapshots()) {
      if (!this.replica.tasks.get(id)?.member.value.watched && s.mtimeMs < cutoff) this.o.folder.remove(this.o.folder.snapshotPath(id));
    }
  }

  private count(kind: keyof Omit<WriteCounts, 'writes'>, bytes: number): void {
    this.written[kind] += bytes;
    this.written.writes++;
  }

  private readonly sleep = (ms: number): Promise<void> =>
    this.o.sleep ? this.o.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
}

function parseList(text: string): { list: SharedList; problems: string[]; damaged: boolean } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { list: EMPTY_LIST, problems: ['it is not valid JSON'], damaged: true };
  }
  return decodeList(raw);
}

function canonicalIds(ids: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of ids) {
    const id = canonicalTaskId(raw);
    if (id) out.add(id);
  }
  return [...out];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
