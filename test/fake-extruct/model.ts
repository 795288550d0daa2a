// The pure task model of the fake Extruct API: no I/O, an injectable clock, O(1) snapshots.
//
// Each task is a list of runs ("segments", see timeline.ts): the first starts at creation, each resume adds
// one that starts from the counters reached at that moment. A snapshot at time t evaluates only the run
// in force at t, so any number of tasks can be polled at any simulated time cheaply.
//
// Two modes. Friendly (the default): the documented shapes, newest-first lists, resumes that start at once.
// Realistic (`realistic = true`): what the real API plausibly does where the docs are silent. Its time behaviour
// (resume lag, stepped exhaustion) is fixed per run when the run starts, in whatever mode is in force then; its
// wire format (the wire* methods, realistic.ts), "queued" and the list order follow the mode at query time.
import { randomUUID } from 'node:crypto';
import { formatTimestamp, listOrderKey, renderRow, renderTask, traitsFor } from './realistic.js';
import { hashString, prng, RowFactory, toLegacyRowWire, toRowWire, type RowBody } from './rows.js';
import {
  deltasFor,
  makeSegment,
  rowVisibleAt,
  segmentEnd,
  stateAt,
  ZERO_COUNTERS,
  type Counters,
  type Phase,
  type Segment,
} from './timeline.js';
import type {
  CreateTaskBody,
  CriterionWire,
  DataSource,
  DiscoveryTaskResultsWire,
  DiscoveryTaskWire,
  LegacyResultRowWire,
  RealisticResultsWire,
  RealisticTaskWire,
  TaskProfile,
  TaskStatus,
  WireTraits,
} from './types.js';

export const MAX_RESULTS = 250;
export const DEFAULT_DESIRED = 100;
export const DEFAULT_CREATED_PHASE_MS = 3_000;
/** Realistic mode: how long an accepted resume keeps showing the old status and counters, unless the profile says. */
export const DEFAULT_REALISTIC_RESUME_LAG_MS = 30_000;
/** Default run length: 30 s plus 0.6 s per desired result (about 100 results a minute, as the old docs said). */
export const defaultDurationMs = (desired: number): number => 30_000 + desired * 600;

export interface TaskState {
  /** The documented status underneath (a scripted unknown status counts as in_progress). */
  status: TaskStatus;
  /** The status the task reports: `status`, a scripted unknown status, or "queued" (realistic, created phase). */
  reportedStatus: string;
  phase: Phase;
  isExhausted: boolean;
  desired: number;
  /** Progress of the current run, 0..1. */
  progress: number;
  counters: Counters;
  /** When the current run reaches (or reached) its final status. */
  endsAt: number;
}

export type ResumeOutcome = { ok: true; task: DiscoveryTaskWire } | { ok: false; status: 400 | 404; detail: string };

interface FakeTask {
  id: string;
  order: number;
  createdAt: number;
  createdAtIso: string;
  profile: TaskProfile;
  criteria: CriterionWire[];
  autoDataSources: boolean;
  dataSources: DataSource[];
  tableId: string | null;
  excludeDomains: string[];
  qualifyRate: number;
  /** How realistic mode renders this task (drawn from its id). */
  traits: WireTraits;
  segments: Segment[];
  rows: RowFactory;
  sorted?: { num: number; indices: number[] };
}

export function defaultCriteria(query: string): CriterionWire[] {
  return [
    { key: 'matches_query', name: 'Matches the search', criterion: `The company fits this description: ${query}`.slice(0, 500) },
    { key: 'is_operating', name: 'Actively operating', criterion: 'The company is an active, operating business with a live website.' },
  ];
}

