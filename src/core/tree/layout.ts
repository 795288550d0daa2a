/**
 * What the Tasks tree shows, and what it must refresh after a change: the watched tasks in three sections
 * (running, needing the user, finished; model/display.ts), each in the tree's order (model/order.ts), less
 * what the filter hides.
 *
 * Changes are gathered until the current burst is over (a microtask: a sweep records all its answers in
 * one go) and then compared with what was shown, so that one sweep makes at most one refresh, naming only:
 *  - the task rows that changed and stay where they were;
 *  - the sections whose list or count changed (a task came, went, or moved to another section; the order
 *    changed; the filter changed), which VS Code then asks for their rows again;
 *  - everything, only when a section appears or disappears, or every row's look changes at once (polling
 *    paused or resumed for want of a token).
 * The order is computed again only when a task comes, goes, changes group or gets or loses its estimate,
 * never because counters moved, so that rows do not jump while the user looks at them.
 */
import { TASK_GROUPS, type TaskGroup, groupOfState, styleOf } from '../model/display';
import { groupOf, orderEntries } from '../model/order';
import type { TaskStore } from '../store/taskStore';
import { type Disposable, Emitter, type Event } from '../util/emitter';
import { NO_FILTER, type TaskFilter, filtersByText, sameFilter, textMatcher } from './filter';

/** Finished starts closed when it holds more than this many tasks (else a task that just ended stays in sight). */
const FINISHED_OPEN_UP_TO = 10;

/** Whether a section the user has not opened or closed is shown open: all but a Finished of more than 10 tasks. */
export function sectionStartsOpen(group: TaskGroup, total: number): boolean {
  return group !== 'finished' || total <= FINISHED_OPEN_UP_TO;
}

export interface TreeSection {
  readonly group: TaskGroup;
  /** The tasks shown, in the tree's order. */
  readonly ids: readonly string[];
  /** How many tasks the group holds, shown or not. */
  readonly total: number;
}

/** What to refresh: everything, or these sections (their label and rows) and these task rows. */
export interface TreeRefresh {
  readonly all: boolean;
  readonly sections: readonly TaskGroup[];
  readonly tasks: readonly string[];
}

export interface TreeLayoutOptions {
  readonly store: TaskStore;
  /** The steady estimate of a running task's time left (model/eta.ts), in ms. */
  readonly timeLeft: (id: string) => number | undefined;
  readonly filter?: TaskFilter;
  /** Runs the pending work once the current burst of changes is over; a microtask by default. */
  readonly schedule?: (work: () => void) => void;
}

export class TreeLayout implements Disposable {
  private order: string[] = [];
  private orderKey = '';
  private shown: readonly TreeSection[] = [];
  /** The section of every task shown. */
  private place = new Map<string, TaskGroup>();
  private total = 0;
  private totals: Readonly<Record<TaskGroup, number>> = { running: 0, attention: 0, finished: 0 };
  private current: TaskFilter;
  private readonly dirty = new Set<string>();
  private pending: 'none' | 'rows' | 'all' = 'none';
  private scheduled = false;
  private disposed = false;
  private readonly refreshed = new Emitter<TreeRefresh>();
  private readonly subscriptions: Disposable[];

  /** Fires after a burst of changes with what the view must refresh (never with nothing to refresh). */
  readonly onDidRefresh: Event<TreeRefresh> = this.refreshed.event;

  constructor(private readonly o: TreeLayoutOptions) {
    this.current = o.filter ?? NO_FILTER;
    this.apply(this.compute());
    this.subscriptions = [
      o.store.onDidChange((changes) => {
        for (const c of changes) this.dirty.add(c.id);
        this.request('rows');
      }),
      // Every row's icon and state change at once.
      o.store.onDidChangeAuthPaused(() => this.request('all')),
    ];
  }

  /** The sections shown, in order; a section with no task shown is left out. */
  get sections(): readonly TreeSection[] {
    return this.shown;
  }

  /** The section a task is shown in; undefined when the filter hides it or it is not watched. */
  sectionOf(id: string): TaskGroup | undefined {
    return this.place.get(id);
  }

