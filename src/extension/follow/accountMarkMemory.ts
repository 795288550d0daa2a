/**
 * A STAND-IN, kept in this window's memory, for the account mark and the watch list's memory that the
 * account follower needs (core/follow/accountMark.ts). The shared state (core/sync) replaces it: there the
 * mark is one for every window and survives a restart, and "stopped by the user" is the shared list's
 * tombstones. Here the mark lasts as long as this window, and stopped tasks are those removed from this
 * window's store since it started.
 */
import type { AccountMark, WatchHistory } from '../../core/follow/accountMark';
import type { TaskStore } from '../../core/store/taskStore';
import type { Disposable } from '../../core/util/emitter';

export class MemoryAccountState implements AccountMark, WatchHistory, Disposable {
  private mark: number | undefined;
  private readonly stopped = new Set<string>();
  private readonly subscription: Disposable;

  constructor(private readonly store: TaskStore) {
    this.subscription = store.onDidChange((changes) => {
      for (const c of changes) if (c.before && !c.after) this.stopped.add(c.id);
    });
  }

  get value(): number | undefined {
    return this.mark;
  }

  advance(createdAtMs: number): void {
    if (this.mark === undefined || createdAtMs > this.mark) this.mark = createdAtMs;
  }

  known(id: string): boolean {
    return this.store.has(id) || this.stopped.has(id);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
