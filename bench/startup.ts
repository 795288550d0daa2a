/**
 * Start-up cost: what VS Code loads and what a user downloads. Run after a production build
 * (scripts/bench.mjs does `node esbuild.mjs --production` and packages the .vsix first).
 * Activation time needs the real VS Code: the integration harness measures it (bench/activation.json).
 *
 *   node out/bench/startup.mjs [--json file]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGET } from '../test/package/budget.mjs';
import { fixed, table, writeJson } from './support/stats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KB = 1024; // bytes in a KB, as the budgets count them
const size = (rel: string): number | undefined =>
  fs.existsSync(path.join(root, rel)) ? fs.statSync(path.join(root, rel)).size : undefined;

const bundle = size('dist/extension.js');
const productionBuild = bundle !== undefined && size('dist/extension.js.map') === undefined;
const webviewDir = path.join(root, 'dist/webview');
const webviewFiles = fs.existsSync(webviewDir)
  ? fs
      .readdirSync(webviewDir)
      .filter((f) => !f.endsWith('.map'))
      .map((f) => `dist/webview/${f}`)
  : [];
const webviewParts = [...webviewFiles, 'media/panel.css'].map((f) => ({ file: f, bytes: size(f) ?? 0 }));
const webview = webviewParts.reduce((n, p) => n + p.bytes, 0);
const vsixPath = 'dist-vsix/extruct-task-watcher.vsix';
const vsix = size(vsixPath);

/** bench/activation.json, written by bench/activation.mjs (median of several loads of the real VS Code). */
function activation(): { activationMs?: number; wallMs?: number; runs?: number; vscode?: string; measuredAt?: string; source: string } {
  const file = path.join(root, 'bench/activation.json');
  if (!fs.existsSync(file)) return { source: 'not measured: run `node bench/activation.mjs` (or see `npm test -- integration`)' };
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    medianMs?: unknown;
    medianWallMs?: unknown;
    activationMs?: unknown;
    runs?: unknown;
    vscode?: unknown;
    measuredAt?: unknown;
  };
  const ms = typeof data.medianMs === 'number' ? data.medianMs : data.activationMs;
  if (typeof ms !== 'number') return { source: 'bench/activation.json has no medianMs' };
  return {
    activationMs: ms,
    ...(typeof data.medianWallMs === 'number' ? { wallMs: data.medianWallMs } : {}),
    source: 'bench/activation.json',
    ...(typeof data.runs === 'number' ? { runs: data.runs } : {}),
    ...(typeof data.vscode === 'string' ? { vscode: data.vscode } : {}),
    ...(typeof data.measuredAt === 'string' ? { measuredAt: data.measuredAt } : {}),
  };
}

const act = activation();
const kb = (n: number | undefined): string => (n === undefined ? 'missing' : `${fixed(n / KB)} KB`);
console.log(
  `Start-up cost (${productionBuild ? 'production build' : 'NOT a production build: run `node esbuild.mjs --production` first'})`,
);
console.log(
  table([
    ['measure', 'size', 'target'],
    ['dist/extension.js', kb(bundle), `≤ ${kb(BUDGET.extensionBundle)}`],
    ['webview assets', kb(webview), `≤ ${kb(BUDGET.webviewAssets)}`],
    ...webviewParts.map((p) => [`  ${p.file}`, kb(p.bytes), '']),
    ['.vsix', kb(vsix), `≤ ${kb(BUDGET.vsix)}`],
    [
      'activation (real VS Code)',
      act.activationMs !== undefined
        ? `${fixed(act.activationMs)} ms CPU median${act.runs ? ` of ${act.runs}` : ''}${act.wallMs !== undefined ? `, ${fixed(act.wallMs)} ms wall` : ''}`
        : act.source,
      '',
    ],
  ]),
);
writeJson({
  productionBuild,
  bundleBytes: bundle ?? null,
  webviewBytes: webview,
  webviewParts,
  vsixBytes: vsix ?? null,
  vsixModified: vsix !== undefined ? fs.statSync(path.join(root, vsixPath)).mtime.toISOString() : null,
  activation: act,
});
