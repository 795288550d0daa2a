#!/usr/bin/env node
// @ts-check
/**
 * Stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath: <this file> }).
 * There is no desktop VS Code build to be had offline, so the tests run in a real VS Code 1.139.1 anyway:
 * code-server's server + Node extension host (Node 24), with the workbench opened in headless Chromium.
 *
 * Understands the VS Code CLI flags runTests passes:
 *   --extensionDevelopmentPath=DIR (repeatable)  --extensionTestsPath=FILE  --user-data-dir=DIR
 *   --extensions-dir=DIR  [folder | file.code-workspace]   (other flags such as --no-sandbox are ignored)
 * Direct use:
 *   test/harness/vscode-host.mjs --extensionDevelopmentPath=EXT --extensionTestsPath=EXT/out/test/index.js [folder]
 *
 * Exit code = the extension host's exit code (0: run() resolved; 1: it rejected or failed to load),
 * 1 on timeout or startup failure. The extension host's console output (e.g. mocha's reporter) goes to stdout.
 *
 * Env: EXTRUCT_TEST_TIMEOUT_MS (default 600000) overall limit; then a screenshot and the logs are saved, all is
 *        killed and the exit code is 1.
 *      EXTRUCT_TEST_RESULTS_DIR (default ./test-results/integration) where logs/screenshot of a failed run go.
 *      VERBOSE=1 shows all output (server, browser console, unfiltered extension host).
 *      EXTRUCT_KEEP_TMP=1 keeps the temp run folder even after a passing run.
 *      EXTRUCT_TOOLS_DIR / CHROMIUM: see tools.mjs.
 * Every other variable in its environment reaches the extension host (runTests' extensionTestsEnv arrives this way).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { ensureTools } from './tools.mjs';
import { startCodeServer } from './code-server.mjs';
import { launchChromium } from './browser.mjs';

const t0 = Date.now();
const VERBOSE = !!process.env.VERBOSE && process.env.VERBOSE !== '0';
const TIMEOUT_MS = Number(process.env.EXTRUCT_TEST_TIMEOUT_MS) || 600000;
const stamp = () => `[vscode-host ${((Date.now() - t0) / 1000).toFixed(1)}s]`;
const log = (/** @type {string} */ m) => {
  console.log(`${stamp()} ${m}`);
  hostLog(`${stamp()} ${m}`);
};

// ---- 1. arguments
/** @type {{ dev: string[], tests?: string, userData?: string, extDir?: string, folder?: string }} */
const opts = { dev: [] };
const VALUE_FLAGS = new Set([
  '--locale',
  '--log',
  '--profile',
  '--sync',
  '--crash-reporter-directory',
  '--crash-reporter-id',
  '--category',
  '--install-extension',
  '--uninstall-extension',
  '--inspect-extensions',
  '--inspect-brk-extensions',
]);
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  let a = argv[i];
  /** @type {string|undefined} */ let v;
  const eq = a.indexOf('=');
  if (a.startsWith('--') && eq > 0) {
    v = a.slice(eq + 1);
    a = a.slice(0, eq);
  }
  const val = () => v ?? argv[++i];
  if (a === '--extensionDevelopmentPath') opts.dev.push(path.resolve(val()));
  else if (a === '--extensionTestsPath') opts.tests = path.resolve(val());
  else if (a === '--user-data-dir') opts.userData = path.resolve(val());
  else if (a === '--extensions-dir') opts.extDir = path.resolve(val());
  else if (VALUE_FLAGS.has(a)) {
    if (v === undefined) i++;
  } else if (!a.startsWith('-')) opts.folder = path.resolve(a);
}
if (!opts.dev.length || !opts.tests) {
  console.error('vscode-host: need --extensionDevelopmentPath=DIR and --extensionTestsPath=FILE');
  process.exit(2);
}

// ---- 2. run folder (temp) and results folder (kept on failure)
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-vscode-host-'));
// playwright's temporary Chromium profile (os.tmpdir()) goes into the run folder too, so a killed run leaves one folder behind at most.
process.env.TMPDIR = path.join(runDir, 'tmp-driver');
fs.mkdirSync(process.env.TMPDIR, { recursive: true });
const hostLogPath = path.join(runDir, 'host.log');
const hostLogFd = fs.openSync(hostLogPath, 'a');
function hostLog(/** @type {string} */ line) {
  try {
    fs.writeSync(hostLogFd, line + '\n');
  } catch {
    /* closed */
  }
}
const resultsRoot = path.resolve(process.env.EXTRUCT_TEST_RESULTS_DIR || path.join(process.cwd(), 'test-results', 'integration'));

/** @type {import('./code-server.mjs').CodeServer | undefined} */ let cs;
/** @type {import('playwright-core').Browser | undefined} */ let browser;
/** @type {import('playwright-core').Page | undefined} */ let page;
/** @type {NodeJS.Timeout | undefined} */ let timer;
let finishing = false;
let exitReported = false;

async function screenshot(/** @type {string} */ file) {
  if (!page) return;
  await Promise.race([page.screenshot({ path: file }).catch(() => {}), new Promise((r) => setTimeout(r, 10000))]);
}

