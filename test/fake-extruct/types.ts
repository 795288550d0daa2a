// Wire shapes of the fake Extruct API (snake_case, as the real API sends them) and the profile
// that scripts how a fake task progresses over time.

export type TaskStatus = 'created' | 'in_progress' | 'done' | 'failed';
/** A status as sent: one of the documented four, or (scripted, or in realistic mode) any other string. */
export type WireStatus = TaskStatus | (string & {});
export type DataSource = 'web_search' | 'linkedin' | 'maps';
export const DATA_SOURCES: readonly DataSource[] = ['web_search', 'linkedin', 'maps'];

export interface CriterionWire {
  key: string;
  name: string;
  criterion: string;
}

/** `DiscoveryTaskOutput`: exactly the fields of the task object. */
export interface DiscoveryTaskWire {
  id: string;
  created_at: string;
  status: WireStatus;
  query: string;
  desired_num_results: number;
  is_exhausted: boolean;
  num_results_discovered: number;
  num_results_enriched: number;
  num_results_evaluated: number;
  num_results: number;
  table_id: string | null;
  auto_data_sources: boolean;
  data_sources: DataSource[];
  criteria: CriterionWire[];
  exclude_domains: string[];
}

export interface ScoreWire {
  grade: number;
  explanation: string;
  sources: string[];
}

export interface ResultRowWire {
  id: string;
  task_id: string;
  created_at: string;
  company_name: string;
  company_website: string;
  company_description: string;
  company_full_description: string;
  relevance: number;
  founding_year: number;
  employee_count: string;
  hq_country: string;
  hq_state_province: string;
  hq_city: string;
  source: DataSource;
  company_profile_id: string;
  scores: Record<string, ScoreWire>;
}

/** The older "search result" row shape (no scores). */
export interface LegacyResultRowWire {
  id: string;
  task_id: string;
  created_at: string;
  src_search_query: string;
  src_result_position: number;
  src_result_link: string;
  src_result_title: string;
  src_result_snippet: string;
  company_name: string;
  company_description: string;
  company_website: string;
  relevance: number;
  justification: string;
}

/** The results endpoint: the task fields plus a page of rows. Legacy tasks also carry the old top-level counters. */
export interface DiscoveryTaskResultsWire extends DiscoveryTaskWire {
  results: Array<ResultRowWire | LegacyResultRowWire>;
  discovered_num_results?: number | null;
  num_search_results?: number | null;
  discovered_num_search_results?: number | null;
}

/**
 * A task object as the server sends it. In friendly mode exactly a DiscoveryTaskWire; in realistic mode
 * (see realistic.ts) optional fields may be missing or null, counters null while created, timestamps in
 * other ISO 8601 spellings, and undocumented fields appear.
 */
export interface RealisticTaskWire {
  id: string;
  created_at: string;
  status: WireStatus;
  query: string;
  desired_num_results: number;
  is_exhausted: boolean;
  num_results_discovered: number | null;
  num_results_enriched: number | null;
  num_results_evaluated: number | null;
  num_results: number | null;
  table_id?: string | null;
  auto_data_sources: boolean | null;
  data_sources?: DataSource[];
  criteria: CriterionWire[] | null;
  exclude_domains?: string[];
  /** Undocumented (realistic mode). */
  progress?: { stage: string };
  updated_at?: string;
  error?: string;
  failure_reason?: string;
}

export interface RealisticScoreWire {
  grade: number | null;
  explanation: string;
  sources?: string[];
}

/** A result row as sent; in realistic mode some optional fields are missing or null. */
export interface RealisticRowWire {
  id: string;
  task_id: string;
  created_at: string;
  company_name: string;
  company_website: string;
  company_description: string;
  company_full_description: string;
  relevance: number;
  founding_year?: number | null;
  employee_count?: string | null;
  hq_country: string;
  hq_state_province?: string | null;
  hq_city?: string | null;
  source: DataSource;
  company_profile_id: string;
  scores: Record<string, RealisticScoreWire>;
}

export interface RealisticResultsWire extends RealisticTaskWire {
  results: Array<RealisticRowWire | LegacyResultRowWire>;
  discovered_num_results?: number | null;
  num_search_results?: number | null;
  discovered_num_search_results?: number | null;
}

/** How realistic mode renders one task on the wire; drawn per task id (see realistic.ts), overridable per profile. */
export interface WireTraits {
  /** Leave out table_id, exclude_domains and data_sources. */
  omitOptional: boolean;
  /** auto_data_sources: null. */
  nullAutoDataSources: boolean;
  /** criteria: null. */
  nullCriteria: boolean;
  /** The four num_results* counters are null (not 0) while the task is in its created phase. */
  nullCountersWhileCreated: boolean;
  /** Status "queued" instead of "created" during the created phase. */
  queued: boolean;
  /** created_at / updated_at spelling: `…:00Z`, `…:00.123000Z`, `…:00+00:00`, or `…:00` (no offset, meaning UTC). */
  timestampStyle: TimestampStyle;
  /** The undocumented field that explains a failure. */
  failureField: 'error' | 'failure_reason';
}

