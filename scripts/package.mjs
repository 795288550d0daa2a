#!/usr/bin/env node
// `npm run package`: builds what ships (vsce runs the production build through vscode:prepublish) and
// writes dist-vsix/extruct-task-watcher.vsix. Works on a fresh clone: it installs the npm dependencies
// when they are missing, and makes the output folder (vsce does not).
import fs from 'node:fs';
import path from 'node:path';
import { VSIX as out, ensureDependencies, packageVsix } from './lib.mjs';

ensureDependencies();
const r = await packageVsix();
if (r.code !== 0) {
  console.error('Packaging failed; see the output above.');
  process.exit(1);
}
console.log(
  `\nWrote ${path.relative(process.cwd(), out)} (${(fs.statSync(out).size / 1024).toFixed(1)} KB). Install it with "Extensions: Install from VSIX…" or: code --install-extension ${path.relative(process.cwd(), out)}`,
);
