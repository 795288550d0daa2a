/**
 * list.json as a file: read (with what it says about itself: missing, damaged, from a newer version),
 * and written (flushed to disk before it is renamed into place, keeping the keys this version does not
 * know: watchList.ts). A damaged file is kept aside before anything replaces it, as the newest of at most
 * MAX_DAMAGED_COPIES copies.
 */
import * as l10n from '@vscode/l10n';
import { type FileSig, type SyncFiles } from './files';
import type { SyncLayout } from './layout';
import { decodeList, EMPTY_LIST, encodeList, type SharedList } from './watchList';

type Json = Record<string, unknown>;

export interface Damage {
  /** In words. */
  readonly problems: readonly string[];
  /** Where a copy of the damaged text was kept. */
  readonly copy: string | undefined;
  /** First seen now (the same damaged text read again is not news). */
  readonly fresh: boolean;
}

/** Copies of damaged lists kept, the newest. */
const MAX_DAMAGED_COPIES = 3;

export interface ListRead {
  readonly list: SharedList;
  /** The file's JSON value, when it is an object: its unknown keys are written back as they were. */
  readonly json: Json | undefined;
  readonly exists: boolean;
  /** Present when something could not be read. */
  readonly damage?: Damage;
  /** Read fine, with notes for the log (a newer version wrote it). */
  readonly notes: readonly string[];
}

export class ListFile {
  /** The text of the last damaged file seen: each damage is kept aside and reported once. */
  private damagedText: string | undefined;

  constructor(
    private readonly files: SyncFiles,
    private readonly layout: SyncLayout,
  ) {}

  sig(): FileSig | undefined {
    return this.files.stat(this.layout.list);
  }

  read(): ListRead {
    const text = this.files.read(this.layout.list);
    if (text === undefined) return { list: EMPTY_LIST, json: undefined, exists: this.sig() !== undefined, notes: [] };
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { list: EMPTY_LIST, json: undefined, exists: true, damage: this.damaged(text, [l10n.t('it is not valid JSON')]), notes: [] };
    }
    const decoded = decodeList(raw);
    const json = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Json) : undefined;
    return {
      list: decoded.list,
      json,
      exists: true,
      ...(decoded.damaged ? { damage: this.damaged(text, decoded.problems) } : {}),
      notes: decoded.damaged ? [] : decoded.problems,
    };
  }

  /**
   * Writes the list durably; `kept`: the JSON read last, whose unknown keys stay. `stillHeld` is asked
   * after the slow part (the flush to disk), just before the rename: a writer whose lock was broken meanwhile
   * replaces nothing (false). Throws on failure.
   */
  write(list: SharedList, kept: Json | undefined, stillHeld: () => boolean): boolean {
    return this.files.write(this.layout.list, JSON.stringify(encodeList(list, kept)), { durable: true, commit: stillHeld });
  }

  private damaged(text: string, problems: readonly string[]): Damage {
    if (this.damagedText === text) return { problems, copy: undefined, fresh: false };
    this.damagedText = text;
    return { problems, copy: this.keepCopy(text), fresh: true };
  }

  /** Keeps the damaged text beside the list, and only the newest few such copies. */
  private keepCopy(text: string): string | undefined {
    const prefix = 'list.json.damaged-';
    const numbers = (this.files.list(this.layout.dir) ?? [])
      .filter((n) => n.startsWith(prefix) && /^\d{1,9}$/.test(n.slice(prefix.length)))
      .map((n) => Number(n.slice(prefix.length)))
      .sort((a, b) => a - b);
    const copy = this.layout.damagedCopy((numbers.at(-1) ?? 0) + 1);
    try {
      this.files.write(copy, text);
    } catch {
      return undefined;
    }
    for (const n of numbers.slice(0, Math.max(0, numbers.length + 1 - MAX_DAMAGED_COPIES))) this.files.remove(this.layout.damagedCopy(n));
    return copy;
  }
}
