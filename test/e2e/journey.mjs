// @ts-check
/**
 * Runs a UI journey: a setup, then steps in order, each with a screenshot; a step that fails stops the
 * journey (the rest count as failed, "not run"). An overall timeout or a signal fails the running step
 * and cleans up. Prints `✔ step (time)` / `✘ step: reason` per step and ends with `<label>: N passed,
 * M failed`; resolves with the exit code (0 when every step passed).
 *
 * Used by run.mjs (one window) and windows.mjs (two windows at once).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureTools } from '../harness/tools.mjs';
import { secs, sleep } from './lib.mjs';

/**
 * @typedef {{ name: string, slug: string, run: () => Promise<void> }} Step
 * @typedef {object} Journey
 * @property {string} label              the stage name in the summary line ("ui", "windows")
 * @property {string} outDir             screenshots and, on failure, the run folder
 * @property {number} timeoutMs          overall limit after the tools are installed
 * @property {Step[]} steps
 * @property {(runDir: string) => Promise<void>} setup
 * @property {(file: string) => Promise<string | undefined>} screenshot   saves the current page(s) as `file` in outDir
 * @property {(failed: boolean, runDir: string) => Promise<void>} cleanup
 * @property {() => string[]} [where]    where to look after a failure (log paths)
 * @property {(m: string) => void} [log]
 */

const rel = (/** @type {string} */ p) => path.relative(process.cwd(), p) || p;

/** @param {Journey} j @returns {Promise<number>} */
export async function runJourney(j) {
  const t0 = Date.now();
  const log = j.log ?? (() => {});
  fs.rmSync(j.outDir, { recursive: true, force: true });
  fs.mkdirSync(j.outDir, { recursive: true });
  let runDir = path.join(j.outDir, 'run');
  // code-server's IPC socket path must stay under the 108-byte limit.
  if (path.join(runDir, 'user-data', 'code-server-ipc.sock').length > 100)
    runDir = fs.mkdtempSync(path.join('/tmp', `extruct-${j.label}-`));

  /** @type {(e: Error) => void} */
  let abortWith = () => {};
  /** @type {Promise<never>} */
  const aborted = new Promise((_, reject) => {
    abortWith = reject;
  });
  aborted.catch(() => {});
  let abortReason = '';
  let exitCode = 1;
  /** @type {Array<{ name: string, ok: boolean }>} */
  const results = [];
  const summary = () =>
    console.log(`${j.label}: ${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length} failed`);
  const abort = (/** @type {string} */ reason, /** @type {number} */ code) => {
    if (abortReason) return;
    abortReason = reason;
    exitCode = code;
    abortWith(new Error(reason));
    setTimeout(() => {
      console.log(`${reason}; cleanup took too long, exiting`);
      summary();
      process.exit(code);
    }, 45_000).unref();
  };
  /** @type {Record<string, number>} */
  const signals = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [sig, code] of Object.entries(signals)) {
    process.on(/** @type {NodeJS.Signals} */ (sig), () => {
      if (abortReason) process.exit(code);
      abort(`interrupted by ${sig}`, code);
    });
  }
  const race = (/** @type {Promise<any>} */ p) => {
    p.catch(() => {});
    return Promise.race([p, aborted]);
  };

  await ensureTools({ log });
  setTimeout(() => abort(`overall timeout of ${j.timeoutMs / 1000} s reached`, 1), j.timeoutMs).unref();

  let failedAt = -1;
  try {
    await race(j.setup(runDir));
    console.log(`setup done in ${secs(t0)}`);
  } catch (e) {
    const reason = abortReason || (e instanceof Error ? e.message : String(e));
    console.log(`✘ setup: ${reason}`);
    const s = await j.screenshot('00-setup-failure.png');
    if (s) console.log(`    screenshot: ${rel(s)}`);
    for (const w of j.where?.() ?? []) console.log(`    ${w}`);
    failedAt = 0;
  }
  for (const [i, st] of j.steps.entries()) {
    const nn = String(i + 1).padStart(2, '0');
    if (failedAt >= 0 || abortReason) {
      const reason = abortReason
        ? `not run: ${abortReason}`
        : failedAt === 0
          ? 'not run: setup failed'
          : `not run: step ${failedAt} failed`;
      results.push({ name: st.name, ok: false });
      console.log(`✘ ${st.name}: ${reason}`);
      continue;
    }
    const s0 = Date.now();
    try {
      await race(st.run());
      await j.screenshot(`${nn}-${st.slug}.png`);
      results.push({ name: st.name, ok: true });
      console.log(`✔ ${st.name} (${secs(s0)})`);
    } catch (e) {
      const reason = abortReason || (e instanceof Error ? e.message.split('\n')[0] : String(e));
      results.push({ name: st.name, ok: false });
      failedAt = i + 1;
      console.log(`✘ ${st.name}: ${reason} (${secs(s0)})`);
      const s = await j.screenshot(`${nn}-${st.slug}-failure.png`);
      if (s) console.log(`    screenshot: ${rel(s)}`);
      for (const w of j.where?.() ?? []) console.log(`    ${w}`);
    }
  }
  const failed = results.some((r) => !r.ok);
  const step = async (/** @type {string} */ what, /** @type {() => Promise<unknown>} */ fn) => {
    try {
      await Promise.race([
        fn(),
        sleep(30_000).then(() => {
          throw new Error('timed out');
        }),
      ]);
    } catch (e) {
      console.log(`cleanup: ${what}: ${e instanceof Error ? e.message : e}`);
    }
  };
  await step('cleanup', () => j.cleanup(failed, runDir));
  if (!failed) fs.rmSync(runDir, { recursive: true, force: true });
  else console.log(`kept ${rel(runDir)} (code-server log, VS Code logs, fake API log)`);
  console.log(`total ${secs(t0)}`);
  summary();
  return failed ? (abortReason ? exitCode : 1) : 0;
}
