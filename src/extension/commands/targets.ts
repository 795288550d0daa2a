/**
 * Which tasks a command is for. Commands are invoked three ways: from a tree item (VS Code passes the
 * clicked node and the whole selection), with a task ID string (notifications, the panel, tests, other
 * extensions), or from the palette with nothing, in which case the user picks.
 */
import { warn } from '../messages';
import type { WatchEntry } from '../../core/model/watchEntry';
import type { CoreServices } from '../services';
import { pickTasks } from './pickTask';

/** The task ID of a tree node (`{kind: 'task', id}` or a funnel row `{kind: 'stage', taskId}`). */
export function nodeTaskId(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as { kind?: unknown; id?: unknown; taskId?: unknown };
  if (node.kind === 'task' && typeof node.id === 'string') return node.id;
  if (node.kind === 'stage' && typeof node.taskId === 'string') return node.taskId;
  return undefined;
}

export interface TargetOptions {
  readonly placeHolder: string;
  /** Several tasks at once (the tree selection, a multi-pick), or just one. */
  readonly many?: boolean;
  /** Which watched tasks the picker offers. */
  readonly filter?: (e: WatchEntry) => boolean;
}

export async function commandTargets(services: CoreServices, arg: unknown, selection: unknown, o: TargetOptions): Promise<string[]> {
  const given = typeof arg === 'string' ? arg.trim().toLowerCase() : nodeTaskId(arg);
  if (given !== undefined) {
    if (!services.store.get(given)) {
      void warn(`Extruct task ${given.slice(0, 60)} is not watched. Watch it first with "Extruct: Watch Task".`);
      return [];
    }
    const selected = o.many && Array.isArray(selection) ? selection.map(nodeTaskId).filter((id): id is string => id !== undefined) : [];
    return selected.includes(given) ? [...new Set(selected)] : [given];
  }
  return pickTasks(services.store, o.placeHolder, { many: o.many ?? false, ...(o.filter ? { filter: o.filter } : {}) });
}
