// @ts-check
/**
 * Headless Chromium (Debian's, found or installed by tools.mjs) driven by playwright-core; no browser download.
 *
 *   const browser = await launchChromium({ xdgDir: path.join(runDir, 'chromium') });
 *   const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium } from './tools.mjs';

export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]);

/**
 * @param {object} [opts]
 * @param {string} [opts.xdgDir]  folder for Chromium's ~/.config/chromium and ~/.cache (crash reports, dconf), so nothing lands in $HOME
 * @param {string} [opts.executablePath] default: $CHROMIUM / chromium on PATH / apt install (see tools.mjs)
 * @param {string[]} [opts.args]  extra Chromium flags
 * @param {(msg: string) => void} [opts.log]
 * @param {import('playwright-core').LaunchOptions} [opts.launchOptions] more playwright launch options (e.g. handleSIGTERM: false
 *        to keep the browser open while a signal handler takes a screenshot)
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium(opts = {}) {
  const executablePath = opts.executablePath || (await ensureChromium({ log: opts.log }));
  /** @type {Record<string, string>} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  if (opts.xdgDir) {
    const x = path.resolve(opts.xdgDir);
    for (const d of ['config', 'cache', 'home']) fs.mkdirSync(path.join(x, d), { recursive: true });
    Object.assign(env, { XDG_CONFIG_HOME: path.join(x, 'config'), XDG_CACHE_HOME: path.join(x, 'cache'), HOME: path.join(x, 'home') });
  }
  return chromium.launch({
    ...(opts.launchOptions || {}),
    executablePath,
    headless: true,
    env,
    args: [...CHROMIUM_ARGS, ...(opts.args || [])],
  });
}
