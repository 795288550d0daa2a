/**
 * The MCP server's start-up and memory, side by side (never pass/fail). Run after a production build
 * (scripts/bench.mjs runs it in its start-up stage), so dist/mcp.js is what ships.
 *
 * Three processes, started in turn ROUNDS times on the same runtime (this Node, as VS Code's own runtime
 * would run them), each sent `initialize`, `notifications/initialized` and `tools/list` at once:
 *   - the runtime alone: a script that answers one line (the floor: starting the runtime);
 *   - dist/mcp.js, on a shared folder of TASKS watched tasks with their last states, written by the real
 *     store code (a WindowSync that polled them, then closed);
 *   - the same five tools served by @modelcontextprotocol/sdk's McpServer (bench/support/sdkServer.ts,
 *     bundled and minified here the same way): the protocol only, no shared folder.
 * Measured: the time from spawn to the `tools/list` answer, the resident memory (VmRSS) right after it,
 * and for dist/mcp.js the first `extruct_listTasks` answer over the TASKS tasks.
 *
 *   node out/bench/mcp.mjs [--json file]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Result } from '../src/core/api/errors';
import type { Task } from '../src/core/api/types';
import { validateTask } from '../src/core/api/validate';
import { MCP_ENV } from '../src/core/agent/mcpLaunch';
import { Scheduler } from '../src/core/poll/scheduler';
import { TaskStore } from '../src/core/store/taskStore';
import { WindowSync } from '../src/core/sync/windowSync';
import { systemClock } from '../src/core/util/clock';
import { FakeModel } from '../test/fake-extruct/index.js';
import { fixed, median, percentile, table, writeJson } from './support/stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const TASKS = 100;
const MIN = 60_000;
const quiet = { info: () => undefined, warn: () => undefined };

/** A shared folder as a window leaves it: TASKS watched tasks, each with the state its poller wrote. */
async function sharedFolder(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-bench-mcp-'));
  const model = new FakeModel({ now: () => Date.now() });
  const ids = Array.from({ length: TASKS }, (_, i) =>
    model.addTask({
      query: `Bench search ${i + 1}: B2B software companies in region ${i % 12}`,
      durationMs: 40 * MIN,
      ageMs: (i % 30) * MIN,
    }),
  );
  const store = new TaskStore();
  const fetchTask = (id: string): Promise<Result<Task>> => {
    const v = validateTask(model.wireTask(id));
    return Promise.resolve(v.ok ? { ok: true, value: v.value } : { ok: false, error: { kind: 'malformed', message: v.reason } });
  };
  const scheduler = new Scheduler({ store, clock: systemClock, fetchTask, intervalMs: () => 10_000 });
  const shared = new WindowSync({ dir, store, scheduler, clock: systemClock, log: quiet, focused: true });
  await shared.start();
  shared.setHasToken(true);
  shared.watch(ids);
  await shared.refresh(ids);
  await shared.settled();
  shared.dispose(); // writes what is pending, and leaves
  scheduler.dispose();
  store.dispose();
  return dir;
}

/** The SDK server, bundled like dist/mcp.js (CommonJS would not allow its top-level await: ESM). */
async function sdkBundle(): Promise<string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
    contributes: { languageModelTools: { displayName: string }[] };
  };
  // The titles in English, as esbuild.mjs puts them into dist/mcp.js (package.json says `%key%`).
  const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const tools = pkg.contributes.languageModelTools.map((t) => ({ ...t, displayName: nls[t.displayName.slice(1, -1)] ?? t.displayName }));
  const outfile = path.join(root, 'out/bench/sdkServer.bundle.mjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'bench/support/sdkServer.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    logLevel: 'error',
    define: { EXTRUCT_MANIFEST: JSON.stringify({ version: pkg.version, tools }) },
  });
  return outfile;
}

const FLOOR = `process.stdin.once('data', () => { process.stdout.write('{"jsonrpc":"2.0","id":2,"result":{}}\\n'); process.exit(0); });`;

interface Sample {
  readonly startMs: number;
  readonly rssMB: number;
  readonly listMs?: number;
  readonly listRssMB?: number;
}

function rssMB(pid: number | undefined): number {
  const status = pid === undefined ? '' : fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return kb === undefined ? NaN : Number(kb) / 1024;
}

