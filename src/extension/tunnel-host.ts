// Owns the tunnel for the extension: picks the provider from settings, starts the TunnelManager (from
// dist/features/tunnel.js on first use), and publishes every status change to its owner (the controller).

import type * as TunnelFeature from '../core/tunnel';
import type { TunnelStatus } from '../core/tunnel/tunnel-manager';
import { loadFeature } from './lazy';
import type { Settings } from './settings';

export interface TunnelTarget {
  port: number;
  settings: Settings;
  authtoken: string | undefined;
  log: (line: string) => void;
}

export class TunnelHost {
  private manager: TunnelFeature.TunnelManager | undefined;
  private listener: { dispose(): void } | undefined;

  constructor(private readonly onChange: (status: TunnelStatus) => void) {}

  get status(): TunnelStatus {
    return this.manager?.current ?? { state: 'closed' };
  }

  async start(target: TunnelTarget): Promise<TunnelStatus> {
    const tunnel = loadFeature<typeof TunnelFeature>('tunnel');
    if (!this.manager) {
      this.manager = new tunnel.TunnelManager();
      this.listener = this.manager.onDidChange((status) => this.onChange(status));
    }
    const { settings } = target;
    const provider =
      settings.tunnelProvider === 'custom'
        ? new tunnel.OwnUrlProvider(settings.publicUrl)
        : settings.tunnelProvider === 'loopback'
          ? new tunnel.LoopbackProvider()
          : new tunnel.NgrokProvider({
              log: target.log,
              // A custom agent ingress (or, in tests, a closed local port so nothing leaves the machine).
              ...(process.env.AUTH0_MCP_NGROK_SERVER_ADDR ? { serverAddr: process.env.AUTH0_MCP_NGROK_SERVER_ADDR } : {}),
            });
    return this.manager.start(provider, {
      port: target.port,
      ...(settings.ngrokDomain ? { domain: settings.ngrokDomain } : {}),
      ...(target.authtoken ? { authtoken: target.authtoken } : {}),
    });
  }

  async stop(): Promise<void> {
    await this.manager?.stop();
  }

  dispose(): void {
    this.listener?.dispose();
    this.manager?.dispose();
  }
}
