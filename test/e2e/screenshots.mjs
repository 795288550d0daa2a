#!/usr/bin/env node
// @ts-check
/**
 * Screenshots for the README (not part of the test command):
 *
 *   node test/e2e/screenshots.mjs [outDir]      default outDir: docs/screenshots
 *
 * Packages the .vsix, starts the fake Extruct API with six tasks in mixed states (done, failed, exhausted,
 * two running, one unknown to the API), starts code-server with the .vsix installed and the demo token and
 * watch list passed through EXTRUCT_DEMO_TOKEN / EXTRUCT_DEMO_WATCH, and saves, in "Default Dark Modern",
 * "Default Light Modern" and "Default High Contrast" (user setting workbench.colorTheme):
 *   tree-<theme>.png            the Extruct view, one running task expanded, a tooltip open
 *   panel-running-<theme>.png   the detail panel of a running task
 *   panel-done-<theme>.png      the detail panel of a finished task with its results table
 *   walkthrough-<theme>.png     the "Get Started" walkthrough (dark and light), as packaged by this run
 * and, in dark and light, the walkthrough's images in media/walkthrough/ (token, tree, panel -<theme>.png). The
 * walkthrough screenshot shows the images packaged at the start of the run: after the images changed, run it twice.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../harness/browser.mjs';
import { startCodeServer } from '../harness/code-server.mjs';
import {
  buildVsix,
  openWalkthrough,
  openWorkbench,
  reloadWindow,
  root,
  runCommand,
  secs,
  sel,
  showExtructView,
  sleep,
  startFake,
  taskRows,
  textOf,
  until,
  webviewFrame,
  widenSidebar,
} from './lib.mjs';

const outDir = path.resolve(process.argv[2] ?? path.join(root, 'docs', 'screenshots'));
/** The walkthrough's images (package.json contributes.walkthroughs). */
const mediaDir = path.join(root, 'media', 'walkthrough');
const VERBOSE = process.env.VERBOSE === '1';
/** @type {(m: string) => void} */
const log = (m) => console.log(`  · ${m}`);
const MIN = 60_000;
const c = (/** @type {string} */ key, /** @type {string} */ name, /** @type {string} */ criterion) => ({ key, name, criterion });

/** The tasks, in the order they are watched (the tree shows the newest first). */
const PROFILES = {
  done: {
    query: 'Freight-forwarding SaaS vendors in Europe',
    desiredNumResults: 25,
    durationMs: 9 * MIN,
    ageMs: 3 * 3_600_000,
    criteria: [
      c(
        'serves_forwarders',
        'Serves freight forwarders',
        'The company sells software built for freight forwarders or logistics service providers.',
      ),
      c('saas_model', 'SaaS business model', 'The product is sold as a subscription cloud service (SaaS).'),
      c('europe_presence', 'European presence', 'The company is headquartered in Europe or has a significant European customer base.'),
    ],
  },
  failed: {
    query: 'Battery recycling startups in the Nordics',
    desiredNumResults: 60,
    durationMs: 12 * MIN,
    ageMs: 50 * MIN,
    finalStatus: 'failed',
    failAtFraction: 0.45,
  },
  exhausted: {
    query: 'Vet clinic groups in the US Midwest',
    desiredNumResults: 100,
    durationMs: 24 * MIN,
    ageMs: 13 * MIN,
    exhaustAtFraction: 0.5,
    exhaustedNumResults: 37,
  },
  runningLong: {
    query: 'Construction payment platforms in North America',
    desiredNumResults: 200,
    durationMs: 40 * MIN,
    ageMs: 9 * MIN,
    criteria: [
      c('b2b_payments', 'B2B payments', 'The company provides payment, invoicing or lien-waiver software for businesses.'),
      c('construction_focus', 'Construction focus', 'The product is built for construction contractors or subcontractors.'),
    ],
  },
  running: {
    query: 'Cell and gene therapy CROs in Germany',
    desiredNumResults: 50,
    durationMs: 30 * MIN,
    ageMs: 12 * MIN,
    criteria: [
      c('cro', 'Contract research organisation', 'The company offers contract research or development services to biotech companies.'),
      c('cgt', 'Cell and gene therapy', 'The company specialises in cell therapy, gene therapy or viral vector services.'),
      c('germany', 'Based in Germany', 'The company is headquartered in Germany or runs laboratories there.'),
    ],
  },
};

