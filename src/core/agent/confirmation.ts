/**
 * What the user is asked before a chat tool spends credits: the number of results first, then the query
 * on one line in inline code, then the rest of the request, each field one bounded `plain` line. The
 * extension shows it in its own modal dialog; the same words make VS Code's confirmation when the user
 * turned the modal off.
 */
import { plain } from '../format/plain';
import { escapeMarkdown } from '../format/text';
import { DATA_SOURCE_LABELS, type SearchDraft } from '../model/newSearch';

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
  const more = d.criteria.length > 5 ? ` and ${d.criteria.length - 5} more` : '';
  const domains = d.excludeDomains.slice(0, 5).map((x) => plain(x, 60));
  return {
    title: `${n} high-fit result${n === 1 ? '' : 's'}: start this Extruct Deep Search?`,
    query: plain(d.query, QUERY_SHOWN).replace(/`/g, "'"),
    facts: [
      `Criteria: ${d.criteria.length ? `${names.join('; ')}${more}` : 'written by Extruct from the query'}`,
      `Data sources: ${d.dataSources === 'auto' ? 'chosen by Extruct' : d.dataSources.map((s) => DATA_SOURCE_LABELS[s]).join(', ')}`,
      `Excluded domains: ${d.excludeDomains.length ? `${domains.join(', ')}${d.excludeDomains.length > 5 ? ` and ${d.excludeDomains.length - 5} more` : ''}` : 'none'}`,
    ],
    warning:
      'It uses your Extruct credits. A chat agent asked for it: start it only if you asked for this search. The new task is then watched in the Extruct view.',
    button: 'Start Search',
  };
}

/** The dialog's detail under its title: plain text, line by line. */
export function confirmationDetail(c: SearchConfirmation): string {
  return [`Query: \`${c.query}\``, ...c.facts, '', c.warning].join('\n');
}

/** The same as Markdown (VS Code's own confirmation in the chat): literal text, the query in inline code. */
export function confirmationMarkdown(c: SearchConfirmation): string {
  return [
    `**${escapeMarkdown(c.title)}**`,
    '',
    `- Query: \`${c.query}\``,
    ...c.facts.map((f) => `- ${escapeMarkdown(f)}`),
    '',
    escapeMarkdown(c.warning),
  ].join('\n');
}
