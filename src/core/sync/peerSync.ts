/**
 * The shared folder as seen by a process that is not a window: the MCP server (src/mcp/), started by VS
 * Code for agents outside the extension host. It has a store of its own, filled the way a window's is
 * (storeBridge.ts): the watch list and the tasks' last states as the polling window wrote them, so its
 * answers are as fresh as the tree and cost no request. Its watch edits go through the same list code as
 * a window's (listReplica.ts: journal first, then the list under its lock). It never polls and keeps no
 * presence file: it is no window. What only a window may do (start a Deep Search, which asks the user
 * first) it asks the window in front, through the mailbox.
 */
import { TaskStore } from '../store/taskStore';
import type { Clock } from '../util/clock';
import type { Disposable } from '../util/emitter';
import { NodeFiles, type SyncFiles } from './files';
import { SyncLayout } from './layout';
import { readPresenceFiles, SCAN_MS } from './lease';
import { ListLock } from './listLock';
import { ListReplica, type SyncLog } from './listReplica';
import { Mailbox } from './mailbox';
import type { ReplyBody, RequestBody } from './message';
import { frontWindow, PresenceBoard, type PresenceRecord } from './presence';
import { localProcess, type ProcessInfo } from './process';
import { SnapshotChannel } from './snapshots';
import type { Register } from './registers';
import { StampClock } from './stamp';
import { StoreBridge } from './storeBridge';
import type { TokenState } from './watchList';

export interface PeerSyncOptions {
  readonly dir: string;
  readonly clock: Clock;
  readonly log: SyncLog;
  /** This process's ID in the folder (its journal's and mailbox's name); random by default. */
  readonly id?: string;
  readonly files?: SyncFiles;
  readonly process?: ProcessInfo;
}

/** What asking a window gave: its reply, or why there is none. */
export type Asked = { readonly ok: true; readonly reply: ReplyBody } | { readonly ok: false; readonly why: 'no-window' | 'no-answer' };

export class PeerSync implements Disposable {
  readonly id: string;
  /** The watch list and the tasks' last states, as every window shows them. */
  readonly store = new TaskStore();
  private readonly files: SyncFiles;
  private readonly layout: SyncLayout;
  private readonly replica: ListReplica;
  private readonly snapshots: SnapshotChannel;
  private readonly bridge: StoreBridge;
  private readonly mailbox: Mailbox;
  private readonly board: PresenceBoard;
  private open: PresenceRecord[] = [];
  private timer: unknown;
  private disposed = false;

  constructor(private readonly o: PeerSyncOptions) {
    this.id = o.id ?? `mcp-${Math.random().toString(36).slice(2, 10)}`;
    this.files = o.files ?? new NodeFiles(this.id);
    this.layout = new SyncLayout(o.dir);
    const process = o.process ?? localProcess();
    const common = { files: this.files, layout: this.layout, window: this.id, clock: o.clock, log: o.log };
    const stamps = new StampClock(this.id, () => o.clock.now());
    this.board = new PresenceBoard(process);
    // It records no answer of its own: nothing of its store is written as a snapshot.
    this.snapshots = new SnapshotChannel({ ...common, stamps, source: () => undefined });
    this.replica = new ListReplica({
      ...common,
      lock: new ListLock({ ...common, path: this.layout.lock, process }),
      liveness: (w) => (w === this.id || this.open.some((r) => r.window === w) ? 'alive' : this.board.knows(w) ? 'gone' : 'unknown'),
      savedTaskIds: () => this.snapshots.savedIds(),
    });
    this.bridge = new StoreBridge({
      store: this.store,
      replica: this.replica,
      snapshots: this.snapshots,
      stamps,
      clock: o.clock,
      window: this.id,
    });
    this.mailbox = new Mailbox({
      ...common,
      handlers: {
        notice: () => undefined, // notices are for windows
        request: () => Promise.resolve({ type: 'answer', text: 'The MCP server answers no requests.' }),
      },
    });
  }

  /** Reads the shared state, then looks again every SCAN_MS (for replies, and the others' changes). */
  start(): void {
    this.replica.start();
    this.look();
    this.bridge.markStarted();
    this.arm();
  }

  /** Takes in what changed in the folder now: the windows, the list and the journals, the snapshots, replies. */
  look(): void {
    this.board.update(readPresenceFiles(this.files, this.layout), this.o.clock.monotonic());
    this.open = this.board.alive(this.o.clock.monotonic(), '');
    this.replica.sync();
    this.bridge.applyList();
    this.bridge.applySnapshots();
    this.mailbox.take();
  }

  /** How many VS Code windows are open. */
  get windows(): number {
    return this.open.length;
  }

  /** Whether an open window holds a usable API token (and so polls). */
  get windowHasToken(): boolean {
    return this.open.some((r) => r.token);
  }

  get tokenState(): TokenState | undefined {
    return this.replica.list.token?.value;
  }

  /** The token state with the stamp of the edit that set it: a later stamp means the token was set, cleared or rejected since. */
  get tokenRegister(): Register<TokenState> | undefined {
    return this.replica.list.token;
  }

  /** Watches the IDs, as a window's Watch Task does: every window shows them within a second. */
  watch(ids: readonly string[]): { added: string[]; existing: string[] } {
    return this.bridge.watch(ids);
  }

  /** Asks the window in front; `no-window` when none is open, `no-answer` when it did not answer in time. */
  async askWindow(body: RequestBody, timeoutMs: number): Promise<Asked> {
    this.look();
    const to = frontWindow(this.open);
    if (to === undefined) return { ok: false, why: 'no-window' };
    const reply = await this.mailbox.request(to, body, timeoutMs);
    return reply ? { ok: true, reply } : { ok: false, why: 'no-answer' };
  }

  /** Resolves when this process's watch edits are in list.json (or wait in its journal for a retry). */
  settled(): Promise<void> {
    return this.replica.settled();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    try {
      this.replica.flushSync();
    } catch (e) {
      this.o.log.warn(`Could not save the watch list: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const part of [this.bridge, this.replica, this.snapshots, this.mailbox]) part.dispose();
    this.store.dispose();
  }

  private arm(): void {
    if (this.disposed) return;
    this.timer = this.o.clock.setTimeout(() => {
      try {
        this.look();
      } catch (e) {
        this.o.log.warn(`Could not read the shared folder: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.arm();
    }, SCAN_MS);
  }
}
