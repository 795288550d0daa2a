/**
 * The Extruct Task Watcher's MCP server (dist/mcp.js): a plain Node process that VS Code starts for
 * agents outside the extension host (src/extension/mcp/ registers it), speaking MCP over stdio. It reads
 * the shared folder as a process that is no window (core/sync/peerSync.ts): the watch list and the tasks'
 * last states, as fresh as the tree, with no request of its own; it asks the window in front for what only
 * a window may do (start a Deep Search, after asking the user).
 *
 * It runs with VS Code's own runtime (the extension host's `process.execPath`, with ELECTRON_RUN_AS_NODE
 * on the desktop), so no Node on the PATH is needed. It ends when its input ends (VS Code stops it),
 * on SIGTERM, and by itself once the API token it was given is no longer the user's (token.ts) and
 * nothing is being answered: VS Code then starts it again, with the current token, when it is next used.
 */
import { MCP_ENV } from '../core/agent/mcpLaunch';
import { ApiClient } from '../core/api/client';
import { EtaTracker } from '../core/model/eta';
import { PeerSync } from '../core/sync/peerSync';
import { SCAN_MS } from '../core/sync/lease';
import { systemClock } from '../core/util/clock';
import { readConfig } from './config';
import { platformFetch } from './http';
import { LineReader } from './lines';
import { MANIFEST } from './manifest';
import { Output } from './output';
import { RpcConnection } from './rpc';
import { mcpMethods } from './server';
import { ServerToken } from './token';
import { McpTools } from './tools';

function main(): void {
  const read = readConfig(process.env);
  // The token stays in this process's memory only, not in an environment anything could inherit.
  Reflect.deleteProperty(process.env, MCP_ENV.token);
  if (!read.ok) {
    process.stderr.write(`[error] ${read.problem}\n`);
    process.exit(2);
  }
  const { config } = read;
  const clock = systemClock;
  const out = new Output(process.stdout, process.stderr, () => config.secret);
  const peer = new PeerSync({ dir: config.dir, clock, log: out.log });
  const serverToken = new ServerToken(config.token, config.tokenRev, () => peer.tokenRegister);
  const client = new ApiClient({
    fetch: platformFetch,
    getBaseUrl: () => config.baseUrl,
    getToken: () => Promise.resolve(serverToken.usable()),
    userAgent: `extruct-task-watcher-mcp/${MANIFEST.version} node/${process.versions.node}`,
  });
  const eta = new EtaTracker();
  const following = eta.follow(peer.store, () => clock.now());
  const tools = new McpTools({
    peer,
    client,
    token: serverToken,
    dashboardUrl: config.dashboardUrl,
    timeLeft: (id) => eta.timeLeft(id, clock.now()),
    clock,
  });
  const rpc = new RpcConnection({ write: out.send, requests: mcpMethods(tools), log: (m) => out.log.warn(m) });

  let stopping = false;
  const stop = (why: string | undefined): void => {
    if (stopping) return;
    stopping = true;
    if (why) out.log.info(why);
    clearInterval(watchToken);
    following.dispose();
    peer.dispose(); // the journal is written before the process leaves
    // Pipes are asynchronous on some systems (macOS): what was written goes out before the process does.
    process.stdout.write('', () => process.exit(0));
    setTimeout(() => process.exit(0), 1_000).unref(); // a stdout that is gone does not hold it
  };
  const watchToken = setInterval(() => {
    if (serverToken.status === 'stale' && rpc.busy === 0) {
      stop(
        'The Extruct API token was changed in VS Code since this server started: it stops, and VS Code starts it again with the current one.',
      );
    }
  }, SCAN_MS);

  const lines = new LineReader(
    (line) => rpc.receive(line),
    () => out.log.warn('Skipped a message longer than 4 MB.'),
  );
  process.stdin.on('data', (chunk: Buffer) => lines.push(chunk));
  process.stdin.on('end', () => {
    lines.end();
    // Answers still being made are sent before leaving (the client may read until it closes).
    void rpc.idle().then(() => stop(undefined));
  });
  process.on('SIGTERM', () => stop(undefined));
  process.on('SIGINT', () => stop(undefined));
  process.stdout.on('error', () => stop(undefined)); // the client is gone
  process.on('uncaughtException', (e) => out.log.error(`Unexpected: ${e.message}`));
  process.on('unhandledRejection', (e) => out.log.error(`Unexpected: ${e instanceof Error ? e.message : String(e)}`));

  peer.start();
  if (config.tokenProblem) out.log.warn(`The API token is not used: ${config.tokenProblem}`);
  out.log.info(
    `Extruct MCP server ${MANIFEST.version} ready: ${peer.store.size} watched task(s), ${peer.windows} VS Code window(s) open, ${serverToken.status === 'usable' ? 'an API token' : 'no API token'}.`,
  );
}

main();
