#!/usr/bin/env node
// `npm run demo`: see the extension working in a real VS Code, against the built-in fake Extruct API.
//
// It builds and packages the extension (.vsix), starts the fake API on 127.0.0.1 with demo tasks at
// different stages (one finishing within a minute, one failing, one exhausted, one long), starts a
// throw-away VS Code (code-server, loopback only) with that .vsix installed and pointed at the fake API,
// and prints the URL to open. Ctrl+C stops everything. Nothing touches your own VS Code profile: the
// demo profile lives in a temporary folder that is deleted on exit.
//
//   npm run demo                      open the printed URL in a browser on this machine
//   npm run demo -- --screenshot F    headless: also saves a screenshot of the running demo to F, then exits
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { VSIX, ensureDependencies, packageVsix, root, run, seconds } from './lib.mjs';

const t0 = Date.now();
const args = process.argv.slice(2);
const shotAt = args.includes('--screenshot') ? path.resolve(args[args.indexOf('--screenshot') + 1] ?? 'demo.png') : undefined;

ensureDependencies();
console.log('Building and packaging the extension…');
if ((await run('node', ['esbuild.mjs'], { quiet: true })).code !== 0) throw new Error('Build failed: run `node esbuild.mjs` to see why.');
const pkg = await packageVsix({ quiet: true });
if (pkg.code !== 0) throw new Error(`vsce package failed:\n${pkg.out}`);
const vsix = VSIX;

// The fake Extruct API, as its own process, with demo tasks.
const fake = spawn(process.execPath, [path.join(root, 'out/test/fake-extruct/cli.mjs'), '--demo', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const info = await new Promise((resolve, reject) => {
  const lines = readline.createInterface({ input: fake.stdout });
  lines.once('line', (line) => resolve(JSON.parse(line)));
  fake.once('exit', (c) => reject(new Error(`the fake Extruct API exited (${c})`)));
});
console.log(`Fake Extruct API on ${info.url} with ${info.tasks.length} demo tasks.`);
// Whatever happens from here on, the fake API does not outlive the demo.
process.on('exit', () => fake.kill('SIGTERM'));

const { startCodeServer } = await import('../test/harness/code-server.mjs');
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-demo-'));
const workspace = path.join(runDir, 'workspace');
fs.mkdirSync(workspace, { recursive: true });
fs.writeFileSync(path.join(workspace, 'README.md'), '# Extruct Task Watcher demo\n\nOpen the Extruct view in the activity bar.\n');
const demoIds = info.tasks.filter((t) => t.watch !== false).map((t) => t.id);
const cs = await startCodeServer({
  runDir,
  installVsix: [vsix],
  userSettings: {
    'extruct.apiBaseUrl': info.url,
    'extruct.pollInterval': 5,
    'workbench.colorTheme': 'Default Dark Modern',
  },
  env: { EXTRUCT_DEMO_TOKEN: info.token, EXTRUCT_DEMO_WATCH: demoIds.join(' ') },
  log: () => {},
});

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await cs.stop();
  fake.kill('SIGTERM');
  fs.rmSync(runDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const url = cs.url(workspace);
console.log(`\nReady in ${seconds(t0)}. Open this URL in a browser on this machine:\n\n    ${url}\n`);
console.log('Then click the Extruct icon in the activity bar. The demo token is already set and the demo tasks are watched.');
console.log('Press Ctrl+C to stop the demo.\n');

if (shotAt) {
  const { launchChromium } = await import('../test/harness/browser.mjs');
  const browser = await launchChromium({ xdgDir: path.join(runDir, 'chromium') });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar [aria-label^="Extruct"]').first().click();
    await page.getByRole('treeitem').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(Number(process.env.DEMO_SHOT_DELAY_MS ?? 20_000));
    await page.screenshot({ path: shotAt });
    console.log(`Screenshot saved to ${shotAt}`);
  } catch (e) {
    console.error(`The screenshot failed: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
  await stop(process.exitCode ?? 0);
}
