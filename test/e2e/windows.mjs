#!/usr/bin/env node
// @ts-check
/**
 * Two VS Code windows at once: the packaged .vsix in a real VS Code 1.139.1 (code-server), two browser
 * pages on the same server (two windows, two extension hosts, one shared folder), against the fake
 * Extruct API. The `windows` stage of `npm test`.
 *
 * Steps: 1 with one window, a running task is requested about once per interval (the baseline) · 2 a
 * second window opens and shows it; the API still sees about the requests of one window · 3 watch X in
 * window 1, it shows in window 2 · 4 stop watching Y in window 2, it goes in window 1 · 5 a completion
 * makes one toast in all, in the focused window · 6 reload both: X watched, Y gone · 7 a crash: the
 * polling window's extension host is killed (SIGKILL, no deactivate); the other polls within three base
 * intervals, and the next completion is told once · 8 close the polling window: the other carries on, the
 * task completes and is told once.
 *
 * Focus: Playwright emulates focus in every page (each window would say it is focused), so it is turned
 * off through the Chrome DevTools Protocol after every load; then `bringToFront` moves the focus.
 *
 * Output: `✔ step` / `✘ step: reason`, then `windows: N passed, M failed`. Screenshots of both windows
 * side by side: test-results/windows/NN-step.png.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../harness/browser.mjs';
import { startCodeServer } from '../harness/code-server.mjs';
import { runJourney } from './journey.mjs';
import {
  buildVsix,
  openWorkbench,
  reloadWindow,
  root,
  runCommand,
  secs,
  sel,
  showExtructView,
  sleep,
  startFake,
  textOf,
  until,
  widenSidebar,
} from './lib.mjs';

const OUT = path.join(root, 'test-results', 'windows');
const TIMEOUT_MS = Number(process.env.EXTRUCT_UI_TIMEOUT_MS) || 8 * 60_000;
const VERBOSE = process.env.VERBOSE === '1';
const POLL_S = 5;
const MEASURE_MS = 30_000;
const TOKEN = `win-${crypto.randomBytes(6).toString('hex')}`;
const MIN = 60_000;
// X: far from done, with counters that keep moving (while the fake clock runs) and no high-fit result
// yet, so the poller has no estimate and checks it every base interval: the most requests it ever makes.
const X = {
  query: 'Robotics startups in Munich with Series A funding',
  desiredNumResults: 250,
  durationMs: 600 * MIN,
  createdPhaseMs: 1_000,
};
const Y = { query: 'Battery recycling companies in Scandinavia', desiredNumResults: 50, durationMs: 300 * MIN, createdPhaseMs: 1_000 };
const Z = { query: 'Dental clinic chains in Texas', desiredNumResults: 10, durationMs: 4 * MIN, createdPhaseMs: 1_000 };
const W = { query: 'Freight forwarders in Rotterdam', desiredNumResults: 10, durationMs: 8 * MIN, createdPhaseMs: 1_000 };
const V = { query: 'Solar installers in Andalusia', desiredNumResults: 10, durationMs: 6 * MIN, createdPhaseMs: 1_000 };

/** @type {(m: string) => void} */
const log = VERBOSE ? (m) => console.log(`  · ${m}`) : () => {};

/** @type {import('../harness/code-server.mjs').CodeServer | undefined} */
let cs;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
/** @type {import('playwright-core').BrowserContext | undefined} */
let context;
/** @type {import('./lib.mjs').Fake | undefined} */
let fake;
/** @type {Array<import('playwright-core').Page | undefined>} */
const pages = [undefined, undefined];
let workspaceUrl = '';
/** @type {Record<string, string>} */
const ids = {};

const p = (/** @type {number} */ i) => /** @type {import('playwright-core').Page} */ (pages[i]);
const f = () => /** @type {import('./lib.mjs').Fake} */ (fake);
const rows = (/** @type {number} */ i) => p(i).locator(sel.treeRow);
const row = (/** @type {number} */ i, /** @type {string} */ query) =>
  rows(i)
    .filter({ hasText: query.slice(0, 24) })
    .first();
