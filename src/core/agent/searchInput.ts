/**
 * An agent's request for a new Deep Search, read field by field with the New Deep Search form's rules
 * (core/model/newSearch.ts), plus one rule of its own: what the user will be asked to confirm must be
 * plain visible text on one line. A query or criterion with line breaks, control or invisible characters,
 * or made mostly of spaces (to push the real numbers out of sight), is refused with the reason.
 */
import { hasHiddenOrControl, plain } from '../format/plain';
import {
  checkDraft,
  type CriterionDraft,
  DATA_SOURCES,
  type DataSource,
  DEFAULT_RESULTS,
  keyFromName,
  MAX_CRITERIA,
  MAX_RESULTS,
  parseDomains,
  type SearchDraft,
} from '../model/newSearch';
import { invalid, type Read, readInteger, readObject, valid } from './input';

const FIELDS = ['query', 'desiredNumResults', 'criteria', 'dataSources', 'excludeDomains'] as const;
const CRITERION_FIELDS = ['name', 'criterion', 'key'] as const;

/** Why a text an agent sent cannot be shown to the user as it is, or undefined when it is plain. */
export function plainTextProblem(text: string, what: string): string | undefined {
  if (hasHiddenOrControl(text)) {
    return `${what} must be plain text on one line, and it holds line breaks, control characters or invisible characters. Send it again as one line of visible text.`;
  }
  const t = text.trim();
  const blanks = t.match(/\s/g)?.length ?? 0;
  if (/\s{4,}/.test(t) || (t.length >= 8 && blanks * 2 > t.length)) {
    return `${what} is mostly whitespace or holds long runs of spaces. Send it again as words separated by single spaces.`;
  }
  return undefined;
}

/** The agent's input as a draft, every rule checked, or what is wrong with it. */
export function readSearchDraft(input: unknown): Read<SearchDraft> {
  const fields = readObject(input, FIELDS);
  if (!fields.ok) return fields;
  const f = fields.value;
  if (typeof f.query !== 'string') return invalid('"query" is required: a description of the companies to find.');
  const queryProblem = plainTextProblem(f.query, 'The query');
  if (queryProblem) return invalid(queryProblem);
  const results = readInteger(f.desiredNumResults, 'desiredNumResults', 1, MAX_RESULTS, DEFAULT_RESULTS);
  if (!results.ok) return results;
  const criteria = readCriteria(f.criteria);
  if (!criteria.ok) return criteria;
  const sources = readSources(f.dataSources);
  if (!sources.ok) return sources;
  const domains = readDomains(f.excludeDomains);
  if (!domains.ok) return domains;
  const draft: SearchDraft = {
    query: f.query,
    desiredNumResults: results.value,
    criteria: criteria.value,
    dataSources: sources.value,
    excludeDomains: domains.value,
  };
  const problem = checkDraft(draft);
  return problem ? invalid(problem) : valid({ ...draft, query: draft.query.trim() });
}

function readCriteria(value: unknown): Read<CriterionDraft[]> {
  if (value === undefined || value === null) return valid([]);
  if (!Array.isArray(value)) return invalid('"criteria" must be a list of objects with "name" and "criterion" (and optionally "key").');
  if (value.length > MAX_CRITERIA)
    return invalid(`Use at most ${MAX_CRITERIA} criteria (Extruct recommends five); this has ${value.length}.`);
  const out: CriterionDraft[] = [];
  for (const [i, item] of (value as unknown[]).entries()) {
    const c = readObject(item, CRITERION_FIELDS);
    if (!c.ok) return invalid(`Criterion ${i + 1}: ${c.problem}`);
    const { name, criterion, key } = c.value;
    if (typeof name !== 'string' || typeof criterion !== 'string' || (key !== undefined && typeof key !== 'string')) {
      return invalid(`Criterion ${i + 1} needs "name" (1–100 characters) and "criterion" (10–500 characters) as text; "key" is optional.`);
    }
    const problem = plainTextProblem(name, `The name of criterion ${i + 1}`) ?? plainTextProblem(criterion, `Criterion ${i + 1}`);
    if (problem) return invalid(problem);
    const taken = out.map((o) => o.key);
    out.push({ name: name.trim(), criterion: criterion.trim(), key: key?.trim() || keyFromName(name, taken) });
  }
  return valid(out);
}

function readSources(value: unknown): Read<'auto' | DataSource[]> {
  if (value === undefined || value === null || value === 'auto') return valid('auto');
  const list = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(list) ||
    !list.every((s): s is DataSource => typeof s === 'string' && (DATA_SOURCES as readonly string[]).includes(s))
  ) {
    return invalid(`"dataSources" must be a list of ${DATA_SOURCES.map((s) => `"${s}"`).join(', ')}, or left out to let Extruct choose.`);
  }
  return valid(list.length ? [...new Set(list)] : 'auto');
}

function readDomains(value: unknown): Read<string[]> {
  if (value === undefined || value === null) return valid([]);
  if (typeof value === 'string') return valid(parseDomains(value));
  if (!Array.isArray(value) || !value.every((d) => typeof d === 'string'))
    return invalid('"excludeDomains" must be a list of domains, e.g. ["acme.com"].');
  // One domain per item: "acme corp" is a mistake, not two domains.
  const spaced = value.find((d) => /\S[\s,;]+\S/.test(d.trim()));
  if (spaced !== undefined) return invalid(`"${plain(spaced, 60)}" in "excludeDomains" is not a domain or a web address, e.g. acme.com.`);
  return valid(parseDomains(value.join(' ')));
}
