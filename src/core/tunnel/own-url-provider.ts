// "Use my own public URL": for people on another tunnel (cloudflared, VS Code port forwarding) or a deployed
// server. Nothing runs; the URL is validated and reported as connected so everything downstream works the same.

import { parsePublicUrl } from '../config/resource-url';
import { UserError } from '../plan/types';
import { StatefulTunnel } from './stateful-tunnel';
import { TunnelError } from './tunnel-error';
import type { TunnelProvider } from './types';
import { COMMAND } from '../ids';

export class OwnUrlProvider implements TunnelProvider {
  readonly kind = 'own URL';

  constructor(private readonly publicUrl: string | undefined) {}

  /** The port/authtoken options do not apply: whoever serves this URL already forwards it. */
  async start(): Promise<StatefulTunnel> {
    let url: URL;
    try {
      url = parsePublicUrl(this.publicUrl, 'public URL of your MCP server');
    } catch (err) {
      if (err instanceof UserError) {
        // The fix is to enter (or correct) the URL: offer the command that asks for it.
        const action = { kind: 'command' as const, command: COMMAND.usePublicUrl, label: 'Use My Own Public URL…' };
        throw new TunnelError({ problem: err.message, fix: err.fix, action }, err.code);
      }
      throw err;
    }
    // The origin only: the product serves at the root (App URL = origin + "/mcp", like appUrlFor), and people
    // often paste the App URL itself ("https://host/mcp").
    return new StatefulTunnel(url.origin);
  }
}
