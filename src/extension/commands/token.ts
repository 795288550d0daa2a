/**
 * "Set API Token" and "Clear API Token". The token is never taken from a command's arguments in what
 * ships: anything that can run a command (another extension, a rendered `command:` link, a notice from
 * another window) could otherwise replace the user's token. Only a test build with its hooks on accepts
 * one, for the integration tests.
 */
import { askForToken, clearToken as clear, setTokenUnasked, type TokenCheck } from '../actions/token';
import type { CoreServices } from '../services';

export async function setToken(services: CoreServices, given: unknown, acceptArgument: boolean): Promise<TokenCheck | undefined> {
  if (acceptArgument && typeof given === 'string') return setTokenUnasked(services, given);
  return askForToken(services);
}

export function clearToken(services: CoreServices): Promise<void> {
  return clear(services);
}
