/**
 * This window's copy of the shared watch list, and the one way its edits reach the others:
 *
 *  1. An edit is merged into this window's copy and, at once and synchronously, into its journal
 *     (`journal/<window>.json`, a file only this window writes, so no lock is needed). From then on the
 *     edit survives anything: a crash, a kill, every window quitting at once.
 *  2. Soon after, under the list's lock (listLock.ts), list.json is read, merged with this window's copy
 *     and every journal found, and written back (flushed to disk, then renamed into place). An edit the
 *     list then holds is dropped from the journal; an empty journal is deleted.
 *  3. A write that fails (the lock held, a rename refused, the folder gone) is tried again, later and
 *     later (backoff.ts), until it lands. Nothing is written without the lock, and nothing is dropped.
 *
 * Every second (`sync`) the window reads list.json and the other windows' journals when they changed:
 * it sees the others' edits before they reach the list. The journal of a window that is gone is merged
 * into the list by whoever writes it next, then removed. A window whose copy holds something the list
 * lacks (an edit lost to an older version that wrote without a lock) writes it back.
 *
 * A damaged list is kept aside (the newest MAX_DAMAGED_COPIES copies), rebuilt from what the windows
 * remember and the tasks' saved states, and reported once.
 */
import type { Clock } from '../util/clock';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { Backoff } from './backoff';
import { type FileSig, sameSig, type SyncFiles } from './files';
import type { SyncLayout } from './layout';
import type { LockHandle, ListLock } from './listLock';
import type { StampClock } from './stamp';
import {
  addEdit,
  decodeList,
  dominatesList,
  EMPTY_LIST,
  encodeList,
  isEmptyList,
  mergeLists,
  notYetIn,
  pruneList,
  sameLists,
  type SharedList,
} from './watchList';

export interface SyncLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface ReplicaOptions {
  readonly files: SyncFiles;
  readonly layout: SyncLayout;
  readonly window: string;
  readonly clock: Clock;
  readonly stamps: StampClock;
  readonly lock: ListLock;
  readonly log: SyncLog;
  /** Whether a window is still open: the journal of one that is not is merged into the list and removed. */
  isAlive(window: string): boolean;
  /** The tasks with a saved state (to rebuild a damaged list). */
  savedTaskIds(): string[];
}

type Json = Record<string, unknown>;

/** Copies of damaged lists kept, the newest. */
const MAX_DAMAGED_COPIES = 3;
/** Lock attempts of a closing window (5 ms apart), after which its journal waits for the next window. */
const CLOSING_LOCK_ATTEMPTS = 50;

interface Read {
  readonly list: SharedList;
  readonly json: Json | undefined;
  readonly exists: boolean;
  readonly damaged: boolean;
}

export class ListReplica implements Disposable {
  private copy: SharedList = EMPTY_LIST;
  /** This window's edits that list.json does not hold yet: what its journal says. */
  private pending: SharedList = EMPTY_LIST;
  private journalSaved = true;
  /** list.json's JSON as last read: its unknown keys are written back as they were. */
  private kept: Json | undefined;
  private listSig: FileSig | undefined;
  private readonly others = new Map<string, { sig: FileSig; list: SharedList }>();
  private writing: Promise<void> | undefined;
  private again = false;
  private reportedDamage: string | undefined;
  private disposed = false;
  private readonly backoff: Backoff;
  private readonly changed = new Emitter<SharedList>();
  private readonly problems = new Emitter<string>();

  /** The copy changed because of what another window did. */
  readonly onDidChange: Event<SharedList> = this.changed.event;
  /** Something the user should know (a damaged list), in words. */
  readonly onProblem: Event<string> = this.problems.event;

  constructor(private readonly o: ReplicaOptions) {
    this.backoff = new Backoff(o.clock, () => this.requestWrite());
  }

  get list(): SharedList {
    return this.copy;
  }

  /** What this window has edited that list.json does not hold yet. */
  get unwritten(): SharedList {
    return this.pending;
  }

  /** Reads list.json and the journals; says whether list.json existed. Writes it if it lacks anything. */
  start(): boolean {
    const read = this.readList();
    this.scanJournals();
    this.take(read);
    return read.exists;
  }

  /** Applies this window's edit (a delta from watchList.ts): journaled at once, written to the list soon. */
  edit(delta: SharedList): void {
    if (isEmptyList(delta)) return;
    this.copy = mergeLists(this.copy, delta);
    this.pending = mergeLists(this.pending, delta);
    this.saveJournal();
    this.requestWrite();
  }

  /** Looks at list.json and the other journals; takes in what changed. */
  sync(): void {
    const sig = this.o.files.stat(this.o.layout.list);
    const journals = this.scanJournals();
    if (sameSig(sig, this.listSig) && !journals) return;
    this.take(sameSig(sig, this.listSig) ? undefined : this.readList());
  }

