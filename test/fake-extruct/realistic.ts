// Realistic mode's wire format: what the real API plausibly sends where the documentation is silent, so that a
// client cannot pass its tests just because it and the fake make the same assumptions. Pure functions; every
// choice is drawn from a PRNG seeded by the task id (or row id), so the same task always looks the same.
//
// Time behaviour of realistic mode (resume lag, stepped exhaustion, "queued") lives in model.ts / timeline.ts.
import { hashString, prng, type RowBody } from './rows.js';
import type {
  DiscoveryTaskWire,
  RealisticRowWire,
  RealisticScoreWire,
  RealisticTaskWire,
  TaskStatus,
  TimestampStyle,
  WireTraits,
} from './types.js';

/** The page size the real API is assumed to cap `limit` at (silently, no 422). */
export const REALISTIC_MAX_LIMIT = 50;

const TIMESTAMP_STYLES: readonly TimestampStyle[] = ['z', 'micro', 'offset', 'naive'];
// Salts keep the trait draws independent of the row and profile draws that use the same id hash.
const TRAIT_SALT = 0x7e57ab1e;
const ORDER_SALT = 0x0dd5eed5;
const ROW_SALT = 0x0b5e55ed;

const QUOTA_ERROR = 'Search provider quota exceeded';
const FAILURE_REASONS: readonly string[] = [QUOTA_ERROR, 'Candidate evaluation timed out', 'Upstream enrichment service unavailable'];

/**
 * The wire traits of a task, drawn from its id. Roughly: a third omit optional fields, a quarter send
 * auto_data_sources null, a fifth criteria null, half null counters while created, a fifth say "queued";
 * the four timestamp styles a quarter each. `overrides` (TaskProfile.wireTraits) win; a task scripted with
 * an explicit unknownStatus never draws "queued".
 */
export function traitsFor(taskId: string, overrides: Partial<WireTraits> = {}, hasUnknownStatus = false): WireTraits {
  const rand = prng(hashString(taskId) ^ TRAIT_SALT);
  const drawn: WireTraits = {
    omitOptional: rand() < 1 / 3,
    nullAutoDataSources: rand() < 0.25,
    nullCriteria: rand() < 0.2,
    nullCountersWhileCreated: rand() < 0.5,
    queued: rand() < 0.2 && !hasUnknownStatus,
    timestampStyle: TIMESTAMP_STYLES[Math.floor(rand() * TIMESTAMP_STYLES.length)] ?? 'z',
    failureField: rand() < 0.5 ? 'error' : 'failure_reason',
  };
  return { ...drawn, ...overrides };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * An instant in one of the ISO 8601 spellings a Python backend produces. Every spelling is the same instant in
 * UTC (the naive one means UTC too); milliseconds appear only when non-zero, except in 'micro' which always has
 * six digits (the last three 0: the model's instants are whole milliseconds).
 */
export function formatTimestamp(ms: number, style: TimestampStyle): string {
  const d = new Date(ms);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const millis = d.getUTCMilliseconds();
  const fraction = millis === 0 ? '' : `.${pad(millis, 3)}`;
  switch (style) {
    case 'micro':
      return `${base}.${pad(millis, 3)}000Z`;
    case 'offset':
      return `${base}${fraction}+00:00`;
    case 'naive':
      return `${base}${fraction}`;
    default:
      return `${base}${fraction}Z`;
  }
}

/** Sort key of the realistic task list: a fixed pseudo-random position per id (not creation order). */
export const listOrderKey = (taskId: string): number => prng(hashString(taskId) ^ ORDER_SALT)();

/** What rendering a task needs besides its documented snapshot. */
export interface TaskView {
  traits: WireTraits;
  /** The documented status underneath (a pause window counts as in_progress, the resume lag as the old status). */
  status: TaskStatus;
  createdAt: number;
  updatedAt: number;
}

/** An undocumented pipeline stage, as a real backend might expose it. */
function stageOf(snap: DiscoveryTaskWire, view: TaskView): string {
  if (view.status === 'created') return 'pending';
  if (view.status === 'done') return 'completed';
  if (view.status === 'failed') return 'failed';
  if (!snap.is_exhausted) return 'discovery';
  return snap.num_results_evaluated < snap.num_results_enriched ? 'evaluation' : 'enrichment';
}

export function renderTask(snap: DiscoveryTaskWire, view: TaskView): RealisticTaskWire {
  const { traits } = view;
  const { table_id: tableId, exclude_domains: excludeDomains, data_sources: dataSources, ...required } = snap;
  const out: RealisticTaskWire = {
    ...required,
    created_at: formatTimestamp(view.createdAt, traits.timestampStyle),
    ...(traits.omitOptional ? {} : { table_id: tableId, data_sources: dataSources, exclude_domains: excludeDomains }),
  };
  if (traits.nullAutoDataSources) out.auto_data_sources = null;
  if (traits.nullCriteria) out.criteria = null;
  if (view.status === 'created' && traits.nullCountersWhileCreated) {
    out.num_results_discovered = null;
    out.num_results_enriched = null;
    out.num_results_evaluated = null;
    out.num_results = null;
  }
  out.progress = { stage: stageOf(snap, view) };
  out.updated_at = formatTimestamp(view.updatedAt, traits.timestampStyle);
  if (view.status === 'failed') {
    if (traits.failureField === 'error') out.error = QUOTA_ERROR;
    else out.failure_reason = FAILURE_REASONS[hashString(snap.id) % FAILURE_REASONS.length] ?? QUOTA_ERROR;
  }
  return out;
}

/** Optional row fields that realistic rows sometimes leave out or send as null. */
const SPARSE_ROW_FIELDS = ['founding_year', 'hq_state_province', 'hq_city', 'employee_count'] as const;

/**
 * A result row with realistic gaps, drawn from its id: each sparse field is missing (12 %) or null (10 %);
 * each score has grade null (10 %) and no `sources` (25 %). Every other field stays.
 */
export function renderRow(row: RowBody, createdAt: string): RealisticRowWire {
  const rand = prng(hashString(row.id) ^ ROW_SALT);
  let out: RealisticRowWire = { ...row, created_at: createdAt, scores: {} };
  for (const field of SPARSE_ROW_FIELDS) {
    const r = rand();
    if (r < 0.12) {
      // Missing means no key at all (not `undefined`); the rest keeps the other keys in their order.
      const { [field]: _missing, ...rest } = out;
      out = rest;
    } else if (r < 0.22) out[field] = null;
  }
  for (const [key, score] of Object.entries(row.scores)) {
    const grade = rand() < 0.1 ? null : score.grade;
    const rendered: RealisticScoreWire =
      rand() < 0.25 ? { grade, explanation: score.explanation } : { grade, explanation: score.explanation, sources: [...score.sources] };
    out.scores[key] = rendered;
  }
  return out;
}
