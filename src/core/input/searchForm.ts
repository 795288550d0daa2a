/**
 * The "New Deep Search" form as steps: query → results wanted → criteria → data sources → excluded
 * domains → summary. Back goes to the previous step with everything kept; from the summary any field
 * can be changed; Escape (undefined) cancels. The form knows no VS Code: it asks through a Prompter
 * (src/extension/input/quickInput.ts shows real quick inputs), so its rules are tested on plain Node.
 */
import * as l10n from '@vscode/l10n';
import {
  type CriterionDraft,
  DATA_SOURCES,
  type DataSource,
  type DraftStep,
  MAX_CRITERIA,
  MAX_RESULTS,
  type SearchDraft,
  checkCriterionName,
  checkCriterionText,
  checkDesiredResults,
  checkDomains,
  checkQuery,
  dataSourceLabel,
  describeDraft,
  keyFromName,
  parseDomains,
} from '../model/newSearch';
import { plain } from '../format/plain';

/** What a prompt answers when the user pressed Back. */
export const BACK = Symbol('back');
export type Answer<T> = T | typeof BACK | undefined;

export interface InputOptions {
  readonly title: string;
  /** 1-based; the first step has no Back button. */
  readonly step: number;
  readonly totalSteps: number;
  readonly value: string;
  readonly prompt: string;
  readonly placeholder?: string;
  readonly validate: (text: string) => string | undefined;
  /** A problem to show at once (the server refused this value). */
  readonly problem?: string;
  /** Told what the box holds when the user goes Back, so that it is there again on return. */
  readonly keep?: (text: string) => void;
}

export interface PickItem<T> {
  /** A codicon shown before the label (the label itself is text: the prompter shows it plain). */
  readonly icon?: string;
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
  /** Pre-selected (in a multi-pick). */
  readonly picked?: boolean;
  /** Buttons on the item: choosing one answers with its value. */
  readonly buttons?: ReadonlyArray<{ readonly icon: string; readonly tooltip: string; readonly value: T }>;
}

export interface PickOptions<T> {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly placeholder: string;
  readonly items: ReadonlyArray<PickItem<T>>;
  readonly problem?: string;
}

export interface Prompter {
  input(o: InputOptions): Promise<Answer<string>>;
  pick<T>(o: PickOptions<T>): Promise<Answer<T>>;
  /** Several at once; an empty answer is a valid one. */
  pickMany<T>(o: PickOptions<T>): Promise<Answer<T[]>>;
}

const STEPS: readonly DraftStep[] = ['query', 'results', 'criteria', 'sources', 'domains'];
const TOTAL = STEPS.length + 1; // and the summary

/** The field a step edits, in words (for messages such as "Fix the number of results"). */
export function stepName(step: DraftStep): string {
  const comment = ['The field of the New Deep Search form, in a sentence such as "Fix the {0} and start it again".'];
  switch (step) {
    case 'query':
      return l10n.t({ message: 'description of the companies', comment });
    case 'results':
      return l10n.t({ message: 'number of results', comment });
    case 'criteria':
      return l10n.t({ message: 'criteria', comment });
    case 'sources':
      return l10n.t({ message: 'data sources', comment });
    case 'domains':
      return l10n.t({ message: 'excluded domains', comment });
  }
}

type SummaryChoice = 'start' | DraftStep;
type CriteriaChoice = { kind: 'done' } | { kind: 'add' } | { kind: 'edit'; index: number } | { kind: 'remove'; index: number };

/**
 * Asks for a draft, starting at `start` (a step, or the summary). Resolves with the confirmed draft,
 * or undefined when the user cancelled. `problem` is shown on the starting step.
 */
