// Scriptable faults. Rules are checked in order; the first rule whose window covers the request fires.
//
// Every rule counts the requests that match its filter (method, path, taskId), whether or not it fires.
// `nth` (1-based) makes the rule fire from its Nth matching request on, `times` times (default 1 when nth
// is set, else unlimited). A rule that has used up its `times` stays in the list but never fires again.
import { isRecord } from './validate.js';

export type FaultAction =
  /** Answer with this status (and optional JSON/text body and headers) instead of the real handler. */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Wait, then answer normally. */
  | { delayMs: number }
  /** 200 with the real answer's JSON cut in half. */
  | { malformed: true }
  /** A raw body (e.g. an HTML error page, or ''), default status 200 and content type text/html. */
  | { raw: string; contentType?: string; status?: number }
  /** 200 with any JSON body (hostile shapes). */
  | { json: unknown }
  /** Accept the request and never answer (close() still ends it). */
  | { hang: true }
  /** Destroy the socket without an answer. */
  | { reset: true }
  /** Redirect (default 302) to an absolute URL or a path on the fake. */
  | { redirect: string; status?: 301 | 302 | 303 | 307 | 308 };

export interface FaultRule {
  method?: string;
  /** A string matches the path (without query) exactly; a RegExp is tested against it. */
  path?: string | RegExp;
  taskId?: string;
  nth?: number;
  times?: number;
  action: FaultAction;
}

export type FaultKind = 'status' | 'delay' | 'malformed' | 'raw' | 'json' | 'hang' | 'reset' | 'redirect';

export function faultKind(a: FaultAction): FaultKind {
  if ('hang' in a) return 'hang';
  if ('reset' in a) return 'reset';
  if ('delayMs' in a) return 'delay';
  if ('malformed' in a) return 'malformed';
  if ('raw' in a) return 'raw';
  if ('json' in a) return 'json';
  if ('redirect' in a) return 'redirect';
  return 'status';
}

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  fired: number;
}

export class FaultEngine {
  private rules: ActiveRule[] = [];

  add(...rules: FaultRule[]): void {
    for (const rule of rules) this.rules.push({ rule, seen: 0, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /** Counts the request against every matching rule and returns the action of the first one that fires. */
  match(method: string, path: string, taskId: string | undefined): FaultAction | undefined {
    let chosen: ActiveRule | undefined;
    for (const r of this.rules) {
      const { rule } = r;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path !== undefined && (typeof rule.path === 'string' ? rule.path !== path : !rule.path.test(path))) continue;
      if (rule.taskId !== undefined && rule.taskId !== taskId) continue;
      r.seen++;
      const first = rule.nth ?? 1;
      const times = rule.times ?? (rule.nth !== undefined ? 1 : Infinity);
      if (!chosen && r.seen >= first && r.fired < times) chosen = r;
    }
    if (chosen) chosen.fired++;
    return chosen?.rule.action;
  }
}

/** Parses JSON rules from the control API; `path` there is a regular-expression source string. */
export function parseFaultRules(input: unknown): FaultRule[] {
  const list = Array.isArray(input) ? input : [input];
  return list.map((x, i) => {
    if (!isRecord(x) || !isRecord(x.action)) throw new Error(`rule ${i}: expected an object with an "action" object`);
    const kind = faultKind(x.action as FaultAction);
    if (kind === 'status' && typeof x.action.status !== 'number') throw new Error(`rule ${i}: unknown action`);
    const rule: FaultRule = { action: x.action as FaultAction };
    if (typeof x.method === 'string') rule.method = x.method;
    if (typeof x.path === 'string') rule.path = new RegExp(x.path);
    if (typeof x.taskId === 'string') rule.taskId = x.taskId;
    if (typeof x.nth === 'number') rule.nth = x.nth;
    if (typeof x.times === 'number') rule.times = x.times;
    return rule;
  });
}
