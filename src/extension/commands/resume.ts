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
import { resumeRefusal } from '../../core/format/errorText';
import type { CoreServices } from '../services';
import { commandTargets } from './targets';
import { ensureToken } from './token';

export type ResumeOutcome =
  | { readonly ok: true; readonly task: Task; readonly message: string }
  | { readonly ok: false; readonly message: string; readonly error?: ApiError };

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

/** The command: which task (asks among those that can be resumed), then how many (asks, unless `count` is given). */
export async function resumeCommand(services: CoreServices, arg: unknown, count: unknown): Promise<ResumeOutcome | undefined> {
  const [id] = await commandTargets(services, arg, undefined, { placeHolder: 'Resume which task?', filter: (e) => !resumeBlocker(e.task) });
  return id ? resumeTask(services, id, typeof count === 'number' ? count : undefined) : undefined;
}

/** With `given`, no input box is shown (tests and automation). Undefined when the user cancelled. */
async function resumeTask(services: CoreServices, id: string, given?: number): Promise<ResumeOutcome | undefined> {
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
    const message = resumeRefusal(r.error, name, n, task);
    services.log.warn(`Resume of ${id} (+${n}) failed: ${r.error.message}${r.error.detail ? ` (${r.error.detail})` : ''}`);
    const generic = !['bad-request', 'plan', 'validation', 'not-found', 'auth'].includes(r.error.kind);
    void error(message, ...(generic ? ['Show Log'] : [])).then((c) => (c === 'Show Log' ? services.log.show() : undefined));
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
