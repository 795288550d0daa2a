// The fake Extruct task model (pure, manual clock): progression, invariants, exhaustion, resume, results.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ManualClock } from '../fake-extruct/clock.js';
import { FakeModel, normalizeDomain } from '../fake-extruct/model.js';
import type { DiscoveryTaskWire, ResultRowWire, TaskProfile, TaskStatus } from '../fake-extruct/types.js';

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const STATUS_RANK: Partial<Record<string, number>> = { created: 0, in_progress: 1, done: 2, failed: 2 } satisfies Record<
  TaskStatus,
  number
>;
/** Statuses in lifecycle order; an undocumented status stands for in_progress. */
const rank = (status: string): number => STATUS_RANK[status] ?? 1;
const TASK_KEYS = [
  'id',
  'created_at',
  'status',
  'query',
  'desired_num_results',
  'is_exhausted',
  'num_results_discovered',
  'num_results_enriched',
  'num_results_evaluated',
  'num_results',
  'table_id',
  'auto_data_sources',
  'data_sources',
  'criteria',
  'exclude_domains',
].sort();

function setup(profile: TaskProfile): { model: FakeModel; clock: ManualClock; id: string } {
  const clock = new ManualClock(T0);
  const model = new FakeModel({ now: clock.now });
  return { model, clock, id: model.addTask(profile) };
}

const snap = (model: FakeModel, id: string, at: number): DiscoveryTaskWire => {
  const s = model.snapshot(id, at);
  assert.ok(s, 'task exists');
  return s;
};

function assertInvariant(s: DiscoveryTaskWire): void {
  assert.ok(s.num_results_discovered >= s.num_results_enriched, `discovered ≥ enriched: ${JSON.stringify(s)}`);
  assert.ok(s.num_results_enriched >= s.num_results_evaluated, `enriched ≥ evaluated: ${JSON.stringify(s)}`);
  assert.ok(s.num_results_evaluated >= s.num_results, `evaluated ≥ num_results: ${JSON.stringify(s)}`);
  assert.ok(s.num_results >= 0 && s.num_results <= s.desired_num_results, 'num_results within 0..desired');
}

/** Samples the task over time and checks the invariant, monotonic counters and forward-only status. */
function walk(model: FakeModel, id: string, from: number, to: number, steps: number, resumedAt = Infinity): DiscoveryTaskWire[] {
  const out: DiscoveryTaskWire[] = [];
  let prevAt = -Infinity;
  for (let i = 0; i <= steps; i++) {
    const at = from + ((to - from) * i) / steps;
    const s = snap(model, id, at);
    const restarted = prevAt < resumedAt && at >= resumedAt;
    prevAt = at;
    assertInvariant(s);
    const prev = out[out.length - 1];
    if (prev) {
      assert.ok(s.num_results_discovered >= prev.num_results_discovered, 'discovered never decreases');
      assert.ok(s.num_results_enriched >= prev.num_results_enriched, 'enriched never decreases');
      assert.ok(s.num_results_evaluated >= prev.num_results_evaluated, 'evaluated never decreases');
      assert.ok(s.num_results >= prev.num_results, 'num_results never decreases');
      if (restarted) assert.notEqual(s.status, 'created', 'a resumed task is in_progress or final');
      else assert.ok(rank(s.status) >= rank(prev.status), `status goes forward: ${prev.status} → ${s.status}`);
      assert.ok(s.is_exhausted || !prev.is_exhausted, 'is_exhausted stays true');
    }
    out.push(s);
  }
  return out;
}