/** @type {import('../harness/code-server.mjs').CodeServer | undefined} */
let cs;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
/** @type {import('./lib.mjs').Fake | undefined} */
let fake;
let runDir = '';

async function cleanup() {
  try {
    await browser?.close();
  } catch {
    /* gone */
  }
  try {
    await cs?.stop();
  } catch {
    /* gone */
  }
  try {
    await fake?.stop();
  } catch {
    /* gone */
  }
}
for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(sig, () => {
    void cleanup().finally(() => process.exit(1));
  });
}
setTimeout(() => {
  console.error('screenshots: timed out after 8 min');
  void cleanup().finally(() => process.exit(1));
}, 8 * MIN).unref();

async function main() {
  const t0 = Date.now();
  fs.mkdirSync(outDir, { recursive: true });
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-shots-'));
  const vsix = await buildVsix(path.join(runDir, 'extruct-task-watcher.vsix'));
  log(`packaged (${secs(t0)})`);

  fake = await startFake({ speed: 1, stderr: path.join(runDir, 'fake-extruct.log') });
  /** @type {Record<string, string>} */
  const ids = {};
  for (const [k, p] of Object.entries(PROFILES)) ids[k] = (await fake.control('POST', '/__fake/tasks', p)).id;
  ids.notFound = crypto.randomUUID();
  // The tree lists them in this order; the done one is last so that its tooltip covers no other item.
  const watch = [ids.running, ids.runningLong, ids.exhausted, ids.notFound, ids.failed, ids.done];
  log(`fake Extruct API on ${fake.url}; tasks ${JSON.stringify(ids)}`);

  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Extruct Task Watcher\n');
  const settings = (/** @type {string} */ theme) => ({
    'extruct.apiBaseUrl': /** @type {import('./lib.mjs').Fake} */ (fake).url,
    'extruct.pollInterval': 5,
    'workbench.colorTheme': theme,
    'window.commandCenter': false,
    'workbench.layoutControl.enabled': false,
  });
  cs = await startCodeServer({
    runDir,
    installVsix: [vsix],
    userSettings: settings('Default Dark Modern'),
    env: { EXTRUCT_DEMO_TOKEN: fake.token, EXTRUCT_DEMO_WATCH: watch.join(' ') },
    log: VERBOSE ? log : () => {},
  });
  browser = await launchChromium({ xdgDir: path.join(runDir, 'chromium') });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await openWorkbench(page, cs.url(workspace));
  await showExtructView(page);
  await widenSidebar(page, 580);
  const rows = page.locator(sel.treeRow);
  await until(async () => (await taskRows(page).count()) === watch.length, { timeout: 30_000, message: 'not all tasks are in the tree' });
  // Every task answered (nothing "waiting"), the unknown one is "not found".
  await until(
    async () => {
      const texts = await rows.allInnerTexts();
      return texts.every((t) => !/waiting for first answer/.test(t)) && texts.some((t) => /not found/.test(t));
    },
    { timeout: 30_000, message: 'the tasks did not all get a first answer' },
  );
  log(`tree ready (${secs(t0)})`);

  const rowOf = (/** @type {string} */ query) => rows.filter({ hasText: query.slice(0, 25) }).first();
  const settingsPath = path.join(cs.userDataDir, 'User', 'settings.json');

  /** The themes, each with the workbench class that shows it applied. */
  const THEMES = /** @type {const} */ ([
    ['dark', 'Default Dark Modern', '.monaco-workbench.vs-dark'],
    ['light', 'Default Light Modern', '.monaco-workbench.vs:not(.vs-dark)'],
    ['hc', 'Default High Contrast', '.monaco-workbench.hc-black'],
  ]);
  for (const [theme, themeName, applied] of THEMES) {
    if (theme !== 'dark') {
      const s = JSON.parse(fs.readFileSync(settingsPath, 'utf8'));
      fs.writeFileSync(settingsPath, JSON.stringify({ ...s, 'workbench.colorTheme': themeName }, null, 2));
      // code-server does not notice a changed settings file reliably: reload the window to apply it.
      await reloadWindow(page);
      await until(async () => page.locator(applied).count(), { timeout: 20_000, message: `the ${theme} theme did not apply` });
      await sleep(1000);
    }
    await clearNotifications(page);

    // ---- the walkthrough's pictures of the token box and the tree (before any row is clicked)
    await showExtructView(page, 2000);
    if (theme !== 'hc') await walkthroughMedia(page, theme);

    // ---- the tree: one running task expanded, a tooltip on the done one
    const running = rowOf(PROFILES.running.query);
    if ((await running.getAttribute('aria-expanded')) !== 'true') await running.locator('.monaco-tl-twistie').click();
    const stages = page.locator(`${sel.treeRow}[aria-level="3"]`);
    await until(async () => (await stages.count()) === 4, { timeout: 10_000, message: 'the running task did not expand' });
    // No selected/focused row (it would show its inline actions over its description): clear the selection and
    // move the focus to the (empty) editor area.
    await page.keyboard.press('Escape');
    await page.mouse.click(1000, 500);
    await page.mouse.move(1000, 700);
    await sleep(300);
    const done = rowOf(PROFILES.done.query);
    await done.locator('.label-name').hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Stage' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    await sleep(500);
    const sidebar = await page.locator(sel.sidebar).boundingBox();
    const hb = await hover.boundingBox();
    const width = Math.min(1280, Math.max((sidebar?.x ?? 0) + (sidebar?.width ?? 520), (hb?.x ?? 0) + (hb?.width ?? 0)) + 24);
    await page.screenshot({ path: path.join(outDir, `tree-${theme}.png`), clip: { x: 0, y: 0, width, height: 800 } });
    log(`tree-${theme}.png`);
    await page.mouse.move(1000, 700);
    await running.locator('.monaco-tl-twistie').click(); // collapse again

    // ---- the panels, with the side bar hidden so that they get the whole width
    for (const [kind, query] of /** @type {const} */ ([
      ['running', PROFILES.running.query],
      ['done', PROFILES.done.query],
    ])) {
      await showExtructView(page, 0);
      await rowOf(query).locator('.label-name').click(); // the item's command opens the details
      const frame = webviewFrame(page);
      const title = frame.locator('.header .query-title');
      await until(async () => (await textOf(title)) === query, { timeout: 20_000, message: `the panel of "${query}" did not open` });
      await sleep(500);
      await runCommand(page, 'View: Close Primary Side Bar');
      if (kind === 'done') {
        const rowsIn = frame.locator('.results-table .result-row');
        if (!(await rowsIn.count())) {
          const load = frame.locator('button', { hasText: /Load results/ }).first();
          if (await load.isVisible().catch(() => false)) await load.click();
        }
        await rowsIn.first().waitFor({ timeout: 20_000 });
        await frame.locator('.results-table .expand').first().click(); // one row open: scores and explanations
        // Scroll the results card up to just below the sticky header.
        await frame.locator('.results').evaluate((el) => {
          const header = document.querySelector('.header');
          const below = header ? header.getBoundingClientRect().bottom : 0;
          window.scrollBy(0, el.getBoundingClientRect().top - below - 12);
        });
      }
      await page.mouse.move(640, 790);
      await sleep(1200);
      await page.screenshot({ path: path.join(outDir, `panel-${kind}-${theme}.png`) });
      log(`panel-${kind}-${theme}.png`);
      if (kind === 'running' && theme !== 'hc') {
        const editor = await page.locator('.part.editor').boundingBox();
        if (!editor) throw new Error('no editor area');
        await hiDpi(page, path.join(mediaDir, `panel-${theme}.png`), { x: editor.x, y: editor.y + 35, width: 640, height: 250 });
        log(`media/walkthrough/panel-${theme}.png`);
      }
      await runCommand(page, 'View: Close All Editors');
    }
    if (theme !== 'hc') {
      // The walkthrough, with the steps already done checked (the token is set, tasks are watched).
      await openWalkthrough(page);
      await page.locator('.getting-started-media img').first().waitFor({ timeout: 10_000 });
      await page.mouse.move(640, 790);
      await sleep(1200);
      await page.screenshot({ path: path.join(outDir, `walkthrough-${theme}.png`) });
      log(`walkthrough-${theme}.png`);
      await runCommand(page, 'View: Close All Editors');
    }
  }
  for (const dir of [outDir, mediaDir])
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.png'))) {
      log(`${path.relative(root, path.join(dir, f))}: ${(fs.statSync(path.join(dir, f)).size / 1024).toFixed(0)} KB`);
    }
  console.log(`screenshots saved to ${path.relative(process.cwd(), outDir) || outDir} (${secs(t0)})`);
}