/** Save artifacts on failure, stop everything, delete temp dirs, exit. */
async function finish(/** @type {number} */ code, /** @type {string} */ why) {
  if (finishing) return;
  finishing = true;
  if (timer) clearTimeout(timer);
  (code === 0
    ? log
    : (/** @type {string} */ m) => {
        console.error(`${stamp()} ${m}`);
        hostLog(`${stamp()} ${m}`);
      })(why);
  const hardStop = setTimeout(() => process.exit(code || 1), 30000); // never hang while cleaning up
  hardStop.unref();
  if (code !== 0) await screenshot(path.join(runDir, 'screenshot.png'));
  try {
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 10000))]);
  } catch {
    /* gone */
  }
  try {
    await cs?.stop();
  } catch {
    /* gone */
  }
  if (code !== 0) {
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
    const dest = path.join(resultsRoot, name);
    try {
      fs.mkdirSync(dest, { recursive: true });
      for (const f of ['code-server.log', 'host.log', 'screenshot.png', 'vscode-logs']) {
        const src = path.join(runDir, f);
        if (fs.existsSync(src)) fs.cpSync(src, path.join(dest, f), { recursive: true });
      }
      console.error(`${stamp()} logs and screenshot kept in ${dest}`);
    } catch (e) {
      console.error(`${stamp()} could not save logs to ${dest}: ${/** @type {Error} */ (e).message}; temp folder kept: ${runDir}`);
      process.exit(code);
    }
  }
  try {
    fs.closeSync(hostLogFd);
  } catch {
    /* closed */
  }
  if (process.env.EXTRUCT_KEEP_TMP) console.error(`${stamp()} temp run folder kept: ${runDir}`);
  else fs.rmSync(runDir, { recursive: true, force: true });
  process.exit(code);
}

for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP']))
  process.on(sig, () => {
    void finish(1, `got ${sig}, stopping`);
  });
process.on('uncaughtException', (e) => {
  void finish(1, `internal error: ${e.stack || e}`);
});
process.on('unhandledRejection', (e) => {
  void finish(1, `internal error: ${/** @type {any} */ (e)?.stack || e}`);
});

// Extension-host chatter that says nothing about the tests (VERBOSE=1 shows it).
const NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin extensions cache|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Started local extension host|Loading development extension|Extension host \(Remote\) is|\[Extension Host\] (Started|Loading)|Timed out waiting for authentication provider|Creation of workbench contribution '[^']*' took \d+ms|Canceled: Canceled)|open-vsx\.org|ENOTFOUND|vsda_bg\.wasm|vsda\.js/;

try {
  const tools = await ensureTools({ log: (m) => log(m) });
  timer = setTimeout(async () => {
    await finish(1, `TIMEOUT: the extension host did not exit within ${TIMEOUT_MS} ms (EXTRUCT_TEST_TIMEOUT_MS)`);
  }, TIMEOUT_MS);

  // ---- 3. code-server with the smoke-test driver (without it the URL payload's test paths are silently ignored)
  if (opts.userData && path.join(opts.userData, 'code-server-ipc.sock').length > 107) {
    log(`--user-data-dir ${opts.userData} is too long for code-server's Unix socket; using a temp one instead`);
    opts.userData = undefined;
  }
  cs = await startCodeServer({
    runDir,
    userDataDir: opts.userData,
    extensionsDir: opts.extDir,
    smokeTestDriver: true,
    log: (m) => log(m),
  });
  const server = cs;
  void server.exited.then((c) => finish(1, `code-server exited unexpectedly (code ${c}); see its log`));
  if (VERBOSE) log(`code-server log: ${server.logPath}`);

  // ---- 4. headless Chromium opens the workbench with the test payload
  browser = await launchChromium({
    xdgDir: path.join(runDir, 'chromium'),
    executablePath: tools.chromium,
    log: (m) => log(m),
    // our own handlers close it after taking the failure screenshot (Chromium also exits when this process dies: pipe closes)
    launchOptions: { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false },
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  /** @type {(code: number) => void} */
  let resolveExit = () => {};
  /** @type {Promise<number>} */
  const exited = new Promise((r) => {
    resolveExit = r;
  });
  // The workbench calls these globals under automation (IAutomatedWindow): exit code + log files, and the
  // extension host's console output as (type, [format, ...args]).
  await context.exposeFunction('codeAutomationExit', (/** @type {number} */ code, /** @type {any} */ logs) => {
    try {
      for (const l of Array.isArray(logs) ? logs : []) {
        const rel = path.normalize(String(l.relativePath || 'log.txt')).replace(/^(\.\.[/\\])+/, '');
        const file = path.join(runDir, 'vscode-logs', rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, String(l.contents ?? ''));
      }
    } catch {
      /* best effort */
    }
    exitReported = true; // what follows is shutdown chatter (e.g. "Canceled" stacks from disposing the extension host)
    resolveExit(Number(code) || 0);
  });
  await context.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {any} */ args) => {
    const text = util.format(...(Array.isArray(args) ? args : [args]));
    hostLog(`[exthost ${type}] ${text}`);
    if (VERBOSE || (!exitReported && !finishing && !NOISE.test(text))) (type === 'error' ? console.error : console.log)(text);
  });
  page = await context.newPage();
  page.on('console', (m) => {
    hostLog(`[browser ${m.type()}] ${m.text()}`);
    if (VERBOSE) console.log(`[browser ${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    hostLog(`[pageerror] ${e.stack || e.message}`);
    if (VERBOSE) console.error(`[pageerror] ${e.message}`);
  });

  const payload = /** @type {Array<[string, string]>} */ ([
    ...opts.dev.map((d) => ['extensionDevelopmentPath', server.remote(d)]),
    ['extensionTestsPath', server.remote(opts.tests)],
    ['skipWelcome', 'true'],
  ]);
  let folder = opts.folder;
  if (!folder) {
    folder = path.join(runDir, 'workspace');
    fs.mkdirSync(folder, { recursive: true });
  }
  const url = server.url(folder, payload);
  if (VERBOSE) log(`open ${url}`);
  await page.goto(url, { timeout: 120000 });
  log('workbench loading; running tests in the extension host');
  const code = await exited;
  await finish(code, `extension host exited with code ${code}`);
} catch (e) {
  await finish(1, `failed: ${/** @type {Error} */ (e).stack || e}`);
}
