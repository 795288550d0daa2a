/**
 * The per-task state files (`tasks/<id>.json`, snapshot.ts): the window that polls a task writes its
 * snapshot when something visible changed, then rewrites `tasks.changed`, so that the other windows look
 * at the snapshots only when one changed (and at all of them every FULL_SCAN_MS, in case a signal was
 * missed). A snapshot is stamped after the one it replaces (stamp.ts): a newer one always wins, whatever
 * the writers' clocks said. A failed write stays pending and is tried again (backoff.ts).
 */
import type { SharedState } from '../model/sharedState';
import type { Clock } from '../util/clock';
import type { Disposable } from '../util/emitter';
import { Backoff } from './backoff';
import { type FileSig, sameSig, type SyncFiles } from './files';
import type { SyncLayout } from './layout';
import type { SyncLog } from './listReplica';
import { decodeSnapshot, encodeSnapshot, snapshotOf, type TaskSnapshot } from './snapshot';
import { compareStamps, type Stamp, type StampClock } from './stamp';

/** A full look at every snapshot file this often, in case a change signal was missed. */
const FULL_SCAN_MS = 30_000;
/** A snapshot of a task that no window watches is removed once seen so for this long (monotonic). */
const ORPHAN_MS = 60_000;

export interface SnapshotOptions {
  readonly files: SyncFiles;
  readonly layout: SyncLayout;
  readonly window: string;
  readonly clock: Clock;
  readonly stamps: StampClock;
  readonly log: SyncLog;
  /** What to write for a task: its shared state and when its answer arrived; undefined when there is nothing. */
  source(id: string): { state: SharedState; checkedAt: number | undefined } | undefined;
}

export class SnapshotChannel implements Disposable {
  /** The newest stamp read or written, per task. */
  private readonly known = new Map<string, Stamp>();
  private readonly sigs = new Map<string, FileSig>();
  /** Keys of a newer version's snapshot, written back as they were. */
  private readonly kept = new Map<string, Record<string, unknown>>();
  /** When the window that wrote each snapshot had the answer behind it. */
  private readonly checked = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private readonly orphanSince = new Map<string, number>();
  private changedSig: FileSig | undefined;
  private lastFullScan = -Infinity;
  private signals = 0;
  private failing = false;
  private readonly backoff: Backoff;

  constructor(private readonly o: SnapshotOptions) {
    this.backoff = new Backoff(o.clock, () => this.flush());
  }

  /** The task's visible state changed here: its snapshot is written at the next flush. */
  markDirty(id: string): void {
    this.dirty.add(id);
  }

  get hasDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** Writes the snapshots of tasks that changed here, then signals the other windows once. */
  flush(): void {
    if (this.dirty.size === 0) return;
    let wrote = false;
    let failed = false;
    for (const id of [...this.dirty]) {
      const src = this.o.source(id);
      if (!src || (!src.state.task && !src.state.error)) {
        this.dirty.delete(id);
        continue;
      }
      const rev = this.o.stamps.next(this.known.get(id));
      try {
        const text = encodeSnapshot(id, snapshotOf(src.state, rev, src.checkedAt), this.kept.get(id));
        this.o.files.write(this.o.layout.snapshot(id), text);
        this.known.set(id, rev);
        const sig = this.o.files.stat(this.o.layout.snapshot(id));
        if (sig) this.sigs.set(id, sig);
        this.dirty.delete(id);
        wrote = true;
      } catch (e) {
        failed = true;
        if (!this.failing)
          this.o.log.warn(`Could not share the state of task ${id} (${e instanceof Error ? e.message : String(e)}); trying again.`);
      }
    }
    if (wrote) this.signal();
    this.failing = failed;
    if (failed) {
      this.ensureFolder();
      this.backoff.failed();
    } else this.backoff.succeeded();
  }

