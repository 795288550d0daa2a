/**
 * The tree at 200 and 1 000 watched tasks (30 % running, the rest finished, 1 in 15 of those failed), with the
 * real Scheduler sweeping on a simulated clock against the fake Extruct model, for 20 simulated minutes:
 *
 *  - the scheduler's tick (its timer callback, as bench/scale.ts measures it), CPU per tick;
 *  - one sweep's tree work: what the tree does with the answers one sweep records, from the store's events to
 *    the refresh it fires, plus the work VS Code then asks of the extension (a tree item for every row it
 *    fetches again: a refreshed row, or every row of a refreshed section that is open; Finished is collapsed)
 *    and the title's summary. Side by side: the sectioned tree (src/core/tree/layout.ts, one refresh per
 *    burst) and the flat tree it replaced (0.2's TasksTree: sorted again on every store event, a refresh per
 *    event, the whole tree when the order moved, the title's summary on every event), on the same store events.
 *
 *   node out/bench/tree.mjs [--json file]
 */
import type { Result } from '../src/core/api/errors';
import type { Task } from '../src/core/api/types';
import { taskDescription, taskLabel } from '../src/core/format/text';
import { EtaTracker } from '../src/core/model/eta';
import { styleOf } from '../src/core/model/display';
import { groupOf, orderEntries } from '../src/core/model/order';
import { shortSummaryText, summarize } from '../src/core/model/summary';
import type { WatchEntry } from '../src/core/model/watchEntry';
import { Scheduler } from '../src/core/poll/scheduler';
import type { ListTasks } from '../src/core/poll/sweep';
import { TaskStore } from '../src/core/store/taskStore';
import { type TreeRefresh, TreeLayout } from '../src/core/tree/layout';
import { filterMessage } from '../src/core/tree/text';
import { FakeModel } from '../test/fake-extruct/model';
import { entryAt } from './support/entries';
import { prng, uuidFrom } from '../test/fake-extruct/rows';
import { SimClock } from './support/simClock';
import { fixed, mean, percentile, table, writeJson } from './support/stats';
import { START } from './support/workload';

const MIN = 60_000;
const SIM_MS = 20 * MIN;
const LATENCY_MS = 300;
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

/** The account: `n` tasks, 30 % running for hours (their counters move), the others finished before START. */
function account(n: number) {
  const rand = prng(n);
  const model = new FakeModel({ now: () => START });
  const ids: string[] = [];
  const running = Math.round(0.3 * n);
  for (let i = 0; i < n; i++) {
    const live = i < running;
    ids.push(
      model.addTask({
        id: uuidFrom(rand),
        query: `Tree task ${i}: B2B software companies selling to logistics operators in ${['Europe', 'North America', 'Asia'][i % 3]}`,
        createdAt: START - (live ? Math.round(rand() * 20 * MIN) : 60 * MIN + i * MIN),
        durationMs: live ? Math.round((120 + rand() * 120) * MIN) : 20 * MIN,
        desiredNumResults: [25, 50, 100, 250][i % 4] ?? 100,
        ...(!live && i % 15 === 0 ? { failAtFraction: 0.5 } : {}),
      }),
    );
  }

  return { model, ids, running, entryAt: (id: string, now: number): WatchEntry => entryAt(model, id, now) };
}

/** The extension's share of a tree item: what getTreeItem computes for a row. */
function item(store: TaskStore, id: string, timeLeft: (id: string) => number | undefined): number {
  const e = store.get(id);
  if (!e) return 0;
  return taskLabel(e).length + taskDescription(e, store.authPaused, timeLeft(id)).length + styleOf(e, store.authPaused).icon.length;
}

interface Sweep {
  /** CPU ms of the tree's work for the answers of one sweep. */
  readonly cpuMs: number;
  /** Rows whose entry changed. */
  readonly changed: number;
  /** onDidChangeTreeData events fired, and the elements they named. */
  readonly events: number;
  readonly elements: number;
  /** Tree items VS Code asks for again. */
  readonly items: number;
}

