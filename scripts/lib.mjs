// Small helpers shared by the project's scripts (test, demo, bench). Plain Node, no dependencies.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Installs the locked npm dependencies when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('Installing npm dependencies (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed; see the output above.');
}

/** Runs a command, echoing its output, and resolves with its exit code and everything it printed. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...(opts.env || {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const tee = (stream) => (chunk) => {
      out += chunk;
      if (!opts.quiet) stream.write(chunk);
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

export const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** Where `npm run package` and the demo write the package. */
export const VSIX = path.join(root, 'dist-vsix', 'extruct-task-watcher.vsix');

/**
 * Packages the extension with vsce (which runs the production build through vscode:prepublish) into VSIX,
 * making its folder first: vsce does not, so a fresh clone would fail without it.
 */
export async function packageVsix(opts = {}) {
  fs.mkdirSync(path.dirname(VSIX), { recursive: true });
  const r = await run('node', [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--out', VSIX], opts);
  return { ...r, code: r.code === 0 && fs.existsSync(VSIX) ? 0 : r.code || 1 };
}
