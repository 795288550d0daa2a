// The /v1 routes of the fake, as a pure function from request to reply (the server adds faults and I/O).
// Order as in FastAPI: route (404) → method (405) → bearer auth (401) → body/query validation (422) → handler.
//
// The plan gate (ApiContext.planGate; FakeExtruct.setPlanGate, POST /__fake/plan, cli --plan-gate) makes the two
// mutations, create and resume, answer 402 {"detail": {"error": <reason>, "message": <sentence>}}; reads never.
// It runs in the handler, after validation: FastAPI validates the body before the path function runs, and a billing
// check most plausibly lives in the function, since it needs the validated request (the credits a search may use,
// the task to resume). So an invalid body is a 422 even while gated, and a valid one is a 402. The docs do not say;
// had Extruct written the gate as a FastAPI dependency (`Depends`), the 402 would come first. On resume the gate
// comes before the task lookup (a 402, not a 404 or 400, for an unknown or exhausted task while gated).
import type { FakeModel } from './model.js';
import { REALISTIC_MAX_LIMIT } from './realistic.js';
import type { CreateTaskBody, PlanGate, PlanRefusalWire, TaskProfile, UserWire } from './types.js';
import { validateCreateBody, validatePaging, validateResumeBody } from './validate.js';

export interface Reply {
  status: number;
  /** Serialized as JSON unless `raw` is set. */
  json?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ApiContext {
  model: FakeModel;
  token: string;
  user: UserWire;
  /**
   * Scripts tasks created through POST /v1/discovery_tasks. `{}` runs them on the model's defaults: 3 s created, then
   * done after defaultDurationMs(desired_num_results) = 30 s + 0.6 s per result (31 s for 1, 90 s for 100, 3 min for 250).
   */
  profileFor: (body: CreateTaskBody) => Partial<TaskProfile>;
  /** When set, create and resume answer 402 with this reason (see the file comment). */
  planGate?: PlanGate;
}

export interface ApiRequest {
  method: string;
  path: string;
  search: URLSearchParams;
  authorization: string | undefined;
  body: string;
}

const TASK_PATH = /^\/v1\/discovery_tasks\/([^/]+)(\/results|\/resume)?$/;
export const DEFAULT_LIST_LIMIT = 50;
export const DEFAULT_RESULTS_LIMIT = 50;

/** The task id in a /v1/discovery_tasks/{id}[/results|/resume] path. */
export function taskIdOf(path: string): string | undefined {
  const m = TASK_PATH.exec(path);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** Validated paging; realistic mode silently caps `limit` (a client must not take a short page for the last one). */
function paging(ctx: ApiContext, req: ApiRequest, defaultLimit: number): ReturnType<typeof validatePaging> {
  const v = validatePaging(req.search, defaultLimit);
  if (!v.ok || !ctx.model.realistic) return v;
  return { ok: true, value: { offset: v.value.offset, limit: Math.min(v.value.limit, REALISTIC_MAX_LIMIT) } };
}

const detail = (status: number, d: unknown, headers?: Record<string, string>): Reply => ({ status, json: { detail: d }, headers });
const notFoundTask = (): Reply => detail(404, 'Task not found');

const PLAN_MESSAGES: Readonly<Record<PlanGate, string>> = {
  plan_required: 'Deep Search requires a Pro plan.',
  payment_failed: 'The last payment failed. Update the payment method to use paid features.',
  insufficient_credits: 'Not enough credits. Top up or wait for the monthly reset.',
};

/**
 * The 402 body. `detail.error` is what Extruct's own tooling reads ([OFF-REPO]); `message` is an [INF] addition, as
 * FastAPI business errors usually carry one. A client must go by `error`.
 */
export function planRefusal(gate: PlanGate): PlanRefusalWire {
  return { detail: { error: gate, message: PLAN_MESSAGES[gate] } };
}

/** The 402 reply while the plan gate is set, else undefined. */
const gated = (ctx: ApiContext): Reply | undefined => (ctx.planGate ? { status: 402, json: planRefusal(ctx.planGate) } : undefined);

type Handler = (ctx: ApiContext, req: ApiRequest, id: string) => Reply;

const routes: Array<{ match: (path: string) => boolean; methods: Record<string, Handler> }> = [
  { match: (p) => p === '/v1/user', methods: { GET: (ctx) => ({ status: 200, json: { ...ctx.user } }) } },
  {
    match: (p) => p === '/v1/discovery_tasks',
    methods: {
      GET: (ctx, req) => {
        const page = paging(ctx, req, DEFAULT_LIST_LIMIT);
        if (!page.ok) return detail(422, page.detail);
        return { status: 200, json: ctx.model.wireList(page.value.offset, page.value.limit) };
      },
      POST: (ctx, req) => {
        const body = validateCreateBody(req.body);
        if (!body.ok) return detail(422, body.detail);
        const refused = gated(ctx);
        if (refused) return refused;
        const at = ctx.model.now();
        const { id } = ctx.model.createTask(body.value, ctx.profileFor(body.value), at);
        return { status: 200, json: ctx.model.wireTask(id, at) };
      },
    },
  },
  {
    match: (p) => TASK_PATH.test(p) && !p.endsWith('/results') && !p.endsWith('/resume'),
    methods: {
      GET: (ctx, _req, id) => {
        const t = ctx.model.wireTask(id);
        return t ? { status: 200, json: t } : notFoundTask();
      },
    },
  },
  {
    match: (p) => TASK_PATH.test(p) && p.endsWith('/results'),
    methods: {
      GET: (ctx, req, id) => {
        const page = paging(ctx, req, DEFAULT_RESULTS_LIMIT);
        if (!page.ok) return detail(422, page.detail);
        const r = ctx.model.wireResults(id, page.value.offset, page.value.limit);
        return r ? { status: 200, json: r } : notFoundTask();
      },
    },
  },
  {
    match: (p) => TASK_PATH.test(p) && p.endsWith('/resume'),
    methods: {
      POST: (ctx, req, id) => {
        const n = validateResumeBody(req.body);
        if (!n.ok) return detail(422, n.detail);
        const refused = gated(ctx);
        if (refused) return refused;
        const at = ctx.model.now();
        const r = ctx.model.resume(id, n.value, at);
        return r.ok ? { status: 200, json: ctx.model.wireTask(id, at) } : detail(r.status, r.detail);
      },
    },
  },
];

function authError(ctx: ApiContext, authorization: string | undefined): Reply | undefined {
  const challenge = { 'WWW-Authenticate': 'Bearer' };
  const m = /^(\S+)\s+(.+)$/.exec((authorization ?? '').trim());
  if (!m || m[1]?.toLowerCase() !== 'bearer') return detail(401, 'Not authenticated', challenge);
  return m[2] === ctx.token ? undefined : detail(401, 'Could not validate credentials', challenge);
}

export function handleApi(ctx: ApiContext, req: ApiRequest): Reply {
  const { path } = req;
  if (path.length > 1 && path.endsWith('/')) {
    const query = req.search.toString();
    return { status: 307, raw: '', headers: { Location: path.replace(/\/+$/, '') + (query ? `?${query}` : '') } };
  }
  const route = routes.find((r) => r.match(path));
  if (!route) return detail(404, 'Not Found');
  const handler = route.methods[req.method.toUpperCase()];
  if (!handler) return detail(405, 'Method Not Allowed', { Allow: Object.keys(route.methods).join(', ') });
  return authError(ctx, req.authorization) ?? handler(ctx, req, taskIdOf(path) ?? '');
}
