// Localisation: the rule that keeps every word for people in l10n.t (scripts/l10n-rule.mjs) flags a
// bypass and accepts l10n.t, on small fixtures; package.json's strings are all in package.nls.json; and,
// under a pseudo-translation of the whole bundle (l10n/bundle.l10n.json), the core's text builders speak
// it: the wiring from l10n.t to the bundle works, placeholders included.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as l10n from '@vscode/l10n';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { searchConfirmation } from '../../src/core/agent/confirmation';
import { userMessage } from '../../src/core/format/errorText';
import { taskDescription, taskTooltip } from '../../src/core/format/text';
import { duration, relative } from '../../src/core/format/timeWords';
import { EMPTY_DRAFT } from '../../src/core/model/newSearch';
import { summarize, summaryText } from '../../src/core/model/summary';
import { newEntry } from '../../src/core/model/watchEntry';
import { newTasksNotice } from '../../src/core/notify/newTasks';
import { filterMessage } from '../../src/core/tree/text';
import { makeFilter } from '../../src/core/tree/filter';
import { ID1, ID2, task } from './support/tasks';

const root = process.cwd();
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

interface RuleModule {
  l10nConfig(): object[];
}

suite('localisation: the rule', () => {
  let eslint: ESLint;
  suiteSetup(async () => {
    const rule = (await import(pathToFileURL(path.join(root, 'scripts/l10n-rule.mjs')).href)) as RuleModule;
    eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...rule.l10nConfig()],
    });
  });

  /** How many times the rule reports `code` in a file at `file` (relative to the repository). */
  async function reports(code: string, file = 'src/extension/commands/probe.ts'): Promise<number> {
    const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(root, file) });
    const messages = result?.messages ?? [];
    assert.deepEqual(
      messages.filter((m) => m.ruleId !== 'extruct/localised-text'),
      [],
      code,
    );
    return messages.length;
  }

  test('a word for people that bypasses l10n.t is flagged, in the host, the core and the webview', async function () {
    this.timeout(60_000); // a few dozen lint runs: seconds on a busy machine
    const bypasses: Array<[string, string?]> = [
      [`info('Extruct task finished.');`],
      [`void warn('Saved', 'Open');`],
      [`statusMessage('eye', 'watched', 3000);`],
      [`setText(box, { prompt: 'Paste your token' });`],
      [`const items = [{ label: 'Watch', description: 'progress in the sidebar' }];`],
      [`const n = 2; const text = \`Watching \${n} tasks\`;`],
      [`const more = (n: number) => \`\${n} more\`;`],
      [`const title = n === 1 ? 'Watch Task' : 'Watch Tasks';`],
      [`const loading = 'Loading…';`],
      [`declare const x: string; const t = vscode.l10n.t(x);`],
      [`import * as l10n from '@vscode/l10n';`],
      [`export function label(): string { return 'in progress'.length ? 'No task is watched.' : ''; }`, 'src/core/model/probe.ts'],
      [`export const notice = { text: 'done', actions: [{ title: 'Show Log', command: 'extruct.showLog' }] };`, 'src/core/notify/probe.ts'],
      [`h('p', { text: 'No description.' });`, 'src/webview/probe.ts'],
      [`h('input', { attrs: { placeholder: 'Filter results' } });`, 'src/webview/probe.ts'],
      [`button('Load', 'cloud-download', s.hint);`, 'src/webview/probe.ts'],
      [`declare const el: HTMLElement; el.textContent = 'not loaded';`, 'src/webview/probe.ts'],
      [`import * as l10n from '@vscode/l10n';`, 'src/webview/probe.ts'],
    ];
    for (const [code, file] of bypasses) assert.ok((await reports(code, file)) > 0, `not flagged: ${code}`);
  });

  test('l10n.t, data and what stays English on purpose are accepted', async function () {
    this.timeout(60_000);
    const fine: Array<[string, string?]> = [
      [`info(vscode.l10n.t('Extruct task finished.'));`],
      [`statusMessage('eye', vscode.l10n.t('Watching {0} tasks', n), 3000);`],
      [`const t = vscode.l10n.t({ message: 'Watch {0}', args: [id], comment: ['A task ID.'] });`],
      [`const comment = ['{0} is a task ID, as in "Watch {0}".'];`],
      [`void vscode.commands.executeCommand('workbench.action.openSettings', 'extruct.apiBaseUrl');`],
      [`item.contextValue = ['section', group].join(' ');`],
      [`const icon = new vscode.ThemeIcon('sync~spin'); const color = 'charts.blue';`],
      [`log.info(\`Watching \${ids.join(', ')}: started elsewhere.\`); this.o.log?.warn('The watch list was busy on closing.');`],
      [`if (status === 'in progress') throw new Error('A funnel row lacks its label.');`],
      [`setAccessibility(item, \`\${title}, \${description}\`, 'treeitem');`],
      [
        `// eslint-disable-next-line extruct/localised-text -- read by the model: chat-tool answers stay English\nconst text = 'The tool failed unexpectedly.';`,
      ],
      [`import * as l10n from '@vscode/l10n'; export const s = l10n.t('Running');`, 'src/core/tree/probe.ts'],
      [`export const answer = 'Not started: no token.';`, 'src/core/agent/probe.ts'],
      [`h('div', { className: 'muted small', text: s.noScores, attrs: { role: 'status' } });`, 'src/webview/probe.ts'],
    ];
    for (const [code, file] of fine) assert.equal(await reports(code, file), 0, `flagged: ${code}`);
  });
});

