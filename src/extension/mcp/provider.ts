/**
 * The MCP server (dist/mcp.js, src/mcp/) as VS Code sees it: one stdio server definition, from
 * `contributes.mcpServerDefinitionProviders` and `vscode.lm.registerMcpServerDefinitionProvider`.
 *
 *  - **How it runs.** With the extension host's own runtime: `process.execPath` and the script, with
 *    ELECTRON_RUN_AS_NODE=1, which makes VS Code's Electron binary run as plain Node on the desktop (as
 *    VS Code's own Git extension runs its askpass script); where the extension host is Node already
 *    (code-server, a remote) the variable is ignored. No Node on the PATH is needed; VS Code spawns it
 *    as a child of the extension host, with the host's environment plus the definition's.
 *  - **What VS Code keeps.** `provideMcpServerDefinitions` is called eagerly and VS Code caches what it
 *    returns in its storage: it holds the command, the script and the shared folder, never the token.
 *  - **The token** is added by `resolveMcpServerDefinition`, which VS Code calls when it starts the
 *    server: read from Secret Storage only when this window's token is usable (auth/tokenPause.ts) and
 *    the base URL is allowed (https, or http to localhost), with the stamp of the shared token register it
 *    was read under. It goes into that one process's environment; VS Code logs the command line, not it.
 *  - **A token changed or cleared later** reaches a running server through the shared folder (the token
 *    register every window already follows): the server stops using the old token at once and ends when
 *    idle, and VS Code starts it again, resolving afresh, when it is next used. `onDidChangeMcpServerDefinitions`
 *    would not do it: VS Code only marks a running server whose definition changed as outdated. It fires
 *    when the API or dashboard URL setting changes (a new version), which the server cannot see.
 */
import * as vscode from 'vscode';
import { MCP_ENV } from '../../core/agent/mcpLaunch';
import { checkBaseUrl } from '../../core/input/baseUrl';
import type { Register } from '../../core/sync/registers';
import { formatStamp } from '../../core/sync/stamp';
import type { TokenState } from '../../core/sync/watchList';
import type { CoreServices } from '../services';

/** As in package.json `contributes.mcpServerDefinitionProviders`. */
export const MCP_PROVIDER_ID = 'extruct.taskWatcher';
/** The server's name in VS Code's MCP views (and its ID there: "<extension id>/<label>"). */
// eslint-disable-next-line extruct/localised-text -- also the server's ID in VS Code ("<extension id>/<label>"): the same in every language
export const MCP_SERVER_LABEL = 'Extruct Task Watcher';

export interface McpServerOptions {
  /** The token register as this window sees it (core/sync/windowSync.ts). */
  readonly tokenRegister: () => Register<TokenState> | undefined;
  /** Settles when the start-up work (the shared state, the token) is done. */
  readonly ready: Promise<void>;
}

/** The server's definition for VS Code, offered by `register` (just after activation: extension.ts). */
export class ExtructMcpServerProvider implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private settingsGeneration = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly services: CoreServices,
    private readonly o: McpServerOptions,
  ) {
    this.subscriptions = [
      services.settings.onDidChange((e) => {
        if (!e.affectsConfiguration('extruct.apiBaseUrl') && !e.affectsConfiguration('extruct.dashboardUrl')) return;
        this.settingsGeneration++;
        this.changed.fire();
      }),
    ];
  }

  /** Offers the server to VS Code; disposing what it returns (or this provider) withdraws it. */
  register(): vscode.Disposable {
    return vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, this);
  }

  provideMcpServerDefinitions(): vscode.McpStdioServerDefinition[] {
    const { context } = this.services;
    const version = (context.extension.packageJSON as { version?: string }).version ?? '0';
    const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'mcp.js').fsPath;
    const env = { ELECTRON_RUN_AS_NODE: '1', [MCP_ENV.dir]: context.globalStorageUri.fsPath };
    return [
      new vscode.McpStdioServerDefinition(
        MCP_SERVER_LABEL,
        process.execPath,
        [script],
        env,
        this.settingsGeneration ? `${version}+settings.${this.settingsGeneration}` : version,
      ),
    ];
  }

  async resolveMcpServerDefinition(server: vscode.McpStdioServerDefinition): Promise<vscode.McpStdioServerDefinition> {
    await this.o.ready;
    const { settings, tokenPause, token, log } = this.services;
    const env: Record<string, string | number | null> = { ...server.env, [MCP_ENV.dashboardUrl]: settings.dashboardUrl };
    const base = checkBaseUrl(settings.apiBaseUrl);
    if (base.ok) env[MCP_ENV.baseUrl] = base.url;
    const value = base.ok && tokenPause.usableHere ? await token.get() : undefined;
    if (value) {
      const rev = this.o.tokenRegister()?.rev;
      env[MCP_ENV.token] = value;
      env[MCP_ENV.tokenRev] = rev ? formatStamp(rev) : '';
    }
    log.info(`VS Code starts the Extruct MCP server for an agent (${value ? 'with' : 'without'} an API token).`);
    const resolved = new vscode.McpStdioServerDefinition(server.label, server.command, server.args, env, server.version);
    if (server.cwd) resolved.cwd = server.cwd;
    return resolved;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
