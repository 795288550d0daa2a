/**
 * One bundle for both layers. VS Code loads this extension's bundle for the display language
 * (l10n/bundle.l10n.<language>.json) and serves it through `vscode.l10n.t` in this layer; the core, which
 * knows nothing of VS Code, words its text with `@vscode/l10n`, handed the same bundle here, at
 * activation, before any of the core's text is made. With English (no bundle) both fall back to the
 * English in the code.
 */
// eslint-disable-next-line extruct/localised-text -- the one place the host hands the core (@vscode/l10n) its bundle
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

export function shareBundleWithCore(): void {
  const bundle = vscode.l10n.bundle;
  if (bundle) l10n.config({ contents: bundle });
}
