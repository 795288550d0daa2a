// @ts-check
/**
 * Start a throw-away code-server (= real VS Code 1.139.1 server, workbench and Node extension host) for tests.
 *
 *   const cs = await startCodeServer({ runDir, installVsix: ['x.vsix'], env: { FOO: '1' } });
 *   await page.goto(cs.url('/abs/workspace'));
 *   await cs.stop();
 *
 * - Binds 127.0.0.1 on a free port, in its own process group (detached): stop() kills the server, the
 *   extension host and the pty host together.
 * - Ready = /healthz answers AND the listening socket belongs to a process of our own group (a /healthz
 *   answer from some other code-server on a reused port is not taken for ours).
 * - Everything it writes (XDG_DATA/CONFIG/CACHE_HOME, TMPDIR, HOME, user data, extensions, logs) goes into runDir.
 * - No code-server is ever left behind: process exit / SIGINT / SIGTERM / SIGHUP / uncaught exception handlers
 *   kill every started server, and a small detached watchdog kills the server group if the calling process
 *   dies without running them (SIGKILL, e.g. by a CI timeout).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureTools } from './tools.mjs';

/** @typedef {(msg: string) => void} LogFn */

/** Settings that keep the workbench quiet and stable in tests (merged under the caller's userSettings). */
export const DEFAULT_USER_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // else an empty chat side bar takes the right third
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'telemetry.telemetryLevel': 'off',
  'git.openRepositoryInParentFolders': 'never',
});

/** @typedef {{ leader: number, watchdog?: import('node:child_process').ChildProcess, stopped: boolean }} Live */
/** @type {Set<Live>} */
const live = new Set();
let handlersInstalled = false;

/** All processes in process group `pgid` plus all descendants of `root` (they could have left the group). */
function groupAndDescendants(/** @type {number} */ pgid, /** @type {number} */ root) {
  /** @type {Map<number, {ppid: number, pgrp: number}>} */
  const procs = new Map();
  /** @type {string[]} */
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state ppid pgrp ...
      procs.set(Number(e), { ppid: Number(f[1]), pgrp: Number(f[2]) });
    } catch {
      /* gone */
    }
  }
  const out = new Set();
  for (const [pid, p] of procs) if (p.pgrp === pgid) out.add(pid);
  let grew = true;
  out.add(root);
  while (grew) {
    grew = false;
    for (const [pid, p] of procs)
      if (!out.has(pid) && out.has(p.ppid)) {
        out.add(pid);
        grew = true;
      }
  }
  return [...out].filter((pid) => procs.has(pid) && pid !== process.pid);
}

function killSync(/** @type {Live} */ l, /** @type {NodeJS.Signals} */ sig = 'SIGKILL') {
  for (const pid of groupAndDescendants(l.leader, l.leader)) {
    try {
      process.kill(pid, sig);
    } catch {
      /* gone */
    }
  }
  try {
    process.kill(-l.leader, sig);
  } catch {
    /* gone */
  }
}

function killAllSync() {
  for (const l of live) {
    if (!l.stopped) killSync(l, 'SIGKILL');
    try {
      l.watchdog?.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
  live.clear();
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllSync);
  process.on('uncaughtExceptionMonitor', killAllSync); // does not swallow the exception (unlike 'uncaughtException')
  /** @type {Record<string, number>} */
  const nums = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
  for (const sig of Object.keys(nums)) {
    const h = () => {
      // Keep the default behaviour (die) unless somebody else also handles this signal: then that handler decides
      // (e.g. takes a screenshot first, then calls stop()); the 'exit' handler still kills whatever is left.
      if (process.listenerCount(sig) <= 1) {
        killAllSync();
        process.exit(128 + nums[sig]);
      }
    };
    process.on(/** @type {NodeJS.Signals} */ (sig), h);
  }
}

/** Detached watchdog: kills the server group when the calling process disappears (even after SIGKILL). */
function startWatchdog(/** @type {number} */ leader) {
  const src = `
    const [caller, leader] = process.argv.slice(1).map(Number);
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
    const t = setInterval(() => {
      if (!alive(-leader)) process.exit(0);
      if (!alive(caller)) {
        clearInterval(t);
        try { process.kill(-leader, 'SIGTERM'); } catch {}
        setTimeout(() => { try { process.kill(-leader, 'SIGKILL'); } catch {} process.exit(0); }, 3000);
      }
    }, 500);`;
  const w = spawn(process.execPath, ['-e', src, String(process.pid), String(leader)], { detached: true, stdio: 'ignore' });
  w.unref();
  return w;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** pids whose open fds include the socket listening on 127.0.0.1:port (Linux /proc). */
function listenerPids(/** @type {number} */ port) {
  const inodes = new Set();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    /** @type {string} */
    let text;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const c = line.trim().split(/\s+/);
      if (c.length < 10 || c[3] !== '0A') continue; // 0A = LISTEN
      if (parseInt(c[1].split(':')[1], 16) === port) inodes.add(c[9]);
    }
  }
  const pids = [];
  if (!inodes.size) return pids;
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    /** @type {string[]} */
    let fds;
    try {
      fds = fs.readdirSync(`/proc/${e}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${e}/fd/${fd}`));
        if (m && inodes.has(m[1])) {
          pids.push(Number(e));
          break;
        }
      } catch {
        /* closed */
      }
    }
  }
  return pids;
}