/**
 * Saves the `clip` (CSS pixels) of the page as `file` at 1.5 device pixels per CSS pixel: VS Code shows a
 * walkthrough's picture at 1.5× (srcset), so that is the density at which it is sharp. Through the DevTools
 * protocol, because Playwright's own screenshot keeps the context's density.
 */
async function hiDpi(
  /** @type {import('playwright-core').Page} */ page,
  /** @type {string} */ file,
  /** @type {{ x: number, y: number, width: number, height: number }} */ clip,
) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 1.5, mobile: false });
  await sleep(500);
  try {
    const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', clip: { ...clip, scale: 1 } });
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
  } finally {
    // Back to the context's own viewport (clearing the override would drop Playwright's too).
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 1, mobile: false });
    await cdp.detach();
    await sleep(300);
  }
}

/** The walkthrough's images of the token box and the tree, cut from the window. */
async function walkthroughMedia(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ theme) {
  fs.mkdirSync(mediaDir, { recursive: true });
  await runCommand(page, 'Extruct: Set API Token');
  const box = page.locator(sel.quickInput);
  await until(async () => (await textOf(box.locator('.quick-input-title'))).includes('Set API Token'), {
    timeout: 10_000,
    message: 'the token box did not open',
  });
  await sleep(500); // the quick input's fade-in
  const b = await box.boundingBox();
  if (!b) throw new Error('no token box');
  await hiDpi(page, path.join(mediaDir, `token-${theme}.png`), b);
  await page.keyboard.press('Escape');
  await box.waitFor({ state: 'hidden', timeout: 5000 });
  await widenSidebar(page, 380);
  await page.mouse.click(1000, 500);
  await page.mouse.move(1000, 700);
  await sleep(500);
  const side = await page.locator(sel.sidebar).boundingBox();
  if (!side) throw new Error('no side bar');
  const last = await page.locator(sel.treeRow).last().boundingBox();
  const height = Math.min(400, (last ? last.y + last.height : 300) + 8);
  await hiDpi(page, path.join(mediaDir, `tree-${theme}.png`), { x: side.x, y: 0, width: side.width, height });
  await widenSidebar(page, 580);
  log(`media/walkthrough/{token,tree}-${theme}.png`);
}

async function clearNotifications(/** @type {import('playwright-core').Page} */ page) {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
  await page.keyboard.press('Escape');
  await sleep(300);
}

main().then(
  async () => {
    await cleanup();
    fs.rmSync(runDir, { recursive: true, force: true });
    process.exit(0);
  },
  async (e) => {
    console.error(`screenshots failed: ${e instanceof Error ? e.stack : e}`);
    const p = browser?.contexts()[0]?.pages()[0];
    if (p)
      await p.screenshot({ path: path.join(os.tmpdir(), 'extruct-shots-failure.png') }).then(
        () => console.error(`failure screenshot: ${path.join(os.tmpdir(), 'extruct-shots-failure.png')}`),
        () => {},
      );
    if (cs) console.error(`code-server log: ${cs.logPath} (kept ${runDir})`);
    await cleanup();
    process.exit(1);
  },
);