suite('fake-extruct model', () => {
  test('a default task goes created → in_progress → done and ends with exactly the desired results', () => {
    const { model, id } = setup({
      query: 'Vertical SaaS for freight forwarders',
      desiredNumResults: 40,
      durationMs: 60_000,
      createdPhaseMs: 5_000,
    });
    const start = snap(model, id, T0);
    assert.equal(start.status, 'created');
    assert.equal(start.num_results_discovered, 0);
    assert.equal(snap(model, id, T0 + 4_999).status, 'created');
    assert.equal(snap(model, id, T0 + 5_000).status, 'in_progress');
    assert.equal(snap(model, id, T0 + 59_999).status, 'in_progress');
    const end = snap(model, id, T0 + 60_000);
    assert.equal(end.status, 'done');
    assert.equal(end.num_results, 40);
    assert.equal(end.is_exhausted, false);
    assert.ok(end.num_results_evaluated > 40 && end.num_results_discovered > end.num_results_enriched);
    assert.equal(model.endsAt(id), T0 + 60_000);
    const samples = walk(model, id, T0 - 1_000, T0 + 70_000, 700);
    const mid = samples.filter((s) => s.status === 'in_progress');
    assert.ok(new Set(mid.map((s) => s.num_results)).size > 10, 'num_results grows in many steps while running');
    assert.deepEqual(snap(model, id, T0 + 3_600_000), end, 'a finished task no longer changes');
  });

  test('the counter invariant and monotonicity hold for random profiles at many times', function () {
    this.timeout(30_000); // 100 random profiles × 150 samples: seconds on a loaded 2-core machine
    const profile = fc.record({
      desiredNumResults: fc.integer({ min: 1, max: 250 }),
      durationMs: fc.integer({ min: 1, max: 3_000_000 }),
      createdPhaseMs: fc.integer({ min: 0, max: 20_000 }),
      exhaustAtFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      failAtFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), // includes denormals
      stalls: fc.array(fc.record({ atFraction: fc.double({ min: 0, max: 1, noNaN: true }), forMs: fc.integer({ min: 0, max: 100_000 }) }), {
        maxLength: 3,
      }),
      resumeAt: fc.option(fc.double({ min: 0, max: 1.5, noNaN: true }), { nil: undefined }),
      resumeBy: fc.integer({ min: 0, max: 250 }),
    });
    fc.assert(
      fc.property(profile, ({ resumeAt, resumeBy, ...p }) => {
        const { model, id } = setup({ query: 'q', ...p });
        const end = model.endsAt(id) ?? 0;
        const resumedAt = resumeAt === undefined ? Infinity : T0 + (end - T0) * resumeAt;
        const resumed = resumeAt !== undefined && model.resume(id, resumeBy, resumedAt).ok;
        const last = model.endsAt(id) ?? 0;
        const samples = walk(model, id, T0 - 10, last + 1_000, 150, resumed ? resumedAt : Infinity);
        const final = samples[samples.length - 1] as DiscoveryTaskWire;
        assert.ok(final.status === 'done' || final.status === 'failed');
        if (p.exhaustAtFraction !== undefined && final.status === 'done' && resumeAt === undefined) {
          assert.equal(final.is_exhausted, true);
          assert.ok(final.num_results < final.desired_num_results, 'an exhausted task ends below desired');
        }
      }),
      { numRuns: 100 },
    );
  });

  test('exhaustion: is_exhausted turns true while still in_progress, evaluation catches up, done below desired', () => {
    const { model, id } = setup({
      query: 'Vet clinic groups',
      desiredNumResults: 100,
      durationMs: 100_000,
      createdPhaseMs: 0,
      exhaustAtFraction: 0.5,
      exhaustedNumResults: 37,
    });
    const before = snap(model, id, T0 + 49_000);
    assert.equal(before.is_exhausted, false);
    const at = snap(model, id, T0 + 50_000);
    assert.equal(at.is_exhausted, true);
    assert.equal(at.status, 'in_progress');
    assert.ok(at.num_results_evaluated < at.num_results_enriched, 'evaluation still has work when exhaustion hits');
    const later = snap(model, id, T0 + 80_000);
    assert.equal(later.num_results_discovered, at.num_results_discovered, 'discovery stops at exhaustion');
    const end = snap(model, id, T0 + 100_000);
    assert.equal(end.status, 'done');
    assert.equal(end.num_results, 37);
    assert.equal(end.num_results_evaluated, end.num_results_enriched, 'everything enriched got evaluated');
    walk(model, id, T0, T0 + 110_000, 400);
  });

  test('a stall freezes every counter for its duration', () => {
    const { model, id } = setup({
      query: 'q',
      desiredNumResults: 100,
      durationMs: 100_000,
      createdPhaseMs: 0,
      stalls: [{ atFraction: 0.5, forMs: 20_000 }],
    });
    // 80 s of active time: progress 0.5 is reached at 40 s, then 20 s of stall.
    const a = snap(model, id, T0 + 40_000);
    const b = snap(model, id, T0 + 59_999);
    assert.deepEqual({ ...b }, { ...a });
    assert.ok(snap(model, id, T0 + 62_000).num_results_evaluated > a.num_results_evaluated);
    assert.equal(snap(model, id, T0 + 100_000).status, 'done');
  });

  test('a failing task fails at durationMs with frozen partial counters', () => {
    const { model, id } = setup({ query: 'q', desiredNumResults: 60, durationMs: 40_000, failAtFraction: 0.45 });
    assert.equal(snap(model, id, T0 + 39_999).status, 'in_progress');
    const failed = snap(model, id, T0 + 40_000);
    assert.equal(failed.status, 'failed');
    assert.ok(failed.num_results < 60 && failed.num_results_discovered > 0);
    assert.deepEqual(snap(model, id, T0 + 400_000), failed);
    const byStatus = setup({ query: 'q', finalStatus: 'failed', durationMs: 10_000 });
    const f = snap(byStatus.model, byStatus.id, T0 + 10_000);
    assert.equal(f.status, 'failed');
    assert.ok(f.num_results < f.desired_num_results, 'finalStatus failed alone fails midway');
  });

  test('snapshot returns exactly the DiscoveryTaskOutput fields, with sensible defaults', () => {
    const { model, id } = setup({ query: 'Freight SaaS' });
    const s = snap(model, id, T0 + 1);
    assert.deepEqual(Object.keys(s).sort(), TASK_KEYS);
    assert.equal(s.created_at, new Date(T0).toISOString());
    assert.equal(s.desired_num_results, 100);
    assert.equal(s.table_id, null);
    assert.equal(s.auto_data_sources, true);
    assert.ok(s.data_sources.includes('web_search'));
    assert.ok(s.criteria.length >= 1 && s.criteria.every((c) => /^[a-zA-Z][a-zA-Z0-9_]*$/.test(c.key) && c.criterion.length >= 10));
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    s.criteria.length = 0;
    assert.ok(snap(model, id, T0 + 1).criteria.length > 0, 'snapshots are copies');
  });

  test('results: visible rows track num_results, ordered by relevance desc, pageable, well-formed', () => {
    const criteria = [
      { key: 'serves_forwarders', name: 'Serves forwarders', criterion: 'Sells software to freight forwarders.' },
      { key: 'saas', name: 'SaaS', criterion: 'Sold as a subscription cloud service.' },
      { key: 'europe', name: 'Europe', criterion: 'Headquartered in Europe.' },
      { key: 'api', name: 'API', criterion: 'Offers a public API for integrations.' },
    ];
    const { model, id } = setup({ query: 'Freight SaaS', desiredNumResults: 120, durationMs: 60_000, criteria });
    const midway = model.results(id, 0, 1000, T0 + 40_000);
    assert.ok(midway && midway.num_results > 0 && midway.num_results < 120);
    assert.equal(midway.results.length, midway.num_results);
    const all = model.results(id, 0, 1000, T0 + 60_000);
    assert.ok(all);
    assert.equal(all.results.length, 120);
    const rows = all.results as ResultRowWire[];
    for (let i = 1; i < rows.length; i++) assert.ok((rows[i - 1] as ResultRowWire).relevance >= (rows[i] as ResultRowWire).relevance);
    assert.equal(new Set(rows.map((r) => r.id)).size, 120);
    assert.equal(new Set(rows.map((r) => r.company_website)).size, 120);
    for (const r of rows) {
      assert.equal(r.task_id, id);
      assert.ok(r.relevance >= 0 && r.relevance <= 100);
      assert.match(r.employee_count, /^\d+-\d+$/);
      assert.ok(r.founding_year > 1900 && r.founding_year < 2030);
      assert.ok(r.hq_country && r.hq_city && r.hq_state_province && r.company_full_description.length > r.company_description.length / 2);
      assert.deepEqual(Object.keys(r.scores).sort(), criteria.map((c) => c.key).sort());
      const grades = Object.values(r.scores).map((s) => s.grade);
      assert.ok(grades.every((g) => Number.isInteger(g) && g >= 1 && g <= 5));
      assert.ok(grades.filter((g) => g >= 4).length >= 3, 'high-fit: at least 75% of criteria graded 4 or 5');
      assert.ok(Object.values(r.scores).every((s) => s.explanation.length > 0 && s.sources.every((u) => u.startsWith('https://'))));
      assert.ok(Date.parse(r.created_at) >= T0 && Date.parse(r.created_at) <= T0 + 60_000);
    }
    const paged: string[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = model.results(id, offset, 50, T0 + 60_000)?.results ?? [];
      paged.push(...page.map((r) => r.id));
      if (page.length < 50) break;
    }
    assert.deepEqual(
      paged,
      rows.map((r) => r.id),
    );
    assert.deepEqual(model.results(id, 0, 10, T0 + 60_000), model.results(id, 0, 10, T0 + 60_000), 'deterministic');
    assert.equal(model.results('nope', 0, 10), undefined);
  });

  test('the same seed gives the same rows; legacy tasks use the old row shape', () => {
    const a = setup({ query: 'q', seed: 7, durationMs: 1_000, desiredNumResults: 5 });
    const b = setup({ query: 'q', seed: 7, durationMs: 1_000, desiredNumResults: 5 });
    const names = (m: FakeModel, id: string): string[] => (m.results(id, 0, 10, T0 + 2_000)?.results ?? []).map((r) => r.company_name);
    assert.deepEqual(names(a.model, a.id), names(b.model, b.id));
    const legacy = setup({ query: 'q', legacyResults: true, durationMs: 1_000, desiredNumResults: 5 });
    const rows = legacy.model.results(legacy.id, 0, 10, T0 + 2_000)?.results ?? [];
    assert.equal(rows.length, 5);
    for (const r of rows) {
      assert.ok(!('scores' in r));
      assert.ok('src_result_link' in r && 'justification' in r && 'src_search_query' in r);
    }
  });

  test('resume raises desired (capped at 250), runs again and reaches the new target; 400 when exhausted; 404 unknown', () => {
    const { model, clock, id } = setup({ query: 'q', desiredNumResults: 200, durationMs: 10_000 });
    clock.advance(10_000);
    const done = snap(model, id, clock.now());
    assert.equal(done.status, 'done');
    const r = model.resume(id, 100);
    assert.ok(r.ok);
    assert.equal(r.task.desired_num_results, 250);
    assert.equal(r.task.status, 'in_progress');
    assert.equal(r.task.num_results, 200);
    const end = model.endsAt(id) ?? 0;
    assert.ok(end > clock.now());
    walk(model, id, T0, end + 1_000, 300, T0 + 10_000);
    const after = snap(model, id, end);
    assert.equal(after.status, 'done');
    assert.equal(after.num_results, 250);
    assert.deepEqual(model.resume('nope', 5), { ok: false, status: 404, detail: 'Task not found' });

    const ex = setup({ query: 'q', desiredNumResults: 50, durationMs: 10_000, exhaustAtFraction: 0.3 });
    const early = ex.model.resume(ex.id, 10, T0 + 1_000);
    assert.ok(early.ok, 'resume works before exhaustion');
    const refused = ex.model.resume(ex.id, 10, (ex.model.endsAt(ex.id) ?? 0) + 1);
    assert.equal(refused.ok, false);
    assert.ok(refused.status === 400 && /exhausted/i.test(refused.detail));
  });

  test('createTask applies the body: table, data sources, normalized exclusions (incl. exclude_task_ids)', () => {
    const { model, clock, id: doneId } = setup({ query: 'old', desiredNumResults: 3, durationMs: 1_000 });
    clock.advance(2_000);
    const t = model.createTask({
      query: 'Freight SaaS',
      desired_num_results: 10,
      auto_data_sources: false,
      data_sources: ['maps'],
      exclude_domains: ['https://www.Acme.com/about', 'acme.com', 'shop.example.co.uk'],
      exclude_task_ids: [doneId],
      table: { id: 'tbl-1' },
    });
    assert.equal(t.status, 'created');
    assert.equal(t.desired_num_results, 10);
    assert.deepEqual(t.data_sources, ['maps']);
    assert.equal(t.auto_data_sources, false);
    assert.equal(t.table_id, 'tbl-1');
    const old = model.visibleDomains(doneId);
    assert.equal(old.length, 3);
    assert.deepEqual(t.exclude_domains, [...new Set(['acme.com', 'example.co.uk', ...old])].sort());
    assert.equal(normalizeDomain('HTTP://User@Sub.Example.com:8080/x?y'), 'example.com');
    const list = model.list(0, 10);
    assert.deepEqual(
      list.map((x) => x.id),
      [t.id, doneId],
      'newest first',
    );
    assert.deepEqual(
      model.list(1, 1).map((x) => x.id),
      [doneId],
    );
  });

  test('1 000 tasks with stalls and exhaustion only ever move forward', () => {
    const clock = new ManualClock(T0);
    const model = new FakeModel({ now: clock.now });
    const ids = Array.from({ length: 1_000 }, (_, i) =>
      model.addTask({
        query: `task ${i}`,
        desiredNumResults: 1 + (i % 250),
        durationMs: 60_000 + i * 1_000,
        stalls: [{ atFraction: 0.4, forMs: 5_000 }],
        ...(i % 3 === 0 ? { exhaustAtFraction: 0.6 } : {}),
      }),
    );
    // How fast this runs is bench/scale.ts's business; here, that every task moves only forward.
    const last = new Map<string, number>();
    for (let k = 0; k < 50; k++) {
      clock.advance(30_000);
      for (const id of ids) {
        const t = model.snapshot(id)!;
        assert.ok(t.num_results >= (last.get(id) ?? 0), `${id} went back at step ${k}`);
        assert.ok(t.num_results <= t.desired_num_results);
        last.set(id, t.num_results);
      }
    }
    assert.ok(
      [...last.values()].some((n) => n > 0),
      'some tasks found results',
    );
  });
});