/** `https://www.Acme.com/about` → `acme.com` (approximates "registered domain" with a few two-level suffixes). */
export function normalizeDomain(input: string): string {
  let host = input
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = (host.split(/[/?#]/)[0] ?? '').replace(/^.*@/, '').replace(/:\d+$/, '').replace(/\.$/, '');
  const labels = host.split('.').filter((l) => l.length > 0);
  const twoLevel = /^(co|com|org|net|ac|gov)\.[a-z]{2}$/.test(labels.slice(-2).join('.'));
  return labels.slice(twoLevel ? -3 : -2).join('.');
}

export class FakeModel {
  now: () => number;
  /** Realistic mode (see the file comment); can be switched at any time. */
  realistic: boolean;
  private readonly tasks = new Map<string, FakeTask>();
  private seq = 0;

  constructor(options: { now?: () => number; realistic?: boolean } = {}) {
    this.now = options.now ?? (() => Date.now());
    this.realistic = options.realistic ?? false;
  }

  /** Adds a scripted task; returns its id. */
  addTask(profile: TaskProfile): string {
    const id = profile.id ?? randomUUID();
    const createdAt = profile.createdAt ?? this.now() - (profile.ageMs ?? 0);
    const seed = profile.seed ?? hashString(id);
    const rand = prng(seed);
    const desired = Math.max(1, Math.min(MAX_RESULTS, Math.floor(profile.desiredNumResults ?? DEFAULT_DESIRED)));
    const criteria = (profile.criteria && profile.criteria.length > 0 ? profile.criteria : defaultCriteria(profile.query)).map((c) => ({
      ...c,
    }));
    const autoDataSources = profile.autoDataSources ?? true;
    const dataSources: DataSource[] = profile.dataSources
      ? [...profile.dataSources]
      : rand() < 0.5
        ? ['web_search']
        : ['web_search', 'linkedin'];
    const qualifyRate = 0.3 + rand() * 0.25;
    const exhausting = profile.exhaustAtFraction !== undefined;
    const finalNum = exhausting
      ? Math.max(0, Math.min(desired - 1, Math.floor(profile.exhaustedNumResults ?? desired * (0.35 + 0.3 * rand()))))
      : desired;
    const segment = makeSegment({
      startAt: createdAt,
      createdPhaseMs: profile.createdPhaseMs ?? DEFAULT_CREATED_PHASE_MS,
      spec: profile,
      defaultDurationMs: defaultDurationMs(desired),
      desired,
      base: ZERO_COUNTERS,
      delta: deltasFor(finalNum, qualifyRate, exhausting),
      steppedTail: this.realistic,
    });
    this.tasks.set(id, {
      id,
      order: this.seq++,
      createdAt,
      createdAtIso: new Date(createdAt).toISOString(),
      profile,
      criteria,
      autoDataSources,
      dataSources,
      tableId: profile.tableId ?? null,
      excludeDomains: [...new Set((profile.excludeDomains ?? []).map(normalizeDomain))].sort().slice(0, 1000),
      qualifyRate,
      traits: traitsFor(id, profile.wireTraits, profile.unknownStatus !== undefined),
      segments: [segment],
      rows: new RowFactory({ taskId: id, query: profile.query, criteria, dataSources, seed }),
    });
    return id;
  }

  /** What `POST /v1/discovery_tasks` does with a validated body; `profile` scripts the run. */
  createTask(body: CreateTaskBody, profile: Partial<TaskProfile> = {}, at: number = this.now()): DiscoveryTaskWire {
    const excluded = [...(body.exclude_domains ?? [])];
    for (const taskId of body.exclude_task_ids ?? []) {
      if (this.state(taskId, at)?.status === 'done') excluded.push(...this.visibleDomains(taskId, at));
    }
    const manual = body.auto_data_sources === false && body.data_sources && body.data_sources.length > 0;
    const id = this.addTask({
      ...profile,
      createdAt: profile.createdAt ?? at - (profile.ageMs ?? 0),
      query: body.query,
      desiredNumResults: body.desired_num_results ?? DEFAULT_DESIRED,
      criteria: body.criteria ?? profile.criteria,
      autoDataSources: body.auto_data_sources ?? true,
      dataSources: manual ? (body.data_sources ?? undefined) : profile.dataSources,
      tableId: body.table ? (body.table.id ?? randomUUID()) : (profile.tableId ?? null),
      excludeDomains: excluded,
    });
    return this.snapshot(id, at) as DiscoveryTaskWire;
  }

  has(id: string): boolean {
    return this.tasks.has(id);
  }

  /** Task ids in creation order. */
  ids(): string[] {
    return [...this.tasks.keys()];
  }

  get size(): number {
    return this.tasks.size;
  }

  clear(): void {
    this.tasks.clear();
  }

  private segmentAt(task: FakeTask, t: number): Segment {
    for (let i = task.segments.length - 1; i > 0; i--) {
      const seg = task.segments[i] as Segment;
      if (seg.startAt <= t) return seg;
    }
    return task.segments[0] as Segment;
  }

  state(id: string, at: number = this.now()): TaskState | undefined {
    const task = this.tasks.get(id);
    if (!task) return undefined;
    const seg = this.segmentAt(task, at);
    const s = stateAt(seg, at);
    // Only realistic mode says "queued", and only where the documented status is "created".
    const reportedStatus = s.status === 'created' && this.realistic && task.traits.queued ? 'queued' : s.shown;
    return {
      status: s.status,
      reportedStatus,
      phase: s.phase,
      isExhausted: s.exhausted,
      desired: seg.desired,
      progress: s.p,
      counters: s.counters,
      endsAt: segmentEnd(seg),
    };
  }

  /** When the task's latest run reaches its final status. */
  endsAt(id: string): number | undefined {
    const task = this.tasks.get(id);
    return task ? segmentEnd(task.segments[task.segments.length - 1] as Segment) : undefined;
  }

  /**
   * The task object (`DiscoveryTaskOutput`) at time `at`, in the documented shape (every field, numbers, ISO
   * timestamps with Z) whatever the mode; its status is the reported one. What the server sends is wireTask().
   */
  snapshot(id: string, at: number = this.now()): DiscoveryTaskWire | undefined {
    const task = this.tasks.get(id);
    const s = this.state(id, at);
    return task && s ? this.snapshotOf(task, s) : undefined;
  }

  private snapshotOf(task: FakeTask, s: TaskState): DiscoveryTaskWire {
    return {
      id: task.id,
      created_at: task.createdAtIso,
      status: s.reportedStatus,
      query: task.profile.query,
      desired_num_results: s.desired,
      is_exhausted: s.isExhausted,
      num_results_discovered: s.counters.discovered,
      num_results_enriched: s.counters.enriched,
      num_results_evaluated: s.counters.evaluated,
      num_results: s.counters.num,
      table_id: task.tableId,
      auto_data_sources: task.autoDataSources,
      data_sources: [...task.dataSources],
      criteria: task.criteria.map((c) => ({ ...c })),
      exclude_domains: [...task.excludeDomains],
    };
  }

  /** Task objects as the server sends them: the snapshot in friendly mode, realistic.ts's rendering otherwise. */
  wireTask(id: string, at: number = this.now()): RealisticTaskWire | undefined {
    const task = this.tasks.get(id);
    const s = this.state(id, at);
    return task && s ? this.wireOf(task, s, at) : undefined;
  }

  private wireOf(task: FakeTask, s: TaskState, at: number): RealisticTaskWire {
    const snap = this.snapshotOf(task, s);
    if (!this.realistic) return snap;
    return renderTask(snap, {
      traits: task.traits,
      status: s.status,
      createdAt: task.createdAt,
      updatedAt: Math.min(at, s.endsAt),
    });
  }

  /** Tasks in list order (friendly: newest first; realistic: a fixed shuffle by id), paged. */
  private listed(offset: number, limit: number): FakeTask[] {
    const tasks = [...this.tasks.values()];
    if (this.realistic) tasks.sort((a, b) => listOrderKey(a.id) - listOrderKey(b.id) || a.order - b.order);
    else tasks.sort((a, b) => b.createdAt - a.createdAt || b.order - a.order);
    return tasks.slice(offset, offset + limit);
  }

  /** Tasks in list order, paged, as snapshots. */
  list(offset = 0, limit = 50, at: number = this.now()): DiscoveryTaskWire[] {
    return this.listed(offset, limit).map((t) => this.snapshot(t.id, at) as DiscoveryTaskWire);
  }

  /** `GET /v1/discovery_tasks` as sent (no limit cap here: that is the API layer's). */
  wireList(offset = 0, limit = 50, at: number = this.now()): RealisticTaskWire[] {
    return this.listed(offset, limit).map((t) => this.wireTask(t.id, at) as RealisticTaskWire);
  }

  /** Indices (discovery order) of the visible rows, by relevance descending. */
  private visibleOrder(task: FakeTask, num: number): number[] {
    if (task.sorted?.num !== num) {
      const indices = Array.from({ length: num }, (_, i) => i);
      const rel = indices.map((i) => task.rows.get(i).relevance);
      indices.sort((a, b) => (rel[b] as number) - (rel[a] as number) || a - b);
      task.sorted = { num, indices };
    }
    return task.sorted.indices;
  }

  /** When row `index` (discovery order) became visible, in epoch ms. */
  private rowCreatedAtMs(task: FakeTask, index: number): number {
    for (let i = task.segments.length - 1; i >= 0; i--) {
      const seg = task.segments[i] as Segment;
      if (index >= seg.base.num && index < seg.base.num + seg.delta.num) {
        return Math.round(rowVisibleAt(seg, index - seg.base.num));
      }
    }
    return task.createdAt;
  }

  /** The results endpoint body: the task fields plus rows [offset, offset+limit) of the visible, relevance-ordered results. */
  results(id: string, offset = 0, limit = 50, at: number = this.now()): DiscoveryTaskResultsWire | undefined {
    const task = this.tasks.get(id);
    const s = this.state(id, at);
    if (!task || !s) return undefined;
    const snap = this.snapshotOf(task, s);
    const results = this.rows(task, s.counters.num, offset, limit, (ms) => new Date(ms).toISOString()).map((r) =>
      'row' in r ? toRowWire(r.row, r.createdAt) : r.legacy,
    );
    return this.withLegacyCounters(task, { ...snap, results });
  }

  /** The results endpoint body as sent: results() in friendly mode; realistic task fields and rows otherwise. */
  wireResults(id: string, offset = 0, limit = 50, at: number = this.now()): RealisticResultsWire | undefined {
    if (!this.realistic) return this.results(id, offset, limit, at);
    const task = this.tasks.get(id);
    const s = this.state(id, at);
    if (!task || !s) return undefined;
    const style = task.traits.timestampStyle;
    const results = this.rows(task, s.counters.num, offset, limit, (ms) => formatTimestamp(ms, style)).map((r) =>
      'row' in r ? renderRow(r.row, r.createdAt) : r.legacy,
    );
    return this.withLegacyCounters(task, { ...this.wireOf(task, s, at), results });
  }

  /** Page [offset, offset+limit) of the `num` visible rows: modern rows unrendered, legacy rows complete. */
  private rows(
    task: FakeTask,
    num: number,
    offset: number,
    limit: number,
    stamp: (ms: number) => string,
  ): Array<{ row: RowBody; createdAt: string } | { legacy: LegacyResultRowWire }> {
    const legacy = task.profile.legacyResults === true;
    return this.visibleOrder(task, num)
      .slice(offset, offset + limit)
      .map((i, k) => {
        const row = task.rows.get(i);
        const createdAt = stamp(this.rowCreatedAtMs(task, i));
        return legacy ? { legacy: toLegacyRowWire(row, createdAt, offset + k + 1, task.profile.query) } : { row, createdAt };
      });
  }

  /** Legacy tasks also carry the old top-level counters (copied from the documented ones, null stays null). */
  private withLegacyCounters<T extends RealisticTaskWire>(task: FakeTask, body: T): T {
    if (task.profile.legacyResults !== true) return body;
    return {
      ...body,
      discovered_num_results: body.num_results_evaluated,
      num_search_results: body.num_results_enriched,
      discovered_num_search_results: body.num_results_discovered,
    };
  }

  /** The websites of the currently visible results. */
  visibleDomains(id: string, at: number = this.now()): string[] {
    const task = this.tasks.get(id);
    const s = this.state(id, at);
    if (!task || !s) return [];
    return Array.from({ length: s.counters.num }, (_, i) => task.rows.get(i).company_website);
  }

  /**
   * `POST /v1/discovery_tasks/{id}/resume`: 400 when exhausted, else more results (capped at 250) and a new run.
   * The run starts after a lag (profile.resumeLagMs; realistic default 30 s) during which the task shows the status
   * and counters it had at `at`, with the new desired_num_results; its own duration comes after the lag.
   */
  resume(id: string, desiredNew = 25, at: number = this.now()): ResumeOutcome {
    const task = this.tasks.get(id);
    const s = this.state(id, at);
    if (!task || !s) return { ok: false, status: 404, detail: 'Task not found' };
    if (s.isExhausted) {
      return { ok: false, status: 400, detail: 'Task is exhausted: no more candidates are available. Create a new task instead.' };
    }
    const desired = Math.min(MAX_RESULTS, s.desired + Math.max(0, Math.floor(desiredNew)));
    // A small candidate pool stays small: by default a resumed run of an exhausting profile exhausts too.
    const { exhaustAtFraction } = task.profile;
    const spec = task.profile.onResume ?? (exhaustAtFraction !== undefined ? { exhaustAtFraction } : {});
    const wanted = Math.max(0, desired - s.counters.num);
    const exhausting = spec.exhaustAtFraction !== undefined;
    const finalNum = exhausting ? Math.max(0, Math.min(wanted - 1, Math.floor(spec.exhaustedNumResults ?? wanted * 0.5))) : wanted;
    const firstDesired = (task.segments[0] as Segment).desired;
    const baseDuration = task.profile.durationMs ?? defaultDurationMs(firstDesired);
    task.segments = task.segments.filter((seg, i) => i === 0 || seg.startAt <= at);
    task.segments.push(
      makeSegment({
        startAt: at,
        lagMs: task.profile.resumeLagMs ?? (this.realistic ? DEFAULT_REALISTIC_RESUME_LAG_MS : 0),
        lagStatus: s.status,
        steppedTail: this.realistic,
        createdPhaseMs: 0,
        spec,
        defaultDurationMs: Math.max(5_000, Math.round((baseDuration * Math.max(1, wanted)) / Math.max(1, firstDesired))),
        desired,
        base: s.counters,
        delta: deltasFor(finalNum, task.qualifyRate, exhausting),
      }),
    );
    task.sorted = undefined;
    return { ok: true, task: this.snapshot(id, at) as DiscoveryTaskWire };
  }
}
