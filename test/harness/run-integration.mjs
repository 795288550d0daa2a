#!/usr/bin/env node
// @ts-check
/**
 * Run an extension's integration tests through @vscode/test-electron's runTests(), with the stand-in
 * vscode-host.mjs as the "VS Code executable" (tests run in a real VS Code 1.139.1 via code-server + headless Chromium).
 *
 *   import { runIntegration } from './test/harness/run-integration.mjs';
 *   const code = await runIntegration({ extensionDevelopmentPath, extensionTestsPath, env: { MY_VAR: '1' } });
 *
 * CLI: node test/harness/run-integration.mjs <extensionDir> <testsIndex.js> [workspaceFolder]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { ensureTools } from './tools.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const VSCODE_HOST = path.join(here, 'vscode-host.mjs');

/**
 * @param {object} o
 * @param {string|string[]} o.extensionDevelopmentPath
 * @param {string} o.extensionTestsPath        file exporting run(): Promise<void>
 * @param {Record<string, string|undefined>} [o.env]  extra environment for the extension host (runTests' extensionTestsEnv)
 * @param {string} [o.workspaceFolder]         folder (or .code-workspace) to open; default: an empty temp folder
 * @param {string[]} [o.launchArgs]            more VS Code CLI args (unknown ones are ignored by the stand-in)
 * @param {string} [o.resultsDir]              where a failed run's logs go (default ./test-results/integration)
 * @param {(msg: string) => void} [o.log]
 * @returns {Promise<number>} exit code: 0 = all tests passed
 */
export async function runIntegration(o) {
  const log = o.log || ((m) => process.stderr.write(`[run-integration] ${m}\n`));
  // Install/locate the tools here, so a first-time install shows progress and does not eat into the test timeout.
  await ensureTools({ log });

  // runTests would put --user-data-dir/--extensions-dir into ./.vscode-test of the current folder (reused between runs);
  // give it a scratch folder under the OS temp dir instead and delete it afterwards.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-run-integration-'));
  const resultsDir = path.resolve(
    o.resultsDir || process.env.EXTRUCT_TEST_RESULTS_DIR || path.join(process.cwd(), 'test-results', 'integration'),
  );
  const dev = (Array.isArray(o.extensionDevelopmentPath) ? o.extensionDevelopmentPath : [o.extensionDevelopmentPath]).map((p) =>
    path.resolve(p),
  );
  const testsPath = path.resolve(o.extensionTestsPath);
  const folder = o.workspaceFolder ? path.resolve(o.workspaceFolder) : undefined;
  const prevCwd = process.cwd();
  try {
    process.chdir(scratch);
    const code = await runTests({
      vscodeExecutablePath: VSCODE_HOST, // set => test-electron downloads nothing
      extensionDevelopmentPath: dev.length === 1 ? dev[0] : dev,
      extensionTestsPath: testsPath,
      launchArgs: [
        ...(folder ? [folder] : []),
        `--user-data-dir=${path.join(scratch, 'user-data')}`,
        `--extensions-dir=${path.join(scratch, 'extensions')}`,
        ...(o.launchArgs || []),
      ],
      // runTests spawns the stand-in with process.env + this; the stand-in passes its whole env on to the extension host.
      extensionTestsEnv: { ...(o.env || {}), EXTRUCT_TEST_RESULTS_DIR: resultsDir },
    });
    return code;
  } catch (e) {
    const err = /** @type {any} */ (e);
    if (typeof err?.code === 'number') return err.code || 1; // TestRunFailedError: "Test run failed with code N"
    log(`runTests failed: ${err?.message || err}`);
    return 1;
  } finally {
    process.chdir(prevCwd);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// CLI
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [ext, tests, folder] = process.argv.slice(2);
  if (!ext || !tests) {
    console.error('usage: node test/harness/run-integration.mjs <extensionDir> <testsIndex.js> [workspaceFolder]');
    process.exit(2);
  }
  runIntegration({ extensionDevelopmentPath: ext, extensionTestsPath: tests, workspaceFolder: folder }).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`[run-integration] ${e?.stack || e}`);
      process.exit(1);
    },
  );
}
