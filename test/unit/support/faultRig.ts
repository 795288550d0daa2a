/**
 * The fault rig: the real fake Extruct server, the real ApiClient over node-fetch, and the real
 * Scheduler + TaskStore on a FakeClock. Scheduling time is simulated; the network is real, so every
 * step advances the clock and then waits (in real time) until no request is in flight.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiClient } from '../../../src/core/api/client';
import type { ApiError } from '../../../src/core/api/errors';
import { TokenPause } from '../../../src/core/auth/tokenPause';
import { WindowSync } from '../../../src/core/sync/windowSync';
import { Emitter } from '../../../src/core/util/emitter';
import type { WatchEntry } from '../../../src/core/model/watchEntry';
import { Scheduler } from '../../../src/core/poll/scheduler';
import { TaskStore } from '../../../src/core/store/taskStore';
import { decodeSnapshot, encodeSnapshot, snapshotOf, type TaskSnapshot } from '../../../src/core/sync/snapshot';
import { startFakeExtruct, type FakeExtruct } from '../../fake-extruct/index.js';
import { FakeClock, settle } from './fakeClock';
import { sleep } from './loopback';
import { nodeFetchAdapter } from './nodeFetchAdapter';

export const BASE_INTERVAL_MS = 10_000;
/** The client timeout in the tests that provoke one; the others use a generous one (big answers on a busy machine). */
export const CLIENT_TIMEOUT_MS = 250;
export const DEFAULT_TIMEOUT_MS = 3_000;

export interface FaultRig {
  readonly fake: FakeExtruct;
  readonly client: ApiClient;
  readonly clock: FakeClock;
  readonly store: TaskStore;
  readonly scheduler: Scheduler;
  /** Base URL the client uses; tests may point it elsewhere (a closed port). */
  baseUrl: string;
  /** The client's timeout, read at every request (DEFAULT_TIMEOUT_MS unless a test lowers it). */
  timeoutMs: number;
  /** Moves simulated time by `ms`, then waits until every request the scheduler started has answered. */
  step(ms?: number): Promise<void>;
  /**
   * Gives the rig the real owner of the token pause, with the real shared state (a temporary folder)
   * behind it, as the extension has them; the token itself is the fake's.
   */
  withTokenPause(): Promise<TokenPause>;
  /** Watches the tasks: through the shared state once the rig has it (withTokenPause), else in the store. */
  watch(ids: readonly string[]): void;
  /** Steps to the entry's next check (which must be planned). */
  stepToNextCheck(id: string): Promise<void>;
  entry(id: string): WatchEntry;
  close(): Promise<void>;
}

export async function startFaultRig(start: number): Promise<FaultRig> {
  const clock = new FakeClock(start);
  // The fake's tasks move on the same simulated time as the scheduler.
  const fake = await startFakeExtruct({ now: () => clock.now() });
  const store = new TaskStore();
  const rig = {} as FaultRig;
  rig.baseUrl = fake.url;
  rig.timeoutMs = DEFAULT_TIMEOUT_MS;
  const client = new ApiClient({
    fetch: nodeFetchAdapter,
    getBaseUrl: () => rig.baseUrl,
    getToken: () => Promise.resolve(fake.token),
    get timeoutMs() {
      return rig.timeoutMs;
    },
  });
  let onAuthError: ((id: string, e: ApiError) => void) | undefined;
  let shared: WindowSync | undefined;
  const cleanups: Array<() => void> = [];
  const scheduler = new Scheduler({
    store,
    clock,
    fetchTask: (id) => client.getTask(id),
    intervalMs: () => BASE_INTERVAL_MS,
    random: () => 0.5, // jitter factor exactly 1
    onAuthError: (id, e) => onAuthError?.(id, e),
  });
  const step = async (ms = 0): Promise<void> => {
    await clock.advance(ms);
    const deadline = Date.now() + 5_000;
    while (scheduler.requestsInFlight > 0) {
      if (Date.now() > deadline) throw new Error('a request is still in flight after 5 s');
      await sleep(1);
    }
    await settle();
  };
  const entry = (id: string): WatchEntry => {
    const e = store.get(id);
    if (!e) throw new Error(`no entry ${id}`);
    return e;
  };
  Object.assign(rig, {
    fake,
    client,
    clock,
    store,
    scheduler,
    step,
    entry,
    stepToNextCheck: async (id: string) => {
      const at = scheduler.pollInfo(id).nextCheckAt;
      if (at === undefined) throw new Error(`${id} has no next check`);
      await step(Math.max(0, at - clock.now()));
    },
    watch: (ids: readonly string[]) => {
      if (shared) shared.watch(ids);
      else store.add(ids, clock.now());
    },
    withTokenPause: async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-rig-'));
      const quiet = { info: () => undefined, warn: () => undefined };
      const coordinator = new WindowSync({ dir, store, scheduler, clock, log: quiet, focused: true });
      await coordinator.start();
      shared = coordinator;
      const changed = new Emitter<string | undefined>();
      const pause = new TokenPause(
        store,
        { get: () => Promise.resolve(fake.token), reload: () => Promise.resolve(), onDidChange: changed.event, sharedBetweenWindows: true },
        client,
        coordinator,
        quiet,
      );
      await pause.start();
      onAuthError = (id, e) => pause.onAuthError(id, e);
      cleanups.push(() => {
        pause.dispose();
        coordinator.dispose();
        fs.rmSync(dir, { recursive: true, force: true });
      });
      return pause;
    },
    close: async () => {
      cleanups.forEach((c) => c());
      scheduler.dispose();
      store.dispose();
      await fake.close();
    },
  });
  return rig;
}

/** What another window (or a restart) gets of an entry: its snapshot, encoded and decoded again. */
export function roundTrip(e: WatchEntry, now: number): TaskSnapshot | undefined {
  return decodeSnapshot(e.id, encodeSnapshot(e.id, snapshotOf(e, { t: now, c: 0, w: 'test' }, now)))?.snapshot;
}
