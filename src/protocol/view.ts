/**
 * The panel's view model: what the host sends the webview. Plain JSON (no functions, no Dates), built by
 * the host from the store entry and the result rows only, so nothing secret can reach the webview.
 * Times are epoch ms; the webview formats them relative to its own clock.
 */

export interface StateView {
  /** A DisplayState of core/model/display.ts, e.g. "in_progress". */
  readonly key: string;
  readonly label: string;
  /** Codicon id, possibly with "~spin". */
  readonly icon: string;
  /** Theme colour id, e.g. "charts.blue", or null for the default foreground. */
  readonly color: string | null;
  readonly settled: boolean;
}

export interface FunnelStageView {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly hint: string;
}

export interface CriterionView {
  readonly key: string;
  readonly name: string;
  readonly criterion: string;
}

export interface ErrorView {
  readonly kind: string;
  readonly status: number | null;
  /** Technical, for the log-minded. */
  readonly message: string;
  /** What happened and what to do, for everyone. */
  readonly userMessage: string;
}

export interface TaskViewModel {
  readonly id: string;
  /** The panel title: the shortened query, or the ID. */
  readonly title: string;
  readonly state: StateView;
  /** The API's own status string; null before the first answer. */
  readonly status: string | null;
  readonly query: string | null;
  readonly createdAt: string | null;
  /** Elapsed time at `elapsedAt`; grows with the clock while `elapsedRunning`. */
  readonly elapsedMs: number | null;
  readonly elapsedAt: number;
  readonly elapsedRunning: boolean;
  readonly desiredNumResults: number | null;
  readonly isExhausted: boolean | null;
  readonly funnel: readonly FunnelStageView[];
  readonly tableId: string | null;
  readonly dataSources: readonly string[] | null;
  readonly autoDataSources: boolean | null;
  readonly criteria: readonly CriterionView[] | null;
  readonly excludeDomains: readonly string[] | null;
  readonly addedAt: number;
  readonly lastCheckedAt: number | null;
  readonly nextCheckAt: number | null;
  /** "polling", "elsewhere" (another VS Code window polls it), or why not: "complete", "not-found", "plan", "paused". */
  readonly polling: string;
  readonly error: ErrorView | null;
  readonly dashboardUrl: string;
  /** The task's AI Table in the dashboard (`/tables/<table_id>`), or null. */
  readonly tableUrl: string | null;
  /** The status in words, with the API's own word when the label differs ("done · no more candidates (API status "done")"). */
  readonly statusLine: string;
  /** "about 4 min left" while there is a steady estimate (core/model/eta.ts), else null. */
  readonly eta: string | null;
  /** "2.4 high-fit results a minute" over the run so far, else null. */
  readonly rate: string | null;
  /** The last answer as read (known and unknown fields), pretty-printed JSON, at most 64 KB; null before the first. */
  readonly raw: string | null;
  /** Null when resume is possible, else why not. */
  readonly resumeBlocker: string | null;
}

export interface ScoreView {
  readonly grade: number | null;
  readonly explanation: string | null;
  readonly sources: readonly string[];
}

export interface RowView {
  readonly id: string;
  readonly name: string | null;
  readonly website: string | null;
  /** The website as an http(s) URL ("matchory.com" → "https://matchory.com/"), or null. */
  readonly websiteUrl: string | null;
  readonly description: string | null;
  /** The long description, shown when the row is expanded. */
  readonly fullDescription: string | null;
  readonly relevance: number | null;
  readonly foundingYear: number | null;
  readonly employeeCount: string | null;
  readonly location: string | null;
  readonly source: string | null;
  readonly scores: Readonly<Record<string, ScoreView>>;
  /** Legacy rows explain themselves here instead of in scores. */
  readonly justification: string | null;
}

export type ResultsState = 'idle' | 'loading' | 'loaded' | 'error';

export interface ResultsView {
  readonly state: ResultsState;
  readonly rows: readonly RowView[];
  readonly columns: readonly { readonly key: string; readonly name: string }[];
  readonly pages: number;
  /** How many results the task counts (`num_results`), to say "120 of 250"; null when unknown. */
  readonly total: number | null;
  /** Set when state is "error" (rows may hold what was read before it). */
  readonly error: string | null;
  /** The task was still running when the rows were read, so more may come. */
  readonly partial: boolean;
  readonly loadedAt: number | null;
}
