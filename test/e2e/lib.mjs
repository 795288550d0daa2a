// @ts-check
/**
 * Shared parts of the UI scripts (run.mjs, screenshots.mjs): packaging the .vsix, the fake Extruct API as a
 * child process, and small helpers for driving the code-server workbench with playwright-core.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VSIX = path.join(root, 'dist-vsix', 'extruct-task-watcher.vsix');

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

export const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
export const secs = (/** @type {number} */ t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/**
 * Runs a command in the project folder; resolves with its exit code and output (never rejects).
 * @param {string} cmd @param {string[]} args
 * @returns {Promise<{ code: number, out: string }>}
 */
export function runQuiet(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', (e) => resolve({ code: 1, out: `${out}${e.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

/**
 * Development build (the fake API in out/ comes from it), then the .vsix exactly as a release builds it
 * (vsce runs the production build through vscode:prepublish). Then copies the .vsix to `copyTo`, so that a
 * concurrent packaging run cannot change the file while code-server installs it.
 * @param {string} copyTo
 */
export async function buildVsix(copyTo) {
  const build = await runQuiet(process.execPath, ['esbuild.mjs']);
  if (build.code !== 0) throw new Error(`node esbuild.mjs failed:\n${build.out}`);
  fs.mkdirSync(path.dirname(VSIX), { recursive: true });
  const pkg = await runQuiet(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--out', VSIX]);
  if (pkg.code !== 0 || !fs.existsSync(VSIX)) throw new Error(`vsce package failed:\n${pkg.out}`);
  fs.mkdirSync(path.dirname(copyTo), { recursive: true });
  fs.copyFileSync(VSIX, copyTo);
  return copyTo;
}

/**
 * @typedef {object} Fake
 * @property {string} url
 * @property {string} token
 * @property {Array<{ id: string, query: string, story: string }>} tasks  the --demo tasks
 * @property {import('node:child_process').ChildProcess} child
 * @property {(method: string, p: string, body?: unknown) => Promise<any>} control  the /__fake control API
 * @property {(p: string) => Promise<any>} api  GET on the real API with the right token
 * @property {() => Promise<void>} stop
 */

/** @type {Set<import('node:child_process').ChildProcess>} */
const fakes = new Set();
process.on('exit', () => {
  for (const c of fakes)
    try {
      c.kill('SIGKILL');
    } catch {
      /* gone */
    }
});

/**
 * The fake Extruct API (out/test/fake-extruct/cli.mjs) as a child process. It is started through a small
 * wrapper that ends it when its stdin closes, i.e. when this process dies, even by SIGKILL.
 * @param {{ speed?: number, token?: string, demo?: boolean, stderr?: string }} [opts]  stderr: file for its log
 * @returns {Promise<Fake>}
 */
export async function startFake(opts = {}) {
  const cli = path.join(root, 'out/test/fake-extruct/cli.mjs');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run node esbuild.mjs`);
  const args = [
    '--port',
    '0',
    '--speed',
    String(opts.speed ?? 1),
    ...(opts.token ? ['--token', opts.token] : []),
    ...(opts.demo ? ['--demo'] : []),
  ];
  const wrapper =
    'process.stdin.on("end",()=>process.kill(process.pid,"SIGTERM"));process.stdin.on("error",()=>{});process.stdin.resume();' +
    'import(require("node:url").pathToFileURL(process.argv[1]).href)';
  const err = opts.stderr ? fs.openSync(opts.stderr, 'a') : 'ignore';
  const child = spawn(process.execPath, ['-e', wrapper, cli, ...args], { cwd: root, stdio: ['pipe', 'pipe', err] });
  if (typeof err === 'number') fs.closeSync(err);
  fakes.add(child);
  child.on('exit', () => fakes.delete(child));
  /** @type {{ url: string, token: string, tasks: Fake['tasks'] }} */
  const info = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) });
    const t = setTimeout(() => reject(new Error('the fake Extruct API did not start within 15 s')), 15_000);
    lines.once('line', (line) => {
      clearTimeout(t);
      try {
        resolve(JSON.parse(line));
      } catch (e) {
        reject(e);
      }
    });
    child.once('exit', (c) => {
      clearTimeout(t);
      reject(new Error(`the fake Extruct API exited (${c})`));
    });
  });
  const control = async (/** @type {string} */ method, /** @type {string} */ p, /** @type {unknown} */ body) => {
    const r = await fetch(`${info.url}${p}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!r.ok) throw new Error(`${method} ${p}: HTTP ${r.status} ${await r.text()}`);
    return r.json();
  };
  const api = async (/** @type {string} */ p) => {
    const r = await fetch(`${info.url}${p}`, { headers: { Authorization: `Bearer ${info.token}` }, signal: AbortSignal.timeout(10_000) });
    if (!r.ok) throw new Error(`GET ${p}: HTTP ${r.status}`);
    return r.json();
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    try {
      child.stdin?.end();
    } catch {
      /* closed */
    }
    await Promise.race([gone, sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await Promise.race([gone, sleep(2000)]);
    }
  };
  return { ...info, child, control, api, stop };
}

/**
 * Polls `fn` until it returns a truthy value; throws `message` (plus the last value seen) on timeout.
 * @template T
 * @param {() => Promise<T> | T} fn
 * @param {{ timeout?: number, interval?: number, message: string | (() => string | Promise<string>) }} opts
 * @returns {Promise<T>}
 */
export async function until(fn, opts) {
  const deadline = Date.now() + (opts.timeout ?? 15_000);
  /** @type {unknown} */
  let lastError;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      /** @type {string} */
      let msg;
      try {
        msg = typeof opts.message === 'function' ? await opts.message() : opts.message;
      } catch {
        msg = String(opts.message);
      }
      throw new Error(lastError ? `${msg} (${lastError instanceof Error ? lastError.message.split('\n')[0] : lastError})` : msg);
    }
    await sleep(opts.interval ?? 250);
  }
}

