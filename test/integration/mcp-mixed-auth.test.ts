// The embedded server's per-tool auth (Apps SDK securitySchemes), through the MCP SDK client: mixed by default
// (signed-out requests reach initialize, tools/list and the public tool; the others answer with the tool-level
// challenge naming the missing scope), and "every request needs sign-in" on request (401, then HTTP 403 naming the
// scope a tool needs).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { challengeFromResponse, toolChallenge } from '../../src/core/scopes';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { post, rpc } from '../support/mcp-http';

let tenant: OidcTenant;
let mixed: RunningMcpServer;
let required: RunningMcpServer;

beforeAll(async () => {
  tenant = await startOidcTenant();
  const start = (authMode: 'mixed' | 'required') =>
    startMcpServer({
      auth0Domain: 'unused.example.com',
      resourceUrl: 'http://127.0.0.1',
      port: 0,
      authMode,
      authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
    });
  mixed = await startMcpServer({
    auth0Domain: 'unused.example.com',
    resourceUrl: 'http://127.0.0.1',
    port: 0,
    authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
  });
  required = await start('required');
  for (const server of [mixed, required]) server.setPublicUrl(`http://127.0.0.1:${server.port}`);
});

afterAll(async () => {
  await mixed?.close();
  await required?.close();
  await tenant?.close();
});

async function client(server: RunningMcpServer, scope?: string): Promise<Client> {
  const token = scope === undefined ? undefined : await tenant.mint({ aud: server.resourceUrl, scope });
  const c = new Client({ name: 'chatgpt-like', version: '1.0.0' });
  await c.connect(new StreamableHTTPClientTransport(new URL(server.url), token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {}));
  return c;
}

const metadataUrl = (server: RunningMcpServer) => `${server.resourceUrl}/.well-known/oauth-protected-resource`;

describe('mixed auth (the default)', () => {
  it('signed out: lists the tools, whoami answers "not signed in", the profile card challenges for profile:read', async () => {
    const c = await client(mixed);
    try {
      expect((await c.listTools()).tools.map((t) => t.name).sort()).toEqual(['save_greeting', 'show_profile_card', 'whoami']);
      const whoami = await c.callTool({ name: 'whoami', arguments: {} });
      expect(whoami.isError).toBeFalsy();
      expect(whoami.structuredContent).toMatchObject({ subject: null, scopes: [] });
      expect(JSON.stringify(whoami.content)).toContain('not signed in');

      const card = await c.callTool({ name: 'show_profile_card', arguments: {} });
      expect(toolChallenge(card)).toMatchObject({ resourceMetadataUrl: metadataUrl(mixed), error: 'insufficient_scope', scopes: ['profile:read'] });
    } finally {
      await c.close();
    }
    const prm = await (await fetch(`${new URL(mixed.url).origin}/.well-known/oauth-protected-resource`)).json();
    expect(prm).toMatchObject({ scopes_supported: ['profile:read', 'greeting:write'] });
  });

  it('signed in with profile:read only: the card shows, save_greeting challenges naming greeting:write alone', async () => {
    const c = await client(mixed, 'profile:read');
    try {
      const card = await c.callTool({ name: 'show_profile_card', arguments: {} });
      expect(card.isError).toBeFalsy();
      expect(card.structuredContent).toMatchObject({ subject: tenant.user.sub });
      const save = await c.callTool({ name: 'save_greeting', arguments: { greeting: 'Hi' } });
      expect(toolChallenge(save)).toMatchObject({
        error: 'insufficient_scope',
        scopes: ['greeting:write'],
        errorDescription: 'save_greeting needs the scope greeting:write',
      });
    } finally {
      await c.close();
    }
  });

  it('signed in with both scopes: save_greeting saves what the card then shows', async () => {
    const c = await client(mixed, 'profile:read greeting:write');
    try {
      expect((await c.callTool({ name: 'save_greeting', arguments: { greeting: 'Ahoy, Ada' } })).isError).toBeFalsy();
      expect((await c.callTool({ name: 'show_profile_card', arguments: {} })).structuredContent).toMatchObject({ greeting: 'Ahoy, Ada' });
    } finally {
      await c.close();
    }
  });

  it('a bad token is not "signed out": 401 invalid_token', async () => {
    const response = await post(mixed.url, rpc('tools/list'), { authorization: `Bearer ${await tenant.mint({ aud: 'https://elsewhere.example' })}` });
    expect(response.status).toBe(401);
    expect(String(response.headers['www-authenticate'])).toContain('error="invalid_token"');
  });
});

describe('every request needs sign-in (authMode "required")', () => {
  it('401 with the challenge without a token; HTTP 403 naming the scope a tool needs; the public tool with any token', async () => {
    const signedOut = await post(required.url, rpc('tools/list'));
    expect(signedOut.status).toBe(401);
    expect(challengeFromResponse(new Response(null, { headers: { 'www-authenticate': String(signedOut.headers['www-authenticate']) } }))).toMatchObject({
      resourceMetadataUrl: metadataUrl(required),
    });

    const token = await tenant.mint({ aud: required.resourceUrl, scope: 'profile:read' });
    const save = await post(required.url, rpc('tools/call', { name: 'save_greeting', arguments: { greeting: 'Hi' } }), { authorization: `Bearer ${token}` });
    expect(save.status).toBe(403);
    const challenge = challengeFromResponse(new Response(null, { headers: { 'www-authenticate': String(save.headers['www-authenticate']) } }));
    expect(challenge).toMatchObject({ error: 'insufficient_scope', scopes: ['greeting:write'], resourceMetadataUrl: metadataUrl(required) });

    const c = await client(required, '');
    try {
      expect((await c.callTool({ name: 'whoami', arguments: {} })).structuredContent).toMatchObject({ subject: tenant.user.sub });
    } finally {
      await c.close();
    }
  });
});
