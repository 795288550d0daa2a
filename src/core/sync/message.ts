/**
 * Messages from one window to another, through the shared folder (`notices/<to>-<n>.json`):
 *
 *  - `notice`: a notification that the window which saw the change decided to show, for the focused
 *    window (or the one focused last) to display, so that exactly one window shows it;
 *  - `refresh`: the user asked for a check in a window that does not poll; the polling window makes
 *    the requests (so that one window requests each task) and answers `refreshed` when they are done.
 *
 * Notice actions are this extension's own commands with string arguments, run in the window that
 * shows the notice. Everything read back is validated: nothing else passes.
 */
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

export type WindowMessage =
  | { readonly kind: 'notice'; readonly notice: Notice }
  /** `ids` undefined: every watched task. */
  | { readonly kind: 'refresh'; readonly from: string; readonly ref: string; readonly ids?: readonly string[] }
  | { readonly kind: 'refreshed'; readonly ref: string };

const SEVERITIES: readonly unknown[] = ['info', 'warning', 'error'] satisfies NoticeSeverity[];
const WINDOW = /^[A-Za-z0-9_-]{1,64}$/;
const ID = /^[0-9a-f-]{36}$/;

export function encodeMessage(m: WindowMessage): string {
  return JSON.stringify(m);
}

export function decodeMessage(text: string): WindowMessage | undefined {
  const o = parseJsonObject(text);
  if (!o) return undefined;
  switch (o.kind) {
    case 'notice': {
      const notice = decodeNotice(o.notice);
      return notice ? { kind: 'notice', notice } : undefined;
    }
    case 'refresh': {
      if (typeof o.from !== 'string' || !WINDOW.test(o.from) || typeof o.ref !== 'string' || !WINDOW.test(o.ref)) return undefined;
      if (o.ids === undefined) return { kind: 'refresh', from: o.from, ref: o.ref };
      if (!Array.isArray(o.ids) || o.ids.length > 10_000 || !o.ids.every((id): id is string => typeof id === 'string' && ID.test(id)))
        return undefined;
      return { kind: 'refresh', from: o.from, ref: o.ref, ids: o.ids };
    }
    case 'refreshed':
      return typeof o.ref === 'string' && WINDOW.test(o.ref) ? { kind: 'refreshed', ref: o.ref } : undefined;
    default:
      return undefined;
  }
}

/** Only `extruct.*` commands with string arguments pass. */
function decodeNotice(raw: unknown): Notice | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (!SEVERITIES.includes(o.severity) || typeof o.text !== 'string' || !Array.isArray(o.actions)) return undefined;
  const actions: NoticeAction[] = [];
  for (const a of o.actions.slice(0, 3)) {
    if (typeof a !== 'object' || a === null) return undefined;
    const { title, command, args } = a as Record<string, unknown>;
    if (typeof title !== 'string' || typeof command !== 'string' || !/^extruct\.[A-Za-z.]+$/.test(command)) return undefined;
    if (!Array.isArray(args) || !args.every((x): x is string => typeof x === 'string')) return undefined;
    actions.push({ title: title.slice(0, 40), command, args });
  }
  return { severity: o.severity as NoticeSeverity, text: o.text.slice(0, 1_000), actions };
}
