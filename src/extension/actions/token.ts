/**
 * The API token: asking for it (checked against GET /v1/user before it is saved; if Extruct rejects it,
 * the input box stays open with what the user typed and says why), clearing it, and making sure one is
 * usable before a command goes on.
 */
import * as vscode from 'vscode';
import { ApiClient } from '../../core/api/client';
import type { ApiError } from '../../core/api/errors';
import type { Account } from '../../core/api/types';
import { tokenCheckMessage } from '../../core/format/errorText';
import { couldNotCheck, normalizeToken } from '../../core/input/token';
import { fetchAdapter } from '../http';
import type { CoreServices } from '../services';
import { createInputBox } from '../ui/inputs';
import { error, info, warn } from '../ui/messages';
import { setText, setValidation } from '../ui/text';

export type TokenCheck = { ok: true; account: Account } | { ok: false; error: ApiError; message: string };

/** Checks a candidate token against the API without storing it. */
async function checkToken(services: CoreServices, candidate: string): Promise<TokenCheck> {
  const probe = new ApiClient({
    fetch: fetchAdapter,
    getBaseUrl: () => services.settings.apiBaseUrl,
    getToken: () => Promise.resolve(candidate),
    timeoutMs: 15_000,
  });
  const r = await probe.getUser();
  if (r.ok) return { ok: true, account: r.value };
  return { ok: false, error: r.error, message: tokenCheckMessage(r.error) };
}

function welcome(account: Account): string {
  const who =
    account.email ?? account.user_id ?? vscode.l10n.t({ message: 'your account', comment: ['In "Extruct API token saved for {who}".'] });
  const org = account.organization_name;
  const credits = account.available_credits;
  if (org && credits !== null)
    return vscode.l10n.t('Extruct API token saved for {who} ({org}) · {credits} credits available.', { who, org, credits });
  if (org) return vscode.l10n.t('Extruct API token saved for {who} ({org}).', { who, org });
  if (credits !== null) return vscode.l10n.t('Extruct API token saved for {who} · {credits} credits available.', { who, credits });
  return vscode.l10n.t('Extruct API token saved for {who}.', { who });
}

/**
 * Stores a token, resumes polling and tells the user whose account it is. Without an account the token
 * was saved unchecked (Extruct could not be reached): polling will show soon enough if it is wrong.
 */
async function accept(services: CoreServices, token: string, account: Account | undefined): Promise<void> {
  await services.token.set(token);
  services.log.setSecret(token);
  services.log.info(account ? `API token set for ${account.email ?? account.user_id ?? 'an account'}.` : 'API token set without a check.');
  services.tokenPause.tokenSet();
  void info(
    account
      ? welcome(account)
      : vscode.l10n.t(
          'Extruct API token saved without a check, because Extruct could not be reached. If it is wrong, the tasks will say so.',
        ),
  );
}

/** Checks the token and saves it when Extruct accepts it; no UI but the outcome's notification. For test builds only. */
export async function setTokenUnasked(services: CoreServices, given: string): Promise<TokenCheck> {
  const token = normalizeToken(given);
  const check = await checkToken(services, token);
  if (check.ok) await accept(services, token, check.account);
  else void error(check.message);
  return check;
}

/** The password input box: asks, checks, saves. Undefined when the user cancelled. */
export function askForToken(services: CoreServices): Promise<TokenCheck | undefined> {
  return new Promise<TokenCheck | undefined>((resolve) => {
    const saveAnyway: vscode.QuickInputButton = {
      iconPath: new vscode.ThemeIcon('save'),
      tooltip: vscode.l10n.t('Save Anyway (without a check)'),
    };
    const box = createInputBox({
      title: vscode.l10n.t('Extruct: Set API Token'),
      prompt: vscode.l10n.t(
        'Paste your Extruct API token (from app.extruct.ai/api-tokens). It is stored in your system keychain, never in settings.',
      ),
      placeholder: vscode.l10n.t('API token'),
    });
    box.password = true;
    box.ignoreFocusOut = true;
    let result: TokenCheck | undefined;
    box.onDidChangeValue(() => {
      setValidation(box, undefined);
      box.buttons = [];
    });
    box.onDidTriggerButton(async (button) => {
      if (button !== saveAnyway) return;
      await accept(services, normalizeToken(box.value), undefined);
      box.hide();
    });
    box.onDidAccept(async () => {
      const token = normalizeToken(box.value);
      if (!token) {
        setValidation(box, vscode.l10n.t('Paste a token first, or press Escape to cancel.'));
        return;
      }
      box.busy = true;
      box.enabled = false;
      setText(box, { prompt: vscode.l10n.t('Checking the token with Extruct…') });
      const check = await checkToken(services, token);
      box.busy = false;
      box.enabled = true;
      result = check;
      if (check.ok) {
        await accept(services, token, check.account);
        box.hide();
      } else {
        setText(box, { prompt: vscode.l10n.t('Paste your Extruct API token (from app.extruct.ai/api-tokens).') });
        // Not known to be wrong: Extruct could not be asked. The user may save it all the same.
        const unchecked = couldNotCheck(check.error.kind);
        setValidation(
          box,
          unchecked ? vscode.l10n.t('{0} Or save it without a check: the save button above.', check.message) : check.message,
        );
        box.buttons = unchecked ? [saveAnyway] : [];
      }
    });
    box.onDidHide(() => {
      box.dispose();
      resolve(result);
    });
    box.show();
  });
}

export async function clearToken(services: CoreServices): Promise<void> {
  await services.token.clear();
  services.log.setSecret(undefined);
  services.log.info('API token cleared.');
  services.tokenPause.tokenCleared();
  void info(
    services.store.size > 0
      ? vscode.l10n.t('Extruct API token removed. Watched tasks are paused until you set a token again.')
      : vscode.l10n.t('Extruct API token removed.'),
  );
}

/**
 * For what needs a token in this window: true when it has a usable one, otherwise says why and offers
 * to set one (or, where another window changed it, to reload this one).
 */
export async function ensureToken(services: CoreServices): Promise<boolean> {
  if (services.tokenPause.usableHere) return true;
  const setToken = vscode.l10n.t('Set API Token');
  if (services.tokenPause.outdatedHere) {
    const reload = vscode.l10n.t('Reload Window');
    const choice = await warn(
      vscode.l10n.t(
        'The Extruct API token was changed in another VS Code window, and this window still has the old one. Reload this window to use the new token, or set it here.',
      ),
      reload,
      setToken,
    );
    if (choice === reload) await vscode.commands.executeCommand('workbench.action.reloadWindow');
    if (choice !== setToken) return false;
  } else {
    const rejected = (await services.token.get()) !== undefined;
    const choice = await warn(
      rejected
        ? vscode.l10n.t('Extruct rejected the API token. Set a valid one to go on.')
        : vscode.l10n.t('This needs your Extruct API token, and none is set yet.'),
      setToken,
    );
    if (!choice) return false;
  }
  const r = await askForToken(services);
  return r?.ok === true;
}