const hasRow = async (/** @type {number} */ i, /** @type {string} */ query) => (await row(i, query).count()) > 0;
/** The status-bar item's accessible name says which window checks the tasks. */
const statusLabel = async (/** @type {number} */ i) =>
  (await p(i)
    .locator(`${sel.statusBar} .statusbar-item[aria-label^="Extruct tasks"]`)
    .first()
    .getAttribute('aria-label', { timeout: 2000 })
    .catch(() => '')) ?? '';
const toastTexts = async (/** @type {number} */ i) => {
  const out = [];
  for (const t of await p(i).locator(sel.toast).all()) out.push((await t.innerText().catch(() => '')).replace(/\s+/g, ' '));
  return out;
};
/** How many notifications matching `re` window `i` has had (its notification center keeps those whose toast went). */
async function notificationsIn(/** @type {number} */ i, /** @type {RegExp} */ re) {
  const center = p(i).locator(sel.center);
  if (!(await center.isVisible().catch(() => false))) await runCommand(p(i), 'Notifications: Show Notifications');
  await center.waitFor({ state: 'visible', timeout: 10_000 });
  await sleep(300);
  let n = 0;
  for (const r of await center.locator('.monaco-list-row').all())
    if (re.test((await r.innerText().catch(() => '')).replace(/\s+/g, ' '))) n++;
  await p(i).keyboard.press('Escape');
  await center.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  return n;
}

/** GET /v1/discovery_tasks/{id} requests the fake API has seen for a task, in all. */
const requestsFor = async (/** @type {string} */ id) =>
  /** @type {{ requests: Array<{ method: string, path: string }> }} */ (await f().control('GET', '/__fake/requests')).requests.filter(
    (r) => r.method === 'GET' && r.path === `/v1/discovery_tasks/${id}`,
  ).length;

/** Playwright emulates focus in every page; turn that off (again after every load) so focus is real. */
async function realFocus(/** @type {number} */ i) {
  const cdp = await /** @type {import('playwright-core').BrowserContext} */ (context).newCDPSession(p(i));
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
}

/** Gives window `i` the focus: the other first, so that the front page really changes. */
async function focus(/** @type {number} */ i) {
  const other = pages[1 - i];
  if (other && !other.isClosed()) await other.bringToFront();
  await p(i).bringToFront();
  await until(() => p(i).evaluate(() => document.hasFocus()), { timeout: 5000, message: `window ${i + 1} did not get the focus` });
  await sleep(1_500); // the workbench tells the extension host, which writes its presence file
}

async function openWindow(/** @type {number} */ i) {
  const page = await /** @type {import('playwright-core').BrowserContext} */ (context).newPage();
  pages[i] = page;
  if (VERBOSE) page.on('console', (m) => log(`window ${i + 1} ${m.type()}: ${m.text()}`));
  await openWorkbench(page, workspaceUrl);
  await realFocus(i);
  await showExtructView(page);
  await widenSidebar(page, 420);
}

async function shot(/** @type {string} */ file) {
  const open = pages.filter((pg) => pg && !pg.isClosed());
  if (open.length === 0) return undefined;
  const out = path.join(OUT, file);
  try {
    const buffers = [];
    for (const pg of open) buffers.push(await /** @type {import('playwright-core').Page} */ (pg).screenshot({ timeout: 10_000 }));
    if (buffers.length === 1) fs.writeFileSync(out, buffers[0]);
    else {
      // Side by side, in a page of its own (no image library needed).
      const html = `<body style="margin:0;display:flex;gap:8px;background:#888">${buffers.map((b) => `<img src="data:image/png;base64,${b.toString('base64')}" style="width:640px">`).join('')}</body>`;
      const tmp = await /** @type {import('playwright-core').BrowserContext} */ (context).newPage({
        viewport: { width: 1288, height: 400 },
      });
      await tmp.setContent(html);
      await tmp.screenshot({ path: out, fullPage: true });
      await tmp.close();
    }
    return out;
  } catch (e) {
    log(`screenshot ${file} failed: ${e instanceof Error ? e.message : e}`);
    return undefined;
  }
}

