/**
 * The one message protocol between the panel host (src/extension/panel) and its webview (src/webview).
 * The host checks every incoming message with parseWebviewMessage: a webview is untrusted input.
 */
import type { PanelStrings } from './strings';
import type { ResultsView, TaskViewModel } from './view';

export type * from './strings';
export type * from './view';

/** Long-running actions, shown as busy buttons. */
export type BusyAction = 'refresh' | 'resume' | 'export' | 'results';

export type HostToWebview =
  /** The panel's words, in the display language: the first answer to `ready`, before any other message. */
  | { readonly type: 'init'; readonly strings: PanelStrings }
  /** The whole task view model; sent after `ready` and on every store change of the task. */
  | { readonly type: 'update'; readonly model: TaskViewModel }
  | { readonly type: 'results'; readonly results: ResultsView }
  | { readonly type: 'busy'; readonly action: BusyAction; readonly busy: boolean };

/** Panel buttons; each maps to one host action for the panel's task. */
const PANEL_ACTIONS = ['refresh', 'copyId', 'openInExtruct', 'stopWatching', 'resume', 'loadResults', 'exportResults'] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

export type WebviewToHost =
  { readonly type: 'ready' } | { readonly type: PanelAction } | { readonly type: 'openLink'; readonly url: string };

const MAX_URL_LENGTH = 2048;

type Fields = Readonly<Record<string, unknown>>;

function hasOnlyKeys(v: Fields, keys: readonly string[]): boolean {
  return Object.keys(v).every((k) => keys.includes(k));
}

function isString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}

/** The message when it is one of WebviewToHost with exactly the right fields, else undefined. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  if (Object.getPrototypeOf(raw) !== Object.prototype && Object.getPrototypeOf(raw) !== null) return undefined;
  const m = raw as Fields;
  const type = m.type;
  if (typeof type !== 'string') return undefined;
  if (type === 'ready') return hasOnlyKeys(m, ['type']) ? { type } : undefined;
  if ((PANEL_ACTIONS as readonly string[]).includes(type)) {
    return hasOnlyKeys(m, ['type']) ? { type: type as PanelAction } : undefined;
  }
  if (type === 'openLink') {
    if (!hasOnlyKeys(m, ['type', 'url']) || !isString(m.url, MAX_URL_LENGTH) || m.url.length === 0) return undefined;
    return { type, url: m.url };
  }
  return undefined;
}

/** The state VS Code keeps for a panel across reloads (vscode.setState / the serializer): the task ID only. */
export interface PanelState {
  readonly taskId: string;
}

export function parsePanelState(raw: unknown): PanelState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as Fields).taskId;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? { taskId: id } : undefined;
}

/** Type guard used by the webview's switch; keeps `type` literal checks in one place. */
export function isHostMessage(v: unknown): v is HostToWebview {
  return typeof v === 'object' && v !== null && typeof (v as Fields).type === 'string';
}
