// The HTTP control API for out-of-process users (UI tests, the demo). No Bearer token; 127.0.0.1 only.
//
//   POST   /__fake/tasks     body: a TaskProfile (JSON)            → 201 {"id": "..."}
//   GET    /__fake/tasks     → [{"id", "status", "num_results", "is_exhausted", "ends_at"}]
//   POST   /__fake/faults    body: one rule or an array of rules   → {"rules": <count installed>}
//                            (a rule's "path" is a regular-expression source string here)
//   DELETE /__fake/faults    → {"rules": 0}
//   GET    /__fake/requests  → {"total", "byRoute": {"GET /v1/discovery_tasks/{id}": n, ...}, "requests": [...]}
//   POST   /__fake/clock     body: {"advanceMs"?: number, "speed"?: number} → {"now": <simulated epoch ms>}
//   POST   /__fake/reset     → removes tasks, faults, the plan gate and the request log (not the mode) → {"ok": true}
//   POST   /__fake/mode      body: {"realistic": true|false}       → {"realistic": <now in force>}
//                            (the wire format switches at once; resume lag and stepped exhaustion apply to
//                            runs that start afterwards, i.e. tasks added and resumes accepted from then on)
//   GET    /__fake/mode      → {"realistic": boolean}
//   POST   /__fake/plan      body: {"gate": "plan_required" | "payment_failed" | "insufficient_credits" | null}
//                            → {"gate": <now in force, or null>}; while set, create and resume answer 402 (see api.ts)
//   GET    /__fake/plan      → {"gate": <reason or null>}
import type { Reply } from './api.js';
import { parseFaultRules, type FaultRule } from './faults.js';
import type { FakeModel } from './model.js';
import type { RequestLogEntry } from './server.js';
import { PLAN_GATES, type PlanGate, type TaskProfile } from './types.js';
import { isRecord, parseJson } from './validate.js';

export interface ControlTarget {
  readonly model: FakeModel;
  readonly requests: readonly RequestLogEntry[];
  addTask(profile: TaskProfile): string;
  script(...rules: FaultRule[]): void;
  clearFaults(): void;
  advance(ms: number): void;
  setSpeed(speed: number): void;
  now(): number;
  setRealistic(on: boolean): void;
  /** The plan gate in force (undefined: none). */
  readonly planGate: PlanGate | undefined;
  /** Sets the plan gate: create and resume answer 402 with `reason` until it is cleared (undefined). */
  setPlanGate(reason: PlanGate | undefined): void;
  reset(): void;
}

/** A plan gate reason from untrusted input; undefined when it is none of the three. */
export function parsePlanGate(v: unknown): PlanGate | undefined {
  return PLAN_GATES.find((g) => g === v);
}

const error = (status: number, message: string): Reply => ({ status, json: { detail: message } });

/** Groups request paths by route shape, e.g. `GET /v1/discovery_tasks/{id}/results`. */
export function routeKey(e: RequestLogEntry): string {
  return `${e.method} ${e.path.replace(/^(\/v1\/discovery_tasks\/)[^/]+/, '$1{id}')}`;
}

export function handleControl(target: ControlTarget, method: string, path: string, body: string): Reply {
  const key = `${method.toUpperCase()} ${path.replace(/\/+$/, '')}`;
  const json = (): unknown => {
    const parsed = parseJson(body.trim() === '' ? '{}' : body);
    if (!parsed.ok) throw new Error('invalid JSON body');
    return parsed.value;
  };
  try {
    switch (key) {
      case 'POST /__fake/tasks': {
        const profile = json();
        if (!isRecord(profile) || typeof profile.query !== 'string') return error(422, 'a profile needs a "query" string');
        return { status: 201, json: { id: target.addTask(profile as unknown as TaskProfile) } };
      }
      case 'GET /__fake/tasks':
        return {
          status: 200,
          json: target.model.ids().map((id) => {
            const s = target.model.snapshot(id);
            return { id, status: s?.status, num_results: s?.num_results, is_exhausted: s?.is_exhausted, ends_at: target.model.endsAt(id) };
          }),
        };
      case 'POST /__fake/faults': {
        const rules = parseFaultRules(json());
        target.script(...rules);
        return { status: 200, json: { rules: rules.length } };
      }
      case 'DELETE /__fake/faults':
        target.clearFaults();
        return { status: 200, json: { rules: 0 } };
      case 'GET /__fake/requests': {
        const byRoute: Record<string, number> = {};
        for (const e of target.requests) byRoute[routeKey(e)] = (byRoute[routeKey(e)] ?? 0) + 1;
        return { status: 200, json: { total: target.requests.length, byRoute, requests: target.requests } };
      }
      case 'POST /__fake/clock': {
        const b = json();
        if (!isRecord(b)) return error(422, 'expected an object');
        if (typeof b.speed === 'number') target.setSpeed(b.speed);
        if (typeof b.advanceMs === 'number') target.advance(b.advanceMs);
        return { status: 200, json: { now: target.now() } };
      }
      case 'POST /__fake/mode': {
        const b = json();
        if (!isRecord(b) || typeof b.realistic !== 'boolean') return error(422, 'expected {"realistic": true|false}');
        target.setRealistic(b.realistic);
        return { status: 200, json: { realistic: target.model.realistic } };
      }
      case 'GET /__fake/mode':
        return { status: 200, json: { realistic: target.model.realistic } };
      case 'POST /__fake/plan': {
        const b = json();
        const gate = isRecord(b) ? parsePlanGate(b.gate) : undefined;
        if (!isRecord(b) || !('gate' in b) || (b.gate !== null && gate === undefined))
          return error(422, `expected {"gate": ${PLAN_GATES.map((g) => `"${g}"`).join(' | ')} | null}`);
        target.setPlanGate(gate);
        return { status: 200, json: { gate: target.planGate ?? null } };
      }
      case 'GET /__fake/plan':
        return { status: 200, json: { gate: target.planGate ?? null } };
      case 'POST /__fake/reset':
        target.reset();
        return { status: 200, json: { ok: true } };
      default:
        return error(404, 'Not Found');
    }
  } catch (e) {
    return error(422, e instanceof Error ? e.message : String(e));
  }
}
