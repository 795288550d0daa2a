#!/usr/bin/env node
// @ts-check
/**
 * UI end-to-end test: the packaged .vsix in a real VS Code 1.139.1 (code-server), driven in headless Chromium
 * at 1280×800 the way a user would, against the fake Extruct API.
 *
 *   node test/e2e/run.mjs            (also the `ui` stage of `npm test`)
 *
 * Steps: 1 the Extruct view asks for a token · 2 "Welcome: Open Walkthrough…" opens the walkthrough, its first
 * step not done · 3 a wrong token is rejected in the input box, the right one is accepted, and the walkthrough ticks
 * its first step off · 4 "Watch Task" adds a running task whose counters move; the status bar says "1 running" · 5 it
 * completes: the toast's "Open Details" opens the detail panel with the final counters · 6 after a window reload the
 * task is still there, done, its panel restored, and no second notification comes · 7 a task whose query is a
 * command link completes, and its toast holds no link · 8 "New Deep Search…" starts a task through its form (Back
 * included), which is watched and whose panel opens · 9 HTML and script in a task's query and criteria show as text
 * in the panel, and none runs · 10 "Stop Watching" from the context menu removes it · 11 in a 300 px sidebar, every
 * running task's counter is visible, in dark and light themes · 12–14 (manyTasks.mjs) 200 tasks in the realistic
 * fake: their sections and counts, the filter by words, the filter by section across a reload.
 * Step 5 also clicks a link in the panel: it opens exactly one browser tab.
 *
 * The fake API's clock is frozen (--speed 0) and moved forward through its control API, so the task's
 * progress does not depend on how fast the machine is.
 *
 * Output: `✔ step (time)` / `✘ step: reason` per step, then `ui: N passed, M failed`; exit code 1 when a step
 * failed. Screenshots: test-results/ui/NN-step.png (NN-step-failure.png on failure). A failed run keeps
 * code-server's run folder (logs, user data) in test-results/ui/run and prints where the logs are.
 *
 * Environment: EXTRUCT_UI_TIMEOUT_MS (overall limit after the tools are installed, default 360000),
 * VERBOSE=1 (harness and browser console output).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../harness/browser.mjs';
import { startCodeServer } from '../harness/code-server.mjs';
import { runJourney } from './journey.mjs';
import {
  buildVsix,
  iconOf,
  openWalkthrough,
  openWorkbench,
  reloadWindow,
  root,
  runCommand,
  secs,
  sectionsOf,
  sel,
  showExtructView,
  sleep,
  startFake,
  taskRows,
  textOf,
  until,
  walkthroughStep,
  webviewFrame,
  widenSidebar,
} from './lib.mjs';
import { manyTasksSteps } from './manyTasks.mjs';

const OUT = path.join(root, 'test-results', 'ui');
const TIMEOUT_MS = Number(process.env.EXTRUCT_UI_TIMEOUT_MS) || 6 * 60_000;
const VERBOSE = process.env.VERBOSE === '1';
const POLL_S = 5;
const TOKEN = `ui-${crypto.randomBytes(6).toString('hex')}`;
const QUERY = 'Fintech startups in Berlin offering embedded lending APIs';
const WANTED = 30;
const PROFILE = { query: QUERY, desiredNumResults: WANTED, durationMs: 60_000, createdPhaseMs: 2_000 };

/** @type {(m: string) => void} */
const log = VERBOSE ? (m) => console.log(`  · ${m}`) : () => {};
const rel = (/** @type {string} */ p) => path.relative(process.cwd(), p) || p;

// ---- everything that has to be cleaned up
/** @type {import('../harness/code-server.mjs').CodeServer | undefined} */
let cs;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
/** @type {import('./lib.mjs').Fake | undefined} */
let fake;
/** @type {import('playwright-core').Page | undefined} */
let page;
let shotCounter = 0;

async function shot(/** @type {string} */ file) {
  if (!page || page.isClosed()) return undefined;
  const p = path.join(OUT, file);
  try {
    await page.screenshot({ path: p, timeout: 10_000 });
    return p;
  } catch (e) {
    log(`screenshot ${file} failed: ${e instanceof Error ? e.message : e}`);
    return undefined;
  }
}

/** @typedef {{ taskId: string, fakeUrl: string }} Ctx */

/**
 * @param {Ctx} ctx
 * @returns {Array<{ name: string, slug: string, run: () => Promise<void> }>}
 */
