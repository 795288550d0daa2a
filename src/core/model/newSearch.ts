/**
 * A new Deep Search (`POST /v1/discovery_tasks`) as the user fills it in: the draft, the rules each
 * field follows (from the API document: 1–250 results; criterion key, name and text lengths; the three
 * data sources), the request body it becomes, and a draft made from an existing task ("Run Again With
 * Changes"). The VS Code input (src/extension/commands/newSearch.ts) and the chat tool share it.
 */
import type { CreateTaskBody, Task } from '../api/types';
import * as l10n from '@vscode/l10n';
import { plain } from '../format/plain';

export const DATA_SOURCES = ['web_search', 'linkedin', 'maps'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

/** A data source in words. */
export function dataSourceLabel(source: DataSource): string {
  switch (source) {
    case 'web_search':
      return l10n.t('Web search');
    case 'linkedin':
      return l10n.t('LinkedIn');
    case 'maps':
      return l10n.t('Maps');
  }
}

export interface CriterionDraft {
  readonly key: string;
  readonly name: string;
  readonly criterion: string;
}

export interface SearchDraft {
  readonly query: string;
  readonly desiredNumResults: number;
  /** Empty: Extruct generates criteria from the query. */
  readonly criteria: readonly CriterionDraft[];
  /** 'auto': Extruct picks the data sources. */
  readonly dataSources: 'auto' | readonly DataSource[];
  readonly excludeDomains: readonly string[];
}

export const MAX_RESULTS = 250;
export const DEFAULT_RESULTS = 100;
/** The API document names no limit; Extruct's guidance recommends at most five. The input stops at ten. */
export const MAX_CRITERIA = 10;
const MAX_QUERY = 2_000;
const MAX_EXCLUDED = 1_000;
const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

export const EMPTY_DRAFT: SearchDraft = {
  query: '',
  desiredNumResults: DEFAULT_RESULTS,
  criteria: [],
  dataSources: 'auto',
  excludeDomains: [],
};

/** Each check returns a sentence saying what to fix, or undefined when the value is fine. */
/** Characters as the API counts them (Python's len: an emoji is one), not UTF-16 units. */
const chars = (s: string): number => Array.from(s.trim()).length;

export function checkQuery(text: string): string | undefined {
  const n = chars(text);
  if (!n) return l10n.t('Describe the companies to find, e.g. "Vertical SaaS companies serving freight forwarders in Europe".');
  if (n > MAX_QUERY) return l10n.t('Shorten the description to {0} characters (it has {1}).', MAX_QUERY, n);
  return undefined;
}

export function checkDesiredResults(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > MAX_RESULTS) return l10n.t('Enter a whole number from 1 to {0}.', MAX_RESULTS);
  return undefined;
}

export function checkCriterionKey(text: string, taken: readonly string[]): string | undefined {
  const t = text.trim();
  if (!KEY_PATTERN.test(t))
    return l10n.t('A key starts with a letter and has only letters, digits and underscores, e.g. "has_public_api".');
  if (t.length > 64) return l10n.t('Keep the key to 64 characters.');
  if (taken.includes(t)) return l10n.t('Another criterion already has the key "{0}".', t);
  return undefined;
}

export function checkCriterionName(text: string): string | undefined {
  const n = chars(text);
  return n < 1 || n > 100 ? l10n.t('Give the criterion a name of 1 to 100 characters, e.g. "Public API".') : undefined;
}

export function checkCriterionText(text: string): string | undefined {
  const n = chars(text);
  return n < 10 || n > 500
    ? l10n.t('Describe what to grade in 10 to 500 characters (this has {0}), e.g. "The company offers a public REST API".', n)
    : undefined;
}

/** A key made from a name: "Public API" → "public_api"; unique among `taken`. */
export function keyFromName(name: string, taken: readonly string[]): string {
  const base =
    name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+/, '')
      .slice(0, 40)
      .replace(/_+$/, '') || 'criterion';
  let key = base;
  for (let i = 2; taken.includes(key); i++) key = `${base}_${i}`;
  return key;
}

/** Domains or URLs, separated by commas, spaces or new lines; the server normalises each. */
export function parseDomains(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((d) => d.trim())
        .filter(Boolean),
    ),
  ].slice(0, MAX_EXCLUDED);
}