/** The sectioned tree: the layout (one flush per burst), the refresh's items, the title. */
function sectionedTree(store: TaskStore, timeLeft: (id: string) => number | undefined, sweep: () => Sweep & { cpuMs: number }) {
  const open = { running: true, attention: true, finished: false };
  let sink = 0;
  const layout = new TreeLayout({
    store,
    timeLeft,
    schedule: (work) =>
      queueMicrotask(() => {
        const cpu = process.cpuUsage();
        work();
        const s = sweep();
        (s as { cpuMs: number }).cpuMs += cpuMs(cpu);
      }),
  });
  layout.onDidRefresh((r: TreeRefresh) => {
    const s = sweep() as { events: number; elements: number; items: number };
    s.events++;
    s.elements += r.all ? 1 : r.sections.length + r.tasks.length;
    const sections = r.all ? layout.sections.map((x) => x.group) : r.sections;
    for (const g of sections) {
      s.items++;
      const section = layout.sections.find((x) => x.group === g);
      if (section && open[g]) for (const id of section.ids) sink += item(store, id, timeLeft) && ++s.items;
    }
    if (!r.all) for (const id of r.tasks) sink += item(store, id, timeLeft) && ++s.items;
    const summary = summarize(store.entries(), store.authPaused);
    sink += shortSummaryText(summary).length + (filterMessage(layout.filter, layout.counts.shown, layout.counts.total) ?? '').length;
  });
  return { layout, sink: () => sink };
}

/** The flat tree it replaced (0.2's TasksTree), on every store event: sort key, order, refresh, title. */
function flatTree(store: TaskStore, timeLeft: (id: string) => number | undefined, sweep: () => Sweep) {
  let order: string[] = [];
  let orderKey = '';
  let sink = 0;
  store.onDidChange((changes) => {
    const cpu = process.cpuUsage();
    const s = sweep() as { cpuMs: number; events: number; elements: number; items: number };
    const entries = store.entries();
    const key = entries
      .map((e) => `${e.id}:${groupOf(e)}:${timeLeft(e.id) === undefined ? 0 : 1}`)
      .sort()
      .join('|');
    let moved = false;
    if (key !== orderKey) {
      orderKey = key;
      const next = orderEntries(entries, timeLeft);
      moved = next.join() !== order.join();
      order = next;
    }
    if (moved) {
      s.events++;
      s.elements++;
      for (const id of order) sink += item(store, id, timeLeft) && ++s.items;
    } else
      for (const c of changes) {
        s.events++;
        s.elements++;
        sink += item(store, c.id, timeLeft) && ++s.items;
      }
    sink += shortSummaryText(summarize(entries, store.authPaused)).length;
    s.cpuMs += cpuMs(cpu);
  });
  return { sink: () => sink };
}

