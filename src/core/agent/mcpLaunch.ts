/**
 * How the extension launches the MCP server (src/extension/mcp/) and what the server reads at start
 * (src/mcp/config.ts): the environment's names, declared once for both sides.
 */
export const MCP_ENV = {
  /** The shared folder (the extension's global storage): the watch list, the snapshots, the mailbox. */
  dir: 'EXTRUCT_MCP_DIR',
  /** The API token, added only when the server starts (never in the definition VS Code caches). */
  token: 'EXTRUCT_API_TOKEN',
  /** The shared token register's stamp when the token was read: a later one means it was changed since. */
  tokenRev: 'EXTRUCT_TOKEN_REV',
  /** `extruct.apiBaseUrl`, already checked (https, or http to localhost). */
  baseUrl: 'EXTRUCT_API_BASE_URL',
  /** `extruct.dashboardUrl`, for the links in answers. */
  dashboardUrl: 'EXTRUCT_DASHBOARD_URL',
} as const;
