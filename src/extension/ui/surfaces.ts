/**
 * The other VS Code surfaces that show text: progress, the save dialog, views, panels, the status bar
 * and the log. Only this folder may create them (eslint.config.mjs); text reaches them made plain
 * (core/format/plain.ts), and later changes go through text.ts.
 */
import * as vscode from 'vscode';
import { plain, plainParagraphs } from '../../core/format/plain';

/** `window.withProgress` with a plain title and plain progress messages. */
export function withProgress<R>(
  o: { readonly location: vscode.ProgressLocation | { readonly viewId: string }; readonly title?: string },
  task: (report: (message: string) => void) => Thenable<R>,
): Thenable<R> {
  return vscode.window.withProgress(
    { location: o.location, ...(o.title !== undefined ? { title: plain(o.title, 200) } : {}) },
    (progress) => task((message) => progress.report({ message: plain(message, 200) })),
  );
}

/** `window.showSaveDialog` with a plain title and button. */
export function showSaveDialog(o: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined> {
  return vscode.window.showSaveDialog({
    ...o,
    ...(o.title !== undefined ? { title: plain(o.title, 200) } : {}),
    ...(o.saveLabel !== undefined ? { saveLabel: plain(o.saveLabel, 40) } : {}),
  });
}

/** Terminal links: their tooltips are ours, set through text.ts. */
export function registerTerminalLinkProvider<T extends vscode.TerminalLink>(provider: vscode.TerminalLinkProvider<T>): vscode.Disposable {
  return vscode.window.registerTerminalLinkProvider(provider);
}

export function createTreeView<T>(viewId: string, o: vscode.TreeViewOptions<T>): vscode.TreeView<T> {
  return vscode.window.createTreeView(viewId, o);
}

export function createStatusBarItem(id: string, alignment: vscode.StatusBarAlignment, priority: number): vscode.StatusBarItem {
  return vscode.window.createStatusBarItem(id, alignment, priority);
}

export function createWebviewPanel(
  viewType: string,
  title: string,
  show: { readonly viewColumn: vscode.ViewColumn; readonly preserveFocus?: boolean },
  options: vscode.WebviewPanelOptions & vscode.WebviewOptions,
): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(viewType, plain(title, 200), show, options);
}

/** Restored panels: their title is set again through text.ts when their model arrives. */
export function registerWebviewPanelSerializer(viewType: string, serializer: vscode.WebviewPanelSerializer): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(viewType, serializer);
}

/** A log channel whose lines carry nothing hidden (line breaks stay, for stack traces). */
export interface LogChannel extends vscode.Disposable {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  show(): void;
}

export function createLogChannel(name: string): LogChannel {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  const clean = (m: string): string => plainParagraphs(m, 20_000);
  return {
    info: (m) => channel.info(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    error: (m) => channel.error(clean(m)),
    debug: (m) => channel.debug(clean(m)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
