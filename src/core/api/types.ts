/**
 * The Extruct Deep Search API as this extension sees it, after validation (see validate.ts).
 * Field names are the API's own (snake_case), so a reader can match them against the API reference.
 */

/** The statuses the API documents. Any other string is kept and shown as "unknown". */
export const KNOWN_STATUSES = ['created', 'in_progress', 'done', 'failed'] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];

export interface Criterion {
  readonly key: string;
  readonly name: string;
  readonly criterion: string;
}

/** `DiscoveryTaskOutput`: returned by create, get, list, resume, and (plus `results`) by results. */
export interface Task {
  readonly id: string;
  readonly created_at: string | null;
  /** One of KNOWN_STATUSES, or whatever unknown string the API sent. */
  readonly status: string;
  readonly query: string | null;
  readonly desired_num_results: number | null;
  readonly is_exhausted: boolean;
  readonly num_results_discovered: number;
  readonly num_results_enriched: number;
  readonly num_results_evaluated: number;
  readonly num_results: number;
  readonly table_id: string | null;
  readonly auto_data_sources: boolean | null;
  readonly data_sources: readonly string[] | null;
  readonly criteria: readonly Criterion[] | null;
  readonly exclude_domains: readonly string[] | null;
  /** Fields the docs do not name (an error message on a failed task, say): kept, bounded, shown raw. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface CriterionScore {
  readonly grade: number | null;
  readonly explanation: string | null;
  readonly sources: readonly string[];
}

/** One row of `GET /v1/discovery_tasks/{id}/results`. Every field but `id` may be missing (legacy rows). */
export interface ResultRow {
  readonly id: string;
  readonly task_id: string | null;
  readonly company_name: string | null;
  readonly company_website: string | null;
  readonly company_description: string | null;
  /** The long description. */
  readonly company_full_description: string | null;
  readonly company_profile_id: string | null;
  readonly created_at: string | null;
  readonly relevance: number | null;
  readonly founding_year: number | null;
  readonly employee_count: string | null;
  readonly hq_country: string | null;
  readonly hq_state_province: string | null;
  readonly hq_city: string | null;
  readonly source: string | null;
  readonly scores: Readonly<Record<string, CriterionScore>>;
  /** Legacy rows carry a free-text justification instead of scores. */
  readonly justification: string | null;
  /** Fields the docs do not name: kept (bounded) for the JSON export. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface ResultsPage {
  readonly task: Task;
  readonly results: readonly ResultRow[];
}

/** `GET /v1/user`: only what the extension shows. */
export interface Account {
  readonly user_id: string | null;
  readonly email: string | null;
  readonly available_credits: number | null;
  readonly organization_name: string | null;
}

/** The JSON body of `POST /v1/discovery_tasks` (the fields this extension sends). */
export interface CreateTaskBody {
  readonly query: string;
  readonly desired_num_results: number;
  readonly criteria?: ReadonlyArray<{ readonly key: string; readonly name: string; readonly criterion: string }>;
  readonly auto_data_sources: boolean;
  readonly data_sources?: readonly string[];
  readonly exclude_domains?: readonly string[];
}
