/**
 * The fault rig: the real fake Extruct server, the real ApiClient over node-fetch, and the real
 * Scheduler + TaskStore on a FakeClock. Scheduling time is simulated; the network is real, so every
 * step advances the clock and then waits (in real time) until no request is in flight.
 */
import { ApiClient } from '../../../src/core/api/client';
import type { WatchEntry } from '../../../src/core/model/watchEntry';
import { Scheduler } from '../../../src/core/poll/scheduler';
import { TaskStore } from '../../../src/core/store/taskStore';
import { decodeWatchList, encodeWatchList } from '../../../src/core/store/watchListCodec';
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
    getToken: async () => fake.token,
    get timeoutMs() {
      return rig.timeoutMs;
    },
  });
  const scheduler = new Scheduler({
    store,
    clock,
    fetchTask: (id) => client.getTask(id),
    intervalMs: () => BASE_INTERVAL_MS,
    random: () => 0.5, // jitter factor exactly 1
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
      const at = entry(id).nextCheckAt;
      if (at === undefined) throw new Error(`${id} has no next check`);
      await step(Math.max(0, at - clock.now()));
    },
    close: async () => {
      scheduler.dispose();
      store.dispose();
      await fake.close();
    },
  });
  return rig;
}

/** What survives a restart: the entry as encoded, JSON-serialized and decoded again. */
export function roundTrip(entries: readonly WatchEntry[], now: number): { entries: WatchEntry[]; problems: string[] } {
  return decodeWatchList(JSON.parse(JSON.stringify(encodeWatchList(entries))), now);
}

/** The persisted part of an entry (what roundTrip must give back unchanged). */
export function persisted(e: WatchEntry): WatchEntry {
  const { error: _e, nextCheckAt: _n, errorCount: _c, ...rest } = e;
  return { ...rest, errorCount: 0 };
}
