// @ts-check
/**
 * The tree at 200 tasks: steps of the ui stage (run.mjs), in its workbench, after its other steps. The fake API
 * is switched to its realistic mode (an undocumented list order, pages capped), and 200 tasks are watched at once:
 * 60 running, 126 done, 9 failed, 5 unknown to the API ("not found"). With more than 3 running tasks the sweep
 * is on. Checked: the three sections and their counts (Finished collapsed), the title and the status bar count
 * every task, a filter by words narrows the tree to the matches, a filter by group survives a window reload.
 * Screenshots at 300 px (the default sidebar): NNa-200-tasks-300px.png (Running open), NNb-sections-300px.png
 * (Running closed: the three sections), NNa-filter-rotterdam-300px.png, NNa-filter-after-reload-300px.png.
 */
import crypto from 'node:crypto';
import { reloadWindow, runCommand, sectionsOf, sel, showExtructView, sleep, taskRows, textOf, until, widenSidebar } from './lib.mjs';

const MIN = 60_000;
const CITIES = ['Berlin', 'Munich', 'Paris', 'Lyon', 'Madrid', 'Milan', 'Vienna', 'Zurich', 'Oslo', 'Rotterdam', 'Dublin', 'Warsaw'];
const KINDS = ['Fintech startups', 'Robotics companies', 'Biotech labs', 'Logistics software vendors', 'Insurtech firms'];
const RUNNING = 60;
const DONE = 126;
const FAILED = 9;
const MISSING = 5;

/**
 * @param {{ page: () => import('playwright-core').Page, fake: () => import('./lib.mjs').Fake, shot: (name: string) => Promise<unknown> }} o
 * @returns {import('./journey.mjs').Step[]}
 */