async function run(n: number, tree: 'sectioned' | 'flat') {
  const a = account(n);
  const clock = new SimClock(START);
  const store = new TaskStore(a.ids.map((id) => a.entryAt(id, START)));
  const eta = new EtaTracker();
  const followed = eta.follow(store, () => clock.now());
  const timeLeft = (id: string): number | undefined => eta.timeLeft(id, clock.now());
  const sweeps: Array<Sweep & { cpuMs: number; changed: number }> = [];
  const fresh = () => ({ cpuMs: 0, changed: 0, events: 0, elements: 0, items: 0 });
  let current = fresh();
  const sweep = () => current;
  // Registered before the tree's listener: counts the rows a burst changed.
  store.onDidChange((cs) => (current.changed += cs.length));
  const sectioned = tree === 'sectioned' ? sectionedTree(store, timeLeft, sweep) : undefined;
  const built = sectioned ?? flatTree(store, timeLeft, sweep);
  let listAnswered = false;
  const listTasks: ListTasks = async ({ offset, limit }) => {
    const value = a.model.list(offset, Math.min(limit, 100), clock.now() + LATENCY_MS / 2);
    await clock.sleep(LATENCY_MS);
    listAnswered = true;
    return { ok: true, value };
  };
  const fetchTask = async (id: string): Promise<Result<Task>> => {
    const task = a.model.snapshot(id, clock.now() + LATENCY_MS / 2);
    await clock.sleep(LATENCY_MS);
    return task ? { ok: true, value: task } : { ok: false, error: { kind: 'not-found', status: 404, message: 'HTTP 404' } };
  };
  const scheduler = new Scheduler({ store, clock, fetchTask, listTasks, intervalMs: () => 10_000, random: prng(7) });
  const ticks: number[] = [];
  let tickCpu = 0;
  let measuring = false;
  clock.onFired = (kind, wall, cpu) => {
    if (kind === 'clock') {
      if (measuring) {
        ticks.push(wall);
        tickCpu += cpu;
      }
    } else if (listAnswered) {
      // One sweep's answers were recorded in this callback, and the tree did its work.
      listAnswered = false;
      if (measuring && current.changed > 0) sweeps.push(current);
      current = fresh();
    } else current = fresh(); // a task's own answer: not a sweep
  };
  const lastChecked = new Map(a.ids.map((id) => [id, START - 5_000]));
  scheduler.setActive(true, (id) => lastChecked.get(id));
  await clock.runUntil(START + 2 * MIN); // warm-up
  measuring = true;
  await clock.runUntil(START + 2 * MIN + SIM_MS);
  scheduler.dispose();
  followed.dispose();
  sectioned?.layout.dispose();
  return { n, running: a.running, ticks, tickCpuMs: tickCpu / ticks.length, sweeps, sink: built.sink() };
}

const rows: string[][] = [
  ['tasks', 'tree', 'tick CPU ms', 'sweeps', 'rows changed', 'events', 'elements', 'items', 'tree CPU ms (mean / p95)'],
];
const result: Record<string, unknown> = {};
let sink = 0;
for (const n of [200, 1000]) {
  for (const tree of ['sectioned', 'flat'] as const) {
    const r = await run(n, tree);
    sink += r.sink;
    const per = (f: (s: Sweep) => number) => mean(r.sweeps.map(f));
    const cpu = r.sweeps.map((s) => s.cpuMs);
    const figures = {
      running: r.running,
      ticks: r.ticks.length,
      tickCpuMs: r.tickCpuMs,
      tickWallMs: { p50: percentile(r.ticks, 50), p99: percentile(r.ticks, 99) },
      sweeps: r.sweeps.length,
      perSweep: {
        changed: per((s) => s.changed),
        events: per((s) => s.events),
        elements: per((s) => s.elements),
        items: per((s) => s.items),
        cpuMs: { mean: mean(cpu), p95: percentile(cpu, 95), max: Math.max(...cpu) },
        maxEvents: Math.max(...r.sweeps.map((s) => s.events)),
      },
    };
    result[`${tree}${n}`] = figures;
    rows.push([
      String(n),
      tree,
      fixed(figures.tickCpuMs, 3),
      String(figures.sweeps),
      fixed(figures.perSweep.changed, 1),
      fixed(figures.perSweep.events, 1),
      fixed(figures.perSweep.elements, 1),
      fixed(figures.perSweep.items, 1),
      `${fixed(figures.perSweep.cpuMs.mean, 3)} / ${fixed(figures.perSweep.cpuMs.p95, 3)}`,
    ]);
  }
}
console.log(
  `Tree: 200 and 1 000 watched tasks (30 % running), the sweep on, ${SIM_MS / MIN} simulated minutes; per sweep (means): rows changed, onDidChangeTreeData events and the elements they name, tree items VS Code asks for again, the tree's CPU`,
);
console.log(table(rows));
if (sink < 0) console.log(sink);
writeJson(result);
