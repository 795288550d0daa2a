/**
 * What windows say to each other through the shared folder (mailbox.ts), and how it is read back:
 *
 *  - `notice`: a notification decided once, by the window that saw the change, for the focused window
 *    (or the one focused last) to show, so that exactly one window shows it;
 *  - `request` / `reply`: one window (or the MCP server, which shares the folder without being a window:
 *    peerSync.ts) asks a window to do something and waits for its answer:
 *     - `refresh`: a check asked for in a window that does not poll, made by the one that does (so that
 *       one window requests each task), answered `done` when the answers are on disk;
 *     - `startSearch`: a Deep Search an agent asked for outside the extension host, which only a window
 *       can start (it asks the user first), answered with the text the agent gets.
 *
 * Everything read back is validated: a notice's buttons may run only the commands in NOTICE_COMMANDS,
 * each with the arguments it takes (a task ID, or none). Anything else is dropped.
 */
import { isTaskId } from '../input/taskRef';
import { parseJsonObject } from './jsonObject';

export type NoticeSeverity = 'info' | 'warning' | 'error';

export interface NoticeAction {
  readonly title: string;
  readonly command: string;
  readonly args: readonly string[];
}

export interface Notice {
  readonly severity: NoticeSeverity;
  readonly text: string;
  readonly actions: readonly NoticeAction[];
}

/**
 * The commands a notice's buttons may run, and what each takes: one task ID, up to MAX_NOTICE_TASKS task
 * IDs, or nothing. (A button's pick is the user's own: the window showing it runs "watch" itself rather
 * than as a command that would ask again: src/extension/notifier.ts.)
 */
export const NOTICE_COMMANDS: Readonly<Record<string, 'task' | 'tasks' | 'none'>> = {
  'extruct.openDetails': 'task',
  'extruct.openInExtruct': 'task',
  'extruct.stopWatching': 'task',
  'extruct.watchTask': 'tasks',
  'extruct.setToken': 'none',
  'extruct.showLog': 'none',
  'extruct.tasks.focus': 'none',
  'extruct.newTasks.settings': 'none',
};

/** The most tasks one notice's button acts on. */
export const MAX_NOTICE_TASKS = 20;

/**
 * The chat an MCP tool call belongs to, as the MCP client (not the model) said in the call's `_meta`
 * (VS Code: `vscode.requestId`, `vscode.conversationId`): what the credit guard counts per request.
 */
export interface ChatRef {
  readonly requestId?: string;
  readonly sessionId?: string;
}

/** What one window asks another (`ids` undefined: every watched task). */
export type RequestBody =
  | { readonly type: 'refresh'; readonly ids?: readonly string[] }
  /** `input`: the tool's input as the agent gave it; the window checks it again, as its own tools do. */
  | { readonly type: 'startSearch'; readonly input: unknown; readonly chat?: ChatRef };
export type ReplyBody = { readonly type: 'done' } | { readonly type: 'answer'; readonly text: string };

export type WindowMessage =
  | { readonly kind: 'notice'; readonly notice: Notice }
  | { readonly kind: 'request'; readonly from: string; readonly ref: string; readonly body: RequestBody }
  | { readonly kind: 'reply'; readonly ref: string; readonly body: ReplyBody };

const SEVERITIES: readonly unknown[] = ['info', 'warning', 'error'] satisfies NoticeSeverity[];
const WINDOW_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_IDS = 10_000;
/** A message file larger than this is not read (a request's input, an answer's text: a few KB). */
const MAX_MESSAGE_BYTES = 256 * 1024;
/** The longest answer text passed back. */
const MAX_ANSWER = 32_000;
/** The longest chat request or session ID kept. */
const MAX_CHAT_ID = 256;

export function encodeMessage(m: WindowMessage): string {
  return JSON.stringify(m);
}

export function decodeMessage(text: string): WindowMessage | undefined {
  if (text.length > MAX_MESSAGE_BYTES) return undefined;
  const o = parseJsonObject(text);
  if (!o) return undefined;
  switch (o.kind) {
    case 'notice': {
      const notice = decodeNotice(o.notice);
      return notice ? { kind: 'notice', notice } : undefined;
    }
    case 'request': {
      if (typeof o.from !== 'string' || !WINDOW_ID.test(o.from) || typeof o.ref !== 'string' || !WINDOW_ID.test(o.ref)) return undefined;
      const body = decodeRequest(o.body);
      return body ? { kind: 'request', from: o.from, ref: o.ref, body } : undefined;
    }
    case 'reply': {
      if (typeof o.ref !== 'string' || !WINDOW_ID.test(o.ref)) return undefined;
      const body = decodeReply(o.body);
      return body ? { kind: 'reply', ref: o.ref, body } : undefined;
    }
    default:
      return undefined;
  }
}

function decodeReply(raw: unknown): ReplyBody | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (o.type === 'done') return { type: 'done' };
  return o.type === 'answer' && typeof o.text === 'string' ? { type: 'answer', text: o.text.slice(0, MAX_ANSWER) } : undefined;
}

function decodeRequest(raw: unknown): RequestBody | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (o.type === 'startSearch') {
    const chat = decodeChat(o.chat);
    return { type: 'startSearch', input: o.input, ...(chat ? { chat } : {}) };
  }
  if (o.type !== 'refresh') return undefined;
  if (o.ids === undefined) return { type: 'refresh' };
  if (!Array.isArray(o.ids) || o.ids.length > MAX_IDS || !o.ids.every((id): id is string => typeof id === 'string' && isTaskId(id)))
    return undefined;
  return { type: 'refresh', ids: o.ids };
}

/** A chat ID: any short string (it is only ever a key), nothing else. */
const chatId = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= MAX_CHAT_ID ? v : undefined);

function decodeChat(raw: unknown): ChatRef | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const requestId = chatId(o.requestId);
  const sessionId = chatId(o.sessionId);
  return requestId || sessionId ? { ...(requestId ? { requestId } : {}), ...(sessionId ? { sessionId } : {}) } : undefined;
}

function decodeAction(raw: unknown): NoticeAction | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { title, command, args } = raw as Record<string, unknown>;
  if (typeof title !== 'string' || typeof command !== 'string' || !Object.hasOwn(NOTICE_COMMANDS, command)) return undefined;
  if (!Array.isArray(args) || !args.every((x): x is string => typeof x === 'string')) return undefined;
  const takes = NOTICE_COMMANDS[command];
  const fits =
    takes === 'none'
      ? args.length === 0
      : args.length >= 1 && args.length <= (takes === 'task' ? 1 : MAX_NOTICE_TASKS) && args.every((a) => isTaskId(a));
  return fits ? { title: title.slice(0, 40), command, args } : undefined;
}

function decodeNotice(raw: unknown): Notice | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (!SEVERITIES.includes(o.severity) || typeof o.text !== 'string' || !Array.isArray(o.actions)) return undefined;
  const actions: NoticeAction[] = [];
  for (const a of o.actions.slice(0, 3)) {
    const action = decodeAction(a);
    if (!action) return undefined;
    actions.push(action);
  }
  return { severity: o.severity as NoticeSeverity, text: o.text.slice(0, 1_000), actions };
}