/** Text of a locator's first match, '' when it is not there. */
export async function textOf(/** @type {Locator} */ loc) {
  if ((await loc.count()) === 0) return '';
  return (
    (await loc
      .first()
      .innerText({ timeout: 2000 })
      .catch(() => '')) ?? ''
  )
    .replace(/\s+/g, ' ')
    .trim();
}

// ---- the workbench

export const sel = {
  workbench: '.monaco-workbench',
  sidebar: '.part.sidebar',
  welcome: '.part.sidebar .welcome-view-content',
  treeRow: '.part.sidebar .monaco-list-row[role="treeitem"]',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputMessage: '.quick-input-widget .quick-input-message',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  toasts: '.notifications-toasts',
  toast: '.notifications-toasts .notification-toast',
  center: '.notifications-center',
  statusBar: '.part.statusbar',
};

/** Opens the workbench and waits until it is up. */
export async function openWorkbench(/** @type {Page} */ page, /** @type {string} */ url) {
  await page.goto(url);
  await page.locator(sel.workbench).waitFor({ timeout: 60_000 });
  await page.locator('.part.statusbar').waitFor({ timeout: 30_000 });
}

/**
 * Shows the Extruct view container: clicks the "Extruct" activity bar icon unless it is already shown (clicking
 * the icon of the shown container would hide the side bar). `graceMs`: how long to wait for the workbench to
 * restore it by itself first (after a reload).
 */
export async function showExtructView(/** @type {Page} */ page, graceMs = 0) {
  const icon = page
    .locator('.part.activitybar .action-item a[aria-label^="Extruct"], .part.activitybar .action-item[aria-label^="Extruct"]')
    .first();
  await icon.waitFor({ timeout: 60_000 });
  const title = page.locator('.part.sidebar .composite.title .title-label');
  const shown = async () => (await page.locator(sel.sidebar).isVisible()) && /extruct/i.test(await textOf(title));
  if (graceMs > 0) await until(shown, { timeout: graceMs, message: '' }).catch(() => false);
  if (!(await shown())) await icon.click();
  await until(shown, { timeout: 15_000, message: 'the Extruct view did not open' });
}

