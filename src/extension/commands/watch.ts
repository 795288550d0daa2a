/**
 * "Watch Task": pick one of the account's recent tasks, or type/paste one or more task IDs or dashboard
 * links. Tasks already watched are revealed rather than added twice.
 */
import * as vscode from 'vscode';
import { warn } from '../messages';
import type { Task } from '../../core/api/types';
import { highFitCounter, plain, shorten } from '../../core/format/text';
import { phaseOf, statusText } from '../../core/model/completion';
import { recentTasks } from '../../core/model/order';
import { clipboardTaskIds, dashboardHostsOf } from '../../core/input/taskMentions';
import { parseTaskRefs, TABLE_LINK_MESSAGE, TASK_ID_EXAMPLE, validateTaskRefInput } from '../../core/input/taskRef';
import type { Services } from '../services';
import { ensureToken } from './token';

const RECENT_LIMIT = 30;

interface WatchPick extends vscode.QuickPickItem {
  readonly ids: string[];
}

/** The most tasks the list holds: beyond that, the tree and the requests stop being useful. */
export const MAX_WATCHED = 1_000;

/** Adds the IDs to the watch list and shows them. Returns what was added and what was already there. */
export async function watchIds(services: Services, ids: readonly string[]): Promise<{ added: string[]; existing: string[] }> {
  const fresh = new Set(ids.filter((id) => !services.store.has(id))).size;
  if (fresh > 0 && services.store.size + fresh > MAX_WATCHED) {
    void warn(
      `The Extruct watch list holds at most ${MAX_WATCHED.toLocaleString('en')} tasks, and ${services.store.size.toLocaleString('en')} are watched. Run "Extruct: Clear Finished", or stop watching some, to make room for ${fresh === 1 ? 'this one' : `these ${fresh}`}.`,
    );
    return { added: [], existing: ids.filter((id) => services.store.has(id)) };
  }
  const result = services.watchList.watch(ids);
  if (result.added.length) services.log.info(`Watching ${result.added.join(', ')}.`);
  const first = result.added[0] ?? result.existing[0];
  if (first) await services.view.reveal(first).then(undefined, () => undefined);
  if (result.added.length === 0 && result.existing.length > 0) {
    vscode.window.setStatusBarMessage(`$(eye) Already watching ${result.existing.length === 1 ? 'this task' : 'these tasks'}.`, 4000);
  }
  return result;
}

/**
 * With an argument (a string of IDs/links, or a list of them: from the URI handler, other extensions
 * and tests) it watches those; without one it asks.
 */
export async function watchTask(services: Services, given?: unknown): Promise<{ added: string[]; existing: string[] } | undefined> {
  if (typeof given === 'string' || (Array.isArray(given) && given.every((g) => typeof g === 'string'))) {
    const text = Array.isArray(given) ? given.join(' ') : given;
    const {
      ids,
      invalid: [firstInvalid],
      tables,
    } = parseTaskRefs(text);
    if (tables.length && !ids.length) void warn(TABLE_LINK_MESSAGE);
    else if (firstInvalid !== undefined) void warn(`Not a task ID: "${plain(firstInvalid)}". Expected an ID like ${TASK_ID_EXAMPLE}.`);
    return ids.length ? watchIds(services, ids) : undefined;
  }
  if (!(await ensureToken(services))) return undefined;
  const ids = await askForTasks(services);
  return ids.length ? watchIds(services, ids) : undefined;
}

