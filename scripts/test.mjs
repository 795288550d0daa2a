#!/usr/bin/env node
// The project's one test command: `npm test` (all stages) or `npm test -- unit integration` (some).
//
// Stages, in order (the first three are checks; the others run tests):
//   typecheck    tsc on every layer (src/core, src/protocol, src/extension, src/webview, test, bench)
//   lint         ESLint (type-checked), Prettier's check, no unused exports (scripts/lint.mjs)
//   unit         mocha on plain Node: the core, the fake Extruct API, the fault suite (no VS Code)
//   package      builds the .vsix with vsce and checks what it holds and how big it is
//   integration  mocha inside a real VS Code extension host (code-server) against the fake API
//   ui           clicks through the real workbench in headless Chromium with the packaged .vsix installed
//   windows      two windows of the real workbench at once: one watch list, one poller, one notification
//
// It installs what it needs on first use (npm ci; Node 24, code-server and Chromium for the VS Code
// stages, cached outside the repo). It ends with a line on the checks and then one line on the tests:
// "N passed, M failed", where a failed check counts as one more failure. Mocha runs with --forbid-only
// and --forbid-pending: a `.only` or a skipped test fails the run rather than passing quietly.
import fs from 'node:fs';
import path from 'node:path';
import { ensureDependencies, root, run, seconds } from './lib.mjs';

const ALL = ['typecheck', 'lint', 'unit', 'package', 'integration', 'ui', 'windows'];
/** Stages that check the code rather than run tests: reported apart from the test counts. */
const CHECKS = new Set(['typecheck', 'lint', 'package']);
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !ALL.includes(a));
if (unknown.length) {
  console.error(`Unknown stage ${unknown.join(', ')}. Stages: ${ALL.join(', ')}.`);
  process.exit(2);
}
const stages = asked.length ? ALL.filter((s) => asked.includes(s)) : ALL;
const totals = { passed: 0, failed: 0 };
const checks = { passed: [], failed: [] };
const report = [];

/** Reads "N passing"/"M failing" (mocha) or "label: N passed, M failed" from a stage's output. */
function counts(out, label) {
  const own = [...out.matchAll(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, 'gm'))].pop();
  if (own) return { passed: Number(own[1]), failed: Number(own[2]) };
  const passing = [...out.matchAll(/^\s*(\d+) passing/gm)].pop();
  const failing = [...out.matchAll(/^\s*(\d+) failing/gm)].pop();
  if (passing || failing) return { passed: Number(passing?.[1] ?? 0), failed: Number(failing?.[1] ?? 0) };
  return undefined;
}

async function stage(name, fn) {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  let result;
  try {
    result = await fn();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    result = { code: 1, out: '' };
  }
  const c = counts(result.out, name) ?? { passed: result.code === 0 ? 1 : 0, failed: result.code === 0 ? 0 : 1 };
  // A stage that exited non-zero without a failing test still failed.
  if (result.code !== 0 && c.failed === 0) c.failed = 1;
  if (CHECKS.has(name)) checks[result.code === 0 ? 'passed' : 'failed'].push(name);
  else {
    totals.passed += c.passed;
    totals.failed += c.failed;
  }
  report.push(`${name.padEnd(12)} ${String(c.passed).padStart(4)} passed, ${c.failed} failed  (${seconds(t0)})`);
}

const started = Date.now();
ensureDependencies();
const build = await run('node', ['esbuild.mjs']);
if (build.code !== 0) {
  console.error('The build failed; nothing was tested.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const mochaBin = path.join(root, 'node_modules/mocha/bin/mocha.js');
const unitFiles = () =>
  fs
    .readdirSync(path.join(root, 'out/test/unit'))
    .filter((f) => f.endsWith('.test.mjs'))
    .map((f) => path.join('out/test/unit', f));

for (const name of stages) {
  if (name === 'typecheck') await stage(name, () => run('node', ['scripts/typecheck.mjs']));
  if (name === 'lint') await stage(name, () => run('node', ['scripts/lint.mjs']));
  if (name === 'unit')
    await stage(name, () =>
      run('node', [mochaBin, '--ui', 'tdd', '--reporter', 'spec', '--no-color', '--forbid-only', '--forbid-pending', ...unitFiles()]),
    );
  if (name === 'package') await stage(name, () => run('node', ['test/package/check-package.mjs']));
  if (name === 'integration') {
    await stage(name, async () => {
      // Packaging (the package stage) leaves the production build in dist/, which has no test hooks.
      const dev = await run('node', ['esbuild.mjs']);
      if (dev.code !== 0) return dev;
      return run('node', ['test/harness/run-integration.mjs', root, path.join(root, 'out/test/integration/index.js')], {
        // NO_COLOR: mocha's reporter (picocolors) would otherwise colour its output wherever CI is set.
        env: { EXTRUCT_TEST_HOOKS: '1', NO_COLOR: '1' },
      });
    });
  }
  if (name === 'ui') await stage(name, () => run('node', ['test/e2e/run.mjs']));
  if (name === 'windows') await stage(name, () => run('node', ['test/e2e/windows.mjs']));
}

console.log(`\n${report.join('\n')}\nTotal time ${seconds(started)}.\n`);
if (checks.passed.length + checks.failed.length) {
  console.log(
    `checks: ${checks.passed.length} passed${checks.passed.length ? ` (${checks.passed.join(', ')})` : ''}, ${checks.failed.length} failed${checks.failed.length ? ` (${checks.failed.join(', ')})` : ''}`,
  );
}
const failed = totals.failed + checks.failed.length;
console.log(`${totals.passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