/** F1, type the command's title, wait for it in the list, Enter. Retries when something steals the focus meanwhile. */
export async function runCommand(/** @type {Page} */ page, /** @type {string} */ title) {
  const input = page.locator(sel.quickInputBox);
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await input.isVisible().catch(() => false))) await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 5000 });
      await page.locator(sel.quickInputRow, { hasText: title }).first().waitFor({ timeout: 10_000 });
      // The first row is the active one; make sure it is ours before pressing Enter.
      await until(async () => (await textOf(page.locator(`${sel.quickInputRow}.focused`))).includes(title), {
        timeout: 5000,
        message: `"${title}" is not the selected command`,
      });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape').catch(() => {});
      await sleep(500);
    }
  }
}

/** The codicon classes of a tree row's icon, e.g. "codicon codicon-sync codicon-modifier-spin". */
export async function iconOf(/** @type {Locator} */ row) {
  return (
    (await row
      .locator('.custom-view-tree-node-item-icon')
      .first()
      .getAttribute('class', { timeout: 2000 })
      .catch(() => '')) ?? ''
  );
}

/** The webview's content frame: the outer iframe.webview, then its #active-frame. */
export function webviewFrame(/** @type {Page} */ page) {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
}

/** Drags the side bar's sash so that the side bar is about `width` px wide (descriptions fit next to labels). */
export async function widenSidebar(/** @type {Page} */ page, /** @type {number} */ width) {
  const box = await page.locator(sel.sidebar).boundingBox();
  if (!box || Math.abs(box.width - width) < 8) return;
  const x = box.x + box.width + 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - box.width), y, { steps: 8 });
  await page.mouse.up();
  await page.mouse.move(900, 600);
}

/** "Developer: Reload Window" from the command palette; resolves when the new workbench is up. */
export async function reloadWindow(/** @type {Page} */ page) {
  await page.evaluate(() => {
    /** @type {any} */ (window).__beforeReload = true;
  });
  await runCommand(page, 'Developer: Reload Window');
  await until(async () => !(await page.evaluate(() => /** @type {any} */ (window).__beforeReload === true).catch(() => true)), {
    timeout: 30_000,
    message: 'the window did not reload',
  });
  await page.locator(sel.workbench).waitFor({ timeout: 60_000 });
  await page.locator(sel.statusBar).waitFor({ timeout: 30_000 });
}

// ---- the walkthrough and the tree's sections

/** The walkthrough's title, as package.json contributes it. */
export const WALKTHROUGH_TITLE = 'Get Started with Extruct Task Watcher';

/** A step of the open walkthrough, by its ID in package.json ("setToken", "watchTask", …). */
export const walkthroughStep = (/** @type {Page} */ page, /** @type {string} */ id) =>
  page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();

/** "Welcome: Open Walkthrough…", then the Extruct walkthrough from its list, as a user finds it. */
export async function openWalkthrough(/** @type {Page} */ page) {
  await runCommand(page, 'Welcome: Open Walkthrough');
  const row = page.locator(sel.quickInputRow, { hasText: WALKTHROUGH_TITLE }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await walkthroughStep(page, 'setToken').waitFor({ timeout: 20_000 });
  // The page takes the focus a moment after it shows (closing a command palette opened meanwhile): wait for it.
  await until(() => page.evaluate(() => !!document.activeElement?.closest('.gettingStartedContainer')), {
    timeout: 10_000,
    message: 'the walkthrough did not take the focus',
  });
  // And the walkthrough picker has faded out (a screenshot taken during its animation shows it over the page).
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The tree's section rows (level 1) as "Label count", e.g. ["Running 60", "Needs you 5", "Finished 135"]. */
export async function sectionsOf(/** @type {Page} */ page) {
  const out = [];
  for (const r of await page.locator(`${sel.treeRow}[aria-level="1"]`).all()) {
    out.push(`${await textOf(r.locator('.label-name'))} ${await textOf(r.locator('.label-description'))}`.trim());
  }
  return out;
}

/** The task rows (level 2) shown in the tree. */
export const taskRows = (/** @type {Page} */ page) => page.locator(`${sel.treeRow}[aria-level="2"]`);