async function watch(/** @type {number} */ i, /** @type {string} */ text) {
  await runCommand(p(i), 'Extruct: Watch Task');
  const input = p(i).locator(sel.quickInputBox);
  await until(async () => (await textOf(p(i).locator(`${sel.quickInput} .quick-input-title`))).includes('Watch Task'), {
    timeout: 10_000,
    message: 'the Watch Task quick pick did not open',
  });
  await input.fill(text);
  await until(async () => /Watch/.test(await textOf(p(i).locator(`${sel.quickInputRow}.focused`))), {
    timeout: 10_000,
    message: 'the quick pick does not offer to watch what was pasted',
  });
  await p(i).keyboard.press('Enter');
  await p(i).locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Requests for `id` over MEASURE_MS while the fake clock runs (so the task's counters move). */
async function measure(/** @type {string} */ id) {
  await f().control('POST', '/__fake/clock', { speed: 5 });
  const before = await requestsFor(id);
  await sleep(MEASURE_MS);
  const n = (await requestsFor(id)) - before;
  await f().control('POST', '/__fake/clock', { speed: 0 });
  return n;
}

/** Which window polls, from the status bar's accessible name ("checked by this window"). */
async function pollerIndex() {
  return until(
    async () => {
      const labels = [await statusLabel(0), await statusLabel(1)];
      const mine = labels.map((l) => /checked by this window/.test(l));
      const theirs = labels.map((l) => /checked by another VS Code window/.test(l));
      if (mine[0] && theirs[1]) return 1; // (index + 1, so that 0 is not "not yet")
      if (mine[1] && theirs[0]) return 2;
      return 0;
    },
    {
      timeout: 20_000,
      message: async () => `the status bars do not say which window polls: "${await statusLabel(0)}" / "${await statusLabel(1)}"`,
    },
  ).then((n) => n - 1);
}

/**
 * The extension host process of the focused window, from the presence files the windows keep in the
 * extension's global storage (each names its process; the focused one says so).
 */
function focusedExtensionHostPid() {
  const cs_ = /** @type {import('../harness/code-server.mjs').CodeServer} */ (cs);
  const dir = path.join(cs_.userDataDir, 'User', 'globalStorage', 'taskwatch-labs.extruct-task-watcher', 'windows');
  const records = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => /** @type {{ pid?: number, focused?: boolean }} */ (JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8'))));
  const focused = records.filter((r) => r.focused && typeof r.pid === 'number');
  if (focused.length !== 1) throw new Error(`${focused.length} presence files say their window is focused (of ${records.length})`);
  return /** @type {number} */ (focused[0]?.pid);
}

let baseline = 0;

/** @type {import('./journey.mjs').Step[]} */
const steps = [
  {
    name: 'one window: a running task is requested about once per interval (the baseline)',
    slug: 'one-window',
    run: async () => {
      await watch(0, ids.x ?? '');
      await row(0, X.query).waitFor({ timeout: 20_000 });
      baseline = await measure(ids.x ?? '');
      log(`one window: ${baseline} requests in ${MEASURE_MS / 1000} s`);
      if (baseline < 3) throw new Error(`only ${baseline} requests in ${MEASURE_MS / 1000} s: the task is not polled`);
    },
  },
  {
    name: 'a second window opens and shows the task; the API sees about the requests of one window (≤ 1.2×)',
    slug: 'two-windows',
    run: async () => {
      await openWindow(1);
      await row(1, X.query).waitFor({ timeout: 20_000 });
      await focus(0);
      const poller = await pollerIndex();
      if (poller !== 0) throw new Error(`window ${poller + 1} polls, but window 1 is older and has the token`);
      const two = await measure(ids.x ?? '');
      console.log(`    (requests in ${MEASURE_MS / 1000} s: one window ${baseline}, two windows ${two})`);
      if (two > 1.2 * baseline)
        throw new Error(`two windows made ${two} requests in ${MEASURE_MS / 1000} s, one window ${baseline}: more than 1.2×`);
    },
  },
  {
    name: 'watch Y and Z in window 1: they show in window 2 within a couple of seconds',
    slug: 'watch-shows-everywhere',
    run: async () => {
      ids.z = (await f().control('POST', '/__fake/tasks', Z)).id; // created now, so that it ends in step 5
      await watch(0, `${ids.y} ${ids.z}`);
      await row(0, Y.query).waitFor({ timeout: 20_000 });
      const t0 = Date.now();
      await until(async () => (await hasRow(1, Y.query)) && (await hasRow(1, Z.query)), {
        timeout: 10_000,
        message: 'window 2 does not show the tasks watched in window 1',
      });
      console.log(`    (shown in window 2 after ${secs(t0)})`);
    },
  },
  {
    name: 'stop watching Y in window 2 (context menu): it goes in window 1 too',
    slug: 'stop-everywhere',
    run: async () => {
      await focus(1);
      await row(1, Y.query).click({ button: 'right' });
      const item = p(1).getByRole('menuitem', { name: 'Stop Watching' });
      await item.waitFor({ timeout: 10_000 });
      await sleep(300); // the menu's fade-in
      await item.click();
      await until(async () => !(await hasRow(1, Y.query)), { timeout: 10_000, message: 'Y is still in window 2' });
      await until(async () => !(await hasRow(0, Y.query)), { timeout: 10_000, message: 'Y is still in window 1' });
    },
  },
  {
    name: 'Z completes while window 2 is in front: one toast in all, in window 2',
    slug: 'one-toast',
    run: async () => {
      await focus(1);
      await f().control('POST', '/__fake/clock', { advanceMs: 6 * MIN });
      const done = /Extruct task "Dental clinic chains in Texas" finished/;
      await until(async () => (await toastTexts(1)).some((t) => done.test(t)), {
        timeout: 40_000,
        message: async () => `no completion toast in window 2 (the focused one); toasts there: ${JSON.stringify(await toastTexts(1))}`,
      });
      await sleep(600); // the toast's fade-in
      await shot('05a-toast-in-window-2.png');
      await sleep(3 * POLL_S * 1000); // time for a wrong second notification to turn up anywhere
      const two = await notificationsIn(1, done);
      const one = await notificationsIn(0, done);
      if (one !== 0 || two !== 1) throw new Error(`completion notifications: window 1 ${one}, window 2 ${two} (expected 0 and 1)`);
    },
  },
  {
    name: 'reload both windows: X and Z are still watched, Y is still gone',
    slug: 'reload-both',
    run: async () => {
      for (const i of [0, 1]) {
        await reloadWindow(p(i));
        await realFocus(i);
        await showExtructView(p(i), 15_000);
      }
      for (const i of [0, 1]) {
        await until(async () => (await hasRow(i, X.query)) && (await hasRow(i, Z.query)), {
          timeout: 30_000,
          message: `window ${i + 1} lost a task on reload`,
        });
        if (await hasRow(i, Y.query)) throw new Error(`Y came back in window ${i + 1}`);
      }
      await sleep(2 * POLL_S * 1000);
      for (const i of [0, 1]) if (await hasRow(i, Y.query)) throw new Error(`Y came back in window ${i + 1}`);
    },
  },
  {
    name: "kill the polling window's extension host (SIGKILL): the other polls within three base intervals; V's completion is told once",
    slug: 'crash-poller',
    run: async () => {
      ids.v = (await f().control('POST', '/__fake/tasks', V)).id;
      await watch(0, ids.v);
      await until(async () => (await hasRow(0, V.query)) && (await hasRow(1, V.query)), {
        timeout: 20_000,
        message: 'V is not shown in both windows',
      });
      const poller = await pollerIndex();
      const other = 1 - poller;
      await focus(poller);
      const pid = await until(() => focusedExtensionHostPid(), { timeout: 10_000, message: 'no presence file names the focused window' });
      const before = await requestsFor(ids.v ?? '');
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      log(`killed extension host ${pid} (window ${poller + 1})`);
      await until(async () => /checked by this window/.test(await statusLabel(other)), {
        timeout: 3 * POLL_S * 1000,
        message: async () => `window ${other + 1} did not take over within three base intervals (status: "${await statusLabel(other)}")`,
      });
      await until(async () => (await requestsFor(ids.v ?? '')) > before, {
        timeout: Math.max(1_000, 3 * POLL_S * 1000 - (Date.now() - killedAt)),
        message: 'V was not checked again within three base intervals of the crash',
      });
      console.log(`    (window ${other + 1} polled ${secs(killedAt)} after the crash)`);
      await focus(other);
      await f().control('POST', '/__fake/clock', { advanceMs: 8 * MIN });
      const done = /Extruct task "Solar installers in Andalusia" finished/;
      await until(async () => (await toastTexts(other)).some((t) => done.test(t)), {
        timeout: 60_000,
        message: async () => `no completion toast for V in window ${other + 1}; toasts: ${JSON.stringify(await toastTexts(other))}`,
      });
      await sleep(2 * POLL_S * 1000); // time for a wrong second notification to turn up anywhere
      const told = (await notificationsIn(0, done)) + (await notificationsIn(1, done));
      if (told !== 1) throw new Error(`${told} completion notifications for V`);
    },
  },
  {
    name: "close the polling window: the other carries on, and W's completion is told once",
    slug: 'close-poller',
    run: async () => {
      ids.w = (await f().control('POST', '/__fake/tasks', W)).id;
      await watch(0, ids.w);
      await until(async () => (await hasRow(0, W.query)) && (await hasRow(1, W.query)), {
        timeout: 20_000,
        message: 'W is not shown in both windows',
      });
      const poller = await pollerIndex();
      const other = 1 - poller;
      await p(poller).close();
      pages[poller] = undefined;
      await until(async () => /checked by this window|^Extruct tasks: [^;]*$/.test(await statusLabel(other)), {
        timeout: 20_000,
        message: async () => `the remaining window did not take over (status: "${await statusLabel(other)}")`,
      });
      await f().control('POST', '/__fake/clock', { advanceMs: 10 * MIN });
      const done = /Extruct task "Freight forwarders in Rotterdam" finished/;
      await until(async () => (await toastTexts(other)).some((t) => done.test(t)), {
        timeout: 60_000,
        message: 'the remaining window did not tell of the completion',
      });
      await sleep(2 * POLL_S * 1000);
      const n = await notificationsIn(other, done);
      if (n !== 1) throw new Error(`${n} completion notifications for W`);
    },
  },
];

const code = await runJourney({
  label: 'windows',
  outDir: OUT,
  timeoutMs: TIMEOUT_MS,
  steps,
  log,
  screenshot: shot,
  where: () =>
    cs
      ? [
          `code-server log: ${path.relative(process.cwd(), cs.logPath)}`,
          `VS Code logs: ${path.relative(process.cwd(), path.join(cs.userDataDir, 'logs'))}`,
        ]
      : [],
  setup: async (runDir) => {
    const t0 = Date.now();
    const vsix = await buildVsix(path.join(runDir, 'extruct-task-watcher.vsix'));
    fake = await startFake({ speed: 0, token: TOKEN, stderr: path.join(runDir, 'fake-extruct.log') });
    for (const [k, profile] of Object.entries({ x: X, y: Y })) ids[k] = (await fake.control('POST', '/__fake/tasks', profile)).id;
    const workspace = path.join(runDir, 'workspace');
    fs.mkdirSync(workspace, { recursive: true });
    cs = await startCodeServer({
      runDir,
      installVsix: [vsix],
      // Each window's copy of the secrets gets the token the way the demo does it (loopback API only).
      env: { EXTRUCT_DEMO_TOKEN: TOKEN },
      userSettings: {
        'extruct.apiBaseUrl': fake.url,
        'extruct.pollInterval': POLL_S,
        'workbench.colorTheme': 'Default Dark Modern',
        'window.commandCenter': false,
      },
      log,
    });
    workspaceUrl = cs.url(workspace);
    browser = await launchChromium({
      xdgDir: path.join(runDir, 'chromium'),
      log,
      launchOptions: { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false },
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await openWindow(0);
    await until(async () => (await textOf(p(0).locator(sel.welcome))).includes('No tasks are watched yet.'), {
      timeout: 60_000,
      message: 'window 1 did not get ready (no "watch a task" welcome)',
    });
    log(`window 1 up (${secs(t0)})`);
  },
  cleanup: async () => {
    // Close the pages first: that ends their extension hosts properly (closing the browser would not).
    for (const pg of pages) await pg?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await cs?.stop().catch(() => {});
    await fake?.stop().catch(() => {});
  },
});
process.exit(code);
