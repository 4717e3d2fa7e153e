// The embedded MCP server's lifecycle inside the extension host: start, stop, one restart at a time when the settings
// it was built from change, and the server's part of the checklist input (running, URL, last fixable refusal).

import type * as vscode from 'vscode';
import { errorMessage } from '../core/plan/types';
import type { ChecklistInput } from '../core/checklist/checklist';
import type { TunnelStatus } from '../core/tunnel/tunnel-manager';
import { McpHost } from './mcp-host';
import type { Settings } from './settings';

type ServerInput = ChecklistInput['server'];

export interface ServerLifecycleDeps {
  log: vscode.LogOutputChannel;
  settings: () => Settings;
  tunnel: () => TunnelStatus;
  /** The server's part of the checklist input, as the controller holds it. */
  state: () => ServerInput;
  /** Stores a new server state and re-renders. */
  update: (server: ServerInput) => void;
}

export class ServerLifecycle implements vscode.Disposable {
  readonly mcp = new McpHost();
  private restarting: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ServerLifecycleDeps) {}

  /** The embedded server's port, starting it if needed; or the user's own server's port. */
  async port(): Promise<number> {
    const settings = this.deps.settings();
    if (settings.backend === 'own') return settings.ownServerPort;
    return (await this.start()).port;
  }

  async start(port?: number): Promise<{ port: number; url: string }> {
    const { log, update, state } = this.deps;
    const settings = this.deps.settings();
    const tunnel = this.deps.tunnel();
    const server = await this.mcp.start({
      domain: settings.domain,
      port: port ?? settings.serverPort,
      publicUrl: tunnel.state === 'connected' ? tunnel.url : undefined,
      form: settings.resourceUrlForm,
      authMode: settings.authMode,
      log,
      onFixableRejection: () => {
        const last = this.mcp.server?.stats.lastRejection;
        if (last?.diagnosis) update({ ...state(), refused: { reason: last.reason, diagnosis: last.diagnosis } });
      },
      onAuthorizedRequest: () => {
        if (state().refused) update({ ...state(), refused: undefined });
      },
    });
    update({ running: true, url: server.url });
    return server;
  }

  async stop(): Promise<void> {
    await this.mcp.stop();
    this.deps.update({ running: false });
  }

  /** One restart at a time; each re-checks, so a burst of edits ends on the last one. */
  restartIfStale(reason: string): Promise<void> {
    this.restarting = this.restarting.then(() => (this.isStale() ? this.restartNow(reason) : undefined));
    return this.restarting;
  }

  /** The running server was built for another issuer or auth mode than the settings now name. */
  isStale(): boolean {
    const settings = this.deps.settings();
    return Boolean(this.mcp.server) && (this.mcp.domain !== settings.domain || this.mcp.authMode !== settings.authMode);
  }

  /** Keeps the advertised resource on the tunnel's public URL (or loopback when the tunnel is down). */
  followTunnel(status: TunnelStatus): void {
    const up = status.state !== 'closed' && status.state !== 'failed';
    this.mcp.follow(up ? status.url : undefined, this.deps.settings().resourceUrlForm);
  }

  private async restartNow(reason: string): Promise<void> {
    const { log } = this.deps;
    log.info(`restarting the embedded MCP server: ${reason}`);
    try {
      // Same port: a running tunnel keeps forwarding to it.
      const port = this.mcp.server?.port;
      await this.mcp.stop();
      await this.start(port);
    } catch (error) {
      log.error(`the embedded MCP server did not restart: ${errorMessage(error)}`);
      this.deps.update({ running: false });
    }
  }

  dispose(): void {
    void this.mcp.stop();
  }
}