function steps(ctx) {
  const p = () => /** @type {import('playwright-core').Page} */ (page);
  const f = () => /** @type {import('./lib.mjs').Fake} */ (fake);
  const rows = () => p().locator(sel.treeRow);
  /** "Extruct: Stop Watching" from the palette, picking the task whose row holds `text`; waits until it is gone. */
  const stopWatchingByPick = async (/** @type {string} */ text) => {
    await runCommand(p(), 'Extruct: Stop Watching');
    const pick = p().locator(sel.quickInputRow, { hasText: text }).first();
    await pick.waitFor({ timeout: 10_000 });
    await pick.click();
    await p().keyboard.press('Enter');
    await until(async () => (await rows().filter({ hasText: text }).count()) === 0, {
      timeout: 10_000,
      message: `"${text}" is still in the tree`,
    });
  };
  const row = () =>
    rows()
      .filter({ hasText: QUERY.slice(0, 30) })
      .first();
  const welcome = () => textOf(p().locator(sel.welcome));
  const descOf = async () => textOf(row().locator('.label-description'));
  /** The label and the description as shown: "12/30 · Fintech startups… in progress". */
  const itemText = async () => `${await textOf(row().locator('.label-name'))} ${await descOf()}`;
  const statusItem = () =>
    p()
      .locator(`${sel.statusBar} .statusbar-item`, { hasText: /Extruct:/ })
      .first();
  /** @type {string[]} */
  const seen = [];

  return [
    {
      name: 'open the Extruct view: the welcome content asks for an API token',
      slug: 'welcome-token',
      run: async () => {
        await showExtructView(p());
        await widenSidebar(p(), 440);
        await until(async () => (await welcome()).includes('First, set your Extruct API token'), {
          timeout: 60_000,
          message: async () => `the welcome content does not ask for a token (it shows "${await welcome()}")`,
        });
        await p().locator(`${sel.welcome} .monaco-button`, { hasText: 'Set API Token' }).first().waitFor({ timeout: 5000 });
      },
    },
    {
      name: '"Welcome: Open Walkthrough…" opens the Extruct walkthrough at its first step, not done yet',
      slug: 'walkthrough',
      run: async () => {
        await openWalkthrough(p());
        const first = walkthroughStep(p(), 'setToken');
        await until(async () => (await first.getAttribute('aria-expanded')) === 'true', {
          timeout: 10_000,
          message: 'the first step ("Set your Extruct API token") is not the one open',
        });
        if ((await first.getAttribute('aria-checked')) !== 'false') throw new Error('the token step is done before any token was set');
        const steps = {
          setToken: 'Set your Extruct API token',
          watchTask: 'Watch a task, or start a Deep Search',
          openDetails: "Open a task's details",
        };
        for (const [id, title] of Object.entries(steps))
          if (!(await textOf(walkthroughStep(p(), id))).includes(title)) throw new Error(`the walkthrough has no step "${title}"`);
        await p().locator('.getting-started-step.expanded .monaco-button', { hasText: 'Set API Token' }).first().waitFor({ timeout: 5000 });
        // Its picture (beside the steps when the editor is wide enough to show it).
        const img = p().locator('.getting-started-media img[alt*="Set API Token"]').first();
        await img.waitFor({ state: 'attached', timeout: 10_000 });
        // VS Code shows it through srcset, at 1.5 device pixels per pixel, in the picture of the current theme.
        if (!/media\/walkthrough\/token-dark\.png\b.* 1\.5x$/.test(decodeURIComponent((await img.getAttribute('srcset')) ?? '')))
          throw new Error(`the first step's picture is ${await img.getAttribute('srcset')}, not the dark theme's token picture`);
      },
    },
    {
      name: 'set the API token: a wrong one is rejected in the input box, the right one is accepted',
      slug: 'token',
      run: async () => {
        await runCommand(p(), 'Extruct: Set API Token');
        const input = p().locator(sel.quickInputBox);
        await until(async () => (await textOf(p().locator(`${sel.quickInput} .quick-input-title`))).includes('Set API Token'), {
          timeout: 10_000,
          message: 'the token input box did not open',
        });
        if ((await input.getAttribute('type')) !== 'password') throw new Error('the token input box is not a password box');
        await input.fill('wrong-token-1234');
        await p().keyboard.press('Enter');
        const message = p().locator(sel.quickInputMessage);
        await until(async () => /rejected this token \(HTTP 401\)/.test(await textOf(message)), {
          timeout: 20_000,
          message: 'no "rejected this token (HTTP 401)" message in the input box',
        });
        if (!(await input.isVisible())) throw new Error('the input box closed after the wrong token');
        if ((await input.inputValue()) !== 'wrong-token-1234') throw new Error('the input box lost what was typed');
        await shot(`${String(shotCounter).padStart(2, '0')}a-token-rejected.png`);
        await input.fill(TOKEN);
        await p().keyboard.press('Enter');
        await p().locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 20_000 });
        await until(async () => (await welcome()).includes('No tasks are watched yet.'), {
          timeout: 15_000,
          message: async () => `the welcome content did not change to "watch a task" (it shows "${await welcome()}")`,
        });
        await p().locator(`${sel.welcome} .monaco-button`, { hasText: 'Watch Task' }).first().waitFor({ timeout: 5000 });
        // The walkthrough checked its first step by itself. Opened again (an Escape that reaches the Welcome
        // editor takes it back to its list of walkthroughs), it shows what is done.
        await openWalkthrough(p());
        await until(async () => (await walkthroughStep(p(), 'setToken').getAttribute('aria-checked')) === 'true', {
          timeout: 10_000,
          message: "the walkthrough's token step is not checked after the token was set",
        });
        await shot(`${String(shotCounter).padStart(2, '0')}b-walkthrough-token-done.png`);
        if ((await walkthroughStep(p(), 'watchTask').getAttribute('aria-checked')) !== 'false')
          throw new Error('the "watch a task" step is done before any task is watched');
        await runCommand(p(), 'View: Close All Editors');
      },
    },
    {
      name: 'watch a task: a running item whose counters move; the status bar says "1 running"',
      slug: 'watch-running',
      run: async () => {
        await f().control('POST', '/__fake/clock', { advanceMs: 12_000 }); // past the "created" phase
        await runCommand(p(), 'Extruct: Watch Task');
        const input = p().locator(sel.quickInputBox);
        await until(async () => (await textOf(p().locator(`${sel.quickInput} .quick-input-title`))).includes('Watch Task'), {
          timeout: 10_000,
          message: 'the Watch Task quick pick did not open',
        });
        await input.fill(ctx.taskId);
        await until(async () => (await textOf(p().locator(`${sel.quickInputRow}.focused`))).includes(`Watch ${ctx.taskId}`), {
          timeout: 10_000,
          message: `the quick pick does not offer "Watch ${ctx.taskId}"`,
        });
        await p().keyboard.press('Enter');
        await p().locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
        await row().waitFor({ timeout: 20_000 });
        const first = await until(
          async () => {
            const d = await itemText();
            const icon = await iconOf(row());
            return /codicon-sync\b/.test(icon) && /codicon-modifier-spin/.test(icon) && /^\d+\/30 · .* in progress( · .*)?$/.test(d)
              ? d
              : '';
          },
          {
            timeout: 20_000,
            message: async () =>
              `the item is not "in progress" with a spinning sync icon (it reads "${await itemText()}", icon "${await iconOf(row())}")`,
          },
        );
        seen.push(first);
        log(`first description: ${first}`);
        await until(async () => /Extruct: 1 running/.test(await textOf(statusItem())), {
          timeout: 10_000,
          message: `the status bar does not say "Extruct: 1 running"`,
        });
        if (
          !/codicon-sync/.test(
            (await statusItem()
              .innerHTML()
              .catch(() => '')) ?? '',
          )
        )
          throw new Error('the status-bar item has no sync icon');
        await f().control('POST', '/__fake/clock', { advanceMs: 15_000 });
        const count = (/** @type {string} */ d) => Number(/^(\d+)\/30 · /.exec(d)?.[1] ?? NaN);
        const second = await until(
          async () => {
            const d = await itemText();
            return /in progress/.test(d) && count(d) > count(first) ? d : '';
          },
          { timeout: 6 * POLL_S * 1000, message: () => `the high-fit count did not move (still "${seen.at(-1)}")` },
        );
        seen.push(second);
        log(`second description: ${second}`);
        if (!/codicon-modifier-spin/.test(await iconOf(row()))) throw new Error('the icon stopped spinning while the task runs');
      },
    },
    {
      name: 'the task completes: the toast\'s "Open Details" opens the detail panel with the final counters',
      slug: 'done-panel',
      run: async () => {
        await f().control('POST', '/__fake/clock', { advanceMs: 60_000 });
        const final = await f().api(`/v1/discovery_tasks/${ctx.taskId}`);
        if (final.status !== 'done') throw new Error(`the fake task is "${final.status}", not done`);
        const toast = p()
          .locator('.notification-toast', { hasText: /Extruct task .* finished/ })
          .first();
        await toast.waitFor({ timeout: 6 * POLL_S * 1000 });
        const text = await textOf(toast);
        if (!text.includes(`${final.num_results} high-fit results`)) throw new Error(`the toast does not give the count: "${text}"`);
        const button = toast.locator('.monaco-button', { hasText: 'Open Details' }).first();
        await button.waitFor({ timeout: 5000 });
        await sleep(600); // the toast's fade-in
        await shot(`${String(shotCounter).padStart(2, '0')}a-toast.png`);
        await button.click();
        const frame = webviewFrame(p());
        await frame.locator('.header .state-label').waitFor({ timeout: 30_000 });
        await until(async () => /^Done/.test(await textOf(frame.locator('.header .state-label'))), {
          timeout: 10_000,
          message: async () => `the panel does not say Done (it says "${await textOf(frame.locator('.header .state-label'))}")`,
        });
        const want = {
          Discovered: String(final.num_results_discovered),
          Enriched: String(final.num_results_enriched),
          Evaluated: String(final.num_results_evaluated),
          'High-fit': `${final.num_results} / ${final.desired_num_results}`,
        };
        /** @type {Record<string, string>} */
        let shown = {};
        await until(
          async () => {
            shown = {};
            for (const li of await frame.locator('.funnel .stage').all()) {
              shown[await textOf(li.locator('.stage-label'))] = await textOf(li.locator('.stage-value'));
            }
            return JSON.stringify(shown) === JSON.stringify(want);
          },
          {
            timeout: 10_000,
            message: () => `the panel's counters ${JSON.stringify(shown)} are not the final ones ${JSON.stringify(want)}`,
          },
        );
        // The results are read once when the task completes.
        await frame.locator('.results-table .result-row').first().waitFor({ timeout: 20_000 });
        const panelText = await textOf(frame.locator('body'));
        for (const want of [QUERY, ctx.taskId, 'Discovered'])
          if (!panelText.includes(want)) throw new Error(`the panel does not show "${want}"`);
        if (/\bundefined\b|\bnull\b|NaN|\[object Object\]/.test(panelText))
          throw new Error(`the panel shows a raw "undefined", "null", "NaN" or "[object Object]": ${panelText.slice(0, 400)}`);
        // Links open once, through the host's URL check: none has an href for VS Code to open as well.
        if ((await frame.locator('a[href]').count()) !== 0)
          throw new Error('the panel has <a href> links, which VS Code would open a second time');
        const website = frame.locator('.results-table a.link').first();
        await website.waitFor({ timeout: 5000 });
        const context = p().context();
        const before = context.pages().length;
        await website.click();
        // VS Code asks before it opens an outside site: once, and then one tab, if only one path opens links.
        const dialog = p().locator('.monaco-dialog-box');
        let confirmations = 0;
        for (let i = 0; i < 2; i++) {
          const shown = await dialog.waitFor({ timeout: i === 0 ? 10_000 : 2_500 }).then(
            () => true,
            () => false,
          );
          if (!shown) break;
          confirmations++;
          if (confirmations === 1) await shot(`${String(shotCounter).padStart(2, '0')}b-open-link-dialog.png`);
          await dialog
            .locator('.monaco-button', { hasText: /^Open$/ })
            .first()
            .click();
          await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
        }
        await sleep(1500);
        const opened = context.pages().slice(before);
        for (const tab of opened) await tab.close().catch(() => {});
        if (confirmations !== 1 || opened.length !== 1)
          throw new Error(
            `clicking a link in the panel asked ${confirmations} time(s) and opened ${opened.length} browser tab(s); expected once and one`,
          );
        await until(async () => /codicon-pass-filled/.test(await iconOf(row())), {
          timeout: 10_000,
          message: 'the tree item has no "done" icon',
        });
        await until(async () => /Extruct: 1 finished/.test(await textOf(statusItem())), {
          timeout: 10_000,
          message: 'the status bar does not say "Extruct: 1 finished"',
        });
      },
    },
    {
      name: 'reload the window: the task is still there, done, and no second notification comes',
      slug: 'reload',
      run: async () => {
        await reloadWindow(p());
        await showExtructView(p(), 15_000);
        await row().waitFor({ timeout: 60_000 });
        await until(async () => /codicon-pass-filled/.test(await iconOf(row())) && /^30\/30 · .* done$/.test(await itemText()), {
          timeout: 20_000,
          message: async () => `the reloaded item is not done (it reads "${await itemText()}", icon "${await iconOf(row())}")`,
        });
        if ((await taskRows(p()).count()) !== 1) throw new Error(`expected one task in the tree, found ${await taskRows(p()).count()}`);
        if ((await sectionsOf(p())).join() !== 'Finished 1') throw new Error(`the sections are ${JSON.stringify(await sectionsOf(p()))}`);
        // The detail panel that was open comes back, showing the task.
        await until(
          async () =>
            (await p()
              .locator('.tabs-container .tab', { hasText: QUERY.slice(0, 20) })
              .count()) > 0,
          { timeout: 10_000, message: 'the detail panel was not restored after the reload' },
        );
        const restored = webviewFrame(p()).locator('.header .state-label');
        await until(async () => /^Done/.test(await textOf(restored)), {
          timeout: 20_000,
          message: async () => `the restored panel does not say Done (it says "${await textOf(restored)}")`,
        });
        // Give the extension a few poll intervals to (wrongly) announce the completion again.
        const until_ = Date.now() + 3.5 * POLL_S * 1000;
        while (Date.now() < until_) {
          const t = await textOf(p().locator(sel.toasts));
          if (/finished/.test(t)) throw new Error(`a second completion notification appeared: "${t}"`);
          await sleep(500);
        }
        await runCommand(p(), 'Notifications: Show Notifications');
        const center = p().locator(sel.center);
        await center.waitFor({ state: 'visible', timeout: 10_000 });
        await sleep(400);
        const centerText = await textOf(center);
        if (/finished/.test(centerText)) throw new Error(`the notification center has a completion notification: "${centerText}"`);
        await shot(`${String(shotCounter).padStart(2, '0')}a-notification-center.png`);
        await p().keyboard.press('Escape');
        await center.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
      },
    },
    {
      name: 'a task whose query is a command link completes: its toast shows the text, with no link in it',
      slug: 'no-command-link',
      run: async () => {
        // Short enough to be shown whole (a cut-off link would not parse anyway): a link VS Code would render.
        const query = '[Open](command:extruct.showLog)';
        const id = (await f().control('POST', '/__fake/tasks', { query, desiredNumResults: 5, durationMs: 60_000, createdPhaseMs: 1_000 }))
          .id;
        await runCommand(p(), 'Extruct: Watch Task');
        await p().locator(sel.quickInputBox).fill(id);
        await until(async () => (await textOf(p().locator(`${sel.quickInputRow}.focused`))).includes(`Watch ${id}`), {
          timeout: 10_000,
          message: 'the quick pick does not offer the task',
        });
        await p().keyboard.press('Enter');
        await sleep(2 * POLL_S * 1000); // a first answer while it runs
        await f().control('POST', '/__fake/clock', { advanceMs: 2 * 60_000 });
        const toast = p().locator(sel.toast, { hasText: 'finished: 5 high-fit' }).first();
        await toast.waitFor({ timeout: 6 * POLL_S * 1000 });
        await sleep(600);
        await shot(`${String(shotCounter).padStart(2, '0')}a-toast-with-link-text.png`);
        const message = toast.locator('.notification-list-item-message');
        const links = await message.locator('a').count();
        if (links !== 0) throw new Error(`the toast has ${links} link(s) in its message`);
        if (!(await textOf(message)).includes('command:extruct.showLog'))
          throw new Error(`the toast does not show the query as text: "${await textOf(message)}"`);
        await stopWatchingByPick('command:extruct');
      },
    },
    {
      name: '"New Deep Search…": the form (with Back) starts a task, which is watched and whose panel opens',
      slug: 'new-search',
      run: async () => {
        const query = 'Robotics startups in Munich building warehouse automation';
        const box = p().locator(sel.quickInputBox);
        const title = p().locator('.quick-input-widget .quick-input-title');
        const stepIs = async (/** @type {string} */ n) =>
          until(async () => (await textOf(p().locator('.quick-input-widget .quick-input-titlebar'))).includes(n), {
            timeout: 10_000,
            message: async () => `the form is not at "${n}" (it shows "${await textOf(title)}")`,
          });
        const enter = async () => {
          await sleep(250);
          await p().keyboard.press('Enter');
        };
        await runCommand(p(), 'Extruct: New Deep Search…');
        await stepIs('1/6');
        await box.fill(query);
        await sleep(400); // the quick input's fade-in
        await shot(`${String(shotCounter).padStart(2, '0')}a-new-search-query.png`);
        await enter();
        await stepIs('2/6');
        await box.fill('15');
        await enter();
        await stepIs('3/6');
        await p().locator(sel.quickInputRow, { hasText: 'Add a criterion' }).first().click();
        await stepIs('3/6');
        await box.fill('Warehouse focus');
        await enter();
        await until(async () => (await box.inputValue()) === '', { timeout: 5_000, message: 'the criterion text box did not open' });
        await box.fill('The company sells automation for warehouses or fulfilment centres');
        await enter();
        await p().locator(sel.quickInputRow, { hasText: 'Use this criterion' }).first().waitFor({ timeout: 10_000 });
        await sleep(400); // the quick input's fade-in
        await shot(`${String(shotCounter).padStart(2, '0')}b-new-search-criteria.png`);
        await p().locator(sel.quickInputRow, { hasText: 'Use this criterion' }).first().click();
        await stepIs('4/6');
        await enter(); // no source picked: Extruct chooses
        await stepIs('5/6');
        await box.fill('acme.com');
        // Back to the sources and forward again: the domains typed are still there.
        await p().locator('.quick-input-widget .quick-input-titlebar .codicon-quick-input-back').first().click();
        await stepIs('4/6');
        await enter();
        await stepIs('5/6');
        await enter();
        await stepIs('6/6');
        const summary = p().locator(sel.quickInputRow, { hasText: 'Start Deep Search' }).first();
        await summary.waitFor({ timeout: 10_000 });
        const lines = await textOf(p().locator('.quick-input-widget .quick-input-list'));
        for (const want of [query, 'Results wanted: 15 high-fit', 'Criteria: Warehouse focus', 'Data sources: chosen by Extruct']) {
          if (!lines.includes(want)) throw new Error(`the summary does not say "${want}": ${lines.slice(0, 300)}`);
        }
        await sleep(400); // the quick input's fade-in
        await shot(`${String(shotCounter).padStart(2, '0')}c-new-search-summary.png`);
        await summary.click();
        const row = rows()
          .filter({ hasText: query.slice(0, 25) })
          .first();
        await row.waitFor({ timeout: 20_000 });
        await p()
          .locator('.tabs-container .tab', { hasText: query.slice(0, 20) })
          .first()
          .waitFor({ timeout: 20_000 });
        const frame = webviewFrame(p());
        await until(async () => (await textOf(frame.locator('body'))).includes('Warehouse focus'), {
          timeout: 20_000,
          message: "the new task's panel does not show its criterion",
        });
        const created = /** @type {Array<{ query: string; desired_num_results: number; exclude_domains: string[] }>} */ (
          await f().api('/v1/discovery_tasks?offset=0&limit=5')
        ).find((t) => t.query === query);
        if (!created) throw new Error('the fake API has no such task');
        if (created.desired_num_results !== 15 || !created.exclude_domains.includes('acme.com'))
          throw new Error(`the task was created as ${JSON.stringify(created).slice(0, 300)}`);
        await sleep(500);
        await shot(`${String(shotCounter).padStart(2, '0')}d-new-search-panel.png`);
        await stopWatchingByPick('Robotics startups');
      },
    },
    {
      name: "HTML and script in a task's query and criteria show as text in the detail panel, and none runs",
      slug: 'markup-as-text',
      run: async () => {
        const query = 'xss-probe <img src=x onerror="window.__xss=1"><b>bold</b>';
        const criterion = '<script>window.__xss=2</script><svg onload="window.__xss=3"></svg>';
        const criteria = [{ key: 'probe', name: '<i>italic</i>', criterion }];
        const id = (
          await f().control('POST', '/__fake/tasks', {
            query,
            criteria,
            desiredNumResults: 5,
            durationMs: 10 * 60_000,
            createdPhaseMs: 1_000,
          })
        ).id;
        await runCommand(p(), 'Extruct: Watch Task');
        await p().locator(sel.quickInputBox).fill(id);
        await until(async () => (await textOf(p().locator(`${sel.quickInputRow}.focused`))).includes(`Watch ${id}`), {
          timeout: 10_000,
          message: 'the quick pick does not offer the task',
        });
        await p().keyboard.press('Enter');
        const probe = rows().filter({ hasText: 'xss-probe' }).first();
        await probe.waitFor({ timeout: 20_000 });
        await probe.click(); // a click on the item opens its details
        const frame = webviewFrame(p());
        const body = frame.locator('body');
        // Outside text is made plain before any surface shows it (src/core/format/plain.ts): a tag's "<" gets
        // a space after it, so the markup reads the same and can never become a tag, even where markup renders.
        const defused = (/** @type {string} */ t) => t.replace(/<(?=[\p{L}/!?])/gu, '< ');
        await until(async () => (await textOf(body)).includes(defused(criterion)), {
          timeout: 30_000,
          message: async () => `the panel does not show the criterion as text (it shows "${(await textOf(body)).slice(0, 300)}")`,
        });
        await sleep(500);
        await shot(`${String(shotCounter).padStart(2, '0')}a-markup-as-text.png`);
        const text = await textOf(body);
        for (const want of [query, '<i>italic</i>'].map(defused))
          if (!text.includes(want)) throw new Error(`the panel does not show "${want}" as text`);
        // Everything the panel renders is under #app (VS Code adds its own scripts to the frame around it).
        const found = await body.evaluate(() => {
          const app = document.getElementById('app');
          const all = app ? [...app.querySelectorAll('*')] : [];
          return {
            ran: /** @type {{ __xss?: number }} */ (/** @type {unknown} */ (window)).__xss ?? null,
            rendered: app !== null,
            elements: all
              .filter((el) => el.matches('img, b, i:not(.codicon), svg, script, style, iframe, object, embed'))
              .map((el) => el.outerHTML.slice(0, 80)),
            handlers: all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).map((el) => el.outerHTML.slice(0, 80)),
          };
        });
        if (found.ran !== null) throw new Error(`script from the task ran in the panel (window.__xss = ${found.ran})`);
        if (!found.rendered) throw new Error('the panel has no #app element');
        if (found.elements.length || found.handlers.length) {
          throw new Error(`the task's markup became elements in the panel: ${[...found.elements, ...found.handlers].join(' | ')}`);
        }
        await stopWatchingByPick('xss-probe');
        await until(async () => (await p().locator('.tabs-container .tab', { hasText: 'xss-probe' }).count()) === 0, {
          timeout: 10_000,
          message: 'its detail panel did not close',
        });
      },
    },
    {
      name: '"Stop Watching" from the item\'s context menu removes it',
      slug: 'stop-watching',
      run: async () => {
        await row().click({ button: 'right' });
        const item = p().getByRole('menuitem', { name: 'Stop Watching' });
        await item.waitFor({ timeout: 10_000 });
        await sleep(300);
        await shot(`${String(shotCounter).padStart(2, '0')}a-context-menu.png`);
        await item.click();
        await until(async () => (await rows().count()) === 0, { timeout: 10_000, message: 'the item is still in the tree' });
        await until(async () => (await welcome()).includes('No tasks are watched yet.'), {
          timeout: 10_000,
          message: async () => `the "watch a task" welcome content is not back (it shows "${await welcome()}")`,
        });
        await until(async () => (await statusItem().count()) === 0 || !(await statusItem().isVisible()), {
          timeout: 10_000,
          message: 'the status-bar item is still shown',
        });
      },
    },
    {
      name: 'in a sidebar of the default 300 px, every running task shows its progress, in dark and light themes',
      slug: 'narrow-sidebar',
      run: async () => {
        const queries = [
          'Construction payment platforms in North America with lien-waiver software',
          'Cell and gene therapy contract research organisations in Germany',
          'Vertical SaaS companies serving freight forwarding in the Benelux',
        ];
        const ids = [];
        for (const [i, query] of queries.entries()) {
          ids.push(
            (
              await f().control('POST', '/__fake/tasks', {
                query,
                desiredNumResults: [50, 100, 250][i],
                durationMs: (20 + 10 * i) * 60_000,
                ageMs: 5 * 60_000,
              })
            ).id,
          );
        }
        // The Welcome page that the reload brought back (its walkthrough reacts to the watch list) and the
        // toasts of earlier steps go first: the picture is of the sidebar, and nothing may take the focus.
        await runCommand(p(), 'View: Close All Editors');
        await runCommand(p(), 'Notifications: Clear All Notifications');
        await runCommand(p(), 'Extruct: Watch Task');
        await p().locator(sel.quickInputBox).fill(ids.join(' '));
        await until(async () => /Watch 3 tasks/.test(await textOf(p().locator(`${sel.quickInputRow}.focused`))), {
          timeout: 10_000,
          message: 'the quick pick does not offer the three tasks',
        });
        await p().locator(`${sel.quickInputRow}.focused`).click();
        await until(async () => (await taskRows(p()).count()) === 3, { timeout: 20_000, message: 'the three tasks are not in the tree' });
        await widenSidebar(p(), 300);
        for (const theme of ['Default Dark Modern', 'Default Light Modern']) {
          await pickTheme(theme);
          const kind = theme.includes('Light') ? 'vs' : 'vs-dark';
          await until(
            () =>
              p()
                .locator('.monaco-workbench')
                .evaluate((el, k) => el.classList.contains(k), kind),
            { timeout: 10_000, message: `the ${theme} theme did not apply` },
          );
          // Each running row: the counter ("12/50") must lie inside the part of the label that is shown.
          const seen = await until(
            async () => {
              const r = await p().evaluate(() =>
                [...document.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"][aria-level="2"]')].map((row) => {
                  const label = /** @type {HTMLElement | null} */ (row.querySelector('.label-name'));
                  const box = row.querySelector('.monaco-icon-label-container')?.getBoundingClientRect();
                  // The first text node inside the label (VS Code may wrap the text in spans).
                  const node = label ? document.createTreeWalker(label, NodeFilter.SHOW_TEXT).nextNode() : null;
                  const text = label?.textContent ?? '';
                  const counter = /^\d+\/\d+/.exec(text)?.[0] ?? '';
                  if (!node || !box || !counter || !(node.textContent ?? '').startsWith(counter)) return { text, counter, visible: false };
                  const range = document.createRange();
                  range.setStart(node, 0);
                  range.setEnd(node, counter.length);
                  const r = range.getBoundingClientRect();
                  return {
                    text,
                    counter,
                    visible: r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1,
                    width: Math.round(box.width),
                  };
                }),
              );
              return r.length === 3 && r.every((x) => x.visible) ? r : undefined;
            },
            { timeout: 20_000, message: "a running task's counter is cut off or missing at 300 px" },
          );
          console.log(
            `    (${theme}, sidebar ${Math.round((await p().locator(sel.sidebar).boundingBox())?.width ?? 0)} px: ${seen.map((x) => x.counter).join(', ')} visible)`,
          );
          await shot(`${String(shotCounter).padStart(2, '0')}a-tree-300px-${theme.includes('Light') ? 'light' : 'dark'}.png`);
        }
        await pickTheme('Default Dark Modern');
      },
    },
    ...manyTasksSteps({ page: p, fake: f, shot: (name) => shot(`${String(shotCounter).padStart(2, '0')}${name}`) }),
  ];
}

