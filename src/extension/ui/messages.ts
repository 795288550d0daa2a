/**
 * Notifications and modal dialogs. Every one the extension shows goes through here, so that text from
 * outside never turns into a link that runs a command or into an icon, and carries nothing hidden
 * (core/format/plain.ts). A modal's detail is kept line by line: each line is made plain on its own.
 */
import * as vscode from 'vscode';
import { plain } from '../../core/format/plain';

export type Severity = 'info' | 'warning' | 'error';

/** The longest notification: VS Code shows about three lines of it anyway. */
const MESSAGE_MAX = 1_000;
const BUTTON_MAX = 40;

function showFn(severity: Severity): typeof vscode.window.showInformationMessage {
  return severity === 'error'
    ? vscode.window.showErrorMessage
    : severity === 'warning'
      ? vscode.window.showWarningMessage
      : vscode.window.showInformationMessage;
}

/** Shows the message with the given buttons; resolves with the title picked, or undefined. */
export function show(severity: Severity, text: string, ...actions: string[]): Thenable<string | undefined> {
  const titles = actions.map((a) => plain(a, BUTTON_MAX));
  return showFn(severity)(plain(text, MESSAGE_MAX), ...titles).then((picked) => {
    const i = picked === undefined ? -1 : titles.indexOf(picked);
    return i < 0 ? undefined : actions[i];
  });
}

export const info = (text: string, ...actions: string[]): Thenable<string | undefined> => show('info', text, ...actions);
export const warn = (text: string, ...actions: string[]): Thenable<string | undefined> => show('warning', text, ...actions);
export const error = (text: string, ...actions: string[]): Thenable<string | undefined> => show('error', text, ...actions);

/**
 * A modal dialog of this extension (a chat cannot answer it for the user): the question, the detail
 * (lines), and the buttons; VS Code adds Cancel. Resolves with the button picked, or undefined for
 * Cancel, Escape, or a dialog that could not be shown.
 */
export async function askModal(
  severity: Severity,
  question: string,
  detail: readonly string[],
  ...buttons: string[]
): Promise<string | undefined> {
  const titles = buttons.map((b) => plain(b, BUTTON_MAX));
  const lines = detail.map((line) => plain(line, 600)).join('\n');
  try {
    const picked = await showFn(severity)(plain(question, 300), { modal: true, detail: lines }, ...titles);
    const i = picked === undefined ? -1 : titles.indexOf(picked);
    return i < 0 ? undefined : buttons[i];
  } catch {
    return undefined;
  }
}
