/**
 * This window's copy of the shared watch list, and the one way its edits reach the others:
 *
 *  1. An edit is merged into this window's copy and, at once and synchronously, into its journal
 *     (journals.ts). From then on the edit survives anything: a crash, a kill, every window quitting at once.
 *  2. Soon after, under the list's lock (listLock.ts), list.json is read, merged with this window's copy
 *     and every journal found, and written back (listFile.ts), unless the lock was lost meanwhile. An
 *     edit the list then holds leaves the journal JOURNAL_KEEP_MS later; the journal of a window that is
 *     gone is removed once merged.
 *  3. A write that fails (the lock held, a rename refused, the folder gone) is tried again, later and
 *     later (backoff.ts), until it lands. Nothing is written without the lock, and nothing is dropped.
 *
 * Every look (`sync`) reads list.json and the other journals when they changed, so the others' edits show
 * here before they even reach the list. A window whose copy holds something the list lacks (an edit lost
 * to an older version that wrote without a lock) writes it back. A damaged list is rebuilt from what the
 * windows remember and the tasks' saved states, and reported once.
 */
import * as l10n from '@vscode/l10n';
import type { Clock } from '../util/clock';
import { Emitter, type Disposable, type Event } from '../util/emitter';
import { Backoff } from './backoff';
import { type FileSig, sameSig, type SyncFiles } from './files';
import { Journals } from './journals';
import type { SyncLayout } from './layout';
import { type Damage, ListFile, type ListRead } from './listFile';
import type { Liveness } from './lease';
import type { ListLock, LockHandle } from './listLock';
import { addEdit, dominatesList, EMPTY_LIST, isEmptyList, mergeLists, notYetIn, pruneList, sameLists, type SharedList } from './watchList';

export interface SyncLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface ReplicaOptions {
  readonly files: SyncFiles;
  readonly layout: SyncLayout;
  readonly window: string;
  readonly clock: Clock;
  readonly lock: ListLock;
  readonly log: SyncLog;
  /** What is known of a journal's window (lease.ts): the journal of one that is gone is merged into the list and removed. */
  liveness(window: string): Liveness;
  /** The tasks with a saved state (to rebuild a damaged list). */
  savedTaskIds(): string[];
}

/** Lock attempts of a closing window (5 ms apart), after which its journal waits for the next window. */
const CLOSING_LOCK_ATTEMPTS = 50;
/**
 * How long an edit stays in the journal after the list holds it: should a writer that read the list
 * before it still replace the list (its lock broken while it stalled, in the instant between its last
 * check and its rename; an older build without the lock), the edit is still in a journal.
 */
export const JOURNAL_KEEP_MS = 10_000;
/** A journal whose writer was never seen among the windows counts as left behind once unchanged this long. */
const UNKNOWN_JOURNAL_MS = 30_000;

export class ListReplica implements Disposable {
  private copy: SharedList = EMPTY_LIST;
  /** This window's edits that list.json does not hold yet. */
  private pending: SharedList = EMPTY_LIST;
  /** Edits the list holds, and since when (monotonic): kept in the journal for JOURNAL_KEEP_MS. */
  private written: Array<{ readonly at: number; readonly list: SharedList }> = [];
  private journalSaved = true;
  /** list.json's JSON as last read: its unknown keys are written back as they were. */
  private kept: Record<string, unknown> | undefined;
  private listSig: FileSig | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** A write loop is under way. */
  private looping = false;
  /** Something is to be written that the loop under way has not written yet. */
  private again = false;
  private disposed = false;
  private readonly file: ListFile;
  private readonly journals: Journals;
  private readonly backoff: Backoff;
  private readonly changed = new Emitter<SharedList>();
  private readonly problems = new Emitter<string>();

  /** The copy changed because of what another window did. */
  readonly onDidChange: Event<SharedList> = this.changed.event;
  /** Something the user should know (a damaged list), in words. */
  readonly onProblem: Event<string> = this.problems.event;

  constructor(private readonly o: ReplicaOptions) {
    this.file = new ListFile(o.files, o.layout);
    this.journals = new Journals(o.files, o.layout, o.window, o.clock);
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
    const read = this.read();
    this.journals.scan();
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
    this.expireWritten();
    const listChanged = !sameSig(this.file.sig(), this.listSig);
    const journalsChanged = this.journals.scan();
    if (listChanged || journalsChanged) this.take(listChanged ? this.read() : undefined);
    else if (this.leftBehind().length) this.requestWrite(); // a journal's window turned out to be gone
  }