export type TimestampStyle = 'z' | 'micro' | 'offset' | 'naive';

export interface UserWire {
  user_id: string;
  email: string;
  available_credits: number;
  organization_id: string | null;
  organization_name: string | null;
  organization_slug: string | null;
  organization_is_active: boolean;
}

export interface TableRefBody {
  id?: string | null;
  run?: boolean;
  columns?: string[];
  auto_import?: boolean;
}

/** A validated `POST /v1/discovery_tasks` body. */
export interface CreateTaskBody {
  query: string;
  desired_num_results?: number;
  criteria?: CriterionWire[] | null;
  auto_data_sources?: boolean;
  data_sources?: DataSource[] | null;
  exclude_domains?: string[] | null;
  exclude_task_ids?: string[] | null;
  table?: TableRefBody | null;
}

/**
 * Why create and resume answer HTTP 402 while the fake's plan gate is set ([OFF-REPO]: `detail.error` of a 402 is one of
 * these; Deep Search create/resume are Pro-gated).
 */
export type PlanGate = 'plan_required' | 'payment_failed' | 'insufficient_credits';
export const PLAN_GATES: readonly PlanGate[] = ['plan_required', 'payment_failed', 'insufficient_credits'];

/** The body of a 402: `{"detail": {"error": <PlanGate>, "message": <sentence>}}`. */
export interface PlanRefusalWire {
  detail: { error: PlanGate; message: string };
}

export interface StallSpec {
  /** Progress fraction (0..1) at which the counters stop moving. */
  atFraction: number;
  /** How long they stay still (simulated ms). */
  forMs: number;
}

/** How one run of a task (its creation, or a resume) unfolds. */
export interface RunSpec {
  /** Time from the start of the run (creation or resume) to its final status, including the created phase and stalls. */
  durationMs?: number;
  /** Defaults to 'failed' when failAtFraction is set, else 'done'. */
  finalStatus?: 'done' | 'failed';
  /**
   * At this progress fraction discovery runs dry: is_exhausted turns true while the run goes on; fewer results than
   * desired. Friendly mode: enrichment stops too and evaluation catches up smoothly by the end. Realistic mode:
   * enrichment keeps rising in steps and evaluation catches up with it between steps (see timeline.ts).
   */
  exhaustAtFraction?: number;
  /** Final num_results of an exhausting run (default: 35–65% of desired, always below desired). */
  exhaustedNumResults?: number;
  /** For failed runs: the progress fraction at which the task fails (default 0.5). */
  failAtFraction?: number;
  stalls?: StallSpec[];
  /**
   * Report an undocumented status (e.g. "paused", "queued_for_review") instead of in_progress for part of the
   * run; counters stand still meanwhile. Fractions are of the in-progress span (from leaving 'created' to the
   * final status), in time; the run still ends at durationMs. Applies in both modes.
   */
  unknownStatus?: UnknownStatusSpec;
}

export interface UnknownStatusSpec {
  status: string;
  fromFraction: number;
  toFraction: number;
}

/** Scripts a fake task. Only `query` is required. */
export interface TaskProfile extends RunSpec {
  query: string;
  /** Default 100 (the API default). */
  desiredNumResults?: number;
  /** Default: two criteria derived from the query. */
  criteria?: CriterionWire[];
  /** Time spent in 'created' before 'in_progress' (default 3 000 ms, capped to durationMs). */
  createdPhaseMs?: number;
  /** Result rows in the legacy shape, without scores. */
  legacyResults?: boolean;
  id?: string;
  /** Creation time in epoch ms of the model clock (default: now - ageMs). */
  createdAt?: number;
  /** The task was created this long ago (default 0). */
  ageMs?: number;
  autoDataSources?: boolean;
  dataSources?: DataSource[];
  tableId?: string | null;
  excludeDomains?: string[];
  /** Seed of the pseudo-random rows (default: derived from the id). */
  seed?: number;
  /**
   * How runs started by resume unfold. Default: done, with a duration proportional to the new results;
   * when the profile exhausts, resumed runs exhaust at the same fraction (below the new target).
   */
  onResume?: RunSpec;
  /**
   * After an accepted resume, the task keeps showing the status and counters it had (with the new
   * desired_num_results) for this long before the resumed run starts. Default 30 000 in realistic mode, 0 otherwise.
   */
  resumeLagMs?: number;
  /** Realistic mode only: fixes some of the wire traits otherwise drawn from the task id. */
  wireTraits?: Partial<WireTraits>;
}
