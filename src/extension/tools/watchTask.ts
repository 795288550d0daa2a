/**
 * extruct_watchTask: adds tasks (IDs or dashboard links) to the watch list, as "Extruct: Watch Task"
 * does, checks them once, and says what it found.
 */
import { shorten } from '../../core/format/text';
import { parseTaskRefs, TABLE_LINK_MESSAGE, TASK_ID_EXAMPLE } from '../../core/input/taskRef';
import { watchIds } from '../commands/watch';
import type { Services } from '../services';
import { readObject } from './common';
import { NO_TOKEN_FOR_TOOLS } from '../../core/format/errorText';
import { taskSummary } from './describe';
import { describeContext } from './listTasks';

const MAX_PER_CALL = 20;
/** How long to wait for the first check of new tasks before answering without it. */
const FIRST_CHECK_MS = 8_000;

export async function watchTasks(services: Services, input: unknown): Promise<string> {
  const fields = readObject(input, ['tasks']);
  if (!fields.ok) return fields.problem;
  const raw = fields.value.tasks;
  const text = typeof raw === 'string' ? raw : Array.isArray(raw) && raw.every((r) => typeof r === 'string') ? raw.join(' ') : undefined;
  if (text === undefined || !text.trim()) {
    return `"tasks" is required: one or more Extruct task IDs (like ${TASK_ID_EXAMPLE}) or dashboard links to tasks, separated by spaces or commas.`;
  }
  const { ids, invalid, tables } = parseTaskRefs(text);
  if (ids.length === 0) {
    return tables.length ? TABLE_LINK_MESSAGE : `No task ID found in "${shorten(text, 80)}". A task ID looks like ${TASK_ID_EXAMPLE}.`;
  }
  if (ids.length > MAX_PER_CALL) return `That is ${ids.length} tasks; watch at most ${MAX_PER_CALL} at a time.`;

  const { added, existing } = await watchIds(services, ids);
  const lines: string[] = [];
  if (added.length + existing.length < ids.length) {
    lines.push(
      `The watch list is full (${services.store.size} tasks), so nothing was added. Ask the user to run "Extruct: Clear Finished" or stop watching some tasks.`,
    );
  }
  if (added.length) lines.push(`Now watching ${added.length === 1 ? 'task' : `${added.length} tasks`}: ${added.join(', ')}.`);
  if (existing.length) lines.push(`Already watched: ${existing.join(', ')}.`);
  const ignored = [...invalid, ...tables];
  if (ignored.length) lines.push(`Ignored (not a task ID or task link): ${ignored.map((p) => `"${shorten(p, 60)}"`).join(', ')}.`);

  const watched = [...added, ...existing];
  if (watched.length === 0) return lines.join('\n');
  if (!services.tokenPause.usableHere) {
    lines.push(`The tasks cannot be checked yet. ${NO_TOKEN_FOR_TOOLS}`);
  } else if (added.length) {
    await within(services.watchList.refresh(added), FIRST_CHECK_MS);
  }
  const ctx = describeContext(services);
  const summaries = watched.map((id) => services.store.get(id)).filter((e) => e !== undefined);
  if (summaries.length) lines.push('', ...summaries.map((e, i) => taskSummary(e, i + 1, ctx)));
  lines.push('', 'They show in the Extruct view in VS Code, which notifies the user when a task ends.');
  return lines.join('\n');
}

/** Waits for the promise, at most `ms`; never rejects. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.then(undefined, () => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
