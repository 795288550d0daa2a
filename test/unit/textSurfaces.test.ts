// Every text surface through one door: the ESLint rule of scripts/text-surfaces.mjs lets only
// src/extension/ui/ (where text is made plain) use the VS Code API that shows text. This test enumerates
// the surfaces: every `window` function that @types/vscode declares must be classified (a new one fails
// here until it is), and the rule must flag each surface outside ui/ and none inside.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

interface Surfaces {
  readonly WINDOW: { readonly surfaces: readonly string[]; readonly notText: readonly string[] };
  readonly LM: readonly string[];
  readonly CONSTRUCTORS: readonly string[];
  readonly PROPERTIES: readonly string[];
  textSurfaceConfig(): object;
}

const root = process.cwd();
const load = async (): Promise<Surfaces> => (await import(pathToFileURL(path.join(root, 'scripts/text-surfaces.mjs')).href)) as Surfaces;

/** The functions of a namespace of @types/vscode. */
function declared(namespace: string): string[] {
  const dts = fs.readFileSync(path.join(root, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  const start = dts.indexOf(`export namespace ${namespace} {`);
  assert.ok(start > 0, namespace);
  let depth = 0;
  let end = start;
  for (; end < dts.length; end++) {
    if (dts[end] === '{') depth++;
    else if (dts[end] === '}' && --depth === 0) break;
  }
  return [...new Set([...dts.slice(start, end).matchAll(/export function (\w+)/g)].map((m) => m[1]!))].sort();
}

suite('text surfaces: one door', () => {
  let s: Surfaces;
  let eslint: ESLint;
  suiteSetup(async () => {
    s = await load();
    eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, s.textSurfaceConfig()],
    });
  });

  /** The messages ESLint gives for `code` in a file at `file` (relative to the repository). */
  async function lint(code: string, file: string): Promise<string[]> {
    const [result] = await eslint.lintText(`import * as vscode from 'vscode';\n${code}\n`, { filePath: path.join(root, file) });
    return (result?.messages ?? []).map((m) => m.message);
  }

  test('every window function of @types/vscode is classified: shows text (door only) or not', () => {
    const known = new Set([...s.WINDOW.surfaces, ...s.WINDOW.notText]);
    const unclassified = declared('window').filter((f) => !known.has(f));
    assert.deepEqual(unclassified, [], 'classify these in scripts/text-surfaces.mjs');
    assert.equal(
      s.WINDOW.surfaces.some((f) => s.WINDOW.notText.includes(f)),
      false,
    );
  });

  test('each surface is flagged outside src/extension/ui/, and allowed inside', async function () {
    this.timeout(60_000); // a hundred lint runs: seconds on a busy machine
    const snippets = [
      ...s.WINDOW.surfaces.map((f) => `void vscode.window.${f}('x');`),
      ...s.LM.map((f) => `void vscode.lm.${f}('x', {} as never);`),
      ...s.CONSTRUCTORS.map((c) => `void new vscode.${c}('x' as never);`),
      ...s.PROPERTIES.map((p) => `declare const o: { ${p}: unknown }; o.${p} = 'x';`),
      `const { showInformationMessage } = vscode.window; void showInformationMessage;`,
      `const w = vscode.window; void w;`,
    ];
    const flagged = async (code: string, file: string): Promise<void> => {
      const messages = await lint(code, file);
      assert.ok(
        messages.some((m) => m.includes('src/extension/ui/')),
        `${file}: ${code} → ${messages.join('; ') || 'no error'}`,
      );
    };
    for (const code of snippets) {
      await flagged(code, 'src/extension/commands/probe.ts');
      assert.deepEqual(await lint(code, 'src/extension/ui/probe.ts'), [], code);
    }
    for (const dir of ['tools', 'panel', 'actions', 'tree', 'input', '']) {
      await flagged(`void vscode.window.showInformationMessage('x');`, `src/extension/${dir ? `${dir}/` : ''}probe.ts`);
    }
    assert.deepEqual(await lint(`void vscode.window.showTextDocument(vscode.Uri.file('/x'));`, 'src/extension/commands/probe.ts'), []);
  });
});
