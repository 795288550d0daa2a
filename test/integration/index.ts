/**
 * Loaded by the VS Code extension host (extensionTestsPath): runs every *.test.js beside this file with
 * mocha and resolves when all pass. Same contract as @vscode/test-electron's runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';

export function run(): Promise<void> {
  console.log(
    `Integration tests in ${vscode.env.appName} ${vscode.version} (uiKind ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}, Node ${process.version})`,
  );
  // forbidOnly/forbidPending: a `.only` or a skipped test fails the run instead of passing quietly.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', forbidOnly: true, forbidPending: true });
  const only = process.env.EXTRUCT_TEST_GREP;
  if (only) mocha.grep(only);
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`integration: ${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
      else resolve();
    });
  });
}
