// Runs the fake Extruct API standalone on 127.0.0.1:
//
//   node out/test/fake-extruct/cli.mjs [--port N] [--token T] [--demo] [--speed X] [--realistic]
//                                      [--plan-gate plan_required|payment_failed|insufficient_credits]
//
// --realistic starts in realistic mode (see server.ts; switchable later with POST /__fake/mode).
// --plan-gate starts with the plan gate set: create and resume answer 402 with that reason (see api.ts; switchable
// later with POST /__fake/plan {"gate": null}).
// When ready it prints one JSON line to stdout: {"url", "token", "realistic", "planGate", "tasks": [{"id", "query", "story"}]}.
// Log lines go to stderr. SIGINT / SIGTERM close it cleanly. The control API is under /__fake (see control.ts).
import { parsePlanGate } from './control.js';
import { seedDemoTasks, type DemoTask } from './demo-tasks.js';
import { startFakeExtruct } from './server.js';
import { PLAN_GATES, type PlanGate } from './types.js';

const USAGE = `usage: cli.mjs [--port N] [--token T] [--demo] [--speed X] [--realistic] [--plan-gate ${PLAN_GATES.join('|')}]`;

interface CliArgs {
  port: number;
  token: string;
  demo: boolean;
  speed: number;
  realistic: boolean;
  planGate: PlanGate | undefined;
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { port: 0, token: 'test-token', demo: false, speed: 1, realistic: false, planGate: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const number = (): number => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number`);
      return n;
    };
    if (flag === '--port') args.port = Math.floor(number());
    else if (flag === '--token') args.token = value();
    else if (flag === '--speed') args.speed = number();
    else if (flag === '--demo') args.demo = true;
    else if (flag === '--realistic') args.realistic = true;
    else if (flag === '--plan-gate') {
      const v = value();
      args.planGate = parsePlanGate(v);
      if (args.planGate === undefined) throw new Error(`--plan-gate needs one of ${PLAN_GATES.join(', ')} (got "${v}")`);
    } else if (flag === '--help' || flag === '-h') {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument: ${flag}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const fake = await startFakeExtruct({
    port: args.port,
    token: args.token,
    speed: args.speed,
    realistic: args.realistic,
    planGate: args.planGate,
  });
  const tasks: DemoTask[] = args.demo ? seedDemoTasks(fake) : [];
  const planGate = fake.planGate ?? null;
  process.stdout.write(`${JSON.stringify({ url: fake.url, token: fake.token, realistic: args.realistic, planGate, tasks })}\n`);
  const notes = [`speed ${args.speed}×`, ...(args.realistic ? ['realistic'] : []), ...(planGate ? [`plan gate ${planGate}`] : [])];
  process.stderr.write(`fake-extruct listening on ${fake.url} (${notes.join(', ')})\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`fake-extruct: ${signal}, closing\n`);
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`fake-extruct: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
