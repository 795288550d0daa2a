#!/usr/bin/env node
// `npm run lint` (and the `lint` stage of `npm test`): ESLint (typescript-eslint, type-checked, every
// layer), Prettier's check of the formatting, no unused exports under src/, and l10n/bundle.l10n.json as
// the sources make it (`npm run l10n` writes it). `npm run format` fixes the formatting. Ends with
// "lint: N passed, M failed" (one per check); exit code 1 when one failed.
import path from 'node:path';
import { root, run } from './lib.mjs';

const bin = (p) => path.join(root, 'node_modules', p);
const checks = [
  ['eslint', ['node', [bin('eslint/bin/eslint.js'), '--max-warnings', '0', '.']]],
  ['prettier', ['node', [bin('prettier/bin/prettier.cjs'), '--check', '--log-level', 'warn', '.']]],
  ['unused exports', ['node', ['scripts/unused-exports.mjs']]],
  ['l10n bundle', ['node', ['scripts/l10n.mjs', '--check']]],
];
let passed = 0;
let failed = 0;
for (const [name, [cmd, args]] of checks) {
  const r = await run(cmd, args);
  if (r.code === 0) passed++;
  else failed++;
  console.log(
    `${r.code === 0 ? '✔' : '✘'} ${name}${r.code === 0 ? '' : ' (see above; `npm run format` fixes formatting, `npm run l10n` the bundle)'}`,
  );
}
console.log(`lint: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
