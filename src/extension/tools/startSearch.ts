/**
 * extruct_startDeepSearch: starts a Deep Search (POST /v1/discovery_tasks) and watches it. It costs the
 * user credits, so it runs only after the user confirmed the whole request: `prepareInvocation` returns
 * the confirmation (title and every field of the request), and VS Code asks before `invoke` runs. A
 * request that is not valid needs no confirmation: `invoke` refuses it without sending anything.
 */
import * as vscode from 'vscode';
import type { ApiError } from '../../core/api/errors';
import type { Task } from '../../core/api/types';
import { createRefusal } from '../../core/format/errorText';
import { escapeMarkdown, shorten } from '../../core/format/text';
import {
  checkDraft,
  type CriterionDraft,
  DATA_SOURCE_LABELS,
  DATA_SOURCES,
  type DataSource,
  DEFAULT_RESULTS,
  keyFromName,
  MAX_CRITERIA,
  MAX_RESULTS,
  parseDomains,
  type SearchDraft,
  stepOfField,
  toCreateBody,
} from '../../core/model/newSearch';
import { watchCreated } from '../commands/newSearch';
import { STEP_NAMES } from '../../core/input/searchForm';
import type { Services } from '../services';
import { invalid, markdown, type Read, readInteger, readObject, valid } from './common';
import { requestProblem } from '../../core/format/errorText';

const FIELDS = ['query', 'desiredNumResults', 'criteria', 'dataSources', 'excludeDomains'] as const;
const CRITERION_FIELDS = ['name', 'criterion', 'key'] as const;

/** The model's input as a draft, every rule checked (core/model/newSearch.ts), or what is wrong with it. */
function readDraft(input: unknown): Read<SearchDraft> {
  const fields = readObject(input, FIELDS);
  if (!fields.ok) return fields;
  const f = fields.value;
  if (typeof f.query !== 'string') return invalid('"query" is required: a description of the companies to find.');
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
  if (spaced !== undefined) return invalid(`"${shorten(spaced, 60)}" in "excludeDomains" is not a domain or a web address, e.g. acme.com.`);
  return valid(parseDomains(value.join(' ')));
}

/** The confirmation VS Code shows before the search starts: every field of the request, as literal text. */
function confirmation(draft: SearchDraft): vscode.PreparedToolInvocation {
  const e = escapeMarkdown;
  const lines = [
    'Extruct will start this Deep Search with your API token. It uses credits of your Extruct account.',
    '',
    `- **Query:** ${e(draft.query)}`,
    `- **High-fit results wanted:** ${draft.desiredNumResults}`,
  ];
  if (draft.criteria.length) {
    lines.push(`- **Criteria (${draft.criteria.length}):**`);
    for (const c of draft.criteria) lines.push(`  - **${e(c.name)}** (key ${e(c.key)}): ${e(c.criterion)}`);
  } else {
    lines.push('- **Criteria:** generated by Extruct from the query');
  }
  lines.push(
    `- **Data sources:** ${draft.dataSources === 'auto' ? 'chosen by Extruct' : draft.dataSources.map((s) => DATA_SOURCE_LABELS[s]).join(', ')}`,
    `- **Excluded domains:** ${draft.excludeDomains.length ? draft.excludeDomains.map(e).join(', ') : 'none'}`,
    '',
    'The new task is then watched in the Extruct view.',
  );
  const message = new vscode.MarkdownString(lines.join('\n'));
  return {
    invocationMessage: markdown(`Starting an Extruct Deep Search: "${shorten(draft.query, 80)}"`),
    confirmationMessages: { title: 'Start an Extruct Deep Search?', message },
  };
}

/** The `prepareInvocation` of the tool: needs no services and changes nothing. */
export function prepareStartSearch(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
  const draft = readDraft(options.input);
  return draft.ok ? confirmation(draft.value) : { invocationMessage: 'Checking an Extruct Deep Search request' };
}

function refusal(error: ApiError): string {
  if (error.kind === 'auth') return requestProblem(error, 'the new search');
  const step = error.fields?.map(stepOfField).find((s) => s !== undefined);
  return createRefusal(error, step ? STEP_NAMES[step] : undefined);
}

export async function startSearch(services: Services, input: unknown): Promise<string> {
  const draft = readDraft(input);
  if (!draft.ok) return `The Deep Search was not started: ${draft.problem}`;
  const r = await services.client.createTask(toCreateBody(draft.value));
  if (!r.ok) {
    services.log.warn(`A chat tool's Deep Search was not started: ${r.error.message}`);
    return `The Deep Search was not started. ${refusal(r.error)}`;
  }
  return started(r.value, draft.value, await watchCreated(services, r.value));
}

function started(task: Task, draft: SearchDraft, watched: boolean): string {
  return [
    `Started Extruct Deep Search ${task.id}.`,
    `Query: ${draft.query}`,
    `High-fit results wanted: ${task.desired_num_results ?? draft.desiredNumResults}; status now: ${task.status}.`,
    watched
      ? 'It is watched in the Extruct view in VS Code, which shows its progress and notifies the user when it ends. The extruct_getTask tool reports its progress; extruct_getResults lists its results.'
      : 'It could not be added to the watch list, which is full: ask the user to run "Extruct: Clear Finished", then watch it with the extruct_watchTask tool.',
  ].join('\n');
}
