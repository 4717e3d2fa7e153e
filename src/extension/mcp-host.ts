// Runs the embedded MCP server inside the extension host (loaded from dist/features/mcp.js on first start) and
// keeps its advertised resource URL on the current public URL.

import { UserError } from '../core/plan/types';
import type * as vscode from 'vscode';
import type * as McpFeature from '../core/mcp';
import { resourceUrlFor, type ResourceUrlForm } from '../core/config/resource-url';
import { loadFeature } from './lazy';

const LOG_LEVEL = { debug: 2, info: 3, warn: 4, error: 5 } as const;

export interface McpHostOptions {
  /** Called after a refused token whose cause the user can fix (the server's stats hold the diagnosis). */
  onFixableRejection?: () => void;
  /** Called after an authorized /mcp request: an earlier refusal no longer describes the setup. */
  onAuthorizedRequest?: () => void;
  domain: string;
  port: number;
  publicUrl?: string;
  form: ResourceUrlForm;
  authMode: 'mixed' | 'required';
  log: vscode.LogOutputChannel;
}

export class McpHost {
  private running: McpFeature.RunningMcpServer | undefined;

  /** The tenant domain the running server trusts as its issuer. */
  domain: string | undefined;
  /** Whether the running server lets signed-out requests reach its public tools. */
  authMode: McpHostOptions['authMode'] | undefined;

  get server(): McpFeature.RunningMcpServer | undefined {
    return this.running;
  }

  async start(options: McpHostOptions): Promise<McpFeature.RunningMcpServer> {
    if (this.running) return this.running;
    // Said here in the editor's words (the core's own message names the terminal's AUTH0_DOMAIN).
    if (!options.domain.trim()) {
      throw new UserError('No Auth0 domain is set: the server needs the tenant that signs users in.', 'Run "Connect to Auth0" (it sets "auth0Mcp.domain").', 'domain_missing');
    }
    const mcp = loadFeature<typeof McpFeature>('mcp');
    const { log } = options;
    this.domain = options.domain;
    this.authMode = options.authMode;
    this.running = await mcp.startMcpServer({
      auth0Domain: options.domain,
      // Until a public URL exists the server advertises its loopback origin; the tunnel moves it (see follow()).
      resourceUrl: options.publicUrl ? resourceUrlFor(options.publicUrl, options.form) : `http://127.0.0.1:${options.port || 0}`,
      port: options.port,
      authMode: options.authMode,
      resourceName: 'Auth0 for ChatGPT (embedded MCP server)',
      logger: {
        debug: (m) => log.debug(m),
        info: (m) => log.info(m),
        warn: (m) => log.warn(m),
        error: (m) => log.error(m),
        // vscode.LogLevel: Off 0, Trace 1, Debug 2, Info 3, Warning 4, Error 5 (a type-only import: no enum at run time).
        enabled: (level) => log.logLevel !== 0 && log.logLevel <= LOG_LEVEL[level],
      },
      onEvent: (e) => {
        if (e.type === 'auth_failure') {
          log.warn(`MCP auth failure: ${e.method} ${e.path} → ${e.status} (${e.ms.toFixed(0)} ms)${e.reason ? `: ${e.reason}` : ''}`);
          if (this.running?.stats.lastRejection?.diagnosis) options.onFixableRejection?.();
        } else {
          // No line here: the server logs served requests itself, at debug level (nothing is written at Info).
          if (e.path.startsWith('/mcp') && e.status < 400) options.onAuthorizedRequest?.();
        }
      },
    });
    if (!options.publicUrl) this.running.setResourceUrl(`http://127.0.0.1:${this.running.port}`);
    log.info(`embedded MCP server listening on ${this.running.url}, resource ${this.running.resourceUrl}`);
    return this.running;
  }

  /** Moves the advertised resource to the new public URL (or back to loopback when the tunnel stops). */
  follow(publicUrl: string | undefined, form: ResourceUrlForm): void {
    if (!this.running) return;
    this.running.setResourceUrl(publicUrl ? resourceUrlFor(publicUrl, form) : `http://127.0.0.1:${this.running.port}`);
  }

  async stop(): Promise<void> {
    const server = this.running;
    this.running = undefined;
    await server?.close();
  }
}
