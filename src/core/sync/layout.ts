/**
 * The folder that every VS Code window of this profile shares (the extension's `globalStorageUri`; on a
 * remote, on the remote host, where all its windows' extension hosts run), and what each file in it is:
 *
 *   list.json               the shared watch list (watchList.ts), written under list.lock (listLock.ts)
 *   list.lock               who is writing list.json now: a small file naming its holder
 *   journal/<window>.json   a window's edits not yet in list.json, written before anything else
 *   tasks/<id>.json         each task's last state (snapshot.ts), written by the window that polled it
 *   tasks.changed           rewritten after snapshots were written, so readers need not look at each
 *   windows/<name>.json     one presence file per open window (presence.ts), touched as a heartbeat
 *   notices/<to>~<n>.json   a message for window <to> (mailbox.ts), deleted by it once read
 */
import * as path from 'node:path';

const SNAPSHOT_FILE = /^([0-9a-f-]{36})\.json$/;
const JOURNAL_FILE = /^([A-Za-z0-9_-]{1,64})\.json$/;

export class SyncLayout {
  readonly list: string;
  readonly lock: string;
  readonly journalDir: string;
  readonly tasksDir: string;
  readonly tasksChanged: string;
  readonly windowsDir: string;
  readonly noticesDir: string;

  constructor(readonly dir: string) {
    this.list = path.join(dir, 'list.json');
    this.lock = path.join(dir, 'list.lock');
    this.journalDir = path.join(dir, 'journal');
    this.tasksDir = path.join(dir, 'tasks');
    this.tasksChanged = path.join(dir, 'tasks.changed');
    this.windowsDir = path.join(dir, 'windows');
    this.noticesDir = path.join(dir, 'notices');
  }

  /** Every folder, parents first. */
  get folders(): readonly string[] {
    return [this.dir, this.journalDir, this.tasksDir, this.windowsDir, this.noticesDir];
  }

  journal(window: string): string {
    return path.join(this.journalDir, `${window}.json`);
  }

  /** The window whose journal a file name is; undefined for other files. */
  journalOwner(name: string): string | undefined {
    return JOURNAL_FILE.exec(name)?.[1];
  }

  snapshot(id: string): string {
    return path.join(this.tasksDir, `${id}.json`);
  }

  /** The task whose snapshot a file name is; undefined for other files. */
  snapshotId(name: string): string | undefined {
    return SNAPSHOT_FILE.exec(name)?.[1];
  }

  presence(name: string): string {
    return path.join(this.windowsDir, `${name}.json`);
  }

  notice(name: string): string {
    return path.join(this.noticesDir, name);
  }

  /** Where a damaged list is kept (`n` counts up; the newest few are kept). */
  damagedCopy(n: number): string {
    return `${this.list}.damaged-${n}`;
  }
}
