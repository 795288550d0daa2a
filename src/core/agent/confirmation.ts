/**
 * What the user is asked before a chat tool spends credits: the number of results first, then the query
 * on one line in inline code, then the rest of the request, each field one bounded `plain` line. The
 * extension shows it in its own modal dialog; the same words make VS Code's confirmation when the user
 * turned the modal off. The user reads it: localised (unlike the tools' answers, which the model reads).
 */
import * as l10n from '@vscode/l10n';
import { plain } from '../format/plain';
import { escapeMarkdown } from '../format/text';
import { type SearchDraft, dataSourceLabel } from '../model/newSearch';

export interface SearchConfirmation {
  /** The question, number first: "100 high-fit results: start this Extruct Deep Search?" */
  readonly title: string;
  /** The query as one line, without backquotes, for inline code. */
  readonly query: string;
  /** Criteria, data sources, excluded domains: one line each. */
  readonly facts: readonly string[];
  /** Why it matters, and who asked. */
  readonly warning: string;
  /** The button that starts it. */
  readonly button: string;
}

const QUERY_SHOWN = 300;

export function searchConfirmation(d: SearchDraft): SearchConfirmation {
  const n = d.desiredNumResults;
  const names = d.criteria.slice(0, 5).map((c) => plain(c.name, 60));
  const domains = d.excludeDomains.slice(0, 5).map((x) => plain(x, 60));
  const criteria = !d.criteria.length
    ? l10n.t('Criteria: written by Extruct from the query')
    : d.criteria.length > 5
      ? l10n.t('Criteria: {0} and {1} more', names.join('; '), d.criteria.length - 5)
      : l10n.t('Criteria: {0}', names.join('; '));
  const excluded = !d.excludeDomains.length
    ? l10n.t('Excluded domains: none')
    : d.excludeDomains.length > 5
      ? l10n.t('Excluded domains: {0} and {1} more', domains.join(', '), d.excludeDomains.length - 5)
      : l10n.t('Excluded domains: {0}', domains.join(', '));
  return {
    title:
      n === 1
        ? l10n.t('1 high-fit result: start this Extruct Deep Search?')
        : l10n.t('{0} high-fit results: start this Extruct Deep Search?', n),
    query: plain(d.query, QUERY_SHOWN).replace(/`/g, "'"),
    facts: [
      criteria,
      d.dataSources === 'auto'
        ? l10n.t('Data sources: chosen by Extruct')
        : l10n.t('Data sources: {0}', d.dataSources.map(dataSourceLabel).join(', ')),
      excluded,
    ],
    warning: l10n.t(
      'It uses your Extruct credits. A chat agent asked for it: start it only if you asked for this search. The new task is then watched in the Extruct view.',
    ),
    button: l10n.t('Start Search'),
  };
}

/** The dialog's detail under its title: plain text, line by line. */
export function confirmationDetail(c: SearchConfirmation): string {
  return [queryLine(c.query), ...c.facts, '', c.warning].join('\n');
}

/** The same as Markdown (VS Code's own confirmation in the chat): literal text, the query in inline code. */
export function confirmationMarkdown(c: SearchConfirmation): string {
  return [
    `**${escapeMarkdown(c.title)}**`,
    '',
    `- ${queryLine(c.query)}`,
    ...c.facts.map((f) => `- ${escapeMarkdown(f)}`),
    '',
    escapeMarkdown(c.warning),
  ].join('\n');
}

/** "Query: `…`": the query in inline code (no backquotes in it, see searchConfirmation). */
function queryLine(query: string): string {
  return l10n.t('Query: `{0}`', query);
}
