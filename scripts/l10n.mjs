#!/usr/bin/env node
// `npm run l10n`: writes l10n/bundle.l10n.json, the English bundle of every `vscode.l10n.t(…)` (src/extension)
// and `l10n.t(…)` (@vscode/l10n, src/core) in the sources, with @vscode/l10n-dev, the tool VS Code's own
// extensions use. A translation is a `bundle.l10n.<language>.json` beside it (and a `package.nls.<language>.json`
// beside package.json); see the README's "Localisation".
//   node scripts/l10n.mjs           writes the bundle
//   node scripts/l10n.mjs --check   fails when the committed bundle is not what the sources say (the lint stage)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, run } from './lib.mjs';

const BUNDLE = path.join(root, 'l10n', 'bundle.l10n.json');
const check = process.argv.includes('--check');

async function exportTo(dir) {
  const cli = path.join(root, 'node_modules/@vscode/l10n-dev/dist/cli.js');
  const r = await run('node', [cli, 'export', '--outDir', dir, path.join(root, 'src')], { quiet: true });
  if (r.code !== 0) throw new Error(`l10n-dev export failed:\n${r.out}`);
  return fs.readFileSync(path.join(dir, 'bundle.l10n.json'), 'utf8');
}

if (!check) {
  const text = await exportTo(path.dirname(BUNDLE));
  console.log(`l10n: ${Object.keys(JSON.parse(text)).length} strings in ${path.relative(root, BUNDLE)}`);
  process.exit(0);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-l10n-'));
try {
  const fresh = JSON.parse(await exportTo(tmp));
  const committed = fs.existsSync(BUNDLE) ? JSON.parse(fs.readFileSync(BUNDLE, 'utf8')) : {};
  const missing = Object.keys(fresh).filter((k) => !(k in committed));
  const stale = Object.keys(committed).filter((k) => !(k in fresh));
  const changed = Object.keys(fresh).filter((k) => k in committed && JSON.stringify(fresh[k]) !== JSON.stringify(committed[k]));
  if (missing.length + stale.length + changed.length === 0) {
    console.log(`l10n/bundle.l10n.json holds the ${Object.keys(fresh).length} strings of the sources.`);
    process.exit(0);
  }
  const list = (title, keys) => (keys.length ? [`${title}:`, ...keys.slice(0, 20).map((k) => `  ${JSON.stringify(k)}`)] : []);
  console.log(
    [
      'l10n/bundle.l10n.json is not what the sources say: run `npm run l10n` and commit it.',
      ...list('not in the bundle', missing),
      ...list('no longer in the sources', stale),
      ...list('changed', changed),
    ].join('\n'),
  );
  process.exit(1);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