export async function editDraft(
  p: Prompter,
  title: string,
  initial: SearchDraft,
  start: DraftStep | 'summary' = 'query',
  problem?: string,
): Promise<SearchDraft | undefined> {
  let draft = initial;
  /** Text typed in a step and left with Back (not yet checked): shown again when the step comes back. */
  const typed = new Map<DraftStep, string>();
  let at = start === 'summary' ? STEPS.length : STEPS.indexOf(start);
  let note = problem;
  /** From the summary, a change goes straight back to the summary. */
  let fromSummary = start === 'summary';
  for (;;) {
    const step = STEPS[at];
    const shownProblem = note;
    note = undefined;
    if (step === undefined) {
      const choice = await p.pick<SummaryChoice>({
        title,
        step: TOTAL,
        totalSteps: TOTAL,
        placeholder: l10n.t('Start this Deep Search, or choose what to change'),
        items: [
          {
            icon: 'rocket',
            label: l10n.t('Start Deep Search'),
            detail: l10n.t('It runs on Extruct for minutes to tens of minutes; it is watched here at once.'),
            value: 'start',
          },
          ...STEPS.map((s, i) => ({ icon: 'edit', label: plain(describeDraft(draft)[i] ?? s, 200), value: s })),
        ],
        ...(shownProblem ? { problem: shownProblem } : {}),
      });
      if (choice === undefined) return undefined;
      if (choice === 'start') return draft;
      if (choice === BACK) {
        at = STEPS.length - 1;
        fromSummary = false;
      } else {
        at = STEPS.indexOf(choice);
        fromSummary = true;
      }
      continue;
    }
    const next = await askStep(p, title, step, at + 1, draft, shownProblem, typed);
    if (next === undefined) return undefined;
    if (next === BACK) {
      at = fromSummary ? STEPS.length : Math.max(0, at - 1);
      continue;
    }
    typed.delete(step);
    draft = next;
    at = fromSummary ? STEPS.length : at + 1;
  }
}

function askStep(
  p: Prompter,
  title: string,
  step: DraftStep,
  n: number,
  d: SearchDraft,
  problem: string | undefined,
  typed: Map<DraftStep, string>,
): Promise<Answer<SearchDraft>> {
  const base = { title, step: n, totalSteps: TOTAL, ...(problem ? { problem } : {}) };
  const text = (accepted: string): { value: string; keep: (t: string) => void } => ({
    value: typed.get(step) ?? accepted,
    keep: (t) => typed.set(step, t),
  });
  switch (step) {
    case 'query':
      return then(
        p.input({
          ...base,
          ...text(d.query),
          prompt: l10n.t('Describe the companies to find, in plain words (industry, place, size, what they do).'),
          placeholder: l10n.t('e.g. Vertical SaaS companies serving freight forwarders in Europe'),
          validate: checkQuery,
        }),
        (query) => ({ ...d, query: query.trim() }),
      );
    case 'results':
      return then(
        p.input({
          ...base,
          ...text(String(d.desiredNumResults)),
          prompt: l10n.t('How many high-fit companies to find (1 to {0}). More take longer and use more credits.', MAX_RESULTS),
          validate: checkDesiredResults,
        }),
        (text) => ({ ...d, desiredNumResults: Number(text.trim()) }),
      );
    case 'criteria':
      return askCriteria(p, base, d);
    case 'sources':
      return then(
        p.pickMany<DataSource>({
          ...base,
          placeholder: l10n.t('Data sources: pick any, or none to let Extruct choose (recommended)'),
          items: DATA_SOURCES.map((s) => ({
            label: dataSourceLabel(s),
            description: s,
            value: s,
            picked: d.dataSources !== 'auto' && d.dataSources.includes(s),
          })),
        }),
        (picked) => ({ ...d, dataSources: picked.length ? picked : 'auto' }),
      );
    case 'domains':
      return then(
        p.input({
          ...base,
          ...text(d.excludeDomains.join(', ')),
          prompt: l10n.t('Companies to leave out, by domain or web address, separated by commas (optional: press Enter to skip).'),
          placeholder: l10n.t('e.g. acme.com, https://www.example.org'),
          validate: checkDomains,
        }),
        (text) => ({ ...d, excludeDomains: parseDomains(text) }),
      );
  }
}

