#!/usr/bin/env node
// Type-checks every layer with its own project (`tsc -b`, project references: see tsconfig.json), so
// each layer's boundary is enforced by the compiler: src/core, src/protocol and src/mcp see neither
// `vscode` globals nor the DOM, src/webview sees only the DOM. Imports across layers are checked by ESLint
// (eslint.config.mjs). Build mode checks a layer once and reuses its declarations (out/types).
import path from 'node:path';
import { root, run } from './lib.mjs';

const layers = ['src/core', 'src/protocol', 'src/extension', 'src/mcp', 'src/webview', 'test', 'bench'];
let failed = 0;
for (const layer of layers) {
  const r = await run('node', [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', `${layer}/tsconfig.json`, '--pretty', 'false']);
  console.log(`${r.code === 0 ? '✔' : '✘'} ${layer}`);
  if (r.code !== 0) failed++;
}
console.log(`typecheck: ${layers.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
