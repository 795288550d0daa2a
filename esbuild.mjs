// Builds everything with esbuild. Type checking is separate: `npm run typecheck` (tsc, one config per layer).
//
//   node esbuild.mjs               development build of the extension, the webview and all tests
//   node esbuild.mjs --production  what ships: minified, no source maps, no tests
//   node esbuild.mjs --watch       development build, rebuilt on change
//
// Outputs
//   dist/extension.js         the extension host bundle (CommonJS, node-fetch inlined, `vscode` external)
//   dist/mcp.js               the MCP server VS Code starts for agents (CommonJS, plain Node, no dependency)
//   dist/webview/panel.js     the detail panel's browser script (IIFE)
//   dist/webview/codicon.*    the codicon font and stylesheet, copied from @vscode/codicons
//   out/                      tests, the fake Extruct API and benchmarks (never packaged)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = path.dirname(new URL(import.meta.url).pathname);

/** Prints build errors as `✘ [ERROR] text` and `file:line:col:`, the form the problem matchers in .vscode/tasks.json read. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * Dead code in node-fetch, replaced by empty modules instead of shipping it:
 *  - fetch-blob falls back to the web-streams-polyfill (59 KB minified) only when the runtime has no
 *    `node:stream/web`; every Node that runs a VS Code extension host (Node 20+) has it;
 *  - the multipart parser (4 KB) serves only `Response.formData()`, which the extension never calls.
 */
const skipWebStreamsPolyfill = {
  name: 'skip-web-streams-polyfill',
  setup(build) {
    build.onResolve({ filter: /^web-streams-polyfill(\/|$)/ }, (args) => ({ path: args.path, namespace: 'empty-module' }));
    build.onResolve({ filter: /\/multipart-parser\.js$/ }, (args) => ({ path: args.path, namespace: 'empty-module' }));
    build.onLoad({ filter: /.*/, namespace: 'empty-module' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

const common = { bundle: true, logLevel: 'warning', plugins: [problemMatcher, skipWebStreamsPolyfill], absWorkingDir: root };

/**
 * What the MCP server takes from the package, declared there once (src/mcp/manifest.ts): the version and
 * the language-model tools (names, descriptions, input schemas, tags); and the chat skill as text.
 */
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
/** package.json's `%key%` in English (package.nls.json): the MCP server's protocol texts stay English. */
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const english = (text) => text.replace(/^%([\w.]+)%$/, (whole, key) => nls[key] ?? whole);
const mcpManifest = {
  define: {
    EXTRUCT_MANIFEST: JSON.stringify({
      version: pkg.version,
      tools: pkg.contributes.languageModelTools.map(({ name, displayName, modelDescription, inputSchema, tags }) => ({
        name,
        displayName: english(displayName),
        modelDescription,
        inputSchema,
        tags,
      })),
    }),
  },
  loader: { '.md': 'text' },
};

/** @type {esbuild.BuildOptions[]} */
const shipped = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    // The integration tests' hooks (src/extension/testApi.ts) exist only in development builds.
    define: { TEST_HOOKS: production ? 'false' : 'true' },
    // node-fetch 3 is ESM and reads import.meta only in code paths we never use.
    logOverride: { 'empty-import-meta': 'silent' },
  },
  {
    ...common,
    ...mcpManifest,
    entryPoints: ['src/mcp/main.ts'],
    outfile: 'dist/mcp.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview/panel.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
  },
];

const list = (dir, suffix) =>
  fs.existsSync(path.join(root, dir))
    ? fs
        .readdirSync(path.join(root, dir), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(suffix))
        .map((f) => path.join(dir, f))
    : [];

/** @type {esbuild.BuildOptions[]} */
const tests = [
  // Unit tests, the fake API's command line and benchmarks run on plain Node as ES modules,
  // with their npm dependencies loaded from node_modules.
  {
    ...common,
    entryPoints: [
      ...list('test/unit', '.test.ts'),
      'test/unit/support/stressWindow.ts',
      ...list('bench', '.ts'),
      'test/fake-extruct/cli.ts',
    ].filter((f) => fs.existsSync(path.join(root, f))),
    outdir: 'out',
    outbase: '.',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    ...mcpManifest,
  },
  // Integration tests run inside the VS Code extension host, which loads them with require().
  {
    ...common,
    entryPoints: list('test/integration', '.ts'),
    outdir: 'out/test/integration',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logOverride: { 'empty-import-meta': 'silent' },
  },
];

function copyCodicons() {
  const from = path.join(root, 'node_modules/@vscode/codicons/dist');
  const to = path.join(root, 'dist/webview');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

const configs = production ? shipped : [...shipped, ...tests].filter((c) => c.entryPoints.length > 0);
if (production) fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
copyCodicons();
if (watch) {
  for (const c of configs) await (await esbuild.context(c)).watch();
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
