#!/usr/bin/env node
// Activation time in a real VS Code (code-server 1.139.1), median of several window loads.
// Installs the packaged .vsix (dist-vsix/extruct-task-watcher.vsix; build it with `npm run package`),
// opens the workbench in headless Chromium, reloads it RUNS times, and reads the extension's own
// "Activated in X ms" log line after each load (the time activate() takes, as VS Code counts it, without
// loading the bundle). Writes bench/activation.json. Not a test: times never decide pass or fail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from '../test/harness/code-server.mjs';
import { launchChromium } from '../test/harness/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 7);
const vsix = path.join(root, 'dist-vsix/extruct-task-watcher.vsix');
if (!fs.existsSync(vsix)) throw new Error('No .vsix: run `npm run package` first.');

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-activation-'));
const cs = await startCodeServer({ runDir, installVsix: [vsix], log: () => {} });
const browser = await launchChromium({ xdgDir: path.join(runDir, 'chromium') });

function activationLines() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/Extruct\.log$/.test(e.name)) for (const m of fs.readFileSync(p, 'utf8').matchAll(/Activated in ([\d.]+) ms/g)) out.push(Number(m[1]));
    }
  };
  walk(runDir);
  return out;
}

try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  await page.goto(cs.url(workspace));
  for (let i = 0; i < RUNS; i++) {
    const want = i + 1;
    const end = Date.now() + 60_000;
    while (activationLines().length < want && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
    if (activationLines().length < want) throw new Error(`no activation line after load ${want}`);
    if (i + 1 < RUNS) await page.reload();
  }
  const times = activationLines().slice(0, RUNS).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const result = { runs: times.length, medianMs: median, minMs: times[0], maxMs: times.at(-1), timesMs: times, vscode: '1.139.1 (code-server 4.139.1)', measuredAt: new Date().toISOString() };
  fs.writeFileSync(path.join(root, 'bench/activation.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`activation (real VS Code): median ${median.toFixed(1)} ms over ${times.length} loads (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)})`);
} finally {
  await browser.close();
  await cs.stop();
  fs.rmSync(runDir, { recursive: true, force: true });
}
