/**
 * Text on VS Code's objects (views, tree items, input boxes, quick picks, status bar items, panels):
 * set only through here, made plain first (core/format/plain.ts: nothing hidden, no link, no icon, one
 * bounded line). Icons of our own are passed apart (`icon`) and never come from the text.
 * ESLint forbids assigning these properties anywhere else in src/extension (eslint.config.mjs).
 */
import * as vscode from 'vscode';
import { plain, plainParagraphs } from '../../core/format/plain';

/** The longest text per property. */
const LIMITS = {
  title: 200,
  prompt: 500,
  placeholder: 200,
  description: 300,
  label: 200,
  detail: 500,
  message: 500,
  tooltip: 1_000,
} as const;

type TextKey = keyof typeof LIMITS;
type TextOf<T> = { [K in keyof T & TextKey]?: string | undefined };

/** Sets plain string properties: `setText(box, { title, prompt })`. `undefined` clears one. */
export function setText<T extends object>(target: T, text: TextOf<T>): void {
  const record = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(text) as Array<[TextKey, string | undefined]>) {
    const next = value === undefined ? undefined : plain(value, LIMITS[key]);
    if (record[key] !== next) record[key] = next;
  }
}

/** An input box's problem line (an error unless said otherwise), or none. */
export function setValidation(
  box: vscode.InputBox,
  message: string | undefined,
  severity: vscode.InputBoxValidationSeverity = vscode.InputBoxValidationSeverity.Error,
): void {
  box.validationMessage = message === undefined ? undefined : { message: plain(message, LIMITS.message), severity };
}

/** Markdown built by us, whose outside text went through `literal` (core/format/text.ts): links never trusted. */
export function markdown(value: string, o: { readonly icons?: boolean } = {}): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, o.icons ?? false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** Outside text for a Markdown surface, shown literally. */
export function literalMarkdown(text: string, max: number = LIMITS.message): vscode.MarkdownString {
  return markdown(plain(text, max).replace(/[\\`*_{}[\]()#+\-.!|<>~&$]/g, (c) => `\\${c}`));
}

/** A tooltip: plain text (its line breaks kept), or Markdown from `markdown`. */
export function setTooltip(
  target: { tooltip?: string | vscode.MarkdownString | undefined },
  tooltip: string | vscode.MarkdownString | undefined,
): void {
  target.tooltip = typeof tooltip === 'string' ? plainParagraphs(tooltip, LIMITS.tooltip) : tooltip;
}

/** A status bar item's text: our icon, then plain text. */
export function setStatusText(item: vscode.StatusBarItem, icon: string, text: string): void {
  item.text = `$(${icon}) ${plain(text, 100)}`;
}

/** A view's badge (a count and its tooltip), or none. */
export function setBadge(view: vscode.TreeView<unknown>, value: number, tooltip: string): void {
  view.badge = value ? { value, tooltip: plain(tooltip, LIMITS.tooltip) } : undefined;
}

/** A tree item with a plain label (and, optionally, description), our icon and nothing else yet. */
export function treeItem(
  label: string,
  collapsible: vscode.TreeItemCollapsibleState,
  o: { readonly description?: string } = {},
): vscode.TreeItem {
  const item = new vscode.TreeItem(plain(label, LIMITS.label), collapsible);
  if (o.description !== undefined) item.description = plain(o.description, LIMITS.description);
  return item;
}

/** What assistive technology reads for an item. */
export function setAccessibility(
  target: { accessibilityInformation?: vscode.AccessibilityInformation | undefined },
  label: string,
  role?: string,
): void {
  target.accessibilityInformation = { label: plain(label, 400), ...(role ? { role } : {}) };
}

/** A transient message in the status bar: our icon, then plain text. */
export function statusMessage(icon: string, text: string, ms: number): vscode.Disposable {
  return vscode.window.setStatusBarMessage(`$(${icon}) ${plain(text, 200)}`, ms);
}
