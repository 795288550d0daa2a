/**
 * The Extruct API client. Every method resolves to a Result; nothing throws. Responses are validated
 * (validate.ts) before anyone sees them. The token is read per request from an injected source and is
 * only ever written into the Authorization header: never into a message, a log line or an error.
 *
 * Redirects are not followed (`redirect: 'manual'`): a redirect could carry the Authorization header to
 * another host, and the API has no reason to redirect.
 */
import { type Clock, systemClock } from '../util/clock';
import { checkBaseUrl } from '../input/baseUrl';
import { isTaskId } from '../input/taskRef';
import { type ApiError, MAX_RETRY_AFTER_MS, NO_TOKEN, type Result, fail, ok } from './errors';
import { parseJsonLenient } from './json';
import type { Account, CreateTaskBody, ResultsPage, Task } from './types';
import { type Validation, validateAccount, validateResultsPage, validateTask, validateTaskList } from './validate';

/** The subset of `fetch` (node-fetch or the platform's) that the client uses. */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** The body as text; rejects with a BodyTooLarge once more than `maxBytes` arrived (without reading on). */
  text(maxBytes: number): Promise<string>;
}

/** What `FetchResponse.text` rejects with when the body is over its limit. */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the response was larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
  }
}

/** No answer of this API comes near this; a broken server or proxy could send without end. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  redirect: 'manual';
  signal: AbortSignal;
}
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface ApiClientOptions {
  readonly fetch: FetchLike;
  readonly getBaseUrl: () => string;
  readonly getToken: () => Promise<string | undefined>;
  /** Per request, headers and body included. Default 30 s, as the official CLI. */
  readonly timeoutMs?: number;
  readonly userAgent?: string;
  /** The wall clock (Retry-After dates) and the request timeout's timer; the system's by default. */
  readonly clock?: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
}

export interface Page {
  readonly offset: number;
  readonly limit: number;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  getUser(): Promise<Result<Account>> {
    return this.request('GET', '/v1/user', validateAccount);
  }

  listTasks(page: Page): Promise<Result<Task[]>> {
    return this.request('GET', `/v1/discovery_tasks?offset=${page.offset}&limit=${page.limit}`, validateTaskList);
  }

  async getTask(id: string): Promise<Result<Task>> {
    if (!isTaskId(id)) return notATaskId(id);
    const r = await this.request('GET', `/v1/discovery_tasks/${encodeURIComponent(id)}`, validateTask);
    return aboutTask(r, id, (t) => t.id);
  }

  async getResults(id: string, page: Page): Promise<Result<ResultsPage>> {
    if (!isTaskId(id)) return notATaskId(id);
    const path = `/v1/discovery_tasks/${encodeURIComponent(id)}/results?offset=${page.offset}&limit=${page.limit}`;
    const r = await this.request('GET', path, (v) => validateResultsPage(v, page.offset));
    return aboutTask(r, id, (p) => p.task.id);
  }

  /** Starts a Deep Search. Not retried on any failure: a retry could start it twice. */
  createTask(body: CreateTaskBody): Promise<Result<Task>> {
    return this.request('POST', '/v1/discovery_tasks', validateTask, body);
  }

  async resumeTask(id: string, desiredNewResults: number): Promise<Result<Task>> {
    if (!isTaskId(id)) return notATaskId(id);
    const r = await this.request('POST', `/v1/discovery_tasks/${encodeURIComponent(id)}/resume`, validateTask, {
      desired_new_results: desiredNewResults,
    });
    return aboutTask(r, id, (t) => t.id);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    validate: (v: unknown) => Validation<T>,
    body?: unknown,
  ): Promise<Result<T>> {
    const base = checkBaseUrl(this.options.getBaseUrl());
    if (!base.ok) return fail({ kind: 'unexpected', message: base.reason });
    let token: string | undefined;
    try {
      token = await this.options.getToken();
    } catch {
      return fail({ kind: 'auth', message: 'The API token could not be read from Secret Storage.' });
    }
    if (!token) return fail({ kind: 'auth', message: 'No API token is set.', detail: NO_TOKEN });

    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      'User-Agent': this.options.userAgent ?? 'extruct-task-watcher',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const clock = this.options.clock ?? systemClock;
    const timer = clock.setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await this.options.fetch(base.url + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: controller.signal,
      });
      // Redacted before anything is cut or parsed out of it, so that no part of an echoed token survives.
      const raw = await res.text(MAX_BODY_BYTES).then((text) => text.split(token).join('[redacted]'));
      if (res.status < 200 || res.status >= 300)
        return fail(
          redact(
            httpError(res, raw, () => clock.now()),
            token,
          ),
        );
      if (raw.trim() === '') return fail(malformed('the response body was empty'));
      const parsed = parseJsonLenient(raw);
      if (!parsed.ok) return fail(malformed(`the response was not JSON (${describeBody(raw)})`));
      const valid = validate(parsed.value);
      return valid.ok ? ok(valid.value) : fail(malformed(valid.reason));
    } catch (e) {
      if (e instanceof BodyTooLarge) return fail(malformed(e.message));
      if (controller.signal.aborted)
        return fail({
          kind: 'timeout',
          message: `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`,
        });
      return fail({ kind: 'network', message: networkMessage(e) });
    } finally {
      clock.clearTimeout(timer);
    }
  }
}