  /**
   * The snapshots of watched tasks that another window wrote since the last look and that are newer than
   * what this window has. `full`: look at every file (else only when `tasks.changed` changed).
   */
  scan(isWatched: (id: string) => boolean): Array<[string, TaskSnapshot]> {
    const mono = this.o.clock.monotonic();
    const full = mono - this.lastFullScan >= FULL_SCAN_MS;
    const sig = this.o.files.stat(this.o.layout.tasksChanged);
    if (!full && sameSig(sig, this.changedSig)) return [];
    this.changedSig = sig;
    if (full) this.lastFullScan = mono;
    const out: Array<[string, TaskSnapshot]> = [];
    for (const [id, s] of this.files()) {
      if (!isWatched(id) || sameSig(s, this.sigs.get(id))) continue;
      const snap = this.readFile(id, s);
      if (snap) out.push([id, snap]);
    }
    return out;
  }

  /** The task's snapshot now, if newer than what this window has (for a task just added here). */
  read(id: string): TaskSnapshot | undefined {
    const sig = this.o.files.stat(this.o.layout.snapshot(id));
    return sig ? this.readFile(id, sig) : undefined;
  }

  /** When the window that wrote the task's snapshot had its answer. */
  checkedAt(id: string): number | undefined {
    return this.checked.get(id);
  }

  /** The task is no longer watched here. */
  forget(id: string): void {
    this.known.delete(id);
    this.sigs.delete(id);
    this.kept.delete(id);
    this.checked.delete(id);
    this.dirty.delete(id);
  }

  remove(id: string): void {
    this.o.files.remove(this.o.layout.snapshot(id));
  }

  /** The tasks that have a snapshot. */
  savedIds(): string[] {
    return [...this.files().keys()];
  }

  /** Removes the snapshots of tasks that nobody watches, once seen so for a while. */
  removeOrphans(isWatched: (id: string) => boolean): void {
    const mono = this.o.clock.monotonic();
    const present = new Set<string>();
    for (const id of this.files().keys()) {
      if (isWatched(id)) continue;
      present.add(id);
      const since = this.orphanSince.get(id);
      if (since === undefined) this.orphanSince.set(id, mono);
      else if (mono - since >= ORPHAN_MS) this.remove(id);
    }
    for (const id of [...this.orphanSince.keys()]) if (!present.has(id)) this.orphanSince.delete(id);
  }

  dispose(): void {
    this.backoff.dispose();
  }

  private files(): Map<string, FileSig> {
    const out = new Map<string, FileSig>();
    for (const name of this.o.files.list(this.o.layout.tasksDir) ?? []) {
      const id = this.o.layout.snapshotId(name);
      if (id === undefined) continue;
      const s = this.o.files.stat(this.o.layout.snapshot(id));
      if (s) out.set(id, s);
    }
    return out;
  }

  private readFile(id: string, sig: FileSig): TaskSnapshot | undefined {
    this.sigs.set(id, sig);
    const text = this.o.files.read(this.o.layout.snapshot(id));
    const decoded = text === undefined ? undefined : decodeSnapshot(id, text);
    if (!decoded) return undefined;
    const known = this.known.get(id);
    if (known && compareStamps(decoded.snapshot.rev, known) <= 0) return undefined;
    this.known.set(id, decoded.snapshot.rev);
    this.kept.set(id, decoded.kept);
    if (decoded.snapshot.checkedAt !== undefined) this.checked.set(id, decoded.snapshot.checkedAt);
    return decoded.snapshot;
  }

  /** Rewrites tasks.changed (a new file each time: its signature changes), so readers look. */
  private signal(): void {
    try {
      this.o.files.write(this.o.layout.tasksChanged, `${this.o.window}:${++this.signals}`);
      this.changedSig = this.o.files.stat(this.o.layout.tasksChanged);
    } catch {
      /* the others find the snapshots at their next full look */
    }
  }

  private ensureFolder(): void {
    try {
      for (const d of this.o.layout.folders) this.o.files.mkdir(d);
    } catch {
      /* reported by the write that needed it */
    }
  }
}
