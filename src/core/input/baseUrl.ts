/**
 * Where the token may be sent. The API base URL is a user setting; a URL that could leak the token
 * (plain http to another machine, credentials or a query in the URL) is refused.
 */
import * as l10n from '@vscode/l10n';

export const DEFAULT_BASE_URL = 'https://api.extruct.ai';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** `loopback`: the API runs on this machine (the demo's and the tests' fake API). */
export type BaseUrlCheck = { ok: true; url: string; loopback: boolean } | { ok: false; reason: string };

/** Accepts https anywhere and http only to loopback; returns the URL without a trailing slash. */
export function checkBaseUrl(input: string): BaseUrlCheck {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: l10n.t('The API base URL "{0}" is not a valid URL. Fix the "extruct.apiBaseUrl" setting.', trimmed) };
  }
  if (url.username || url.password || url.search || url.hash) {
    return {
      ok: false,
      reason: l10n.t('The API base URL must not contain credentials, a query or a fragment. Fix the "extruct.apiBaseUrl" setting.'),
    };
  }
  const loopback = LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return {
      ok: false,
      reason: l10n.t(
        'The API base URL must use https (plain http is allowed only to localhost). "{0}" was refused so that your token is never sent unencrypted. Fix the "extruct.apiBaseUrl" setting.',
        url.origin,
      ),
    };
  }
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, loopback };
}