export function checkDomains(text: string): string | undefined {
  // Internationalised names too (bücher.de): the server turns each into its registered domain.
  const bad = parseDomains(text).find((d) => !/^(https?:\/\/)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d+)?(\/\S*)?$/u.test(d));
  return bad ? l10n.t('"{0}" is not a domain or a web address, e.g. acme.com or https://www.acme.com.', plain(bad, 60)) : undefined;
}

export function toCreateBody(d: SearchDraft): CreateTaskBody {
  return {
    query: d.query.trim(),
    desired_num_results: d.desiredNumResults,
    ...(d.criteria.length
      ? { criteria: d.criteria.map((c) => ({ key: c.key.trim(), name: c.name.trim(), criterion: c.criterion.trim() })) }
      : {}),
    auto_data_sources: d.dataSources === 'auto',
    ...(d.dataSources !== 'auto' ? { data_sources: d.dataSources } : {}),
    ...(d.excludeDomains.length ? { exclude_domains: d.excludeDomains } : {}),
  };
}

/** Every rule at once (for a draft that did not come through the input, e.g. from a chat tool). */
export function checkDraft(d: SearchDraft): string | undefined {
  const keys: string[] = [];
  for (const c of d.criteria) {
    const problem = checkCriterionKey(c.key, keys) ?? checkCriterionName(c.name) ?? checkCriterionText(c.criterion);
    if (problem) return l10n.t('Criterion "{0}": {1}', c.name || c.key, problem);
    keys.push(c.key.trim());
  }
  if (d.dataSources !== 'auto' && d.dataSources.length === 0) return l10n.t('Choose at least one data source, or let Extruct choose.');
  return (
    checkQuery(d.query) ??
    checkDesiredResults(String(d.desiredNumResults)) ??
    (d.criteria.length > MAX_CRITERIA ? l10n.t('Use at most {0} criteria (Extruct recommends five).', MAX_CRITERIA) : undefined) ??
    checkDomains(d.excludeDomains.join(' '))
  );
}

/** A draft from an existing task: its query, target, criteria, sources and excluded domains. */
export function draftFromTask(task: Task): SearchDraft {
  const sources = (task.data_sources ?? []).filter((s): s is DataSource => (DATA_SOURCES as readonly string[]).includes(s));
  return {
    query: task.query ?? '',
    desiredNumResults: Math.min(MAX_RESULTS, Math.max(1, task.desired_num_results ?? DEFAULT_RESULTS)),
    criteria: (task.criteria ?? []).map((c) => ({ key: c.key, name: c.name, criterion: c.criterion })),
    dataSources: task.auto_data_sources === false && sources.length ? sources : 'auto',
    excludeDomains: task.exclude_domains ?? [],
  };
}

/** The steps of the input, in order: where a 422 about a field sends the user back to. */
export type DraftStep = 'query' | 'results' | 'criteria' | 'sources' | 'domains';

/** The step a field path of a 422 answer ("body.criteria.0.criterion") belongs to. */
export function stepOfField(field: string): DraftStep | undefined {
  const top = field.replace(/^body\./, '').split('.')[0];
  switch (top) {
    case 'query':
      return 'query';
    case 'desired_num_results':
      return 'results';
    case 'criteria':
      return 'criteria';
    case 'auto_data_sources':
    case 'data_sources':
      return 'sources';
    case 'exclude_domains':
      return 'domains';
    default:
      return undefined;
  }
}

/** The draft in a few lines, for the confirmation and the chat tool's confirmation message. */
export function describeDraft(d: SearchDraft): string[] {
  return [
    l10n.t('Query: {0}', d.query.trim()),
    l10n.t('Results wanted: {0} high-fit', d.desiredNumResults),
    d.criteria.length
      ? l10n.t('Criteria: {0}', d.criteria.map((c) => c.name.trim()).join('; '))
      : l10n.t('Criteria: generated by Extruct from the query'),
    d.dataSources === 'auto'
      ? l10n.t('Data sources: chosen by Extruct')
      : l10n.t('Data sources: {0}', d.dataSources.map(dataSourceLabel).join(', ')),
    d.excludeDomains.length ? l10n.t('Excluded domains: {0}', d.excludeDomains.join(', ')) : l10n.t('Excluded domains: none'),
  ];
}
