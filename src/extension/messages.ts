/**
 * Every notification the extension shows goes through here, so that text from outside can never turn
 * into a link that runs a command, or into an icon (core/format/plain.ts). Non-modal only: a modal
 * dialog does not render links.
 */
import * as vscode from 'vscode';
import { plain } from '../core/format/plain';

export type Severity = 'info' | 'warning' | 'error';

/** Shows the message with the given buttons; resolves with the title picked, or undefined. */
export function show(severity: Severity, text: string, ...actions: string[]): Thenable<string | undefined> {
  const fn =
    severity === 'error'
      ? vscode.window.showErrorMessage
      : severity === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  return fn(plain(text), ...actions);
}

export const info = (text: string, ...actions: string[]): Thenable<string | undefined> => show('info', text, ...actions);
export const warn = (text: string, ...actions: string[]): Thenable<string | undefined> => show('warning', text, ...actions);
export const error = (text: string, ...actions: string[]): Thenable<string | undefined> => show('error', text, ...actions);