/** Never a request for something that is not a task ID: an ID goes into the request's path. */
function notATaskId(id: string): Result<never> {
  return fail({ kind: 'unexpected', message: `"${id.slice(0, 40)}" is not a task ID, so nothing was requested` });
}

/** An answer about another task than the one asked for is not an answer (task IDs are UUIDs: any case). */
function aboutTask<T>(r: Result<T>, id: string, idOf: (v: T) => string): Result<T> {
  if (!r.ok) return r;
  const got = idOf(r.value);
  return got.toLowerCase() === id.toLowerCase() ? r : fail(malformed(`the answer is about task ${got.slice(0, 80)}, not ${id}`));
}

/** A server (or a proxy) may echo the credentials in an error body: they never reach an ApiError. */
function redact(e: ApiError, token: string): ApiError {
  if (!e.message.includes(token) && !e.detail?.includes(token)) return e;
  const clean = (s: string): string => s.split(token).join('[redacted]');
  return { ...e, message: clean(e.message), ...(e.detail !== undefined ? { detail: clean(e.detail) } : {}) };
}

function malformed(reason: string): ApiError {
  return { kind: 'malformed', message: `Unexpected response: ${reason}.` };
}

function describeBody(raw: string): string {
  const start = raw.trimStart().slice(0, 15).toLowerCase();
  if (start.startsWith('<!doctype') || start.startsWith('<html')) return 'an HTML page';
  return `${raw.length} bytes`;
}

function networkMessage(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ETIMEDOUT':
      return 'the connection timed out';
    default:
      return code ? `network error (${code})` : 'network error';
  }
}

/** Reads FastAPI's `detail`: a string, `{error: string}`, or a list of `{msg}`. */
function detailOf(raw: string): string | undefined {
  const parsed = parseJsonLenient(raw);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const detail = (parsed.value as { detail?: unknown }).detail;
  if (typeof detail === 'string') return detail.slice(0, 300);
  if (Array.isArray(detail)) {
    const msgs = detail
      .map((d: unknown) => (typeof d === 'object' && d !== null ? (d as { msg?: unknown }).msg : undefined))
      .filter((m): m is string => typeof m === 'string');
    return msgs.length ? msgs.join('; ').slice(0, 300) : undefined;
  }
  if (typeof detail === 'object' && detail !== null) {
    const err = (detail as { error?: unknown; message?: unknown }).error ?? (detail as { message?: unknown }).message;
    return typeof err === 'string' ? err.slice(0, 300) : undefined;
  }
  return undefined;
}

/** The `loc` of each FastAPI validation error ("body.criteria.0.criterion"), at most ten. */
function fieldsOf(raw: string): string[] {
  const parsed = parseJsonLenient(raw);
  const detail =
    parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? (parsed.value as { detail?: unknown }).detail : undefined;
  if (!Array.isArray(detail)) return [];
  return detail
    .map((d: unknown) => (typeof d === 'object' && d !== null ? (d as { loc?: unknown }).loc : undefined))
    .filter((loc): loc is unknown[] => Array.isArray(loc))
    .map((loc) =>
      loc
        .map((p) => (typeof p === 'string' || typeof p === 'number' ? String(p) : '?'))
        .join('.')
        .slice(0, 200),
    )
    .slice(0, 10);
}

/** `Retry-After` as seconds or an HTTP date, in ms from now (at most an hour); undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(v) * 1000));
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}

function httpError(res: FetchResponse, raw: string, now: () => number): ApiError {
  const status = res.status;
  const detail = detailOf(raw);
  const base = { status, ...(detail !== undefined ? { detail } : {}) };
  if (status === 401 || status === 403) return { ...base, kind: 'auth', message: `the API rejected the token (HTTP ${status})` };
  if (status === 402) return { ...base, kind: 'plan', message: `HTTP 402${detail ? `: ${detail}` : ''}` };
  if (status === 404) return { ...base, kind: 'not-found', message: 'HTTP 404: not found' };
  if (status === 400) return { ...base, kind: 'bad-request', message: `HTTP 400${detail ? `: ${detail}` : ''}` };
  if (status === 422) {
    const fields = fieldsOf(raw);
    return { ...base, kind: 'validation', message: `HTTP 422${detail ? `: ${detail}` : ''}`, ...(fields.length ? { fields } : {}) };
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now());
    return {
      ...base,
      kind: 'rate-limited',
      message: 'HTTP 429: too many requests',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (status >= 500) return { ...base, kind: 'server', message: `HTTP ${status}: the Extruct API had a server error` };
  if (status >= 300 && status < 400) {
    return { ...base, kind: 'unexpected', message: `HTTP ${status}: the API answered with a redirect, which is not followed` };
  }
  return { ...base, kind: 'unexpected', message: `HTTP ${status}` };
}