/** Spawns, sends the opening messages at once, and times the answers by id. */
async function run(args: readonly string[], env: Record<string, string>, listTasks: boolean): Promise<Sample> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env: { ...env, PATH: '' }, stdio: ['pipe', 'pipe', 'ignore'] });
  const answers = new Map<number, number>();
  const waiters = new Map<number, () => void>();
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const id = (JSON.parse(buffer.slice(0, i)) as { id?: unknown }).id;
      buffer = buffer.slice(i + 1);
      if (typeof id === 'number') {
        answers.set(id, performance.now());
        waiters.get(id)?.();
      }
    }
  });
  const answered = (id: number): Promise<number> =>
    answers.has(id) ? Promise.resolve(answers.get(id)!) : new Promise((resolve) => waiters.set(id, () => resolve(answers.get(id)!)));
  const send = (o: object): void => void child.stdin.write(`${JSON.stringify(o)}\n`);
  send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  const listed = await answered(2);
  const sample: Sample = { startMs: listed - t0, rssMB: rssMB(child.pid) };
  let extra = {};
  if (listTasks) {
    const t1 = performance.now();
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'extruct_listTasks', arguments: { limit: 100 } } });
    extra = { listMs: (await answered(3)) - t1, listRssMB: rssMB(child.pid) };
  }
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.stdin.end();
  await exited;
  return { ...sample, ...extra };
}

const dir = await sharedFolder();
const sdk = await sdkBundle();
const mcp = path.join(root, 'dist/mcp.js');
const productionBuild = !fs.existsSync(`${mcp}.map`);
const env = { [MCP_ENV.dir]: dir };
const kinds = {
  floor: { args: ['-e', FLOOR], list: false },
  ours: { args: [mcp], list: true },
  sdk: { args: [sdk], list: false },
} as const;
const samples: Record<keyof typeof kinds, Sample[]> = { floor: [], ours: [], sdk: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const k of Object.keys(kinds) as Array<keyof typeof kinds>) samples[k].push(await run(kinds[k].args, env, kinds[k].list));
}
fs.rmSync(dir, { recursive: true, force: true });

const sum = (xs: readonly number[]) => ({ median: median(xs), p90: percentile(xs, 90) });
const figures = Object.fromEntries(
  (Object.keys(kinds) as Array<keyof typeof kinds>).map((k) => {
    const s = samples[k];
    return [
      k,
      {
        startMs: sum(s.map((x) => x.startMs)),
        rssMB: sum(s.map((x) => x.rssMB)),
        ...(kinds[k].list ? { listMs: sum(s.map((x) => x.listMs ?? NaN)), listRssMB: sum(s.map((x) => x.listRssMB ?? NaN)) } : {}),
      },
    ];
  }),
) as Record<
  keyof typeof kinds,
  {
    startMs: { median: number; p90: number };
    rssMB: { median: number; p90: number };
    listMs?: { median: number; p90: number };
    listRssMB?: { median: number; p90: number };
  }
>;
const bytes = { ours: fs.statSync(mcp).size, sdk: fs.statSync(sdk).size };

const f = figures;
console.log(
  `MCP server start-up, ${ROUNDS} rounds, Node ${process.version}${productionBuild ? '' : ' (NOT a production build of dist/mcp.js)'}`,
);
console.log(
  table([
    ['process', 'spawn → tools/list (median, p90)', 'RSS after (median)', 'bundle'],
    [
      'the runtime alone (answers one line)',
      `${fixed(f.floor.startMs.median)} ms, ${fixed(f.floor.startMs.p90)} ms`,
      `${fixed(f.floor.rssMB.median)} MB`,
      '',
    ],
    [
      `dist/mcp.js, ${TASKS} watched tasks`,
      `${fixed(f.ours.startMs.median)} ms, ${fixed(f.ours.startMs.p90)} ms`,
      `${fixed(f.ours.rssMB.median)} MB`,
      `${fixed(bytes.ours / 1024)} KB`,
    ],
    [
      `  then extruct_listTasks over ${TASKS} tasks`,
      `${fixed(f.ours.listMs?.median ?? NaN)} ms, ${fixed(f.ours.listMs?.p90 ?? NaN)} ms`,
      `${fixed(f.ours.listRssMB?.median ?? NaN)} MB`,
      '',
    ],
    [
      'the SDK’s McpServer, same tools (protocol only)',
      `${fixed(f.sdk.startMs.median)} ms, ${fixed(f.sdk.startMs.p90)} ms`,
      `${fixed(f.sdk.rssMB.median)} MB`,
      `${fixed(bytes.sdk / 1024)} KB`,
    ],
  ]),
);
writeJson({ rounds: ROUNDS, tasks: TASKS, node: process.version, productionBuild, figures, bytes });