suite('localisation: contribution strings', () => {
  const pkg = readJson('package.json') as { contributes: Record<string, unknown> };
  const nls = readJson('package.nls.json') as Record<string, string>;
  const placeholders = (value: unknown, at: string, out: Array<[string, string]> = []): Array<[string, string]> => {
    if (typeof value === 'string') for (const m of value.matchAll(/^%([\w.]+)%$/g)) out.push([at, m[1]!]);
    else if (Array.isArray(value)) value.forEach((v, i) => placeholders(v, `${at}[${i}]`, out));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) placeholders(v, `${at}.${k}`, out);
    return out;
  };

  test('every %key% of package.json is in package.nls.json, and every key there is used', () => {
    const used = placeholders(pkg, 'package.json');
    assert.ok(used.length > 60, `${used.length} strings`);
    assert.deepEqual(
      used.filter(([, key]) => !(key in nls)),
      [],
    );
    const keys = new Set(used.map(([, key]) => key));
    assert.deepEqual(
      Object.keys(nls).filter((k) => !keys.has(k)),
      [],
    );
  });

  test('what people read is localisable; what the model reads stays English inline', () => {
    const c = pkg.contributes as {
      commands: Array<{ title: string; category: string }>;
      languageModelTools: Array<{ displayName: string; userDescription: string; modelDescription: string }>;
      configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
    };
    const isKey = (s: string): boolean => /^%[\w.]+%$/.test(s);
    for (const cmd of c.commands) assert.ok(isKey(cmd.title) && isKey(cmd.category), cmd.title);
    for (const [name, p] of Object.entries(c.configuration.properties))
      assert.ok(isKey(p.markdownDescription ?? p.description ?? ''), name);
    for (const tool of c.languageModelTools) {
      assert.ok(isKey(tool.displayName) && isKey(tool.userDescription), tool.displayName);
      assert.ok(!isKey(tool.modelDescription) && tool.modelDescription.length > 200, 'modelDescription stays English');
    }
  });
});

/** A pseudo-translation: vowels accented and the text bracketed; placeholders such as {0} and {name} kept. */
function pseudo(text: string): string {
  const accents: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', A: 'Á', E: 'É', I: 'Í', O: 'Ó', U: 'Ú' };
  return `⟦${text
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? part : part.replace(/[aeiouAEIOU]/g, (c) => accents[c] ?? c)))
    .join('')}⟧`;
}

suite('localisation: the core speaks the bundle', () => {
  teardown(() => l10n.config({ contents: {} }));

  test('under a pseudo-translation of l10n/bundle.l10n.json every text builder changes, placeholders filled', () => {
    const bundle = readJson('l10n/bundle.l10n.json') as Record<string, string | { message: string }>;
    const contents = Object.fromEntries(Object.entries(bundle).map(([k, v]) => [k, pseudo(typeof v === 'string' ? v : v.message)]));
    const running = { ...newEntry(ID1, 0), task: task({ id: ID1, status: 'in_progress', num_results: 12, desired_num_results: 50 }) };
    const done = {
      ...newEntry(ID2, 0),
      task: task({ id: ID2, status: 'done', num_results: 3 }),
      stopped: 'complete' as const,
      completedAt: 60_000,
    };
    const texts = (): string[] => [
      summaryText(summarize([running, done], false)),
      taskDescription(running, false, 4 * 60_000),
      taskTooltip(running, false, 120_000),
      userMessage({ kind: 'rate-limited', message: 'HTTP 429', retryAfterMs: 7_000 }, '"Fintech"'),
      filterMessage(makeFilter('berlin', []), 2, 10) ?? '',
      duration(192_000),
      relative(0, 12_000),
      newTasksNotice([running.task]).text,
      searchConfirmation({ ...EMPTY_DRAFT, query: 'Fintech in Berlin', desiredNumResults: 5 }).title,
    ];
    const english = texts();
    l10n.config({ contents });
    const translated = texts();
    translated.forEach((text, i) => {
      assert.notEqual(text, english[i], `not translated: ${english[i]}`);
      assert.match(text, /⟦/, text);
      assert.doesNotMatch(text, /\{\w+\}/, `a placeholder left unfilled: ${text}`);
    });
    assert.match(translated[0]!, /1 rúnníng/);
    assert.match(translated[3]!, /7 s/);
    l10n.config({ contents: {} });
    assert.deepEqual(texts(), english, 'English again without a bundle');
  });
});
