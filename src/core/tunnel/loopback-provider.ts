// A tunnel without the internet: a real reverse proxy on another loopback port, so the "public" URL differs from
// the server's own. For tests and offline demos.

import { startReverseProxy } from './reverse-proxy';
import { StatefulTunnel } from './stateful-tunnel';
import type { Diagnosis } from '../plan/types';
import type { TunnelProvider, TunnelStartOptions, TunnelState } from './types';

export class LoopbackTunnel extends StatefulTunnel {
  /** Pretend the connection changed (e.g. 'reconnecting' then 'connected'), to exercise the UI and the manager. */
  simulateState(state: Exclude<TunnelState, 'closed'>, error?: Diagnosis): void {
    this.setState(state, error);
  }
}

export class LoopbackProvider implements TunnelProvider {
  readonly kind = 'loopback';

  /** listenPort: fix the proxy's port (0 = any free port), e.g. to keep the "public" URL across restarts. */
  constructor(private readonly listenPort = 0) {}

  async start(opts: TunnelStartOptions): Promise<LoopbackTunnel> {
    const proxy = await startReverseProxy({ target: { host: opts.host ?? '127.0.0.1', port: opts.port }, listenPort: this.listenPort });
    return new LoopbackTunnel(proxy.url, () => proxy.close());
  }
}
