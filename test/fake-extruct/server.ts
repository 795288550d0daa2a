// A local fake of the Extruct Deep Search API on node:http, listening on 127.0.0.1 only.
//
//   const fake = await startFakeExtruct({ speed: 0 });          // frozen clock; move it with fake.advance(ms)
//   const real = await startFakeExtruct({ realistic: true });   // realistic mode: see realistic.ts and model.ts
//   const id = fake.addTask({ query: 'Freight SaaS in Europe', desiredNumResults: 20, durationMs: 60_000 });
//   fake.script({ path: `/v1/discovery_tasks/${id}`, nth: 2, action: { status: 429, headers: { 'Retry-After': '3' } } });
//   await fetch(`${fake.url}/v1/discovery_tasks/${id}`, { headers: { Authorization: `Bearer ${fake.token}` } });
//   fake.setPlanGate('insufficient_credits');                // create and resume answer 402 until setPlanGate(undefined)
//   await fake.close();
//
// /v1 routes: see api.ts; faults: faults.ts; the control API (/__fake/*, no token): control.ts.
// Uses only node: built-ins, so it can be bundled into the extension-host integration tests.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleApi, taskIdOf, type ApiContext, type Reply } from './api.js';
import { SimClock } from './clock.js';
import { handleControl, type ControlTarget } from './control.js';
import { FaultEngine, faultKind, type FaultAction, type FaultKind, type FaultRule } from './faults.js';
import { FakeModel } from './model.js';
import type { CreateTaskBody, PlanGate, TaskProfile, UserWire } from './types.js';

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  taskId?: string;
  /** The status sent; 0 while delayed, and for hang/reset faults. */
  status: number;
  /** Wall-clock epoch ms when the request arrived. */
  at: number;
  fault?: FaultKind;
  /** The User-Agent header: which client asked (the extension, or its MCP server). */
  agent?: string;
}

export interface RequestFilter {
  method?: string;
  pathPrefix?: string;
  taskId?: string;
  /** Requests whose User-Agent starts with this. */
  agentPrefix?: string;
}

export interface FakeExtructOptions {
  /** Default 0: a free port. */
  port?: number;
  /** The accepted Bearer token (default 'test-token'). */
  token?: string;
  /** Simulated time runs this many times faster than wall time (default 1; 0 freezes it). */
  speed?: number;
  /** Simulated epoch ms at start (default: now). */
  startAt?: number;
  /** Replaces the simulated clock entirely. */
  now?: () => number;
  user?: Partial<UserWire>;
  /**
   * How tasks created through POST /v1/discovery_tasks run. Default `{}`: the body decides everything the API lets
   * it (query, desired_num_results, criteria, sources, exclusions) and the model's defaults the timeline: 3 s in
   * 'created', then 'done' at 30 s + 0.6 s per desired result (defaultDurationMs: 3 minutes of fake time at most).
   */
  createProfile?: Partial<TaskProfile> | ((body: CreateTaskBody) => Partial<TaskProfile>);
  /** Start with the plan gate set: create and resume answer 402 with this reason (see setPlanGate). */
  planGate?: PlanGate;
  /**
   * Realistic mode (default false, "friendly"): undocumented-but-plausible API behaviour. Wire format: optional
   * fields missing or null, extra fields, mixed timestamp spellings, shuffled task list, limit capped at 50.
   * Time: resumes stay as they were for resumeLagMs, exhaustion long before done with enrichment still rising.
   */
  realistic?: boolean;
}

export interface FakeExtruct extends ControlTarget {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly model: FakeModel;
  readonly clock: SimClock;
  readonly requests: readonly RequestLogEntry[];
  /** Adds a scripted task (id from profile.id or a random UUID v4). */
  addTask(profile: TaskProfile): string;
  requestCount(filter?: RequestFilter): number;
  /** Appends fault rules (checked in order). */
  script(...rules: FaultRule[]): void;
  clearFaults(): void;
  /** Replaces the simulated clock's source (advance() offsets still apply on top). */
  setClock(fn: () => number): void;
  setSpeed(speed: number): void;
  advance(ms: number): void;
  now(): number;
  /** Whether realistic mode is on. */
  readonly realistic: boolean;
  /** Switches realistic mode: the wire format at once; time behaviour for runs (tasks, resumes) started afterwards. */
  setRealistic(on: boolean): void;
  /** The plan gate in force, if any. */
  readonly planGate: PlanGate | undefined;
  /**
   * The plan gate: while set, POST /v1/discovery_tasks and POST …/resume answer HTTP 402
   * `{"detail": {"error": reason, "message": "…"}}` after body validation (a 422 still comes first); GETs are never
   * gated. `undefined` clears it. Also `POST /__fake/plan {"gate": …}` and `cli --plan-gate <reason>`.
   */
  setPlanGate(reason: PlanGate | undefined): void;
  /** Removes tasks, faults, the plan gate and the request log (the mode stays). */
  reset(): void;
  /** Stops listening and destroys every open (also hung) connection. */
  close(): Promise<void>;
}

