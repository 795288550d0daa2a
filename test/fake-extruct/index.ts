// Public API of the fake Extruct API (test-only; node: built-ins only).
export { startFakeExtruct, DEFAULT_USER } from './server.js';
export type { FakeExtruct, FakeExtructOptions, RequestFilter, RequestLogEntry } from './server.js';
export {
  FakeModel,
  MAX_RESULTS,
  DEFAULT_DESIRED,
  DEFAULT_REALISTIC_RESUME_LAG_MS,
  defaultDurationMs,
  defaultCriteria,
  normalizeDomain,
} from './model.js';
export { REALISTIC_MAX_LIMIT, formatTimestamp, listOrderKey, traitsFor } from './realistic.js';
export type { ResumeOutcome, TaskState } from './model.js';
export { ManualClock, SimClock } from './clock.js';
export { FaultEngine, parseFaultRules, faultKind } from './faults.js';
export type { FaultAction, FaultKind, FaultRule } from './faults.js';
export { seedDemoTasks, DEMO_PROFILES } from './demo-tasks.js';
export type { DemoTask } from './demo-tasks.js';
export { routeKey, parsePlanGate } from './control.js';
export { planRefusal } from './api.js';
export { PLAN_GATES } from './types.js';
export type * from './types.js';
export type { Counters, Phase } from './timeline.js';
export { TAIL_STEPS } from './timeline.js';