function pgidOf(/** @type {number} */ pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return -1;
  }
}

const tail = (/** @type {string} */ file, n = 40) => {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
};

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {number} pid            process-group leader (code-server's main process)
 * @property {string} runDir
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {string} logPath        code-server's stdout+stderr
 * @property {NodeJS.ProcessEnv} env the environment the server (and so the extension host) runs with
 * @property {(folder?: string, payload?: Array<[string, string]>) => string} url  workbench URL; folder may be a
 *           folder or a .code-workspace file; payload = VS Code URL payload pairs, e.g. [['extensionDevelopmentPath', cs.remote(dir)]]
 * @property {(absPath: string) => string} remote  vscode-remote://127.0.0.1:PORT/absPath (authority must match the page URL)
 * @property {() => Promise<void>} stop  kill the whole process group (idempotent)
 * @property {Promise<number|null>} exited  resolves with the exit code when the main process exits
 */

/**
 * @param {object} opts
 * @param {string} opts.runDir              folder for everything the server writes (created)
 * @param {string} [opts.extensionsDir]     default runDir/extensions
 * @param {string} [opts.userDataDir]       default runDir/user-data
 * @param {Record<string, unknown>} [opts.userSettings] merged over DEFAULT_USER_SETTINGS into User/settings.json
 * @param {string[]} [opts.installVsix]     .vsix files to install (separate code-server --install-extension run) before starting
 * @param {boolean} [opts.smokeTestDriver]  --enable-smoke-test-driver: needed for URL-payload extensionDevelopmentPath/extensionTestsPath (hides toasts)
 * @param {Record<string, string|undefined>} [opts.env] extra environment for the server and the extension host
 * @param {string[]} [opts.extraArgs]       more code-server arguments
 * @param {LogFn} [opts.log]
 * @param {number} [opts.startTimeoutMs]    default 120000
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(opts) {
  const log = opts.log || ((m) => process.stderr.write(`[code-server] ${m}\n`));
  const tools = await ensureTools({ log });
  const runDir = path.resolve(opts.runDir);
  const userDataDir = path.resolve(opts.userDataDir || path.join(runDir, 'user-data'));
  const extensionsDir = path.resolve(opts.extensionsDir || path.join(runDir, 'extensions'));
  const dirs = {
    data: path.join(runDir, 'xdg-data'),
    config: path.join(runDir, 'xdg-config'),
    cache: path.join(runDir, 'xdg-cache'),
    home: path.join(runDir, 'home'),
  };
  for (const d of [runDir, path.join(userDataDir, 'User'), extensionsDir, ...Object.values(dirs)]) fs.mkdirSync(d, { recursive: true });
  // Unix socket paths (vscode-ipc-*.sock in TMPDIR) must stay < 108 bytes: use a short temp dir if runDir is deep.
  let tmpDir = path.join(runDir, 'tmp');
  let ownShortTmp = false;
  if (tmpDir.length > 60) {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'etw-cs-'));
    ownShortTmp = true;
  } else fs.mkdirSync(tmpDir, { recursive: true });

  // code-server puts its session socket into the user data dir; Unix socket paths are limited to 107 bytes.
  if (path.join(userDataDir, 'code-server-ipc.sock').length > 107) {
    throw new Error(`user data dir path too long for code-server's Unix socket (${userDataDir}); use a shorter one`);
  }
  const configPath = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configPath, ''); // an explicit config keeps code-server from writing ~/.config/code-server/config.yaml

  const settingsPath = path.join(userDataDir, 'User', 'settings.json');
  let existing = {};
  try {
    existing = JSON.parse(fs.readFileSync(settingsPath, 'utf8'));
  } catch {
    /* none or not plain JSON */
  }
  fs.writeFileSync(settingsPath, JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...existing, ...(opts.userSettings || {}) }, null, 2) + '\n');

  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // An outer VS Code terminal's IPC hook would make code-server hand the request to that instance instead of starting.
    if (/^VSCODE_/.test(k) || k === 'ELECTRON_RUN_AS_NODE' || /^npm_/.test(k)) continue;
    env[k] = v;
  }
  Object.assign(
    env,
    {
      XDG_DATA_HOME: dirs.data,
      XDG_CONFIG_HOME: dirs.config,
      XDG_CACHE_HOME: dirs.cache,
      TMPDIR: tmpDir,
      HOME: dirs.home,
    },
    opts.env || {},
  );
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];

  const baseArgs = [tools.codeServerEntry, '--config', configPath, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const logPath = path.join(runDir, 'code-server.log');

  for (const vsix of opts.installVsix || []) {
    const t0 = Date.now();
    const r = spawnSync(tools.node24, [...baseArgs, '--install-extension', path.resolve(vsix)], { env, encoding: 'utf8', timeout: 120000 });
    fs.appendFileSync(logPath, `--- install ${vsix}\n${r.stdout || ''}${r.stderr || ''}`);
    if (r.status !== 0 || !/successfully installed/i.test(r.stdout || '')) {
      throw new Error(
        `code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal ?? r.error}):\n${r.stdout || ''}${r.stderr || ''}`,
      );
    }
    log(`installed ${path.basename(vsix)} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  }

  installHandlers();
  const startTimeout = opts.startTimeoutMs ?? 120000;
  let lastErr = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const t0 = Date.now();
    fs.appendFileSync(logPath, `--- start on 127.0.0.1:${port} (attempt ${attempt})\n`);
    const out = fs.openSync(logPath, 'a');
    const child = spawn(
      tools.node24,
      [
        ...baseArgs,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
        ...(opts.extraArgs || []),
      ],
      { detached: true, stdio: ['ignore', out, out], env, cwd: dirs.home },
    );
    fs.closeSync(out);
    if (!child.pid) throw new Error(`could not spawn ${tools.node24}`);
    /** @type {Live} */
    const me = { leader: child.pid, stopped: false };
    live.add(me);
    me.watchdog = startWatchdog(child.pid);
    /** @type {number|null|undefined} */
    let exitCode;
    const exited = new Promise((resolve) =>
      child.on('exit', (c, s) => {
        exitCode = c ?? (s ? 128 : null);
        resolve(exitCode);
      }),
    );

    const stop = async () => {
      if (me.stopped) return;
      me.stopped = true;
      killSync(me, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && groupAndDescendants(me.leader, me.leader).length) await new Promise((r) => setTimeout(r, 100));
      killSync(me, 'SIGKILL');
      try {
        me.watchdog?.kill('SIGKILL');
      } catch {
        /* gone */
      }
      live.delete(me);
      if (ownShortTmp) fs.rmSync(tmpDir, { recursive: true, force: true });
    };

    // Wait for /healthz from OUR process group.
    let ready = false;
    while (Date.now() - t0 < startTimeout) {
      if (exitCode !== undefined) break;
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (r.ok) {
          const owners = listenerPids(port);
          if (owners.some((p) => pgidOf(p) === child.pid || p === child.pid)) {
            ready = true;
            break;
          }
          // No /proc information (unusual sandbox): fall back to our own log announcing this port.
          if (
            !owners.length &&
            exitCode === undefined &&
            fs.readFileSync(logPath, 'utf8').includes(`listening on http://127.0.0.1:${port}/`)
          ) {
            ready = true;
            break;
          }
          if (owners.length) log(`port ${port} answers but belongs to pid ${owners.join(',')}, not to our server; waiting`);
        }
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (ready) {
      log(`code-server up on 127.0.0.1:${port} (pid ${child.pid}, ${((Date.now() - t0) / 1000).toFixed(1)}s)`);
      const remote = (/** @type {string} */ p) =>
        `vscode-remote://127.0.0.1:${port}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`;
      return {
        port,
        pid: child.pid,
        runDir,
        userDataDir,
        extensionsDir,
        logPath,
        env,
        exited,
        remote,
        stop,
        url(folder, payload) {
          const q = new URLSearchParams();
          if (folder) q.set(/\.code-workspace$/.test(folder) ? 'workspace' : 'folder', path.resolve(folder));
          if (payload) q.set('payload', JSON.stringify(payload));
          const qs = q.toString();
          return `http://127.0.0.1:${port}/${qs ? `?${qs}` : ''}`;
        },
      };
    }
    await stop();
    lastErr = tail(logPath);
    if (!/EADDRINUSE/.test(lastErr)) break; // port race: retry on another port; anything else is fatal
    log(`port ${port} was taken meanwhile, retrying`);
  }
  throw new Error(`code-server did not start (log: ${logPath}):\n${lastErr}`);
}
