/**
 * Task IDs are links wherever they appear: in the integrated terminal (Extruct's CLI, a script, a log)
 * and in editors (JSON, Python, notebooks, Markdown, logs), with a code action "Watch Extruct task".
 * Which UUIDs are task IDs is core/input/taskMentions.ts's rule: by their context, or because the
 * account's list (as the poller read it) or the watch list holds them; no request is ever made to find
 * out. The work is bounded: a terminal line's first MAX_LINE_CHARS, a document's first MAX_DOC_LINES
 * lines and MAX_DOC_CHARS characters, each document read once per version.
 */
import * as vscode from 'vscode';
import { dashboardHostsOf, findTaskMentions, type MentionOptions, type TaskMention } from '../../core/input/taskMentions';
import type { KnownTasks } from '../../core/input/knownTasks';
import type { TaskStore } from '../../core/store/taskStore';
import type { CommandTickets } from '../actions/tickets';
import type { Settings } from '../settings';
import { setText } from '../ui/text';
import { TASK_LINK_COMMAND } from './linkActions';

const MAX_LINE_CHARS = 4_000;
const MAX_DOC_LINES = 20_000;
const MAX_DOC_CHARS = 1_000_000;
/** Documents whose links are kept (by URI), the most recent. */
const MAX_CACHED = 30;
const tooltip = (): string => vscode.l10n.t('Extruct task: watch it, open its details or copy its ID');

/** Where task IDs are linked in editors: data and code people paste task IDs into, and notebook cells. */
export const DOCUMENTS: vscode.DocumentSelector = [
  'json',
  'jsonc',
  'jsonl',
  'python',
  'markdown',
  'log',
  'plaintext',
  'shellscript',
  'javascript',
  'typescript',
  'yaml',
  'csv',
].map((language) => ({ language }));

/** A link in the terminal, with the task it names. */
export class TaskTerminalLink extends vscode.TerminalLink {
  constructor(
    readonly taskId: string,
    start: number,
    length: number,
  ) {
    super(start, length, tooltip());
  }
}

export class TaskLinks
  implements vscode.TerminalLinkProvider<TaskTerminalLink>, vscode.DocumentLinkProvider, vscode.CodeActionProvider, vscode.Disposable
{
  private readonly cache = new Map<string, { version: number; generation: number; mentions: TaskMention[] }>();
  /** Moves on whenever what is known changes (the list read, the watch list): cached answers are then stale. */
  private generation = 0;
  private readonly subscriptions: Array<{ dispose(): void }>;

  constructor(
    private readonly known: KnownTasks,
    private readonly store: TaskStore,
    private readonly settings: Settings,
    private readonly tickets: CommandTickets,
  ) {
    this.subscriptions = [
      store.onDidChange((changes) => {
        if (changes.some((c) => !c.before || !c.after)) this.generation++;
      }),
      known.onDidGrow(() => this.generation++),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
    ];
  }

  // ---- the terminal

  provideTerminalLinks(context: vscode.TerminalLinkContext): TaskTerminalLink[] {
    return findTaskMentions(context.line.slice(0, MAX_LINE_CHARS), this.options()).map(
      (m) => new TaskTerminalLink(m.id, m.start, m.end - m.start),
    );
  }

  async handleTerminalLink(link: TaskTerminalLink): Promise<void> {
    await vscode.commands.executeCommand(TASK_LINK_COMMAND, link.taskId);
  }

  // ---- editors

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    return this.mentionsIn(document).map((m) => {
      const link = new vscode.DocumentLink(
        new vscode.Range(document.positionAt(m.start), document.positionAt(m.end)),
        vscode.Uri.parse(`command:${TASK_LINK_COMMAND}?${encodeURIComponent(JSON.stringify([m.id]))}`),
      );
      setText(link, { tooltip: tooltip() });
      return link;
    });
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const from = document.offsetAt(range.start);
    const to = document.offsetAt(range.end);
    const here = this.mentionsIn(document).filter((m) => m.start <= to && m.end >= from);
    return [...new Set(here.map((m) => m.id))].slice(0, 5).map((id) => {
      const watched = this.store.has(id);
      const action = new vscode.CodeAction(
        watched ? vscode.l10n.t('Open Extruct task {0}… details', id.slice(0, 8)) : vscode.l10n.t('Watch Extruct task'),
        vscode.CodeActionKind.QuickFix,
      );
      action.command = watched
        ? { title: vscode.l10n.t('Open Details'), command: 'extruct.openDetails', arguments: [id] }
        : // The user picks this action: with our ticket, the command watches without asking again.
          { title: vscode.l10n.t('Watch Extruct task'), command: 'extruct.watchTask', arguments: [id, this.tickets.issue(id)] };
      return action;
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.cache.clear();
  }

  private mentionsIn(document: vscode.TextDocument): TaskMention[] {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    if (hit?.version === document.version && hit.generation === this.generation) return hit.mentions;
    const lines = Math.min(document.lineCount, MAX_DOC_LINES);
    const text = document.getText(new vscode.Range(0, 0, lines, 0)).slice(0, MAX_DOC_CHARS);
    const mentions = findTaskMentions(text, this.options());
    this.cache.delete(key);
    this.cache.set(key, { version: document.version, generation: this.generation, mentions });
    for (const old of this.cache.keys()) {
      if (this.cache.size <= MAX_CACHED) break;
      this.cache.delete(old);
    }
    return mentions;
  }

  private options(): MentionOptions {
    return { isKnown: (id) => this.known.has(id) || this.store.has(id), dashboardHosts: dashboardHostsOf(this.settings.dashboardUrl) };
  }
}
