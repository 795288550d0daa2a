#!/usr/bin/env node
// Packages the extension with vsce exactly as a release would, then checks the .vsix: it holds only what
// runs, and stays within its size budgets. Sizes are deterministic for a given build, so they are tests;
// timings are not (see bench/).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { BUDGET } from './budget.mjs';
import { listZip } from './zip.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VSIX = path.join(root, 'dist-vsix', 'extruct-task-watcher.vsix');
const KB = 1024;

const results = [];
function check(name, fn) {
  try {
    fn();
    results.push([name, true]);
    console.log(`  ✔ ${name}`);
  } catch (e) {
    results.push([name, false]);
    console.log(`  ✘ ${name}\n      ${(e instanceof Error ? e.message : String(e)).split('\n').join('\n      ')}`);
  }
}

fs.mkdirSync(path.dirname(VSIX), { recursive: true });
const vsce = spawnSync('node', [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--out', VSIX], {
  cwd: root,
  encoding: 'utf8',
});
const vsceOut = `${vsce.stdout}${vsce.stderr}`;
check('vsce package succeeds', () => assert.equal(vsce.status, 0, vsceOut));
check('vsce package prints no warnings', () => assert.ok(!/WARNING/i.test(vsceOut), vsceOut));

const entries = fs.existsSync(VSIX) ? listZip(fs.readFileSync(VSIX)) : [];
const files = entries.map((e) => e.name);
const sizeOf = (filter) => entries.filter((e) => filter(e.name)).reduce((n, e) => n + e.size, 0);

check(
  'the .vsix holds only the bundles, the chat skill, media (the walkthrough too), README, CHANGELOG, LICENSE, package.json and its English strings',
  () => {
    const allowed = [
      /^\[Content_Types\]\.xml$/,
      /^extension\.vsixmanifest$/,
      /^extension\/package\.json$/,
      /^extension\/package\.nls\.json$/,
      /^extension\/l10n\/bundle\.l10n\.json$/,
      /^extension\/readme\.md$/,
      /^extension\/changelog\.md$/,
      /^extension\/LICENSE\.txt$/,
      /^extension\/dist\/(extension|mcp)\.js$/,
      /^extension\/skills\/extruct-deep-search\/SKILL\.md$/,
      /^extension\/dist\/webview\/(panel\.js|codicon\.css|codicon\.ttf)$/,
      /^extension\/media\/[\w.-]+\.(png|svg|css)$/,
      /^extension\/media\/walkthrough\/[\w.-]+\.(png|md)$/,
    ];
    const unexpected = files.filter((f) => !allowed.some((r) => r.test(f)));
    assert.deepEqual(unexpected, []);
    for (const needed of [
      'extension/dist/extension.js',
      'extension/dist/mcp.js',
      'extension/skills/extruct-deep-search/SKILL.md',
      'extension/dist/webview/panel.js',
      'extension/package.json',
      'extension/package.nls.json',
      'extension/l10n/bundle.l10n.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
    ]) {
      assert.ok(files.includes(needed), `${needed} is packaged`);
    }
  },
);

check('every image and Markdown file the walkthrough names is packaged', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const named = (pkg.contributes.walkthroughs ?? []).flatMap((w) =>
    w.steps.flatMap((st) => [st.media.markdown, ...Object.values(st.media.image ?? {})].filter((f) => typeof f === 'string')),
  );
  assert.ok(named.length > 0, 'the walkthrough names its media');
  assert.deepEqual(
    [...new Set(named)].filter((f) => !files.includes(`extension/${f}`)),
    [],
  );
});

check('no source maps, TypeScript sources or node_modules are packaged', () => {
  assert.deepEqual(
    files.filter((f) => /\.map$|\.ts$|node_modules/.test(f)),
    [],
  );
});

check(`extension bundle ≤ ${BUDGET.extensionBundle / KB} KB`, () => {
  const size = sizeOf((f) => f === 'extension/dist/extension.js');
  console.log(`      extension.js: ${(size / KB).toFixed(1)} KB`);
  assert.ok(size > 0 && size <= BUDGET.extensionBundle, `${size} bytes`);
});

