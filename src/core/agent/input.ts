/**
 * Reading a chat tool's input. It is `unknown`: VS Code does not check it against the schema when an
 * extension invokes a tool, and an MCP client may send anything. Each reader answers with the value or
 * with a sentence, for the model, saying what is wrong.
 */
import { plain } from '../format/plain';
import { parseTaskRefs, tableLinkMessage, TASK_ID_EXAMPLE } from '../input/taskRef';

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
      `Unknown field${unknown.length === 1 ? '' : 's'} ${unknown
        .slice(0, 5)
        .map((k) => `"${plain(k, 40)}"`)
        .join(', ')}. The fields are: ${fields.join(', ')}.`,
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
        ? tableLinkMessage()
        : `"${plain(value, 60)}" is not an Extruct task ID. A task ID looks like ${TASK_ID_EXAMPLE}; a dashboard link like https://app.extruct.ai/tasks/${TASK_ID_EXAMPLE}.`,
    );
  }
  if (more.length) return invalid(`"${name}" names ${ids.length} tasks; give one task ID.`);
  return valid(id);
}
