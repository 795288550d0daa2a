/**
 * This window's store and the shared state, kept in step:
 *
 *  - an edit made here (watch, stop, mute, open, token) goes to the store at once and to the shared list
 *    (listReplica.ts) in the same step;
 *  - what the list says after another window's edit reaches the store marked `shared`, and so do the
 *    other windows' snapshots of the tasks (snapshots.ts);
 *  - an answer recorded here that changed what every window shows is written as the task's snapshot.
 *
 * Which fields are shared, and what counts as a change, comes from model/sharedState.ts.
 */
import { canonicalTaskId } from '../input/taskRef';
import { sameSharedState } from '../model/sharedState';
import type { TaskOrigin, WatchEntry } from '../model/watchEntry';
import type { TaskChange, TaskStore } from '../store/taskStore';
import type { Clock } from '../util/clock';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import type { ListReplica } from './listReplica';
import type { SnapshotChannel } from './snapshots';
import { compareStamps, type Stamp, type StampClock } from './stamp';
import { addEdit, EMPTY_LIST, mergeLists, muteEdit, openEdit, removeEdit, tokenEdit, type TokenState, watchedIds } from './watchList';

export interface BridgeOptions {
  readonly store: TaskStore;
  readonly replica: ListReplica;
  readonly snapshots: SnapshotChannel;
  readonly stamps: StampClock;
  readonly clock: Clock;
  readonly window: string;
}

export class StoreBridge implements Disposable {
  private lastTokenRev: Stamp | undefined;
  /** Token changes are news only once the window has read the state it started with. */
  private started = false;
  private flushTimer: unknown;
  private disposed = false;
  private readonly subscriptions: Disposable[] = [];
  private readonly tokenEmitter = new Emitter<TokenState>();

  /** Another window set, cleared or saw the token rejected. */
  readonly onTokenState: Event<TokenState> = this.tokenEmitter.event;

  constructor(private readonly o: BridgeOptions) {
    this.subscriptions.push(
      o.store.onDidChange((changes) => this.onStoreChange(changes)),
      o.replica.onDidChange(() => this.applyList()),
    );
  }

  /** The state read at start is in the store: from now on, another window's token change is news. */
  markStarted(): void {
    this.started = true;
  }

  // ---- edits made here

  watch(ids: readonly string[], origin?: TaskOrigin): { added: string[]; existing: string[] } {
    const now = this.o.clock.now();
    const valid = canonicalIds(ids);
    const fresh = valid.filter((id) => !this.o.store.has(id));
    const addedAt = new Map(fresh.map((id, i) => [id, now + fresh.length - 1 - i]));
    this.o.replica.edit(addEdit(this.o.replica.list, fresh, this.stamp, (id) => addedAt.get(id) ?? now, origin));
    const { added, existing } = this.o.store.add(valid, now, 'local', (id) => addedAt.get(id));
    if (origin) for (const id of added) this.o.store.setStartedFrom(id, origin, 'local');
    return { added, existing };
  }

  unwatch(ids: readonly string[]): string[] {
    const gone = canonicalIds(ids).filter((id) => this.o.store.has(id));
    if (gone.length === 0) return [];
    this.o.replica.edit(removeEdit(this.o.replica.list, gone, this.stamp));
    this.o.store.remove(gone, 'local');
    for (const id of gone) this.o.snapshots.forget(id);
    void this.o.replica.settled().then(() => {
      for (const id of gone) if (!this.o.store.has(id)) this.o.snapshots.remove(id);
    });
    return gone;
  }

  setMuted(ids: readonly string[], muted: boolean): string[] {
    const changed = canonicalIds(ids).filter((id) => this.o.store.get(id)?.muted === !muted);
    if (changed.length === 0) return [];
    this.o.replica.edit(muteEdit(this.o.replica.list, changed, muted, this.stamp));
    for (const id of changed) this.o.store.setMuted(id, muted, 'local');
    return changed;
  }

  opened(id: string): void {
    if (!this.o.store.has(id)) return;
    const now = this.o.clock.now();
    this.o.store.setOpened(id, now, 'local');
    this.o.replica.edit(openEdit(this.o.replica.list, id, now));
  }