/** "Preferences: Color Theme", as a user picks one. */
async function pickTheme(/** @type {string} */ theme) {
  const pg = /** @type {import('playwright-core').Page} */ (page);
  await pg.keyboard.press('F1');
  await pg.locator(sel.quickInputBox).fill('>Preferences: Color Theme');
  // Several commands start so; the one that is exactly it.
  const entry = pg
    .locator(sel.quickInputRow)
    .filter({ has: pg.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) })
    .first();
  await entry.waitFor({ timeout: 10_000 });
  await entry.click();
  await until(
    async () =>
      /theme/i.test((await pg.locator(sel.quickInputBox).getAttribute('placeholder')) ?? '') ||
      (await pg.locator(sel.quickInputRow, { hasText: 'Default' }).count()) > 0,
    { timeout: 10_000, message: 'the theme picker did not open' },
  );
  // The picker names the built-in themes without "Default " (the setting's value keeps it).
  const label = theme.replace(/^Default /, '');
  await pg.locator(sel.quickInputBox).fill(label);
  await until(async () => (await textOf(pg.locator(`${sel.quickInputRow}.focused`))).includes(label), {
    timeout: 10_000,
    message: `the theme picker does not offer ${label}`,
  });
  await pg.keyboard.press('Enter');
  await pg.locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
}