  /** Resolves when no write is under way (for tests and the bench). */
  async settled(): Promise<void> {
    while (this.looping) await this.writing;
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
      // A closing window leaves the other journals to the next writer: it has no time to write twice.
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

  private read(): ListRead {
    // The signature first: a change between the two is seen again at the next look.
    this.listSig = this.file.sig();
    const read = this.file.read();
    if (read.damage?.fresh) this.recover(read.damage);
    else if (read.notes.length) this.o.log.info(`Shared watch list: ${read.notes.join('; ')}.`);
    if (read.json) this.kept = read.json;
    return read;
  }

  /** Merges what was read (the list, when it was read again) and the journals into this window's copy. */
  private take(read: ListRead | undefined): void {
    let merged = read ? mergeLists(this.copy, read.list) : this.copy;
    for (const j of this.journals.lists.values()) merged = mergeLists(merged, j.list);
    this.setCopy(pruneList(merged, this.o.clock.now()));
    if (read) this.dropWritten(read.list);
    // The list lacks something this window knows (an edit lost to a race), or a closed window left a journal.
    const lacking = read && (read.damage || (!read.exists && !isEmptyList(this.copy)) || !dominatesList(read.list, this.copy));
    if (lacking || this.leftBehind().length) this.requestWrite();
  }

  /** A damaged list: what it no longer says, the windows remember, and the tasks' saved states tell. */
  private recover(damage: Damage): void {
    const lost = this.o.savedTaskIds().filter((id) => !this.copy.tasks.has(id));
    if (lost.length) {
      const now = this.o.clock.now();
      // Stamped before anything: any edit that a window still remembers wins over the recovered entry.
      const zero = () => ({ t: 0, c: 0, w: this.o.window });
      this.copy = mergeLists(
        this.copy,
        addEdit(this.copy, lost, zero, () => now),
      );
    }
    const sentences = [l10n.t('The shared Extruct watch list was damaged ({0})', damage.problems.join(' '))];
    if (lost.length) sentences.push(l10n.t('{0} task(s) were recovered from their saved states.', lost.length));
    if (damage.copy) sentences.push(l10n.t('A copy was kept as {0}.', damage.copy));
    const message = sentences.join(' ');
    this.o.log.warn(message);
    this.problems.fire(message);
  }

  private setCopy(next: SharedList): void {
    const before = this.copy;
    this.copy = next;
    if (!sameLists(before, next)) this.changed.fire(next);
  }

  // ---- writing

  private saveJournal(): void {
    try {
      this.journals.save(this.written.reduce((journal, w) => mergeLists(journal, w.list), this.pending));
      this.journalSaved = true;
    } catch (e) {
      if (this.journalSaved) this.o.log.warn(`Could not save this window's edits to its journal (${errorText(e)}); trying again.`);
      this.journalSaved = false;
      this.ensureFolders();
      this.backoff.failed();
    }
  }

  /** The list holds these edits now: they are no longer pending, and leave the journal JOURNAL_KEEP_MS later. */
  private dropWritten(list: SharedList): void {
    const left = notYetIn(this.pending, list);
    if (sameLists(left, this.pending)) return;
    this.written.push({ at: this.o.clock.monotonic(), list: notYetIn(this.pending, left) });
    this.pending = left; // the journal says the same as before: nothing to write now
  }

  private expireWritten(): void {
    const cutoff = this.o.clock.monotonic() - JOURNAL_KEEP_MS;
    if (!this.written.some((w) => w.at <= cutoff)) return;
    this.written = this.written.filter((w) => w.at > cutoff);
    this.saveJournal();
  }

  private requestWrite(): void {
    if (this.disposed) return;
    if (!this.journalSaved) this.saveJournal();
    this.again = true;
    if (this.looping) return; // the loop under way sees `again`
    this.looping = true;
    this.writing = this.writeLoop();
  }

  /**
   * Writes until nothing new came in meanwhile. `looping` is cleared in the same step as the last check
   * of `again`: an edit made after it starts a new loop, never waits for one that has ended.
   */
  private async writeLoop(): Promise<void> {
    try {
      while (this.wantsAgain()) {
        this.again = false;
        if (!(await this.writeOnce())) {
          this.backoff.failed();
          return;
        }
        this.backoff.succeeded();
      }
    } finally {
      this.looping = false;
    }
  }

  /** An edit came (or a closed window's journal turned up) and is not written yet. */
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
      const read = this.read();
      this.journals.scan();
      let merged = mergeLists(read.list, this.copy);
      for (const j of this.journals.lists.values()) merged = mergeLists(merged, j.list);
      merged = pruneList(merged, this.o.clock.now());
      if (read.damage || !read.exists || !sameLists(merged, read.list)) {
        // Broken as stale meanwhile (this write took too long): nothing is replaced, the next attempt reads again.
        if (!this.file.write(merged, this.kept, () => handle.holds())) return false;
        this.listSig = this.file.sig();
      }
      if (removeOrphans) {
        for (const owner of this.leftBehind()) {
          const rewritten = this.journals.removeMerged(owner, merged);
          if (!rewritten) continue;
          merged = mergeLists(merged, rewritten); // its window wrote it again meanwhile: written next
          this.again = true;
        }
      }
      this.setCopy(merged);
      this.dropWritten(merged);
      return true;
    } catch (e) {
      this.writeFailed(e);
      return false;
    }
  }

  /**
   * Journals whose windows are gone: known gone (process ended, heartbeat stopped), or never seen among the
   * windows and unchanged for UNKNOWN_JOURNAL_MS. A window not seen yet (it has just joined) is not gone.
   */
  private leftBehind(): string[] {
    const mono = this.o.clock.monotonic();
    return [...this.journals.lists]
      .filter(([owner, j]) => {
        const state = this.o.liveness(owner);
        return state === 'gone' || (state === 'unknown' && mono - j.changedAt >= UNKNOWN_JOURNAL_MS);
      })
      .map(([owner]) => owner);
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
