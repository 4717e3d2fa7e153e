// The ChatGPT path offline: an oidc-provider tenant, the embedded MCP server trusting it, and the loopback tunnel
// in front of the server as the "public" URL. Shared by the verify integration tests.

import { DEFAULT_DEMO_SCOPES, startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { LoopbackProvider, type Tunnel } from '../../src/core/tunnel';
import { startOidcTenant, type OidcTenant, type OidcTenantOptions } from '../support/oidc-tenant';

export interface VerifyStack {
  tenant: OidcTenant;
  mcp: RunningMcpServer;
  tunnel: Tunnel;
  /** The public URL (the tunnel's origin). */
  publicUrl: string;
  /** Headless stand-in for the user's browser: signs in at the tenant and follows the redirect to the verifier. */
  openBrowser: (url: string) => Promise<void>;
  /** Deleter injected into verify(): records calls and deletes at the tenant, like the Management API. */
  deleteClient: (clientId: string) => Promise<void>;
  deleted: string[];
  close(): Promise<void>;
}

export async function startVerifyStack(tenantOptions: OidcTenantOptions = {}): Promise<VerifyStack> {
  const tenant = await startOidcTenant({ apiScopes: [DEFAULT_DEMO_SCOPES.read, DEFAULT_DEMO_SCOPES.write], ...tenantOptions });
  const mcp = await startMcpServer({
    auth0Domain: 'unused.example.com',
    resourceUrl: 'http://127.0.0.1',
    port: 0,
    scopes: ['read:profile'],
    authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
  });
  const tunnel = await new LoopbackProvider().start({ port: mcp.port });
  mcp.setPublicUrl(tunnel.url);
  tenant.audience = mcp.resourceUrl;
  const deleted: string[] = [];
  return {
    tenant,
    mcp,
    tunnel,
    publicUrl: tunnel.url,
    deleted,
    openBrowser: async (url) => {
      const callback = await tenant.signIn(url);
      await (await fetch(callback)).text();
    },
    deleteClient: async (clientId) => {
      deleted.push(clientId);
      await tenant.deleteClient(clientId);
    },
    close: async () => {
      await tunnel.close();
      await mcp.close();
      await tenant.close();
    },
  };
}
