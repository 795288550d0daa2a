/**
 * vscode://taskwatch-labs.extruct-task-watcher/watch?task=<id>[,<id>…] (or /watch/<id>) starts watching
 * tasks from a browser link or a script. A link is a request from outside, so it is bounded and asked
 * about: at most MAX_IDS_PER_LINK IDs, and nothing is added before the user says yes (each new task costs
 * an authenticated request, and a burst of them could draw a rate limit that pauses everything). Nothing
 * from the link but validated task IDs is ever shown.
 */
import * as vscode from 'vscode';
import { warn } from './messages';
import { parseTaskRefs, TABLE_LINK_MESSAGE } from '../core/input/taskRef';

const MAX_IDS_PER_LINK = 20;
const EXAMPLE = 'vscode://taskwatch-labs.extruct-task-watcher/watch?task=<task id>';

/** Asks whether to watch these (new) tasks; true when the user agreed. */
export type ConfirmWatch = (ids: readonly string[]) => Promise<boolean>;

const confirmWithModal: ConfirmWatch = async (ids) => {
  const n = ids.length;
  const shown = ids.slice(0, 5).join('\n') + (n > 5 ? `\n… and ${n - 5} more` : '');
  const choice = await vscode.window.showInformationMessage(
    n === 1 ? 'Watch this Extruct task from a link?' : `Watch ${n} Extruct tasks from a link?`,
    { modal: true, detail: `${shown}\n\nEach task is checked with your API token. Watch only tasks you know.` },
    n === 1 ? 'Watch Task' : 'Watch Tasks',
  );
  return choice !== undefined;
};

export class WatchUriHandler implements vscode.UriHandler {
  constructor(
    private readonly watch: (ids: string[]) => Promise<unknown>,
    private readonly isWatched: (id: string) => boolean,
    private readonly confirm: ConfirmWatch = confirmWithModal,
  ) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    const path = uri.path.replace(/\/+$/, '');
    if (path !== '/watch' && !path.startsWith('/watch/')) {
      // The path is never echoed: it is text from outside, and notifications render links.
      void warn(`Extruct Task Watcher does not know this kind of link. Links to watch a task look like ${EXAMPLE}.`);
      return;
    }
    const params = new URLSearchParams(uri.query);
    const { ids, tables } = parseTaskRefs([path.slice('/watch'.length), ...params.getAll('task'), ...params.getAll('id')].join(' '));
    if (ids.length === 0) {
      void warn(tables.length ? TABLE_LINK_MESSAGE : `The Extruct link holds no task ID. Links to watch a task look like ${EXAMPLE}.`);
      return;
    }
    if (ids.length > MAX_IDS_PER_LINK) {
      void warn(
        `The Extruct link names ${ids.length} tasks; a link may name at most ${MAX_IDS_PER_LINK}. Nothing was added: use "Extruct: Watch Task" to paste many IDs at once.`,
      );
      return;
    }
    const fresh = ids.filter((id) => !this.isWatched(id));
    if (fresh.length > 0 && !(await this.confirm(fresh))) return;
    await this.watch(ids);
  }
}
