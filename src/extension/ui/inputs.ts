/**
 * Quick inputs (input boxes and quick picks) with their text made plain (core/format/plain.ts): titles,
 * prompts, placeholders, validation messages, and each item's label, description and detail. A pick's
 * icon is the item's `iconPath`, never `$(…)` in its text.
 */
import * as vscode from 'vscode';
import { plain } from '../../core/format/plain';
import { setText } from './text';

/** The items, their text made plain in place (so that VS Code's `selectedItems` are the same objects). */
function plainItems<T extends vscode.QuickPickItem>(items: readonly T[]): readonly T[] {
  for (const item of items) {
    const i = item as { label: string; description?: string | undefined; detail?: string | undefined; tooltip?: unknown };
    i.label = plain(i.label, 200);
    if (i.description !== undefined) i.description = plain(i.description, 300);
    if (i.detail !== undefined) i.detail = plain(i.detail, 500);
    if (typeof i.tooltip === 'string') i.tooltip = plain(i.tooltip, 1_000);
  }
  return items;
}

/** Sets a quick pick's items. */
export function setItems<T extends vscode.QuickPickItem>(qp: vscode.QuickPick<T>, items: readonly T[]): void {
  qp.items = plainItems(items);
}

export interface InputBoxText {
  readonly title?: string;
  readonly prompt?: string;
  readonly placeholder?: string;
}

/** An input box, its text set (more with `setText`). */
export function createInputBox(text: InputBoxText = {}): vscode.InputBox {
  const box = vscode.window.createInputBox();
  setText(box, text);
  return box;
}

/** A quick pick, its text set (more with `setText`, items with `setItems`). */
export function createQuickPick<T extends vscode.QuickPickItem>(
  text: { readonly title?: string; readonly placeholder?: string } = {},
): vscode.QuickPick<T> {
  const qp = vscode.window.createQuickPick<T>();
  setText(qp, text);
  return qp;
}

/** `window.showInputBox`, with its text and every validation message made plain. */
export function showInputBox(o: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    ...o,
    ...(o.title !== undefined ? { title: plain(o.title, 200) } : {}),
    ...(o.prompt !== undefined ? { prompt: plain(o.prompt, 500) } : {}),
    ...(o.placeHolder !== undefined ? { placeHolder: plain(o.placeHolder, 200) } : {}),
    ...(o.validateInput
      ? {
          validateInput: async (value: string) => {
            const problem = await o.validateInput?.(value);
            if (problem === undefined || problem === null) return problem;
            return typeof problem === 'string' ? plain(problem, 500) : { ...problem, message: plain(problem.message, 500) };
          },
        }
      : {}),
  });
}

/** `window.showQuickPick` over items made plain, one or several. */
export function showQuickPick<T extends vscode.QuickPickItem>(
  items: readonly T[],
  o: vscode.QuickPickOptions & { readonly canPickMany: true },
): Thenable<T[] | undefined>;
export function showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], o: vscode.QuickPickOptions): Thenable<T | undefined>;
export function showQuickPick<T extends vscode.QuickPickItem>(
  items: readonly T[],
  o: vscode.QuickPickOptions,
): Thenable<T | T[] | undefined> {
  return vscode.window.showQuickPick(plainItems(items), {
    ...o,
    ...(o.title !== undefined ? { title: plain(o.title, 200) } : {}),
    ...(o.placeHolder !== undefined ? { placeHolder: plain(o.placeHolder, 200) } : {}),
  });
}