  setTokenState(state: TokenState): void {
    const list = this.o.replica.list;
    if (state !== 'set' && list.token?.value === state) return;
    const delta = tokenEdit(list, state, this.stamp);
    this.lastTokenRev = delta.token?.rev;
    this.o.replica.edit(delta);
  }

  /** Moves an older version's list in: the entries, their opened marks and their last states. */
  migrate(entries: readonly WatchEntry[]): void {
    const byId = new Map(entries.map((e) => [e.id, e]));
    let delta = addEdit(EMPTY_LIST, [...byId.keys()], this.stamp, (id) => byId.get(id)?.addedAt ?? this.o.clock.now());
    for (const e of byId.values()) if (e.openedAt !== undefined) delta = mergeLists(delta, openEdit(delta, e.id, e.openedAt));
    this.o.replica.edit(delta);
    this.applyList();
    for (const e of byId.values()) {
      if (!e.task && !e.error) continue;
      this.o.store.applyShared(e.id, e);
      this.o.snapshots.markDirty(e.id);
    }
    this.o.snapshots.flush();
  }

  // ---- what the others did

  /** Makes the store show the list: adds and removes entries, mute and opened marks, token state. */
  applyList(): void {
    const store = this.o.store;
    const list = this.o.replica.list;
    const ids = watchedIds(list);
    const want = new Set(ids);
    const gone = store
      .entries()
      .filter((e) => !want.has(e.id))
      .map((e) => e.id);
    if (gone.length) {
      store.remove(gone, 'shared');
      for (const id of gone) this.o.snapshots.forget(id);
    }
    const fresh = ids.filter((id) => !store.has(id));
    if (fresh.length) {
      store.add(fresh, this.o.clock.now(), 'shared', (id) => list.tasks.get(id)?.member?.value.addedAt);
      for (const id of fresh) {
        const snap = this.o.snapshots.read(id);
        if (snap) store.applyShared(id, snap);
      }
    }
    for (const id of ids) {
      const rec = list.tasks.get(id);
      store.setMuted(id, rec?.muted?.value ?? false, 'shared');
      store.setStartedFrom(id, rec?.origin?.value, 'shared');
      if (rec?.openedAt !== undefined) store.setOpened(id, rec.openedAt, 'shared');
    }
    const token = list.token;
    if (!token || (this.lastTokenRev && compareStamps(token.rev, this.lastTokenRev) <= 0)) return;
    const first = this.lastTokenRev === undefined && !this.started;
    this.lastTokenRev = token.rev;
    if (!first && token.rev.w !== this.o.window) this.tokenEmitter.fire(token.value);
  }

  /** Takes in the snapshots other windows wrote since the last look. */
  applySnapshots(): void {
    for (const [id, snap] of this.o.snapshots.scan((id) => this.o.store.has(id))) this.o.store.applyShared(id, snap);
  }

  dispose(): void {
    this.disposed = true;
    if (this.flushTimer !== undefined) this.o.clock.clearTimeout(this.flushTimer);
    for (const s of this.subscriptions) s.dispose();
    this.tokenEmitter.dispose();
  }

  private readonly stamp = (prev?: Stamp): Stamp => this.o.stamps.next(prev);

  /** The store changed here: the snapshots of tasks whose shared state changed are written soon. */
  private onStoreChange(changes: readonly TaskChange[]): void {
    for (const c of changes) {
      if (c.origin === 'local' && c.after && (!c.before || !sameSharedState(c.before, c.after))) this.o.snapshots.markDirty(c.id);
    }
    if (this.o.snapshots.hasDirty && this.flushTimer === undefined && !this.disposed) {
      this.flushTimer = this.o.clock.setTimeout(() => {
        this.flushTimer = undefined;
        if (this.started) this.o.snapshots.flush();
      }, 0);
    }
  }
}

/** The task IDs among `ids`, each once, in the one spelling the extension uses. */
export function canonicalIds(ids: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of ids) {
    const id = canonicalTaskId(raw);
    if (id !== undefined) out.add(id);
  }
  return [...out];
}
