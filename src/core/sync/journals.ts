/**
 * The journals (`journal/<window>.json`): each window's edits that list.json does not hold yet, in the
 * list's own format. A window writes only its own journal (no lock needed), at once and synchronously
 * with each edit, and deletes it when the list holds everything in it. It reads the others' journals to
 * see their edits before they reach the list; the journal of a window that is gone is merged into the
 * list by whoever writes it next (listReplica.ts) and then removed here, with care: moved aside first, so
 * that a journal written again meanwhile is never deleted unread, and put back only where no newer one is.
 */
import type { Clock } from '../util/clock';
import { type FileSig, sameSig, type SyncFiles } from './files';
import type { SyncLayout } from './layout';
import { decodeList, dominatesList, EMPTY_LIST, encodeList, isEmptyList, type SharedList } from './watchList';

export class Journals {
  private readonly others = new Map<string, { sig: FileSig; list: SharedList; changedAt: number }>();

  constructor(
    private readonly files: SyncFiles,
    private readonly layout: SyncLayout,
    private readonly window: string,
    private readonly clock: Pick<Clock, 'monotonic'>,
  ) {}

  /** Writes this window's journal (removes it when there is nothing in it). Throws when it cannot. */
  save(pending: SharedList): void {
    const path = this.layout.journal(this.window);
    if (isEmptyList(pending)) this.files.remove(path);
    else this.files.write(path, JSON.stringify(encodeList(pending)));
  }

  /** Reads the other windows' journals that changed; true when any did (or one went away). */
  scan(): boolean {
    const seen = new Set<string>();
    let changed = false;
    for (const name of this.files.list(this.layout.journalDir) ?? []) {
      const owner = this.layout.journalOwner(name);
      if (owner === undefined || owner === this.window) continue;
      seen.add(owner);
      const path = this.layout.journal(owner);
      const sig = this.files.stat(path);
      if (!sig || sameSig(sig, this.others.get(owner)?.sig)) continue;
      this.others.set(owner, { sig, list: this.readList(path), changedAt: this.clock.monotonic() });
      changed = true;
    }
    for (const owner of [...this.others.keys()]) {
      if (seen.has(owner)) continue;
      this.others.delete(owner);
      changed = true;
    }
    return changed;
  }

  /** The other windows' journals, by owner, as last read, with when (monotonic) each last changed. */
  get lists(): ReadonlyMap<string, { readonly list: SharedList; readonly changedAt: number }> {
    return this.others;
  }

  /**
   * Removes the journal of a window that is gone, now that `merged` (written to the list) holds it. If its
   * window wrote it again meanwhile, it is put back, and what it says that `merged` lacks is returned.
   */
  removeMerged(owner: string, merged: SharedList): SharedList | undefined {
    const path = this.layout.journal(owner);
    const aside = `${path}.${this.window}.merged`;
    try {
      this.files.rename(path, aside);
    } catch {
      return undefined; // removed by someone else
    }
    const text = this.files.read(aside);
    const list = this.readList(aside);
    if (dominatesList(merged, list)) {
      this.files.remove(aside);
      this.others.delete(owner);
      return undefined;
    }
    // Its window wrote it again meanwhile: put it back, but never over a newer one (a rename would replace
    // it), which holds all of this one's edits that its window has not seen in the list.
    try {
      if (text !== undefined) this.files.create(path, text);
    } finally {
      this.files.remove(aside);
    }
    return list;
  }

  private readList(path: string): SharedList {
    const text = this.files.read(path);
    if (text === undefined) return EMPTY_LIST;
    try {
      return decodeList(JSON.parse(text)).list;
    } catch {
      return EMPTY_LIST;
    }
  }
}
