/**
 * "New Deep Search…" and "Run Again With Changes…": the form (core/input/searchForm.ts), then
 * `POST /v1/discovery_tasks`; the new task is watched at once and its panel opens. Nothing typed is
 * lost on a refusal: a 422 reopens the form at the field at fault, a 402 or a network error offers to
 * edit or retry the same search.
 */
import * as vscode from 'vscode';
import { watchCreated } from '../actions/watch';
import { ensureToken } from '../actions/token';
import { error, info, warn } from '../ui/messages';
import { withProgress } from '../ui/surfaces';
import type { ApiError } from '../../core/api/errors';
import type { Task } from '../../core/api/types';
import { createRefusal } from '../../core/format/errorText';
import { taskTitle } from '../../core/format/text';
import { type Prompter, stepName, editDraft } from '../../core/input/searchForm';
import { type DraftStep, EMPTY_DRAFT, type SearchDraft, draftFromTask, stepOfField, toCreateBody } from '../../core/model/newSearch';
import type { Services } from '../services';
import { QuickInputPrompter } from '../input/quickInput';
import { commandTargets } from './targets';

export type SearchOutcome = { readonly ok: true; readonly task: Task } | { readonly ok: false; readonly error?: ApiError };

export function newSearchCommand(s: Services): Promise<SearchOutcome | undefined> {
  return startSearch(s, new QuickInputPrompter(), EMPTY_DRAFT, 'query');
}

/** The form, filled in from a watched task, opened at its summary: change what differs, then start. */
export async function runAgainCommand(s: Services, arg: unknown, selection: unknown): Promise<SearchOutcome | undefined> {
  const [id] = await commandTargets(s, arg, selection, {
    placeHolder: vscode.l10n.t('Run which task again?'),
    filter: (e) => e.task !== undefined,
  });
  const task = id ? s.store.get(id)?.task : undefined;
  if (!task) return undefined;
  return startSearch(
    s,
    new QuickInputPrompter(),
    draftFromTask(task),
    'summary',
    vscode.l10n.t('Run "{0}" Again', taskTitle({ id: task.id, task }, 40)),
  );
}

/** Asks (from `start`), creates, and retries or reopens the form on a refusal until it starts or the user gives up. */
export async function startSearch(
  s: Services,
  prompter: Prompter,
  initial: SearchDraft,
  start: DraftStep | 'summary',
  title = vscode.l10n.t('New Deep Search'),
): Promise<SearchOutcome | undefined> {
  if (!(await ensureToken(s))) return undefined;
  let draft = initial;
  let at: DraftStep | 'summary' = start;
  let problem: string | undefined;
  for (;;) {
    const edited = await editDraft(prompter, title, draft, at, problem);
    if (!edited) return undefined;
    draft = edited;
    for (;;) {
      const r = await withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the Deep Search…') },
        () => s.client.createTask(toCreateBody(draft)),
      );
      if (r.ok) return started(s, r.value);
      const next = await refused(s, r.error);
      if (next === 'retry') continue;
      if (next === undefined) return { ok: false, error: r.error };
      ({ at, problem } = next);
      break;
    }
  }
}

async function started(s: Services, task: Task): Promise<SearchOutcome> {
  if (!(await watchCreated(s, task))) return { ok: true, task };
  s.panels.open(task.id);
  void info(
    vscode.l10n.t('Started the Deep Search "{0}". It is watched: you will be told when it finishes.', taskTitle({ id: task.id, task }, 60)),
  );
  return { ok: true, task };
}

/** Says why, and what comes next: the form again (at a step, with the problem), the same request again, or nothing. */
async function refused(s: Services, e: ApiError): Promise<'retry' | { at: DraftStep | 'summary'; problem?: string } | undefined> {
  s.log.warn(
    `Creating a Deep Search failed: ${e.message}${e.detail ? ` (${e.detail})` : ''}${e.fields ? ` [${e.fields.join(', ')}]` : ''}`,
  );
  if (e.kind === 'validation') {
    const step = e.fields?.map(stepOfField).find((x) => x !== undefined);
    const message = createRefusal(e, step ? stepName(step) : undefined);
    // Straight back into the form, at the field at fault, with the server's words on it.
    return { at: step ?? 'summary', problem: message };
  }
  const message = createRefusal(e);
  const edit = vscode.l10n.t('Edit Search');
  if (e.kind === 'plan') {
    const dashboard = vscode.l10n.t('Open Extruct Dashboard');
    const c = await error(message, dashboard, edit);
    if (c === dashboard) await vscode.env.openExternal(vscode.Uri.parse(s.settings.dashboardUrl));
    return c === edit ? { at: 'summary' } : undefined;
  }
  if (e.kind === 'network' || e.kind === 'server') {
    const again = vscode.l10n.t('Try Again');
    const c = await error(message, again, edit);
    return c === again ? 'retry' : c === edit ? { at: 'summary' } : undefined;
  }
  if (e.kind === 'timeout') {
    const recent = vscode.l10n.t('Show Recent Tasks');
    const c = await warn(message, recent, edit);
    if (c === recent) void vscode.commands.executeCommand('extruct.watchTask');
    return c === edit ? { at: 'summary' } : undefined;
  }
  if (e.kind === 'auth') {
    const setToken = vscode.l10n.t('Set API Token');
    const c = await error(message, setToken);
    if (c !== setToken) return undefined;
    const check = await vscode.commands.executeCommand<{ ok: boolean } | undefined>('extruct.setToken');
    return check?.ok ? 'retry' : undefined;
  }
  const c = await error(message, edit);
  return c === edit ? { at: 'summary' } : undefined;
}
