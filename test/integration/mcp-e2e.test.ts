// The ChatGPT path end to end, offline: the MCP SDK's client discovers the protected resource, the authorization
// server (oidc-provider set up like Auth0), registers, signs in with PKCE, gets a JWT for the resource, and calls tools.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { MemoryOAuthProvider, CHATGPT_REDIRECT_URI } from '../support/mcp-client';

let tenant: OidcTenant;
let mcp: RunningMcpServer;

beforeAll(async () => {
  tenant = await startOidcTenant({ apiScopes: ['profile:read', 'greeting:write'] });
  mcp = await startMcpServer({
    auth0Domain: 'unused.example.com',
    resourceUrl: 'http://127.0.0.1',
    port: 0,
    authMode: 'required',
    authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
  });
  // The resource is only known once the port is: the same move as a tunnel coming up.
  mcp.setPublicUrl(`http://127.0.0.1:${mcp.port}`);
  tenant.audience = mcp.resourceUrl;
});

afterAll(async () => {
  await mcp?.close();
  await tenant?.close();
});

describe('ChatGPT-like client against the embedded server and an Auth0-like tenant', () => {
  it('discovers metadata, registers, signs in with PKCE and a resource, then lists tools and calls whoami', async () => {
    const oauth = new MemoryOAuthProvider();
    const first = new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: oauth });
    await expect(new Client({ name: 'chatgpt-test', version: '1.0.0' }).connect(first)).rejects.toThrow(UnauthorizedError);

    // Dynamic registration happened, and the authorization request is what ChatGPT sends to Auth0.
    expect(oauth.client?.client_id).toBeTruthy();
    const authUrl = oauth.authorizationUrl!;
    expect(`${authUrl.origin}/`).toBe(tenant.issuer);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('resource')).toBe(mcp.resourceUrl);
    expect(authUrl.searchParams.get('redirect_uri')).toBe(CHATGPT_REDIRECT_URI);
    expect(authUrl.searchParams.get('scope')).toBe('profile:read greeting:write'); // from the PRM's scopes_supported: the demo tools' scopes

    const callback = await tenant.signIn(authUrl);
    expect(callback.searchParams.get('iss')).toBe(tenant.issuer); // RFC 9207
    const code = callback.searchParams.get('code');
    expect(code, callback.href).toBeTruthy();
    await first.finishAuth(code!);

    const token = oauth.savedTokens!.access_token;
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header.alg).toBe('RS256');
    expect(payload.aud).toBe(mcp.resourceUrl);
    expect(payload.iss).toBe(tenant.issuer);

    const client = new Client({ name: 'chatgpt-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: oauth }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['save_greeting', 'show_profile_card', 'whoami']);

    const whoami = await client.callTool({ name: 'whoami', arguments: {} });
    expect(whoami.isError).toBeFalsy();
    expect(whoami.structuredContent).toMatchObject({ subject: tenant.user.sub, clientId: oauth.client!.client_id, scopes: ['profile:read', 'greeting:write'] });
    expect(new Date(String((whoami.structuredContent as { expiresAt: string }).expiresAt)).getTime()).toBeGreaterThan(Date.now());

    const card = await client.callTool({ name: 'show_profile_card', arguments: { greeting: 'Hi Ada' } });
    expect(card.structuredContent).toMatchObject({ greeting: 'Hi Ada', subject: tenant.user.sub });
    const widget = await client.readResource({ uri: 'ui://widget/profile-card.html' });
    expect(widget.contents[0]).toMatchObject({ mimeType: 'text/html;profile=mcp-app' });
    await client.close();

    expect(mcp.stats.tokensAccepted).toBeGreaterThan(0);
    expect(mcp.stats.jwksFetches).toBe(1);
  });

  it('advertises the tenant the way ChatGPT checks it: PRM issuer = AS metadata issuer, S256, registration', async () => {
    const origin = new URL(mcp.url).origin;
    const prm = await (await fetch(`${origin}/.well-known/oauth-protected-resource`)).json();
    expect(prm.authorization_servers).toEqual([tenant.issuer]);
    const metadata = await (await fetch(`${tenant.origin}/.well-known/oauth-authorization-server`)).json();
    expect(metadata.issuer).toBe(prm.authorization_servers[0]);
    expect(metadata.code_challenge_methods_supported).toContain('S256');
    expect(metadata.registration_endpoint).toBe(`${tenant.origin}/oidc/register`);
    expect(metadata.jwks_uri).toBe(`${tenant.origin}/.well-known/jwks.json`);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
  });
});
