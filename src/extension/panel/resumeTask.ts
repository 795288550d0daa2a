/**
 * "Resume Task": asks Extruct for more results (POST …/resume), then watches the task again. Every
 * refusal is explained: exhausted (400), plan (402), out of range (422), unknown task (404).
 */
import * as vscode from 'vscode';
import { error, info, warn } from '../messages';
import type { ApiError } from '../../core/api/errors';
import type { Task } from '../../core/api/types';
import { taskTitle } from '../../core/format/text';
import { DEFAULT_NEW_RESULTS, RESULT_CAP, maxNewResults, resumeBlocker, validateNewResults } from '../../core/model/resume';
import { planMessage, userMessage } from '../../core/format/errorText';
import { ensureToken } from '../commands/token';
import type { CoreServices } from '../services';

export type ResumeOutcome =
  | { readonly ok: true; readonly task: Task; readonly message: string }
  | { readonly ok: false; readonly message: string; readonly error?: ApiError };

function refusal(error: ApiError, name: string, n: number, task: Task): string {
  switch (error.kind) {
    case 'bad-request':
      // The docs name one reason (the task is exhausted); say what the server said, which may be another.
      return error.detail
        ? `Extruct refused to resume ${name} (HTTP 400: ${error.detail}).${/exhaust/i.test(error.detail) ? ' There are no more candidates for this query: start a new task to search further.' : ''}`
        : `Extruct refused to resume ${name} (HTTP 400). The task may be exhausted (no more candidates for this query): start a new task to search further.`;
    case 'plan':
      return planMessage(error.detail);
    case 'validation':
      return `Extruct refused ${n} new results (HTTP 422${error.detail ? `: ${error.detail}` : ''}). Ask for 1 to ${maxNewResults(task)} more: a task holds at most ${RESULT_CAP} results.`;
    case 'not-found':
      return `Extruct has no task ${name} in your workspace (HTTP 404), so it cannot be resumed. Check the ID, or the account the token belongs to.`;
    case 'auth':
      return userMessage(error, name);
    default:
      return `Resuming ${name} failed: ${error.message}. Try again in a moment; the log has the details.`;
  }
}

async function askCount(task: Task, name: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Resume ${name}`,
    prompt: `How many more results? (1 to ${maxNewResults(task)}; a task holds at most ${RESULT_CAP})`,
    value: String(Math.min(DEFAULT_NEW_RESULTS, maxNewResults(task))),
    validateInput: (t) => validateNewResults(t, task),
    ignoreFocusOut: true,
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** With `given`, no input box is shown (tests and automation). Undefined when the user cancelled. */
export async function resumeTask(services: CoreServices, id: string, given?: number): Promise<ResumeOutcome | undefined> {
  const entry = services.store.get(id);
  if (!entry) return undefined;
  const name = `"${taskTitle(entry, 50)}"`;
  const blocker = resumeBlocker(entry.task);
  if (blocker || !entry.task) {
    const message = blocker ?? 'The task has not been loaded yet.';
    void warn(message);
    return { ok: false, message };
  }
  const task = entry.task;
  if (!(await ensureToken(services))) return undefined;
  const n = given ?? (await askCount(task, name));
  if (n === undefined) return undefined;
  const invalid = validateNewResults(String(n), task);
  if (invalid) {
    void warn(invalid);
    return { ok: false, message: invalid };
  }

  const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Resuming ${name}…` }, () =>
    services.client.resumeTask(id, n),
  );
  if (!r.ok) {
    const message = refusal(r.error, name, n, task);
    services.log.warn(`Resume of ${id} (+${n}) failed: ${r.error.message}${r.error.detail ? ` (${r.error.detail})` : ''}`);
    const generic = !['bad-request', 'plan', 'validation', 'not-found', 'auth'].includes(r.error.kind);
    void error(message, ...(generic ? ['Show Log'] : []))
      .then((c) => (c === 'Show Log' ? services.log.show() : undefined));
    return { ok: false, message, error: r.error };
  }

  // The answer (and the next ones) may still say "done" until the backend picks the new run up: the
  // store takes that for the previous run for a while (see WatchEntry.resumedAt), and polling goes on.
  services.store.resumed(id, r.value, Date.now());
  const target = r.value.desired_num_results;
  const message = `Resumed ${name}: asked for ${n} more result${n === 1 ? '' : 's'}${target ? ` (${target} in all)` : ''}. Watching it again.`;
  services.log.info(message);
  void info(message);
  return { ok: true, task: r.value, message };
}
