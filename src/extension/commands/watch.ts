/**
 * "Watch Task": pick one of the account's recent tasks, or type/paste one or more task IDs or dashboard
 * links. Tasks already watched are revealed rather than added twice. Run with arguments (IDs or links,
 * from another extension or a `command:` link), it takes them as a `vscode://` link's: at most 20, and
 * the user is asked first (actions/watch.ts `watchNamed`).
 */
import * as vscode from 'vscode';
import type { Task } from '../../core/api/types';
import { plain } from '../../core/format/plain';
import { highFitCounter } from '../../core/format/text';
import { phaseOf, statusText } from '../../core/model/completion';
import { recentTasks } from '../../core/model/order';
import { clipboardTaskIds, dashboardHostsOf } from '../../core/input/taskMentions';
import { parseTaskRefs, TASK_ID_EXAMPLE, validateTaskRefInput } from '../../core/input/taskRef';
import { watchIds, watchNamed, type WatchOutcome } from '../actions/watch';
import { ensureToken } from '../actions/token';
import type { Services } from '../services';
import { createQuickPick, setItems } from '../ui/inputs';
import { setText } from '../ui/text';

const RECENT_LIMIT = 30;

interface WatchPick extends vscode.QuickPickItem {
  readonly ids: string[];
}

/**
 * Without arguments it asks which tasks. With some (IDs or links), it asks before watching them, unless
 * our own UI passes a ticket for exactly those (actions/tickets.ts: the code action "Watch Extruct task").
 */
export async function watchTask(services: Services, given?: unknown, ticket?: unknown): Promise<WatchOutcome | undefined> {
  if (typeof given === 'string' || (Array.isArray(given) && given.every((g) => typeof g === 'string'))) {
    const text = Array.isArray(given) ? given.join(' ') : given;
    if (services.tickets.check(text, ticket)) return watchIds(services, parseTaskRefs(text).ids);
    return watchNamed(services, text, 'command');
  }
  if (!(await ensureToken(services))) return undefined;
  const ids = await askForTasks(services);
  return ids.length ? watchIds(services, ids) : undefined;
}

function askForTasks(services: Services): Promise<string[]> {
  return new Promise((resolve) => {
    const title = vscode.l10n.t('Extruct: Watch Task');
    const qp = createQuickPick<WatchPick>({
      title,
      placeholder: vscode.l10n.t('Pick a recent task, or paste task IDs or dashboard links (e.g. {0})', TASK_ID_EXAMPLE),
    });
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
              iconPath: new vscode.ThemeIcon('add'),
              label:
                typed.ids.length === 1
                  ? vscode.l10n.t('Watch {0}', typed.ids[0] ?? '')
                  : vscode.l10n.t('Watch {0} tasks', typed.ids.length),
              description:
                typed.invalid.length === 0
                  ? ''
                  : typed.invalid.length === 1
                    ? vscode.l10n.t('ignoring 1 piece that is not a task ID')
                    : vscode.l10n.t('ignoring {0} pieces that are not a task ID', typed.invalid.length),
              alwaysShow: true,
            },
          ]
        : [];
      setItems(
        qp,
        typedItems.length
          ? [...typedItems, { ids: [], label: vscode.l10n.t('Recent tasks'), kind: vscode.QuickPickItemKind.Separator }, ...recent]
          : recent,
      );
      // Typing also filters the recent tasks, so only say "not an ID" when nothing matches at all.
      const problem = !typedItems.length && !recent.some((r) => matches(r, qp.value)) ? validateTaskRefInput(qp.value) : undefined;
      setText(qp, {
        title: problem
          ? `${title} — ${problem}`
          : pasted !== undefined && qp.value === pasted
            ? vscode.l10n.t('Extruct: Watch Task — from the clipboard: Enter to watch it, or type to search instead')
            : title,
      });
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
        setText(qp, {
          title: vscode.l10n.t('Extruct: Watch Task — enter a task ID like {0}, a dashboard link, or pick a recent task', TASK_ID_EXAMPLE),
        });
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
        setText(qp, {
          placeholder: vscode.l10n.t('Paste task IDs or dashboard links (recent tasks could not be loaded: {0})', r.error.message),
        });
        return;
      }
      recent = r.value.map((t) => recentPick(t, services.store.has(t.id)));
      if (recent.length === 0)
        setText(qp, {
          placeholder: vscode.l10n.t('Paste task IDs or dashboard links (e.g. {0}); this account has no tasks yet', TASK_ID_EXAMPLE),
        });
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
  const created =
    task.created_at && !Number.isNaN(Date.parse(task.created_at))
      ? new Date(task.created_at).toLocaleString(vscode.env.language)
      : vscode.l10n.t('unknown time');
  const status = phase === 'unknown' ? statusText(task.status) : statusText(phase);
  return {
    ids: [task.id],
    label: plain(task.query ?? '', 90) || task.id,
    description: watched ? vscode.l10n.t('{0} · {1} · watched', status, highFitCounter(task)) : `${status} · ${highFitCounter(task)}`,
    detail: vscode.l10n.t('{0} · created {1}', task.id, created),
  };
}
