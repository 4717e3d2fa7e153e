// The tenant's failure switches reproduce real misconfigurations, and the server names the cause.

import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { MemoryOAuthProvider } from '../support/mcp-client';

const open: Array<OidcTenant | RunningMcpServer> = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

describe('misconfigured tenants', () => {
  it('opaque access tokens (no audience) fail the MCP call with the Default Audience diagnosis', async () => {
    const tenant = await startOidcTenant({ jwtAccessTokens: false, apiScopes: ['profile:read', 'greeting:write'] });
    const mcp = await startMcpServer({
      auth0Domain: 'unused.example.com',
      resourceUrl: 'http://127.0.0.1',
      port: 0,
      authMode: 'required',
      authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
    });
    open.push(mcp, tenant);
    mcp.setPublicUrl(`http://127.0.0.1:${mcp.port}`);
    tenant.audience = mcp.resourceUrl;

    const oauth = new MemoryOAuthProvider();
    const transport = new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: oauth });
    await expect(new Client({ name: 't', version: '1' }).connect(transport)).rejects.toThrow();
    const code = (await tenant.signIn(oauth.authorizationUrl!)).searchParams.get('code')!;
    await transport.finishAuth(code);
    expect(oauth.savedTokens!.access_token.split('.')).toHaveLength(1); // opaque, as Auth0 without an audience

    await expect(
      new Client({ name: 't', version: '1' }).connect(new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: oauth })),
    ).rejects.toThrow();
    expect(mcp.stats.lastRejection).toMatchObject({ code: 'opaque' });
    expect(mcp.stats.lastRejection?.diagnosis?.fix).toMatch(/Default Audience/);
  });

  it('can hide S256 and DCR from the metadata, as a tenant ChatGPT refuses', async () => {
    const tenant = await startOidcTenant({ advertiseS256: false, registration: false });
    open.push(tenant);
    const metadata = await (await fetch(`${tenant.origin}/.well-known/openid-configuration`)).json();
    expect(metadata).not.toHaveProperty('code_challenge_methods_supported');
    expect(metadata).not.toHaveProperty('registration_endpoint');
  });

  it('issues a token only for the configured API (Auth0: Service not found)', async () => {
    const tenant = await startOidcTenant({ audience: 'https://api.example.com' });
    open.push(tenant);
    const registered = await (
      await fetch(`${tenant.origin}/oidc/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: ['https://chatgpt.com/connector_platform_oauth_redirect'], token_endpoint_auth_method: 'none' }),
      })
    ).json();
    const url = new URL(`${tenant.origin}/authorize`);
    url.search = new URLSearchParams({
      client_id: registered.client_id,
      response_type: 'code',
      redirect_uri: 'https://chatgpt.com/connector_platform_oauth_redirect',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      resource: 'https://other.example.com',
    }).toString();
    const back = await tenant.signIn(url);
    expect(back.searchParams.get('error')).toBe('invalid_target');
  });
});
