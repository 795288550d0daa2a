/**
 * extruct_getTask: one task in full. A watched task is described from the watch list (what the tree
 * and the panel show, kept current by polling); any other task is read from the API once.
 */
import type { Services } from '../services';
import { readObject, readTaskId } from './common';
import { requestProblem } from '../../core/format/errorText';
import { taskDetails } from './describe';
import { describeContext } from './listTasks';

export async function getTask(services: Services, input: unknown): Promise<string> {
  const fields = readObject(input, ['taskId']);
  if (!fields.ok) return fields.problem;
  const id = readTaskId(fields.value.taskId);
  if (!id.ok) return id.problem;

  const entry = services.store.get(id.value);
  if (entry?.task) return taskDetails(entry.task, entry, id.value, describeContext(services));
  const r = await services.client.getTask(id.value);
  if (!r.ok) return `Could not read task ${id.value}. ${requestProblem(r.error, id.value)}`;
  return taskDetails(r.value, entry, id.value, describeContext(services));
}