export const DEFAULT_USER: UserWire = {
  user_id: 'user_demo_0001',
  email: 'demo@example.com',
  available_credits: 1000,
  organization_id: null,
  organization_name: null,
  organization_slug: null,
  organization_is_active: true,
};

const MAX_BODY = 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  // `?? null`: JSON.stringify(undefined) is undefined, not a string (whatever its declared type says).
  const text = reply.raw ?? JSON.stringify(reply.json ?? null);
  res.writeHead(reply.status, {
    'Content-Type': reply.raw !== undefined ? (reply.contentType ?? 'text/plain; charset=utf-8') : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

/** The reply of a fault that answers by itself (not hang/reset/delay). */
function faultReply(action: FaultAction, normal: () => Reply): Reply {
  if ('malformed' in action) {
    const text = JSON.stringify(normal().json ?? {});
    return { status: 200, raw: text.slice(0, Math.max(1, Math.floor(text.length / 2))), contentType: 'application/json' };
  }
  if ('raw' in action)
    return { status: action.status ?? 200, raw: action.raw, contentType: action.contentType ?? 'text/html; charset=utf-8' };
  if ('json' in action) return { status: 200, json: action.json ?? null };
  if ('redirect' in action) return { status: action.status ?? 302, raw: '', headers: { Location: action.redirect } };
  if ('status' in action) {
    const body = action.body ?? { detail: http.STATUS_CODES[action.status] ?? 'Error' };
    return typeof body === 'string'
      ? { status: action.status, raw: body, headers: action.headers }
      : { status: action.status, json: body, headers: action.headers };
  }
  return normal();
}

export async function startFakeExtruct(options: FakeExtructOptions = {}): Promise<FakeExtruct> {
  const clock = new SimClock(options.speed ?? 1, options.startAt ?? Date.now());
  if (options.now) clock.setSource(options.now);
  const model = new FakeModel({ now: clock.now, realistic: options.realistic ?? false });
  const faults = new FaultEngine();
  const requests: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const { createProfile } = options;
  const ctx: ApiContext = {
    model,
    token: options.token ?? 'test-token',
    user: { ...DEFAULT_USER, ...options.user },
    profileFor: (body) => (typeof createProfile === 'function' ? createProfile(body) : (createProfile ?? {})),
    planGate: options.planGate,
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const body = await readBody(req);
    if (path === '/__fake' || path.startsWith('/__fake/')) {
      send(res, handleControl(fake, method, path, body));
      return;
    }
    const taskId = taskIdOf(path);
    const agent = req.headers['user-agent'];
    const entry: RequestLogEntry = {
      method,
      path,
      status: 0,
      at: Date.now(),
      ...(taskId !== undefined ? { taskId } : {}),
      ...(agent !== undefined ? { agent } : {}),
    };
    requests.push(entry);
    const normal = (): Reply => handleApi(ctx, { method, path, search: url.searchParams, authorization: req.headers.authorization, body });
    const action = faults.match(method, path, taskId);
    if (action) {
      entry.fault = faultKind(action);
      if ('hang' in action) return;
      if ('reset' in action) {
        req.socket.destroy();
        return;
      }
      if ('delayMs' in action) {
        await sleep(action.delayMs);
        if (closed) return;
      } else {
        const reply = faultReply(action, normal);
        entry.status = reply.status;
        send(res, reply);
        return;
      }
    }
    const reply = normal();
    entry.status = reply.status;
    send(res, reply);
  }

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      send(res, { status: 500, json: { detail: `fake-extruct error: ${e instanceof Error ? e.message : String(e)}` } });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const fake: FakeExtruct = {
    url: `http://127.0.0.1:${port}`,
    port,
    token: ctx.token,
    model,
    clock,
    requests,
    addTask: (profile) => model.addTask(profile),
    requestCount: (filter = {}) =>
      requests.filter(
        (e) =>
          (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
          (filter.pathPrefix === undefined || e.path.startsWith(filter.pathPrefix)) &&
          (filter.taskId === undefined || e.taskId === filter.taskId) &&
          (filter.agentPrefix === undefined || (e.agent ?? '').startsWith(filter.agentPrefix)),
      ).length,
    script: (...rules) => faults.add(...rules),
    clearFaults: () => faults.clear(),
    setClock: (fn) => clock.setSource(fn),
    setSpeed: (speed) => clock.setSpeed(speed),
    advance: (ms) => clock.advance(ms),
    now: () => clock.now(),
    get realistic() {
      return model.realistic;
    },
    setRealistic: (on) => {
      model.realistic = on;
    },
    get planGate() {
      return ctx.planGate;
    },
    setPlanGate: (reason) => {
      ctx.planGate = reason;
    },
    reset: () => {
      model.clear();
      faults.clear();
      ctx.planGate = undefined;
      requests.length = 0;
    },
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      return done;
    },
  };
  return fake;
}
