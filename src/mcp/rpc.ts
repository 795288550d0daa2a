/**
 * JSON-RPC 2.0 as MCP's stdio transport carries it: one message per line (lines.ts frames them), no
 * embedded line breaks. A request goes to the handler for its method; an RpcError a handler throws is
 * the error answer, anything else thrown an internal error with its message only (no stack). A
 * notification gets no answer; a batch (an array, allowed by MCP's 2025-03-26 revision) gets an array of
 * the answers to its requests. What cannot be read gets an error with id null, and the connection goes
 * on: no input ends it.
 *
 * Also here, because they concern any request: `notifications/cancelled` (the request's signal is
 * aborted and it gets no answer, as the specification asks) and progress (`notifications/progress` for a
 * request whose `_meta.progressToken` asked for it).
 */

/** JSON-RPC's error codes. */
export const RPC_ERROR = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
} as const;

/** An error answer with a code and a sentence saying what to do. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Id = string | number;

/** What a handler knows of the request it answers. */
export interface CallContext {
  /** The request's `_meta`, as the client sent it (an object, or undefined). */
  readonly meta: Readonly<Record<string, unknown>> | undefined;
  /** Tells the client how the request is going, when it asked for progress; otherwise does nothing. */
  progress(message: string): void;
  /** Aborted when the client cancels the request. */
  readonly signal: AbortSignal;
}

export type RequestHandler = (params: unknown, call: CallContext) => unknown;

export interface RpcOptions {
  /** Writes one message (a line without its line break). */
  readonly write: (line: string) => void;
  readonly requests: Readonly<Record<string, RequestHandler>>;
  /** Notifications this side understands; others are ignored, as JSON-RPC wants. */
  readonly notifications?: Readonly<Record<string, (params: unknown) => void>>;
  readonly log: (message: string) => void;
}

interface Running {
  readonly abort: AbortController;
}

const isId = (v: unknown): v is Id => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class RpcConnection {
  private readonly running = new Map<Id, Running>();
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly o: RpcOptions) {}

  /** Requests being answered now. */
  get busy(): number {
    return this.running.size;
  }

  /** Resolves when no request is being answered. */
  idle(): Promise<void> {
    return this.running.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes in one line; answers when the answer is ready (in the order answers are ready, as JSON-RPC allows). */
  receive(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.send(errorAnswer(null, RPC_ERROR.parse, 'Parse error: a message must be one line of JSON (JSON-RPC 2.0).'));
      return;
    }
    if (Array.isArray(message)) {
      if (message.length === 0) {
        this.send(errorAnswer(null, RPC_ERROR.invalidRequest, 'Invalid request: an empty batch.'));
        return;
      }
      void Promise.all(message.map((m) => this.handle(m))).then((answers) => {
        const sent = answers.filter((a) => a !== undefined);
        if (sent.length) this.o.write(JSON.stringify(sent));
      });
      return;
    }
    void this.handle(message).then((answer) => answer && this.send(answer));
  }

  /** Sends a notification to the client. */
  notify(method: string, params: Record<string, unknown>): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** One message: the answer to send (undefined for a notification, a response, or a cancelled request). */
  private async handle(message: unknown): Promise<object | undefined> {
    if (!isRecord(message) || message.jsonrpc !== '2.0') {
      return errorAnswer(isRecord(message) && isId(message.id) ? message.id : null, RPC_ERROR.invalidRequest, INVALID);
    }
    const { id, method, params } = message;
    if (typeof method !== 'string') {
      // A response: this server sends no requests, so none is awaited.
      if ('result' in message || 'error' in message) return undefined;
      return errorAnswer(isId(id) ? id : null, RPC_ERROR.invalidRequest, INVALID);
    }
    if (!('id' in message)) {
      this.onNotification(method, params);
      return undefined;
    }
    if (!isId(id)) return errorAnswer(null, RPC_ERROR.invalidRequest, 'Invalid request: "id" must be a string or a number.');
    if (this.running.has(id))
      return errorAnswer(id, RPC_ERROR.invalidRequest, `Invalid request: a request with id ${JSON.stringify(id)} is still running.`);
    const handler = Object.hasOwn(this.o.requests, method) ? this.o.requests[method] : undefined;
    if (!handler) return errorAnswer(id, RPC_ERROR.methodNotFound, `Method not found: ${JSON.stringify(method.slice(0, 60))}.`);

    const abort = new AbortController();
    this.running.set(id, { abort });
    const meta = isRecord(params) && isRecord(params._meta) ? params._meta : undefined;
    const token = meta?.progressToken;
    let step = 0;
    const call: CallContext = {
      meta,
      signal: abort.signal,
      progress: (text) => {
        if (isId(token) && !abort.signal.aborted)
          this.notify('notifications/progress', { progressToken: token, progress: ++step, message: text });
      },
    };
    try {
      const result = await handler(params, call);
      return abort.signal.aborted ? undefined : { jsonrpc: '2.0', id, result: result ?? {} };
    } catch (e) {
      if (abort.signal.aborted) return undefined;
      if (e instanceof RpcError) return errorAnswer(id, e.code, e.message);
      this.o.log(`The request ${JSON.stringify(method)} failed: ${e instanceof Error ? e.message : String(e)}`);
      return errorAnswer(id, RPC_ERROR.internal, `Internal error: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.running.delete(id);
      if (this.running.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private onNotification(method: string, params: unknown): void {
    if (method === 'notifications/cancelled') {
      const requestId = isRecord(params) ? params.requestId : undefined;
      if (isId(requestId)) this.running.get(requestId)?.abort.abort();
      return;
    }
    const handler = this.o.notifications && Object.hasOwn(this.o.notifications, method) ? this.o.notifications[method] : undefined;
    try {
      handler?.(params);
    } catch (e) {
      this.o.log(`The notification ${JSON.stringify(method)} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private send(message: object): void {
    this.o.write(JSON.stringify(message));
  }
}

const INVALID = 'Invalid request: expected a JSON-RPC 2.0 object with "jsonrpc": "2.0", a "method" and, for a request, an "id".';

function errorAnswer(id: Id | null, code: number, message: string): object {
  return { jsonrpc: '2.0', id, error: { code, message } };
}
