/**
 * Adding tasks to the watch list and taking them off: what the Watch Task command, the `vscode://`
 * links, the chat tools, New Deep Search and the panel share.
 */
import * as vscode from 'vscode';
import { parseTaskRefs, tableLinkMessage } from '../../core/input/taskRef';
import type { Task } from '../../core/api/types';
import { MAX_WATCHED, type TaskOrigin } from '../../core/model/watchEntry';
import type { CoreServices } from '../services';
import { askModal, warn } from '../ui/messages';
import { statusMessage } from '../ui/text';

/** The most tasks a request from outside (a link, another extension) may name at once. */
const MAX_NAMED_FROM_OUTSIDE = 20;

export interface WatchOutcome {
  readonly added: string[];
  readonly existing: string[];
}

/** Adds the IDs (canonical) to the watch list and shows them. Nothing is added when the list would overflow. */
export async function watchIds(services: CoreServices, ids: readonly string[], origin?: TaskOrigin): Promise<WatchOutcome> {
  const fresh = new Set(ids.filter((id) => !services.store.has(id))).size;
  if (fresh > 0 && services.store.size + fresh > MAX_WATCHED) {
    const args = { max: MAX_WATCHED.toLocaleString(vscode.env.language), watched: services.store.size.toLocaleString(vscode.env.language) };
    void warn(
      fresh === 1
        ? vscode.l10n.t(
            'The Extruct watch list holds at most {max} tasks, and {watched} are watched. Run "Extruct: Clear Finished", or stop watching some, to make room for this one.',
            args,
          )
        : vscode.l10n.t(
            'The Extruct watch list holds at most {max} tasks, and {watched} are watched. Run "Extruct: Clear Finished", or stop watching some, to make room for these {fresh}.',
            { ...args, fresh },
          ),
    );
    return { added: [], existing: ids.filter((id) => services.store.has(id)) };
  }
  const result = services.watchList.watch(ids, origin);
  if (result.added.length) services.log.info(`Watching ${result.added.join(', ')}.`);
  const first = result.added[0] ?? result.existing[0];
  if (first) await services.view.reveal(first).then(undefined, () => undefined);
  if (result.added.length === 0 && result.existing.length > 0) {
    statusMessage(
      'eye',
      result.existing.length === 1 ? vscode.l10n.t('Already watching this task.') : vscode.l10n.t('Already watching these tasks.'),
      4000,
    );
  }
  return result;
}

/** Watches a task just created (by the New Deep Search form or a chat tool), with the create answer as its first check. False when the list is full. */
export async function watchCreated(services: CoreServices, task: Task): Promise<boolean> {
  services.log.info(`Started Deep Search ${task.id} (${task.desired_num_results ?? '?'} results wanted).`);
  const { added, existing } = await watchIds(services, [task.id], 'here');
  if (added.length + existing.length === 0) return false;
  services.store.recordSuccess(task.id, task, Date.now());
  return true;
}

/** Who named the tasks: a `vscode://` link, or a command run with arguments (another extension, a `command:` link). */
export type NamedBy = 'link' | 'command';

/** Asks whether to watch these new tasks; true when the user agreed. */
export type ConfirmWatch = (ids: readonly string[]) => Promise<boolean>;

// eslint-disable-next-line extruct/localised-text -- a link's syntax, the same in every language
const EXAMPLE = 'vscode://taskwatch-labs.extruct-task-watcher/watch?task=<task id>';

/** The extension's own modal: the IDs, and what watching costs. */
function confirmWithModal(by: NamedBy): ConfirmWatch {
  return async (ids) => {
    const n = ids.length;
    const shown = [...ids.slice(0, 5), ...(n > 5 ? [vscode.l10n.t('… and {0} more', n - 5)] : [])];
    const question =
      by === 'link'
        ? n === 1
          ? vscode.l10n.t('Watch this Extruct task from a link?')
          : vscode.l10n.t('Watch {0} Extruct tasks from a link?', n)
        : n === 1
          ? vscode.l10n.t('Watch this Extruct task named by another extension or a command?')
          : vscode.l10n.t('Watch {0} Extruct tasks named by another extension or a command?', n);
    const choice = await askModal(
      'info',
      question,
      [...shown, '', vscode.l10n.t('Each task is checked with your API token. Watch only tasks you know.')],
      n === 1 ? vscode.l10n.t('Watch Task') : vscode.l10n.t('Watch Tasks'),
    );
    return choice !== undefined;
  };
}

/**
 * Tasks named from outside: at most MAX_NAMED_FROM_OUTSIDE, and nothing is added before the user says
 * yes to the new ones (each costs an authenticated request, and a burst could draw a rate limit that
 * pauses everything). Only validated task IDs are ever shown. Undefined when nothing was done.
 */
export async function watchNamed(
  services: CoreServices,
  text: string,
  by: NamedBy,
  confirm: ConfirmWatch = confirmWithModal(by),
): Promise<WatchOutcome | undefined> {
  const { ids, tables } = parseTaskRefs(text);
  if (ids.length === 0) {
    void warn(
      tables.length
        ? tableLinkMessage()
        : by === 'link'
          ? vscode.l10n.t('No Extruct task ID was given. Links to watch a task look like {0}.', EXAMPLE)
          : vscode.l10n.t('No Extruct task ID was given. Run "Extruct: Watch Task" to paste task IDs.'),
    );
    return undefined;
  }
  if (ids.length > MAX_NAMED_FROM_OUTSIDE) {
    const args = { n: ids.length, max: MAX_NAMED_FROM_OUTSIDE };
    void warn(
      by === 'link'
        ? vscode.l10n.t(
            'The Extruct link names {n} tasks; at most {max} may be named at once. Nothing was added: use "Extruct: Watch Task" to paste many IDs at once.',
            args,
          )
        : vscode.l10n.t(
            'The request to watch names {n} tasks; at most {max} may be named at once. Nothing was added: use "Extruct: Watch Task" to paste many IDs at once.',
            args,
          ),
    );
    return undefined;
  }
  const fresh = ids.filter((id) => !services.store.has(id));
  if (fresh.length > 0 && !(await confirm(fresh))) return undefined;
  return watchIds(services, ids);
}

/** Stops watching the tasks; says so in the status bar. */
export function stopWatchingIds(services: CoreServices, ids: readonly string[]): string[] {
  const removed = services.watchList.unwatch(ids);
  if (removed.length) {
    services.log.info(`Stopped watching ${removed.join(', ')}.`);
    statusMessage(
      'eye-closed',
      removed.length === 1 ? vscode.l10n.t('Stopped watching 1 task.') : vscode.l10n.t('Stopped watching {0} tasks.', removed.length),
      4000,
    );
  }
  return removed;
}