export function manyTasksSteps({ page: p, fake: f, shot }) {
  /** How many tasks of each section have "Rotterdam" in their query. */
  const rotterdam = { running: 0, finished: 0 };
  const sidebarText = async () => textOf(p().locator(sel.sidebar));
  const statusItem = () =>
    p()
      .locator(`${sel.statusBar} .statusbar-item`, { hasText: /Extruct:/ })
      .first();
  /** Waits until the tree shows these sections ("Running 60", …), in this order. */
  const sectionsAre = (/** @type {string[]} */ want, timeout = 20_000) =>
    until(async () => (await sectionsOf(p())).join('|') === want.join('|'), {
      timeout,
      message: async () => `the sections are ${JSON.stringify(await sectionsOf(p()))}, not ${JSON.stringify(want)}`,
    });
  /** Opens or closes a section, as a user does with its twistie (the list shows only the rows in view). */
  const setOpen = async (/** @type {string} */ label, /** @type {boolean} */ open) => {
    const row = p().locator(`${sel.treeRow}[aria-level="1"]`, { hasText: label }).first();
    await row.waitFor({ timeout: 10_000 });
    if (((await row.getAttribute('aria-expanded')) === 'true') !== open) await row.locator('.monaco-tl-twistie').click();
    await until(async () => ((await row.getAttribute('aria-expanded')) === 'true') === open, {
      timeout: 5000,
      message: `the ${label} section did not ${open ? 'open' : 'close'}`,
    });
  };
  const clearToasts = async () => {
    await runCommand(p(), 'Notifications: Clear All Notifications').catch(() => {});
    await p().mouse.move(900, 600);
    await sleep(400);
  };
  /** Every section row's label and count lie inside the tree at this width. */
  const sectionsReadable = async () => {
    const cut = await p().evaluate(() =>
      [...document.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"][aria-level="1"]')]
        .map((row) => {
          const box = row.getBoundingClientRect();
          const parts = [...row.querySelectorAll('.label-name, .label-description')].map((el) => el.getBoundingClientRect());
          return parts.every((r) => r.width > 0 && r.right <= box.right + 1) ? '' : (row.textContent ?? '');
        })
        .filter(Boolean),
    );
    if (cut.length) throw new Error(`section rows cut off: ${cut.join(' | ')}`);
  };

  return [
    {
      name: '200 tasks (realistic fake, sweep on): three sections with their counts, Finished collapsed; the title and the status bar count every task',
      slug: 'many-tasks',
      run: async () => {
        // The tasks of the steps before go first, all at once (the picker's "select all").
        await runCommand(p(), 'Extruct: Stop Watching');
        await p().locator(`${sel.quickInput} .quick-input-header [role="checkbox"]`).first().click();
        await p().keyboard.press('Enter');
        await until(async () => (await taskRows(p()).count()) === 0, { timeout: 15_000, message: 'the earlier tasks are still watched' });
        await f().control('POST', '/__fake/mode', { realistic: true });
        const ids = [];
        for (let i = 0; i < RUNNING + DONE + FAILED; i++) {
          const running = i < RUNNING;
          const city = CITIES[i % CITIES.length];
          if (city === 'Rotterdam') rotterdam[running ? 'running' : 'finished']++;
          const profile = running
            ? { desiredNumResults: 100, durationMs: (60 + i) * MIN, ageMs: 5 * MIN }
            : {
                desiredNumResults: 25,
                durationMs: 10 * MIN,
                ageMs: (2 + i) * 60 * MIN,
                ...(i >= RUNNING + DONE ? { finalStatus: 'failed' } : {}),
              };
          ids.push(
            (await f().control('POST', '/__fake/tasks', { query: `${KINDS[i % KINDS.length]} in ${city}, batch ${i}`, ...profile })).id,
          );
        }
        for (let i = 0; i < MISSING; i++) ids.push(crypto.randomUUID());
        const listsBefore = (await f().control('GET', '/__fake/requests')).byRoute['GET /v1/discovery_tasks'] ?? 0;
        await runCommand(p(), 'Extruct: Watch Task');
        await p().locator(sel.quickInputBox).fill(ids.join(' '));
        await until(async () => /Watch 200 tasks/.test(await textOf(p().locator(`${sel.quickInputRow}.focused`))), {
          timeout: 10_000,
          message: 'the quick pick does not offer the 200 tasks',
        });
        await p().keyboard.press('Enter');
        await widenSidebar(p(), 300);
        // Running comes first and fills the view (the list renders only the rows in view): first its count.
        await until(async () => (await sectionsOf(p()))[0] === `Running ${RUNNING}`, {
          timeout: 120_000,
          message: async () => `the first section is ${JSON.stringify((await sectionsOf(p()))[0])}, not "Running ${RUNNING}"`,
        });
        await clearToasts();
        await shot('a-200-tasks-300px.png');
        await setOpen('Running', false);
        await sectionsAre([`Running ${RUNNING}`, `Needs you ${MISSING}`, `Finished ${DONE + FAILED}`], 60_000);
        const finished = p().locator(`${sel.treeRow}[aria-level="1"]`, { hasText: 'Finished' }).first();
        if ((await finished.getAttribute('aria-expanded')) !== 'false')
          throw new Error('the Finished section (135 tasks) is not collapsed');
        await until(async () => (await textOf(statusItem())).includes(`Extruct: ${RUNNING} running`), {
          timeout: 10_000,
          message: async () => `the status bar says "${await textOf(statusItem())}"`,
        });
        const title = await textOf(p().locator('.part.sidebar .pane-header, .part.sidebar .composite.title').first());
        if (!new RegExp(`${RUNNING} running`, 'i').test(title))
          throw new Error(`the view's title does not count the running tasks: "${title}"`);
        await until(async () => ((await f().control('GET', '/__fake/requests')).byRoute['GET /v1/discovery_tasks'] ?? 0) > listsBefore, {
          timeout: 30_000,
          message: 'no sweep (list request) while 60 tasks run',
        });
        await sectionsReadable();
        await clearToasts();
        await shot('b-sections-300px.png');
        await setOpen('Running', true);
      },
    },
    {
      name: 'filter by words from the title bar: "rotterdam" narrows the tree to the matching tasks, and the counts say so',
      slug: 'filter-text',
      run: async () => {
        await p().locator('.part.sidebar .action-item a[aria-label^="Filter Tasks"]').first().click();
        await until(async () => (await textOf(p().locator(`${sel.quickInput} .quick-input-title`))).includes('Filter Tasks'), {
          timeout: 10_000,
          message: 'the filter did not open from the title bar',
        });
        await p().locator(sel.quickInputBox).fill('rotterdam');
        await p().keyboard.press('Enter');
        await p().locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
        const shown = rotterdam.running + rotterdam.finished;
        await sectionsAre([`Running ${rotterdam.running} of ${RUNNING}`, `Finished ${rotterdam.finished} of ${DONE + FAILED}`]);
        const texts = await taskRows(p()).allInnerTexts();
        if (texts.length !== rotterdam.running || !texts.every((t) => t.includes('Rotterdam')))
          throw new Error(`the running rows are not the ${rotterdam.running} in Rotterdam: ${JSON.stringify(texts)}`);
        const message = `Showing ${shown} of 200 tasks that match "rotterdam".`;
        if (!(await sidebarText()).includes(message)) throw new Error(`the view does not say "${message}"`);
        if (!(await textOf(statusItem())).includes(`Extruct: ${RUNNING} running`))
          throw new Error('the status bar no longer counts every task');
        await sectionsReadable();
        await clearToasts();
        await shot('a-filter-rotterdam-300px.png');
      },
    },
    {
      name: 'filter by state (Finished hidden): it survives a window reload',
      slug: 'filter-state-reload',
      run: async () => {
        await runCommand(p(), 'Extruct: Filter Tasks');
        await p().locator(`${sel.quickInputRow}`, { hasText: 'Finished' }).first().waitFor({ timeout: 10_000 });
        await p().locator(sel.quickInputBox).fill('');
        await p().locator(`${sel.quickInputRow}`, { hasText: 'Finished' }).first().click(); // untick it
        await p().keyboard.press('Enter');
        await p().locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
        const want = [`Running ${RUNNING}`, `Needs you ${MISSING}`];
        await setOpen('Running', false); // the list renders only the rows in view
        await sectionsAre(want);
        await reloadWindow(p());
        await showExtructView(p(), 15_000);
        // Every task is back once the view's message counts them all (the list is read after activation).
        const message = `Showing ${RUNNING + MISSING} of 200 tasks: Running, Needs you.`;
        await until(async () => (await sidebarText()).includes(message), {
          timeout: 60_000,
          message: `the view does not say "${message}" after the reload`,
        });
        await setOpen('Running', false);
        await sectionsAre(want);
        await until(async () => (await textOf(statusItem())).includes(`Extruct: ${RUNNING} running`), {
          timeout: 20_000,
          message: 'the status bar does not count every task after the reload',
        });
        await clearToasts();
        await shot('a-filter-after-reload-300px.png');
        await runCommand(p(), 'Extruct: Clear Filter');
        await sectionsAre([`Running ${RUNNING}`, `Needs you ${MISSING}`, `Finished ${DONE + FAILED}`]);
      },
    },
  ];
}
