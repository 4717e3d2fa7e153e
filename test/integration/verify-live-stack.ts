// The ChatGPT path against a strict tenant: the Management API stand-in holds the tenant, the oidc-provider tenant
// follows its live data (tpc_ clients, audience rules, grants, connections, error page, failure logs), and the
// product's own `apply` converges it. Shared by the verify tests that break one tenant step at a time.

import { applyPlan, checkPlan, createManagementSession, desiredTenant } from '../../src/core/auth0';
import { demoToolDeclarations, startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { readToolScopes, requiredScopes } from '../../src/core/scopes';
import { LoopbackProvider, type Tunnel } from '../../src/core/tunnel';
import { managementAccess } from '../../src/cli/verify';
import type { VerifyOptions } from '../../src/core/verify';
import { startManagementApiStandin, standinConnection, type ManagementApiStandin } from '../support/management-api-standin';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';

export type ErrorMode = 'error-page' | 'redirect';

export interface LiveVerifyStack {
  standin: ManagementApiStandin;
  tenant: OidcTenant;
  mcp: RunningMcpServer;
  tunnel: Tunnel;
  /** The API identifier the server advertises (AUTH0_RESOURCE_SERVER_URL). */
  resource: string;
  /** The backend .env's values: the domain, the Management API credentials and the identifier, nothing else. */
  env: Record<string, string>;
  /** What the CLI builds from `env`: the cross-check, the log, the deleter. */
  access: Pick<VerifyOptions, 'tenant' | 'deleteClient' | 'noDeleteReason'>;
  /** A fetch that sends requests for `https://<AUTH0_DOMAIN>` to the loopback tenant (the network stays off). */
  routeTenant: typeof fetch;
  /** The tpc_ clients the tenant holds (the verifier must leave none behind). */
  dcrClients(): string[];
  close(): Promise<void>;
}

export interface LiveStackOptions {
  /** The tenant's issuer is `https://<AUTH0_DOMAIN>/`, as the CLI derives it; reach it through `routeTenant`. */
  issuerFromDomain?: boolean;
  /** Where the restore journal lives (the CLI's working directory); without it the other-audience probe is not run. */
  journalDir?: string;
}

export async function startLiveVerifyStack(errorMode: ErrorMode, options: LiveStackOptions = {}): Promise<LiveVerifyStack> {
  const standin = await startManagementApiStandin();
  const tenant = await startOidcTenant({
    tenant: standin.data,
    errorMode,
    // The Management application may also get client-credentials tokens for the tenant's APIs (verify's probes).
    machineClients: [standin.application],
    ...(options.issuerFromDomain ? { issuer: `https://${standin.host}/` } : {}),
  });
  const mcp = await startMcpServer({
    auth0Domain: 'unused.example.com',
    resourceUrl: 'http://127.0.0.1',
    port: 0,
    authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
  });
  const tunnel = await new LoopbackProvider().start({ port: mcp.port });
  mcp.setPublicUrl(tunnel.url);
  const resource = mcp.resourceUrl;

  // Converge the tenant with the product's own engine, as `auth0-mcp apply` does.
  const connection = standinConnection(standin);
  const session = createManagementSession(connection);
  // The scopes the embedded server's demo tools declare, as the product reads them.
  const scopeNeeds = requiredScopes(readToolScopes({ tools: demoToolDeclarations({ requireAuth: true }) }).tools);
  const plan = await checkPlan(session, desiredTenant({ domain: connection.domain, resourceUrl: resource, scopeNeeds }));
  const applied = await applyPlan(session, plan);
  if (!applied.plan.converged) throw new Error(`apply did not converge the stand-in: ${JSON.stringify(applied.plan.steps.filter((s) => s.status !== 'ok'))}`);

  const env = {
    AUTH0_DOMAIN: standin.host,
    AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin,
    AUTH0_CLIENT_ID: standin.application.clientId,
    AUTH0_CLIENT_SECRET: standin.application.clientSecret,
    AUTH0_RESOURCE_SERVER_URL: resource,
  };
  return {
    standin,
    tenant,
    mcp,
    tunnel,
    resource,
    env,
    access: await managementAccess([{ name: 'the environment', values: env, overrides: true }], options.journalDir),
    routeTenant: (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      return fetch(url.replace(`https://${standin.host}`, tenant.origin), init);
    },
    dcrClients: () => standin.data.clients.map((c) => String(c.client_id)).filter((id) => id.startsWith('tpc_')),
    close: async () => {
      await tunnel.close();
      await mcp.close();
      await tenant.close();
      await standin.close();
    },
  };
}