async function then<T>(answer: Promise<Answer<T>>, apply: (value: T) => SearchDraft): Promise<Answer<SearchDraft>> {
  const a = await answer;
  if (a === undefined) return undefined;
  if (a === BACK) return BACK;
  return apply(a);
}

/** The criteria list: go on (none: Extruct generates them), add one, change or remove one; repeats until "go on". */
async function askCriteria(
  p: Prompter,
  base: Omit<InputOptions, 'value' | 'prompt' | 'validate'>,
  d: SearchDraft,
): Promise<Answer<SearchDraft>> {
  let criteria = [...d.criteria];
  let problem = base.problem;
  for (;;) {
    const items: Array<PickItem<CriteriaChoice>> = [
      criteria.length
        ? {
            icon: 'check',
            label: criteria.length === 1 ? l10n.t('Use this criterion') : l10n.t('Use these {0} criteria', criteria.length),
            value: { kind: 'done' },
          }
        : {
            icon: 'sparkle',
            label: l10n.t('Let Extruct write the criteria'),
            detail: l10n.t('Generated from the description of the companies'),
            value: { kind: 'done' },
          },
      ...(criteria.length < MAX_CRITERIA
        ? [
            {
              icon: 'add',
              label: l10n.t('Add a criterion…'),
              detail: l10n.t('Each result is graded 1 to 5 on each criterion'),
              value: { kind: 'add' } as const,
            },
          ]
        : []),
      ...criteria.map((c, index) => ({
        label: plain(c.name, 100),
        description: plain(c.key, 64),
        detail: plain(c.criterion, 500),
        value: { kind: 'edit', index } as const,
        buttons: [{ icon: 'trash', tooltip: l10n.t('Remove this criterion'), value: { kind: 'remove', index } as const }],
      })),
    ];
    const choice = await p.pick<CriteriaChoice>({
      ...base,
      placeholder: criteria.length
        ? l10n.t('Criteria: choose one to change it, or go on')
        : l10n.t('Criteria: write your own, or let Extruct write them'),
      items,
      ...(problem ? { problem } : {}),
    });
    problem = undefined;
    if (choice === undefined || choice === BACK) return choice;
    if (choice.kind === 'done') return { ...d, criteria };
    if (choice.kind === 'remove') {
      criteria = criteria.filter((_, i) => i !== choice.index);
      continue;
    }
    const index = choice.kind === 'edit' ? choice.index : criteria.length;
    const edited = await askCriterion(p, base, criteria, index);
    if (edited === undefined) return undefined;
    if (edited !== BACK) criteria = [...criteria.slice(0, index), edited, ...criteria.slice(index + 1)];
  }
}

/** One criterion: its name, then what to grade (its key follows from the name, unique). Back returns to the list. */
async function askCriterion(
  p: Prompter,
  base: Omit<InputOptions, 'value' | 'prompt' | 'validate'>,
  all: readonly CriterionDraft[],
  index: number,
): Promise<Answer<CriterionDraft>> {
  const current = all[index];
  const others = all.filter((_, i) => i !== index).map((c) => c.key);
  const { problem: _shownOnTheList, ...rest } = base;
  for (;;) {
    const name = await p.input({
      ...rest,
      value: current?.name ?? '',
      prompt: l10n.t('Criterion {0}: a short name, e.g. "Public API".', index + 1),
      validate: checkCriterionName,
    });
    if (name === undefined || name === BACK) return name;
    const text = await p.input({
      ...rest,
      value: current?.criterion ?? '',
      prompt: l10n.t('Criterion {0} ("{1}"): what to grade, in a sentence of 10 to 500 characters.', index + 1, plain(name, 100)),
      placeholder: l10n.t('e.g. The company offers a public REST API for its core product'),
      validate: checkCriterionText,
    });
    if (text === undefined) return undefined;
    if (text === BACK) continue;
    const key = current && current.name === name.trim() ? current.key : keyFromName(name, others);
    return { key, name: name.trim(), criterion: text.trim() };
  }
}
