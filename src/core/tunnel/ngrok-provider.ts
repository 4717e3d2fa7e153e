// The ngrok adapter: @ngrok/ngrok's forward() behind the Tunnel interface. The SDK is a native module, so it is
// required lazily (only when a tunnel starts) and stays external to the bundle.

import type { Diagnosis } from '../plan/types';
import { ngrokDiagnosis, missingAuthtokenError, toNgrokTunnelError } from './ngrok-errors';
import { StatefulTunnel } from './stateful-tunnel';
import { TunnelError, redactSecrets } from './tunnel-error';
import type { Tunnel, TunnelProvider, TunnelStartOptions } from './types';

/** The slice of @ngrok/ngrok this adapter uses (matches its index.d.ts for 1.7.0). */
export interface NgrokListener {
  url(): string | null;
  close(): Promise<void>;
}
export interface NgrokForwardConfig {
  addr: string;
  authtoken: string;
  domain?: string;
  server_addr?: string;
  /** The SDK's own comment: 'closed' - connection is lost, 'connected' - reconnected. */
  onStatusChange?: (status: string) => void;
  onLogEvent?: (data: string) => void;
}
export interface NgrokModule {
  forward(config: NgrokForwardConfig): Promise<NgrokListener>;
}

export interface NgrokProviderOptions {
  /** Where NGROK_AUTHTOKEN is read when start() gets no authtoken; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** SDK log lines (already scrubbed of the authtoken), for the extension's output channel. */
  log?: (line: string) => void;
  /** Swappable for tests; defaults to a runtime require of the native module. */
  load?: () => NgrokModule;
  /**
   * host:port of the ngrok service to dial (ngrok's `server_addr`: a custom agent ingress). Tests point it at a
   * closed loopback port so the real SDK runs and fails without any traffic leaving the machine.
   */
  serverAddr?: string;
}

export function loadNgrokModule(): NgrokModule {
  // A plain runtime require: bundlers leave it alone (esbuild marks it external) and the .node binary loads from node_modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@ngrok/ngrok') as NgrokModule;
}

export class NgrokProvider implements TunnelProvider {
  readonly kind = 'ngrok';

  constructor(private readonly options: NgrokProviderOptions = {}) {}

  async start(opts: TunnelStartOptions): Promise<Tunnel> {
    const authtoken = (opts.authtoken ?? (this.options.env ?? process.env).NGROK_AUTHTOKEN ?? '').trim();
    if (!authtoken) throw missingAuthtokenError();
    const domain = normaliseDomain(opts.domain);

    let ngrok: NgrokModule;
    try {
      ngrok = (this.options.load ?? loadNgrokModule)();
    } catch (err) {
      throw new TunnelError(nativeModuleDiagnosis(), 'ngrok_module_missing', redactSecrets(String(err)));
    }

    // Status events can arrive before forward() resolves (the SDK reports 'closed' on a failed first connect);
    // those belong to the rejection, so they only count once the tunnel exists.
    const live: { tunnel?: StatefulTunnel } = {};
    const log = this.options.log;
    let listener: NgrokListener;
    try {
      listener = await ngrok.forward({
        addr: `${opts.host ?? '127.0.0.1'}:${opts.port}`,
        authtoken,
        ...(domain ? { domain } : {}),
        ...(this.options.serverAddr ? { server_addr: this.options.serverAddr } : {}),
        // The SDK reconnects on its own after a lost connection, so 'closed' here means "reconnecting", not the end.
        onStatusChange: (status) => live.tunnel?.setState(status === 'connected' ? 'connected' : 'reconnecting'),
        ...(log ? { onLogEvent: (line: string) => log(redactSecrets(line, authtoken)) } : {}),
      });
    } catch (err) {
      throw toNgrokTunnelError(err, { domain, authtoken });
    }

    const url = listener.url();
    if (!url) {
      await listener.close().catch(() => {});
      throw new TunnelError(ngrokDiagnosis('ngrok_unknown', { detail: 'the tunnel has no public URL' }), 'ngrok_unknown');
    }
    live.tunnel = new StatefulTunnel(url.replace(/\/+$/, ''), () => listener.close());
    return live.tunnel;
  }
}

/** ngrok wants a bare hostname; people paste "https://name.ngrok-free.app/". */
export function normaliseDomain(domain: string | undefined): string | undefined {
  const bare = (domain ?? '')
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '');
  return bare || undefined;
}

function nativeModuleDiagnosis(): Diagnosis {
  return {
    problem: `The ngrok library could not load on this platform (${process.platform}-${process.arch}).`,
    fix: 'Install the extension build for your platform, or use "my own public URL" with another tunnel (cloudflared, VS Code port forwarding).',
  };
}
