/**
 * Which task a command's arguments name. Commands are run three ways: from a tree item (VS Code passes
 * the clicked node and the whole selection), with a task ID string (notifications, the panel, tests,
 * other extensions), or from the palette with nothing (then the user picks).
 */

/** The task ID of a tree node: `{kind: 'task', id}`, or a funnel row `{kind: 'stage', taskId}`. */
export function nodeTaskId(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as { kind?: unknown; id?: unknown; taskId?: unknown };
  if (node.kind === 'task' && typeof node.id === 'string') return node.id;
  if (node.kind === 'stage' && typeof node.taskId === 'string') return node.taskId;
  return undefined;
}

/** The task the first argument names (an ID string, as typed, or a tree node); undefined for none. */
export function givenTaskId(arg: unknown): string | undefined {
  return typeof arg === 'string' ? arg.trim().toLowerCase() : nodeTaskId(arg);
}

/**
 * The tasks to act on when the command came with `given`: the whole selection when the clicked item is
 * part of it and the command takes several, else just the given one.
 */
export function withSelection(given: string, selection: unknown, many: boolean): string[] {
  const selected = many && Array.isArray(selection) ? selection.map(nodeTaskId).filter((id): id is string => id !== undefined) : [];
  return selected.includes(given) ? [...new Set(selected)] : [given];
}