  /** Resolves when no write is under way (for tests and the bench). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Writes what is pending at once, for a closing window; what cannot be written stays in the journal. */
  flushSync(): void {
    if (!this.journalSaved) this.saveJournal();
    if (isEmptyList(this.pending)) return;
    let handle: LockHandle | undefined;
    try {
      handle = this.o.lock.acquireSync(CLOSING_LOCK_ATTEMPTS);
    } catch (e) {
      this.o.log.warn(`Could not save the watch list on closing (${errorText(e)}); the last edits wait in this window's journal.`);
      return;
    }
    if (!handle) {
      this.o.log.info('The watch list was busy on closing: the last edits wait in this window’s journal for the next window.');
      return;
    }
    try {
      // A closing window leaves other journals to the next writer: it has no time to write twice.
      this.writeUnderLock(handle, false);
    } finally {
      handle.release();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.backoff.dispose();
    this.changed.dispose();
    this.problems.dispose();
  }

  // ---- reading

  private readList(): Read {
    // The signature first: a change between the two is seen again at the next look.
    this.listSig = this.o.files.stat(this.o.layout.list);
    const text = this.o.files.read(this.o.layout.list);
    if (text === undefined) return { list: EMPTY_LIST, json: undefined, exists: this.listSig !== undefined, damaged: false };
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.onDamaged(text, ['it is not valid JSON']);
      return { list: EMPTY_LIST, json: undefined, exists: true, damaged: true };
    }
    const decoded = decodeList(raw);
    if (decoded.damaged) this.onDamaged(text, decoded.problems);
    else if (decoded.problems.length && this.reportedDamage !== text) {
      this.reportedDamage = text;
      this.o.log.info(`Shared watch list: ${decoded.problems.join('; ')}.`);
    }
    const json = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Json) : undefined;
    return { list: decoded.list, json, exists: true, damaged: decoded.damaged };
  }

  /** Reads the other windows' journals that changed; true when any did (or one went away). */
  private scanJournals(): boolean {
    const names = this.o.files.list(this.o.layout.journalDir) ?? [];
    const seen = new Set<string>();
    let changed = false;
    for (const name of names) {
      const owner = this.o.layout.journalOwner(name);
      if (owner === undefined || owner === this.o.window) continue;
      seen.add(owner);
      const path = this.o.layout.journal(owner);
      const sig = this.o.files.stat(path);
      if (!sig || sameSig(sig, this.others.get(owner)?.sig)) continue;
      this.others.set(owner, { sig, list: this.readJournal(path) });
      changed = true;
    }
    for (const owner of [...this.others.keys()]) {
      if (seen.has(owner)) continue;
      this.others.delete(owner);
      changed = true;
    }
    return changed;
  }

  private readJournal(path: string): SharedList {
    const text = this.o.files.read(path);
    if (text === undefined) return EMPTY_LIST;
    try {
      return decodeList(JSON.parse(text)).list;
    } catch {
      return EMPTY_LIST;
    }
  }

  /** Merges what was read (the list, when it was read again) and the journals into this window's copy. */
  private take(read: Read | undefined): void {
    if (read) this.kept = read.json ?? this.kept;
    const disk = read?.list;
    let merged = this.copy;
    if (disk) merged = mergeLists(merged, disk);
    for (const j of this.others.values()) merged = mergeLists(merged, j.list);
    merged = pruneList(merged, this.o.clock.now());
    const before = this.copy;
    this.copy = merged;
    if (disk) this.dropWritten(disk);
    if (!sameLists(before, merged)) this.changed.fire(merged);
    // The list lacks something this window knows (an edit lost to a race), or a closed window left a journal.
    const lacking = read && (read.damaged || (!read.exists && !isEmptyList(merged)) || !dominatesList(read.list, merged));
    if (lacking || [...this.others.keys()].some((owner) => !this.o.isAlive(owner))) this.requestWrite();
  }

  private onDamaged(text: string, problems: readonly string[]): void {
    if (this.reportedDamage === text) return;
    this.reportedDamage = text;
    const copy = this.keepDamagedCopy(text);
    // What the list no longer says, the tasks' saved states still do: every watched task has one once polled.
    const lost = this.o.savedTaskIds().filter((id) => !this.copy.tasks.has(id));
    if (lost.length) {
      const now = this.o.clock.now();
      // Stamped before anything: any edit that a window still remembers wins over the recovered entry.
      this.copy = mergeLists(
        this.copy,
        addEdit(
          this.copy,
          lost,
          () => ({ t: 0, c: 0, w: this.o.window }),
          () => now,
        ),
      );
    }
    const message = `The shared Extruct watch list was damaged (${problems.join(' ')})${lost.length ? ` ${lost.length} task(s) were recovered from their saved states.` : ''}${copy ? ` A copy was kept as ${copy}.` : ''}`;
    this.o.log.warn(message);
    this.problems.fire(message);
  }

  /** Keeps the damaged text beside the list, and only the newest few such copies. */
  private keepDamagedCopy(text: string): string | undefined {
    const prefix = `${this.o.layout.list.split(/[\\/]/).pop() ?? 'list.json'}.damaged-`;
    const numbers = (this.o.files.list(this.o.layout.dir) ?? [])
      .filter((n) => n.startsWith(prefix) && /^\d{1,9}$/.test(n.slice(prefix.length)))
      .map((n) => Number(n.slice(prefix.length)))
      .sort((a, b) => a - b);
    const next = (numbers.at(-1) ?? 0) + 1;
    const copy = this.o.layout.damagedCopy(next);
    try {
      this.o.files.write(copy, text);
    } catch {
      return undefined;
    }
    for (const n of numbers.slice(0, Math.max(0, numbers.length + 1 - MAX_DAMAGED_COPIES)))
      this.o.files.remove(this.o.layout.damagedCopy(n));
    return copy;
  }

  // ---- writing

  private saveJournal(): void {
    const path = this.o.layout.journal(this.o.window);
    try {
      if (isEmptyList(this.pending)) this.o.files.remove(path);
      else this.o.files.write(path, JSON.stringify(encodeList(this.pending)));
      this.journalSaved = true;
    } catch (e) {
      if (this.journalSaved) this.o.log.warn(`Could not save this window's edits to its journal (${errorText(e)}); trying again.`);
      this.journalSaved = false;
      this.ensureFolders();
      this.backoff.failed();
    }
  }

  /** The list holds these edits now: they leave the journal. */
  private dropWritten(list: SharedList): void {
    const left = notYetIn(this.pending, list);
    if (sameLists(left, this.pending)) return;
    this.pending = left;
    this.saveJournal();
  }

  private requestWrite(): void {
    if (this.disposed) return;
    if (!this.journalSaved) this.saveJournal();
    if (this.writing) {
      this.again = true;
      return;
    }
    this.writing = (async () => {
      let more = true;
      while (more) {
        this.again = false;
        if (!(await this.writeOnce())) {
          this.backoff.failed();
          return;
        }
        this.backoff.succeeded();
        more = this.wantsAgain();
      }
    })().finally(() => (this.writing = undefined));
  }

  /** An edit came (or a closed window's journal turned up) while the list was being written. */
  private wantsAgain(): boolean {
    return this.again && !this.disposed;
  }

  private async writeOnce(): Promise<boolean> {
    let handle: LockHandle | undefined;
    try {
      handle = await this.o.lock.acquire();
    } catch (e) {
      this.writeFailed(e);
      return false;
    }
    if (!handle) return false; // busy: try again later
    try {
      return this.writeUnderLock(handle);
    } finally {
      handle.release();
    }
  }

  /** Reads, merges and writes the list; true when the list now holds everything this window knows. */
  private writeUnderLock(handle: LockHandle, removeOrphans = true): boolean {
    try {
      const read = this.readList();
      this.scanJournals();
      const orphans = [...this.others].filter(([owner]) => !this.o.isAlive(owner));
      let merged = mergeLists(read.list, this.copy);
      for (const [, j] of this.others) merged = mergeLists(merged, j.list);
      merged = pruneList(merged, this.o.clock.now());
      if (read.damaged || !read.exists || !sameLists(merged, read.list)) {
        if (!handle.holds()) return false; // broken as stale meanwhile: the next attempt reads again
        this.o.files.write(this.o.layout.list, JSON.stringify(encodeList(merged, read.json ?? this.kept)), true);
        this.listSig = this.o.files.stat(this.o.layout.list);
      }
      if (read.json) this.kept = read.json;
      if (removeOrphans) for (const [owner] of orphans) this.removeMergedJournal(owner, merged);
      const before = this.copy;
      this.copy = merged;
      this.dropWritten(merged);
      if (!sameLists(before, merged)) this.changed.fire(merged);
      return true;
    } catch (e) {
      this.writeFailed(e);
      return false;
    }
  }

  /** Removes a closed window's journal that the list now holds; a journal written again meanwhile stays. */
  private removeMergedJournal(owner: string, merged: SharedList): void {
    const path = this.o.layout.journal(owner);
    const aside = `${path}.${this.o.window}.merged`;
    try {
      this.o.files.rename(path, aside);
    } catch {
      return; // removed by someone else
    }
    const text = this.o.files.read(aside);
    let list = EMPTY_LIST;
    try {
      list = text === undefined ? EMPTY_LIST : decodeList(JSON.parse(text)).list;
    } catch {
      /* unreadable: nothing to keep */
    }
    if (!dominatesList(merged, list)) {
      // Its window wrote it again meanwhile: keep what it says, in this copy and on disk.
      this.copy = mergeLists(this.copy, list);
      this.again = true;
      try {
        this.o.files.rename(aside, path);
        return;
      } catch {
        /* a newer one is there: this copy holds the older one's edits, written next */
      }
    }
    this.o.files.remove(aside);
    this.others.delete(owner);
  }

  private writeFailed(e: unknown): void {
    if (this.backoff.failures === 0) this.o.log.warn(`Could not save the watch list (${errorText(e)}); trying again.`);
    this.ensureFolders();
  }

  private ensureFolders(): void {
    try {
      for (const d of this.o.layout.folders) this.o.files.mkdir(d);
    } catch {
      /* reported by the write that needed it */
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
