/**
 * What the server is started with: the environment the extension sets (core/agent/mcpLaunch.ts). Only
 * the shared folder is required; without a token every tool that needs Extruct says what to do. The
 * base URL is checked again (https, or http to localhost): a token is never sent elsewhere.
 */
import { MCP_ENV } from '../core/agent/mcpLaunch';
import { checkBaseUrl, DEFAULT_BASE_URL } from '../core/input/baseUrl';
import { DEFAULT_DASHBOARD_URL } from '../core/input/taskRef';
import { parseStamp, type Stamp } from '../core/sync/stamp';

export interface ServerConfig {
  readonly dir: string;
  /** The token to use: undefined without one, or when the base URL was refused. */
  readonly token: string | undefined;
  /** The token as given, used or not: kept out of everything this process writes. */
  readonly secret: string | undefined;
  /** The token register's stamp when the extension read the token; undefined: there was none. */
  readonly tokenRev: Stamp | undefined;
  readonly baseUrl: string;
  readonly dashboardUrl: string;
  /** Why the token is not used, when it was given but cannot be (a refused base URL). */
  readonly tokenProblem?: string;
}

export type ConfigRead = { readonly ok: true; readonly config: ServerConfig } | { readonly ok: false; readonly problem: string };

export function readConfig(env: NodeJS.ProcessEnv): ConfigRead {
  const dir = env[MCP_ENV.dir];
  if (!dir) {
    return {
      ok: false,
      problem: `${MCP_ENV.dir} is not set. This server is started by the Extruct Task Watcher extension in VS Code, which sets it.`,
    };
  }
  const given = env[MCP_ENV.token] || undefined;
  const base = checkBaseUrl(env[MCP_ENV.baseUrl] || DEFAULT_BASE_URL);
  return {
    ok: true,
    config: {
      dir,
      token: base.ok ? given : undefined,
      secret: given,
      tokenRev: parseStamp(env[MCP_ENV.tokenRev]),
      baseUrl: base.ok ? base.url : DEFAULT_BASE_URL,
      dashboardUrl: env[MCP_ENV.dashboardUrl] || DEFAULT_DASHBOARD_URL,
      ...(given && !base.ok ? { tokenProblem: base.reason } : {}),
    },
  };
}