function askForTasks(services: Services): Promise<string[]> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<WatchPick>();
    qp.title = 'Extruct: Watch Task';
    qp.placeholder = `Pick a recent task, or paste task IDs or dashboard links (e.g. ${TASK_ID_EXAMPLE})`;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.ignoreFocusOut = true;
    qp.busy = true;
    let recent: WatchPick[] = [];
    let chosen: string[] = [];
    /** What the clipboard put in the input, while it is still there. */
    let pasted: string | undefined;

    const render = () => {
      const typed = parseTaskRefs(qp.value);
      const typedItems: WatchPick[] = typed.ids.length
        ? [
            {
              ids: typed.ids,
              label: `$(add) Watch ${typed.ids.length === 1 ? typed.ids[0] : `${typed.ids.length} tasks`}`,
              description: typed.invalid.length
                ? `ignoring ${typed.invalid.length} piece${typed.invalid.length === 1 ? '' : 's'} that ${typed.invalid.length === 1 ? 'is' : 'are'} not a task ID`
                : '',
              alwaysShow: true,
            },
          ]
        : [];
      qp.items = typedItems.length
        ? [...typedItems, { ids: [], label: 'Recent tasks', kind: vscode.QuickPickItemKind.Separator }, ...recent]
        : recent;
      // Typing also filters the recent tasks, so only say "not an ID" when nothing matches at all.
      const problem = !typedItems.length && !recent.some((r) => matches(r, qp.value)) ? validateTaskRefInput(qp.value) : undefined;
      qp.title = problem
        ? `Extruct: Watch Task — ${problem}`
        : pasted !== undefined && qp.value === pasted
          ? 'Extruct: Watch Task — from the clipboard: Enter to watch it, or type to search instead'
          : 'Extruct: Watch Task';
    };

    qp.onDidChangeValue((value) => {
      // Typing after what the clipboard put in replaces it, as if it were selected (a quick pick cannot select it).
      if (pasted !== undefined && value !== pasted) {
        const typed = value.startsWith(pasted) ? value.slice(pasted.length).trimStart() : undefined;
        pasted = undefined;
        if (typed !== undefined) qp.value = typed;
      }
      render();
    });
    qp.onDidAccept(() => {
      const typed = parseTaskRefs(qp.value);
      const pick = qp.selectedItems[0];
      chosen = pick?.ids.length ? pick.ids : typed.ids;
      if (chosen.length === 0) {
        qp.title = `Extruct: Watch Task — enter a task ID like ${TASK_ID_EXAMPLE}, a dashboard link, or pick a recent task`;
        return;
      }
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(chosen);
    });
    qp.show();

    // Copy → watch: task IDs or dashboard links on the clipboard fill the input, and nothing else does. Not in
    // VS Code for the web: there the browser may refuse to be read without a gesture, and VS Code says so in an error.
    if (vscode.env.uiKind === vscode.UIKind.Desktop)
      void vscode.env.clipboard.readText().then(
        (text) => {
          const ids = clipboardTaskIds(text, (id) => services.store.has(id), {
            dashboardHosts: dashboardHostsOf(services.settings.dashboardUrl),
          });
          if (!ids || qp.value) return;
          pasted = ids.join(' ');
          qp.value = pasted;
          render();
        },
        () => undefined,
      );

    void recentTasks((page) => services.client.listTasks(page), RECENT_LIMIT).then((r) => {
      qp.busy = false;
      if (!r.ok) {
        qp.placeholder = `Paste task IDs or dashboard links (recent tasks could not be loaded: ${r.error.message})`;
        return;
      }
      recent = r.value.map((t) => recentPick(t, services.store.has(t.id)));
      if (recent.length === 0)
        qp.placeholder = `Paste task IDs or dashboard links (e.g. ${TASK_ID_EXAMPLE}); this account has no tasks yet`;
      render();
    });
  });
}

function matches(pick: WatchPick, text: string): boolean {
  const t = text.trim().toLowerCase();
  return !t || [pick.label, pick.description ?? '', pick.detail ?? ''].some((s) => s.toLowerCase().includes(t));
}

function recentPick(task: Task, watched: boolean): WatchPick {
  const phase = phaseOf(task);
  const created = task.created_at ? new Date(task.created_at).toLocaleString() : 'unknown time';
  return {
    ids: [task.id],
    label: plain(shorten(task.query ?? task.id, 90)),
    description: plain(
      `${phase === 'unknown' ? statusText(task.status) : statusText(phase)} · ${highFitCounter(task)}${watched ? ' · watched' : ''}`,
    ),
    detail: `${task.id} · created ${created}`,
  };
}
