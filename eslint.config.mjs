// ESLint: typescript-eslint's strict, type-checked rules on every TypeScript layer (each with its own
// tsconfig, found through the project service). `npm run lint` runs it with Prettier; so does `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { l10nConfig } from './scripts/l10n-rule.mjs';
import { textSurfaceConfig } from './scripts/text-surfaces.mjs';

/** The VS Code layer's parts that must not depend on each other: they share src/extension/actions/. */
const PEERS = ['commands', 'tools', 'panel', 'mcp'];
const peerRule = (own) => ({
  files: [`src/extension/${own}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: PEERS.filter((p) => p !== own).map((p) => ({
          group: [`**/${p}`, `**/${p}/**`],
          message: `${own} does not depend on ${p}: what they share lives in src/extension/actions/.`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', 'dist-vsix/', 'test-results/', '.vscode-test/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers read naturally in messages ("37 high-fit results"); everything else must be a string.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => void promise` and `(x) => log(x)` as callbacks say what they mean.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidOperator: true }],
      // VS Code declares Disposable as a class, but its API (and ours) hands out plain objects that satisfy it.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The layers' boundaries (the compiler alone would let an explicit import through).
    files: ['src/core/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The core and the protocol know nothing of VS Code: see src/extension.' }],
          patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'The core does not depend on the layers above it.' }],
        },
      ],
    },
  },
  {
    // The MCP server is a process of its own: Node and the core, never VS Code or the extension.
    files: ['src/mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The MCP server runs outside the extension host: no VS Code API (see src/extension/mcp/).' }],
          patterns: [{ group: ['**/extension/**', '**/webview/**', '**/protocol/**'], message: 'The MCP server uses the core only.' }],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview runs in a browser: no VS Code API.' }],
          patterns: [{ group: ['node:*', '**/extension/**'], message: 'The webview runs in a browser: no Node, no host code.' }],
        },
      ],
    },
  },
  // Every text surface through one door (scripts/text-surfaces.mjs).
  textSurfaceConfig(),
  // Every word for people through the localisation (scripts/l10n-rule.mjs).
  ...l10nConfig(),
  ...PEERS.map(peerRule),
  {
    files: ['src/extension/actions/**/*.ts', 'src/extension/ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: PEERS.flatMap((p) => [`**/${p}`, `**/${p}/**`]),
              message: 'Actions and the ui door serve commands, tools, the panel and the MCP wiring, never the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    // In tests a value that is not there fails the test either way; `!` keeps the assertions readable.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
        setImmediate: 'readonly',
        document: 'readonly',
        window: 'readonly',
        NodeFilter: 'readonly',
      },
    },
  },
);
