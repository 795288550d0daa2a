/**
 * What every chat tool shares: reading the model's input (it is `unknown`: VS Code does not check it
 * against the schema when an extension invokes a tool), plain-text results of bounded size, and the
 * rule that a tool answers in words, never with an exception, and never with the token.
 */
import * as vscode from 'vscode';
import { escapeMarkdown, shorten } from '../../core/format/text';
import { parseTaskRefs, TABLE_LINK_MESSAGE, TASK_ID_EXAMPLE } from '../../core/input/taskRef';
import type { Services } from '../services';

/** The most characters a tool answers with: enough for 25 results, little enough for any model's context. */
export const MAX_OUTPUT = 8_000;

/** A field of the input, read and checked; `problem` says what is wrong in a sentence for the model. */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

export const valid = <T>(value: T): Read<T> => ({ ok: true, value });
export const invalid = <T = never>(problem: string): Read<T> => ({ ok: false, problem });

/**
 * The input as an object with only the fields named (a misspelt field is an error, not a default).
 * `undefined` and `null` are an empty object: every tool without a required field accepts no input.
 */
export function readObject(input: unknown, fields: readonly string[]): Read<Readonly<Record<string, unknown>>> {
  if (input === undefined || input === null) return valid({});
  if (typeof input !== 'object' || Array.isArray(input))
    return invalid(`The input must be a JSON object with the fields ${fields.join(', ')}.`);
  const record = input as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !fields.includes(k));
  if (unknown.length) {
    return invalid(
      `Unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${shorten(k, 40)}"`).join(', ')}. The fields are: ${fields.join(', ')}.`,
    );
  }
  return valid(record);
}

/** A whole number in [min, max], or `fallback` when absent. */
export function readInteger(value: unknown, name: string, min: number, max: number, fallback: number): Read<number> {
  if (value === undefined || value === null) return valid(fallback);
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    return invalid(`"${name}" must be a whole number from ${min} to ${max}.`);
  return valid(n);
}

/** The one task a field names: a task ID or a dashboard link to a task. */
export function readTaskId(value: unknown, name = 'taskId'): Read<string> {
  if (typeof value !== 'string' || !value.trim()) {
    return invalid(`"${name}" is required: an Extruct task ID like ${TASK_ID_EXAMPLE}, or a dashboard link to the task.`);
  }
  const { ids, tables } = parseTaskRefs(value);
  const [id, ...more] = ids;
  if (id === undefined) {
    return invalid(
      tables.length
        ? TABLE_LINK_MESSAGE
        : `"${shorten(value, 60)}" is not an Extruct task ID. A task ID looks like ${TASK_ID_EXAMPLE}; a dashboard link like https://app.extruct.ai/tasks/${TASK_ID_EXAMPLE}.`,
    );
  }
  if (more.length) return invalid(`"${name}" names ${ids.length} tasks; give one task ID.`);
  return valid(id);
}

/** Text from the API or the model made safe for a MarkdownString: it shows literally, no link or icon. */
export function markdown(text: string): vscode.MarkdownString {
  return new vscode.MarkdownString(escapeMarkdown(text));
}

/** Cuts the text to `max` characters, saying so. */
function bound(text: string, max = MAX_OUTPUT): string {
  if (text.length <= max) return text;
  const note = `\n… (cut to ${max.toLocaleString('en')} characters)`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

/** The first blocks that fit in `budget` characters (joined by new lines), and how many did not. */
export function fitBlocks(blocks: readonly string[], budget: number): { shown: string[]; left: number } {
  const shown: string[] = [];
  let used = 0;
  for (const b of blocks) {
    if (used + b.length + 1 > budget && shown.length > 0) break;
    shown.push(b);
    used += b.length + 1;
  }
  return { shown, left: blocks.length - shown.length };
}

/** What a tool computes: the text, before the token guard and the size bound. */
export type ToolBody = (input: unknown, token: vscode.CancellationToken) => Promise<string> | string;

/**
 * A VS Code tool around a body that answers with text. Whatever happens (a bug included) comes back as
 * a result; the text is cut to the caller's token budget (at most MAX_OUTPUT characters) and any copy
 * of the API token is replaced before it leaves.
 */
export function textTool(
  services: Services,
  name: string,
  body: ToolBody,
  prepare?: vscode.LanguageModelTool<unknown>['prepareInvocation'],
): vscode.LanguageModelTool<unknown> {
  return {
    ...(prepare ? { prepareInvocation: prepare } : {}),
    async invoke(options, cancel) {
      let text: string;
      try {
        text = await body(options.input, cancel);
      } catch (e) {
        services.log.error(`Tool ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        text = `The tool ${name} failed unexpectedly (${e instanceof Error ? e.message : String(e)}). Nothing else was changed. The Extruct log ("Extruct: Show Log") has the details.`;
      }
      const budget = options.tokenizationOptions?.tokenBudget;
      const max = budget !== undefined && budget > 0 ? Math.min(MAX_OUTPUT, Math.max(500, budget * 3)) : MAX_OUTPUT;
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(bound(await withoutToken(services, text), max))]);
    },
  };
}

async function withoutToken(services: Services, text: string): Promise<string> {
  const token = await services.token.get().then(undefined, () => undefined);
  return token && token.length >= 4 ? text.split(token).join('[redacted]') : text;
}
