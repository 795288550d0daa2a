/**
 * extruct_watchTask: adds tasks (IDs or dashboard links) to the watch list, as "Extruct: Watch Task"
 * does, checks the new ones once, and says what it found.
 */
import { NO_TOKEN_FOR_TOOLS } from './problems';
import { plain } from '../format/plain';
import { parseTaskRefs, tableLinkMessage, TASK_ID_EXAMPLE } from '../input/taskRef';
import type { WatchEntry } from '../model/watchEntry';
import { dataBlock } from './answer';
import { type AgentContext, taskSummary } from './describe';
import { readObject } from './input';

/** The most tasks one call may watch (a `vscode://` link may name as many). */
const MAX_WATCH_PER_CALL = 20;

/** What watching needs from the host. */
export interface WatchTarget {
  /** Adds the IDs (canonical); nothing is added when the list would overflow (then both lists hold only what was there). */
  watch(ids: readonly string[]): Promise<{ readonly added: readonly string[]; readonly existing: readonly string[] }>;
  /** How many tasks the list holds. */
  readonly size: () => number;
  readonly tokenUsable: boolean;
  /** Checks the tasks once; resolves when done or when the host stops waiting. */
  checkOnce(ids: readonly string[]): Promise<void>;
  entry(id: string): WatchEntry | undefined;
}

export async function watchAnswer(input: unknown, target: WatchTarget, ctx: AgentContext): Promise<string> {
  const fields = readObject(input, ['tasks']);
  if (!fields.ok) return fields.problem;
  const raw = fields.value.tasks;
  const text = typeof raw === 'string' ? raw : Array.isArray(raw) && raw.every((r) => typeof r === 'string') ? raw.join(' ') : undefined;
  if (text === undefined || !text.trim()) {
    return `"tasks" is required: one or more Extruct task IDs (like ${TASK_ID_EXAMPLE}) or dashboard links to tasks, separated by spaces or commas.`;
  }
  const { ids, invalid, tables } = parseTaskRefs(text);
  if (ids.length === 0) {
    return tables.length ? tableLinkMessage() : `No task ID found in "${plain(text, 80)}". A task ID looks like ${TASK_ID_EXAMPLE}.`;
  }
  if (ids.length > MAX_WATCH_PER_CALL) return `That is ${ids.length} tasks; watch at most ${MAX_WATCH_PER_CALL} at a time.`;

  const { added, existing } = await target.watch(ids);
  const lines: string[] = [];
  if (added.length + existing.length < ids.length) {
    lines.push(
      `The watch list is full (${target.size()} tasks), so nothing was added. Ask the user to run "Extruct: Clear Finished" or stop watching some tasks.`,
    );
  }
  if (added.length) lines.push(`Now watching ${added.length === 1 ? 'task' : `${added.length} tasks`}: ${added.join(', ')}.`);
  if (existing.length) lines.push(`Already watched: ${existing.join(', ')}.`);
  const ignored = [...invalid, ...tables].slice(0, 10);
  if (ignored.length) lines.push(`Ignored (not a task ID or task link): ${ignored.map((p) => `"${plain(p, 60)}"`).join(', ')}.`);

  const watched = [...added, ...existing];
  if (watched.length === 0) return lines.join('\n');
  if (!target.tokenUsable) lines.push(`The tasks cannot be checked yet. ${NO_TOKEN_FOR_TOOLS}`);
  else if (added.length) await target.checkOnce(added);
  const summaries = watched.map((id) => target.entry(id)).filter((e) => e !== undefined);
  if (summaries.length)
    lines.push(
      '',
      ...dataBlock(
        summaries.map((e, i) => taskSummary(e, i + 1, ctx)),
        ctx.nonce,
      ),
    );
  lines.push('', 'They show in the Extruct view in VS Code, which notifies the user when a task ends.');
  return lines.join('\n');
}