check(`MCP server bundle ≤ ${BUDGET.mcpBundle / KB} KB`, () => {
  const size = sizeOf((f) => f === 'extension/dist/mcp.js');
  console.log(`      mcp.js: ${(size / KB).toFixed(1)} KB`);
  assert.ok(size > 0 && size <= BUDGET.mcpBundle, `${size} bytes`);
});

check('the chat skill and the MCP server are contributed as packaged', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const { path: rel } of pkg.contributes.chatSkills) {
    const file = path.posix.normalize(rel);
    assert.ok(files.includes(`extension/${file}`), `${file} is packaged`);
    // VS Code: the folder's name must be the skill's "name".
    const name = /^---\n[\s\S]*?^name: ([a-z0-9-]+)$/m.exec(fs.readFileSync(path.join(root, file), 'utf8'))?.[1];
    assert.equal(name, path.basename(path.dirname(file)));
  }
  assert.equal(pkg.contributes.mcpServerDefinitionProviders.length, 1);
  const bundle = fs.readFileSync(path.join(root, 'dist/mcp.js'), 'utf8');
  assert.ok(!bundle.includes('require("vscode")'), 'the MCP server does not load vscode');
});

check(`webview assets ≤ ${BUDGET.webviewAssets / KB} KB`, () => {
  const size = sizeOf((f) => f.startsWith('extension/dist/webview/') || f === 'extension/media/panel.css');
  console.log(`      webview assets: ${(size / KB).toFixed(1)} KB`);
  assert.ok(size > 0 && size <= BUDGET.webviewAssets, `${size} bytes`);
});

check(`.vsix ≤ ${BUDGET.vsix / KB} KB`, () => {
  const size = fs.statSync(VSIX).size;
  console.log(`      .vsix: ${(size / KB).toFixed(1)} KB, ${files.length} files`);
  assert.ok(size <= BUDGET.vsix, `${size} bytes`);
});

check('activation is lazy and engines.vscode matches @types/vscode', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.ok(!pkg.activationEvents.includes('*'), 'never "*"');
  const types = pkg.devDependencies['@types/vscode'];
  assert.equal(pkg.engines.vscode, `^${types}`);
  assert.ok(
    !('dependencies' in pkg) || Object.keys(pkg.dependencies).every((d) => d === 'node-fetch' || d === '@vscode/l10n'),
    'only node-fetch and @vscode/l10n at run time (bundled)',
  );
});

check('the production bundle holds no test hooks', () => {
  const bundle = fs.readFileSync(path.join(root, 'dist/extension.js'), 'utf8');
  for (const hook of ['EXTRUCT_TEST_HOOKS', 'activationMs', 'globalState:'])
    assert.ok(!bundle.includes(hook), `the bundle mentions ${hook}`);
});

check('"npm run package" works in a fresh copy of the repository (as a clone has it)', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'extruct-package-'));
  try {
    const tracked = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
    assert.equal(tracked.status, 0, tracked.stderr);
    for (const f of tracked.stdout.split('\0').filter(Boolean)) {
      if (!fs.existsSync(path.join(root, f))) continue; // deleted, not yet committed
      fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(copy, f));
    }
    // The dependencies as `npm ci` installed them here: hard links (fast, and nothing the copy does to its
    // node_modules can touch this one's), with the lockfile's time kept so that they count as installed.
    const cp = spawnSync('cp', ['-al', path.join(root, 'node_modules'), path.join(copy, 'node_modules')], { encoding: 'utf8' });
    assert.equal(cp.status, 0, cp.stderr);
    const lock = fs.statSync(path.join(root, 'package-lock.json'));
    fs.utimesSync(path.join(copy, 'package-lock.json'), lock.atime, lock.mtime);
    assert.ok(!fs.existsSync(path.join(copy, 'dist-vsix')), 'no output folder to begin with');
    const npm = spawnSync('npm', ['run', 'package'], { cwd: copy, encoding: 'utf8' });
    assert.equal(npm.status, 0, `${npm.stdout}${npm.stderr}`);
    assert.ok(fs.statSync(path.join(copy, 'dist-vsix', 'extruct-task-watcher.vsix')).size > 0);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

const failed = results.filter(([, ok]) => !ok).length;
console.log(`package: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