// ---- main
/** @type {Ctx} */
const ctx = { taskId: '', fakeUrl: '' };
const list = steps(ctx);
// Screenshots taken inside a step are numbered after it.
list.forEach((st, i) => {
  const run = st.run;
  st.run = () => {
    shotCounter = i + 1;
    return run();
  };
});

const code = await runJourney({
  label: 'ui',
  outDir: OUT,
  timeoutMs: TIMEOUT_MS,
  steps: list,
  log,
  screenshot: shot,
  where: () =>
    cs
      ? [
          `code-server log: ${rel(cs.logPath)}`,
          `VS Code logs (extension host, "Extruct" output): ${rel(path.join(cs.userDataDir, 'logs'))}`,
        ]
      : [],
  setup: async (runDir) => {
    const t0 = Date.now();
    const vsix = await buildVsix(path.join(runDir, 'extruct-task-watcher.vsix'));
    log(`packaged ${rel(vsix)} (${secs(t0)})`);
    fake = await startFake({ speed: 0, token: TOKEN, stderr: path.join(runDir, 'fake-extruct.log') });
    ctx.fakeUrl = fake.url;
    ctx.taskId = (await fake.control('POST', '/__fake/tasks', PROFILE)).id;
    log(`fake Extruct API on ${fake.url}, task ${ctx.taskId}`);
    const workspace = path.join(runDir, 'workspace');
    fs.mkdirSync(workspace, { recursive: true });
    fs.writeFileSync(path.join(workspace, 'README.md'), '# UI test workspace\n');
    cs = await startCodeServer({
      runDir,
      installVsix: [vsix],
      userSettings: {
        'extruct.apiBaseUrl': fake.url,
        'extruct.pollInterval': POLL_S,
        'workbench.colorTheme': 'Default Dark Modern',
        'window.commandCenter': false,
      },
      log,
    });
    browser = await launchChromium({
      xdgDir: path.join(runDir, 'chromium'),
      log,
      launchOptions: { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false },
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    if (VERBOSE) page.on('console', (m) => log(`browser ${m.type()}: ${m.text()}`));
    await openWorkbench(page, cs.url(workspace));
    log(`workbench up (${secs(t0)})`);
  },
  cleanup: async () => {
    await browser?.close().catch(() => {});
    await cs?.stop().catch(() => {});
    await fake?.stop().catch(() => {});
  },
});
process.exit(code);
