/**
 * The task IDs the account's list has shown (every page the sweep and the follower read), so that a bare
 * UUID in a terminal or a file can be recognised as a task without a request per UUID on the screen
 * (taskMentions.ts). Bounded: the most recently seen MAX_KNOWN are kept.
 */
import type { Task } from '../api/types';
import { Emitter, type Event } from '../util/emitter';

const MAX_KNOWN = 5_000;

export class KnownTasks {
  private readonly ids = new Set<string>();
  private readonly grew = new Emitter<void>();
  /** Fires when an ID not known before was added. */
  readonly onDidGrow: Event<void> = this.grew.event;

  constructor(private readonly max = MAX_KNOWN) {}

  /** Rows of the list, as read. */
  add(rows: readonly Pick<Task, 'id'>[]): void {
    let grew = false;
    for (const { id } of rows) {
      const key = id.toLowerCase();
      grew ||= !this.ids.delete(key); // re-inserted: the most recent last
      this.ids.add(key);
    }
    if (grew) this.grew.fire();
    for (const old of this.ids) {
      if (this.ids.size <= this.max) break;
      this.ids.delete(old);
    }
  }

  has(id: string): boolean {
    return this.ids.has(id.toLowerCase());
  }

  dispose(): void {
    this.grew.dispose();
  }
}
