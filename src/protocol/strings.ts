/**
 * Every word the panel's webview shows, localised by the host (src/extension/panel/strings.ts) and sent
 * once, in the `init` message: the webview has no text of its own. Templates hold named placeholders,
 * `{n}`, filled in the webview with `fill` (core/format/fill.ts); the durations it ticks are made with
 * `time` (core/format/time.ts).
 */
import type { TimeWords } from '../core/format/time';

export interface PanelStrings {
  readonly time: TimeWords;

  // The header and the funnel
  readonly copyTaskId: string;
  readonly refresh: string;
  readonly refreshHint: string;
  readonly openInExtruct: string;
  readonly openInExtructHint: string;
  readonly resume: string;
  readonly resumeHint: string;
  readonly stopWatching: string;
  readonly stopWatchingHint: string;
  readonly idLabel: string;
  readonly taskActions: string;
  readonly progress: string;
  readonly noCounts: string;

  // The details grid
  readonly details: string;
  readonly rowTaskId: string;
  readonly rowStatus: string;
  readonly rowQuery: string;
  readonly rowCreated: string;
  readonly rowTarget: string;
  readonly rowEta: string;
  readonly rowRate: string;
  readonly rowExhausted: string;
  readonly rowTable: string;
  readonly rowSources: string;
  readonly rowExcluded: string;
  readonly rowChecked: string;
  readonly rowNext: string;
  readonly notSet: string;
  readonly none: string;
  readonly no: string;
  /** `{n}`: "37 high-fit" */
  readonly highFitTarget: string;
  readonly etaComplete: string;
  readonly etaUnknown: string;
  readonly exhaustedYes: string;
  readonly openTable: string;
  readonly openTableHint: string;
  /** `{list}`: "web_search, linkedin · chosen automatically" */
  readonly sourcesAuto: string;
  /** `{list}` */
  readonly sourcesChosen: string;
  /** `{n}` */
  readonly domainCount: string;
  readonly criteria: string;
  /** `{n}` */
  readonly criteriaCount: string;
  readonly rawAnswer: string;
  readonly rawNote: string;
  readonly noAnswer: string;
  readonly lastCheckFailed: string;
  readonly notCheckedAnyMore: string;
  /** `{detail}` */
  readonly technicalDetail: string;
  /** `{time}`: "running for 4 min" */
  readonly runningFor: string;
  /** `{time}`: "took 12 min" */
  readonly took: string;
  readonly notCheckedYet: string;
  readonly nextNotFound: string;
  readonly nextPlan: string;
  readonly nextPaused: string;
  readonly nextElsewhere: string;
  readonly nextNow: string;

  // The results
  readonly results: string;
  readonly loadResults: string;
  readonly loadResultsHint: string;
  readonly reloadResults: string;
  readonly export: string;
  readonly exportHint: string;
  readonly filterPlaceholder: string;
  readonly filterLabel: string;
  readonly resultsNote: string;
  readonly expand: string;
  readonly company: string;
  readonly relevance: string;
  /** `{column}` */
  readonly sortBy: string;
  /** `{criterion}` */
  readonly sortByGrade: string;
  /** `{shown}`, `{total}` */
  readonly shownFiltered: string;
  /** `{n}` */
  readonly companies: string;
  /** `{rows}`, `{sort}` */
  readonly caption: string;
  /** `{rows}`, `{listed}`, `{sort}` */
  readonly captionCapped: string;
  readonly sortRelevance: string;
  readonly sortName: string;
  readonly sortCriterion: string;
  /** `{column}` */
  readonly ascending: string;
  /** `{column}` */
  readonly descending: string;
  /** `{company}` */
  readonly detailsFor: string;
  readonly thisCompany: string;
  /** `{year}` */
  readonly founded: string;
  /** `{count}` */
  readonly employees: string;
  /** `{company}` */
  readonly openWebsite: string;
  readonly noWebsite: string;
  readonly noDescription: string;
  /** `{source}` */
  readonly foundVia: string;
  readonly justification: string;
  readonly noScores: string;
  readonly noExplanation: string;
  /** `{n}` */
  readonly source: string;
  /** `{n}`, `{criterion}`, `{url}` */
  readonly sourceFor: string;
  /** `{criterion}`, `{grade}` */
  readonly gradeTitle: string;
  /** `{criterion}` */
  readonly notGradedTitle: string;
  /** `{grade}` */
  readonly grade: string;
  readonly notGraded: string;
  readonly notLoaded: string;
  readonly loading: string;
  readonly unknownError: string;
  /** `{error}` */
  readonly loadFailed: string;
  /** `{error}`, `{read}` */
  readonly loadFailedRead: string;
  /** `{error}`, `{read}`, `{total}` */
  readonly loadFailedReadOf: string;
  /** `{n}` */
  readonly loaded: string;
  /** `{n}`, `{total}` */
  readonly loadedOf: string;
  /** `{n}` */
  readonly loadedRunning: string;
  /** `{n}`, `{total}` */
  readonly loadedOfRunning: string;
}
