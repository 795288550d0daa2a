/**
 * Resuming a task (POST …/resume: more results, more credits), from the command and the panel. The
 * count is always asked for: a count given by a caller (another extension, a test) only fills in the
 * input box, so that credits are never spent on a number the user did not confirm. Every refusal is
 * explained: exhausted (400), plan (402), out of range (422), unknown task (404).
 */
import * as vscode from 'vscode';
import type { ApiError } from '../../core/api/errors';
import type { Task } from '../../core/api/types';
import { resumeRefusal } from '../../core/format/errorText';
import { taskTitle } from '../../core/format/text';
import { DEFAULT_NEW_RESULTS, maxNewResults, RESULT_CAP, resumeBlocker, validateNewResults } from '../../core/model/resume';
import type { CoreServices } from '../services';
import { showInputBox } from '../ui/inputs';
import { error, info, warn } from '../ui/messages';
import { withProgress } from '../ui/surfaces';
import { ensureToken } from './token';

export type ResumeOutcome =
  | { readonly ok: true; readonly task: Task; readonly message: string }
  | { readonly ok: false; readonly message: string; readonly error?: ApiError };

async function askCount(task: Task, name: string, prefill: number | undefined): Promise<number | undefined> {
  const max = maxNewResults(task);
  const value = prefill !== undefined && Number.isInteger(prefill) && prefill > 0 ? prefill : Math.min(DEFAULT_NEW_RESULTS, max);
  const text = await showInputBox({
    title: vscode.l10n.t('Resume {0}', name),
    prompt: vscode.l10n.t(
      'How many more results? (1 to {0}; a task holds at most {1}.) More results use more Extruct credits.',
      max,
      RESULT_CAP,
    ),
    value: String(value),
    validateInput: (t) => validateNewResults(t, task),
    ignoreFocusOut: true,
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** Asks how many (`prefill` filled in), resumes, and watches the task again. Undefined when the user cancelled. */
export async function resumeTask(services: CoreServices, id: string, prefill?: number): Promise<ResumeOutcome | undefined> {
  const entry = services.store.get(id);
  if (!entry) return undefined;
  const name = `"${taskTitle(entry, 50)}"`;
  const blocker = resumeBlocker(entry.task);
  if (blocker || !entry.task) {
    const message = blocker ?? vscode.l10n.t('The task has not been loaded yet.');
    void warn(message);
    return { ok: false, message };
  }
  const task = entry.task;
  if (!(await ensureToken(services))) return undefined;
  const n = await askCount(task, name, prefill);
  if (n === undefined) return undefined;
  const invalid = validateNewResults(String(n), task);
  if (invalid) {
    void warn(invalid);
    return { ok: false, message: invalid };
  }

  const r = await withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Resuming {0}…', name) }, () =>
    services.client.resumeTask(id, n),
  );
  if (!r.ok) {
    const message = resumeRefusal(r.error, name, n, task);
    services.log.warn(`Resume of ${id} (+${n}) failed: ${r.error.message}${r.error.detail ? ` (${r.error.detail})` : ''}`);
    const generic = !['bad-request', 'plan', 'validation', 'not-found', 'auth'].includes(r.error.kind);
    const showLog = vscode.l10n.t('Show Log');
    void error(message, ...(generic ? [showLog] : [])).then((c) => (c === showLog ? services.log.show() : undefined));
    return { ok: false, message, error: r.error };
  }

  // The answer (and the next ones) may still say "done" until the backend picks the new run up: the
  // store takes that for the previous run for a while (see WatchEntry.resumedAt), and polling goes on.
  services.store.resumed(id, r.value, Date.now());
  const target = r.value.desired_num_results;
  const message = target
    ? n === 1
      ? vscode.l10n.t('Resumed {0}: asked for 1 more result ({1} in all). Watching it again.', name, target)
      : vscode.l10n.t('Resumed {0}: asked for {1} more results ({2} in all). Watching it again.', name, n, target)
    : n === 1
      ? vscode.l10n.t('Resumed {0}: asked for 1 more result. Watching it again.', name)
      : vscode.l10n.t('Resumed {0}: asked for {1} more results. Watching it again.', name, n);
  services.log.info(message);
  void info(message);
  return { ok: true, task: r.value, message };
}