  /** How many tasks are shown, and how many are watched. */
  get counts(): { readonly shown: number; readonly total: number } {
    return { shown: this.place.size, total: this.total };
  }

  /** How many tasks each group holds, whatever the filter. */
  get groupTotals(): Readonly<Record<TaskGroup, number>> {
    return this.totals;
  }

  get filter(): TaskFilter {
    return this.current;
  }

  /** Shows only what `filter` lets through, from the next refresh on. False when it is the filter in force. */
  setFilter(filter: TaskFilter): boolean {
    if (sameFilter(filter, this.current)) return false;
    this.current = filter;
    this.request('rows');
    return true;
  }

  /** Applies what is pending now, rather than at the end of the burst (tests and benchmarks). */
  flush(): void {
    if (this.pending === 'none' || this.disposed) return;
    const all = this.pending === 'all';
    const changed = [...this.dirty];
    this.pending = 'none';
    this.dirty.clear();
    const before = this.shown;
    const next = this.compute();
    this.apply(next);
    const refresh = diff(before, next, changed, all, this.place);
    if (refresh) this.refreshed.fire(refresh);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    this.refreshed.dispose();
  }

  private request(kind: 'rows' | 'all'): void {
    if (kind === 'all' || this.pending === 'none') this.pending = kind;
    if (this.scheduled) return;
    this.scheduled = true;
    (this.o.schedule ?? queueMicrotask)(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private apply(sections: readonly TreeSection[]): void {
    this.shown = sections;
    this.place = new Map(sections.flatMap((s) => s.ids.map((id) => [id, s.group] as const)));
  }

  private compute(): TreeSection[] {
    const { store, timeLeft } = this.o;
    const entries = store.entries();
    this.total = entries.length;
    // The store lists entries in a fixed order (newest first), so the key needs no sorting.
    const key = entries.map((e) => `${e.id}:${groupOf(e)}:${timeLeft(e.id) === undefined ? 0 : 1}`).join('|');
    if (key !== this.orderKey) {
      this.orderKey = key;
      this.order = orderEntries(entries, timeLeft);
    }
    const paused = store.authPaused;
    const shownGroups = new Set(this.current.groups);
    const matches = filtersByText(this.current) ? textMatcher(this.current.text) : undefined;
    const buckets: Record<TaskGroup, { ids: string[]; total: number }> = {
      running: { ids: [], total: 0 },
      attention: { ids: [], total: 0 },
      finished: { ids: [], total: 0 },
    };
    for (const id of this.order) {
      const entry = store.get(id);
      if (!entry) continue;
      const style = styleOf(entry, paused);
      const group = groupOfState(style.state);
      const bucket = buckets[group];
      bucket.total++;
      if (!shownGroups.has(group)) continue;
      if (matches && !matches(`${entry.task?.query ?? ''} ${entry.id} ${style.label}`)) continue;
      bucket.ids.push(id);
    }
    this.totals = { running: buckets.running.total, attention: buckets.attention.total, finished: buckets.finished.total };
    return TASK_GROUPS.flatMap((group) => {
      const b = buckets[group];
      return b.ids.length > 0 ? [{ group, ids: b.ids, total: b.total }] : [];
    });
  }
}

/** What differs between two layouts, given the tasks that changed; undefined when nothing shown did. */
function diff(
  before: readonly TreeSection[],
  after: readonly TreeSection[],
  changed: readonly string[],
  all: boolean,
  place: ReadonlyMap<string, TaskGroup>,
): TreeRefresh | undefined {
  if (all || before.map((s) => s.group).join() !== after.map((s) => s.group).join()) return { all: true, sections: [], tasks: [] };
  const previous = new Map(before.map((s) => [s.group, s]));
  const sections = after
    .filter((s) => {
      const p = previous.get(s.group);
      return !p || p.total !== s.total || !sameIds(p.ids, s.ids);
    })
    .map((s) => s.group);
  const reloaded = new Set(sections);
  const tasks = changed.filter((id) => {
    const group = place.get(id);
    return group !== undefined && !reloaded.has(group);
  });
  return sections.length || tasks.length ? { all: false, sections, tasks } : undefined;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
