/**
 * The tree's filter: words a task must contain, and the groups to show. Kept per profile (the VS Code
 * layer saves it), so it is read back from untrusted saved state with `filterFrom`.
 */
import { TASK_GROUPS, type TaskGroup } from '../model/display';

export interface TaskFilter {
  /** Words that the task's query, ID or state must all contain, in any case; '' for none. */
  readonly text: string;
  /** The groups shown, in TASK_GROUPS order; never empty (all of them: no filter by state). */
  readonly groups: readonly TaskGroup[];
}

/** Longer text is cut: no query needs more to be found. */
const MAX_TEXT = 200;

export const NO_FILTER: TaskFilter = { text: '', groups: TASK_GROUPS };

/** A filter from what the user gave: text trimmed and cut, groups in order without repeats; no group means every group. */
export function makeFilter(text: string, groups: Iterable<TaskGroup>): TaskFilter {
  const wanted = new Set(groups);
  const kept = TASK_GROUPS.filter((g) => wanted.has(g));
  return { text: text.trim().slice(0, MAX_TEXT), groups: kept.length ? kept : TASK_GROUPS };
}

/** A filter read back from saved state, whatever it holds: anything unreadable counts as no filter. */
export function filterFrom(value: unknown): TaskFilter {
  if (typeof value !== 'object' || value === null) return NO_FILTER;
  const v = value as { text?: unknown; groups?: unknown };
  const text = typeof v.text === 'string' ? v.text : '';
  const groups = Array.isArray(v.groups) ? TASK_GROUPS.filter((g) => (v.groups as unknown[]).includes(g)) : [];
  return makeFilter(text, groups);
}

export function filtersByText(f: TaskFilter): boolean {
  return f.text !== '';
}

export function filtersByGroup(f: TaskFilter): boolean {
  return f.groups.length < TASK_GROUPS.length;
}

export function isFiltering(f: TaskFilter): boolean {
  return filtersByText(f) || filtersByGroup(f);
}

export function sameFilter(a: TaskFilter, b: TaskFilter): boolean {
  return a.text === b.text && a.groups.join() === b.groups.join();
}

/** Lower case, without accents: "Zürich" is found by "zurich". */
const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** A test of the filter's words against a task's text (its query, ID and state, given as one string). */
export function textMatcher(text: string): (haystack: string) => boolean {
  const words = fold(text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return () => true;
  return (haystack) => {
    const h = fold(haystack);
    return words.every((w) => h.includes(w));
  };
}
