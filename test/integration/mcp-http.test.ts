// What the server answers on the wire: metadata, tool descriptors as ChatGPT reads them, malformed requests, the
// Host allowlist behind a tunnel, and a public URL that changes while the server runs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { post, rpc, send, MCP_HEADERS } from '../support/mcp-http';

const TUNNEL = 'https://calm-otter-42.ngrok-free.app';

let tenant: OidcTenant;
let mcp: RunningMcpServer;
let auth: Record<string, string>;

beforeAll(async () => {
  tenant = await startOidcTenant({ audience: TUNNEL });
  mcp = await startMcpServer({
    auth0Domain: 'unused.example.com',
    resourceUrl: TUNNEL,
    port: 0,
    scopes: ['read:profile'],
    authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
  });
  auth = { authorization: `Bearer ${await tenant.mint()}` };
});

afterAll(async () => {
  await mcp?.close();
  await tenant?.close();
});

const origin = () => new URL(mcp.url).origin;

describe('Protected Resource Metadata', () => {
  it.each(['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'])('serves JSON at %s', async (path) => {
    const response = await send('GET', `${origin()}${path}`, undefined, {});
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      resource: TUNNEL,
      authorization_servers: [tenant.issuer],
      scopes_supported: ['read:profile'],
      resource_name: 'Auth0-protected MCP server',
      bearer_methods_supported: ['header'],
    });
  });

  it('answers unknown paths with JSON 404, not HTML', async () => {
    const response = await send('GET', `${origin()}/nope`, undefined, {});
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/json/);
  });
});

describe('tools/list as ChatGPT reads it', () => {
  it('puts securitySchemes at the top level of every tool and the widget template in _meta', async () => {
    const response = await post(mcp.url, rpc('tools/list'), auth);
    expect(response.status).toBe(200);
    const { tools } = response.json<{ result: { tools: Array<Record<string, unknown> & { _meta?: Record<string, unknown> }> } }>().result;
    expect(tools.length).toBeGreaterThanOrEqual(2);
    expect(Object.fromEntries(tools.map((t) => [t.name, t.securitySchemes]))).toEqual({
      whoami: [{ type: 'noauth' }, { type: 'oauth2', scopes: [] }],
      show_profile_card: [{ type: 'oauth2', scopes: ['profile:read'] }],
      save_greeting: [{ type: 'oauth2', scopes: ['profile:read', 'greeting:write'] }],
    });
    const card = tools.find((t) => t.name === 'show_profile_card')!;
    expect(card._meta).toMatchObject({
      ui: { resourceUri: 'ui://widget/profile-card.html' },
      'openai/outputTemplate': 'ui://widget/profile-card.html',
    });
  });

  it('serves the widget as an MCP Apps resource', async () => {
    const list = await post(mcp.url, rpc('resources/list'), auth);
    expect(list.json<{ result: { resources: unknown[] } }>().result.resources).toContainEqual(
      expect.objectContaining({ uri: 'ui://widget/profile-card.html', mimeType: 'text/html;profile=mcp-app' }),
    );
    const read = await post(mcp.url, rpc('resources/read', { uri: 'ui://widget/profile-card.html' }), auth);
    const [content] = read.json<{ result: { contents: Array<{ text: string; mimeType: string }> } }>().result.contents;
    expect(content?.mimeType).toBe('text/html;profile=mcp-app');
    expect(content?.text).toContain('<html');
  });
});

describe('malformed requests get the right 4xx and the server keeps serving', () => {
  const stillServing = async () => expect((await post(mcp.url, rpc('tools/list'), auth)).status).toBe(200);

  it('bad JSON → 400 with a JSON-RPC parse error', async () => {
    const response = await post(mcp.url, '{"jsonrpc": "2.0", "id": 1, "method": ', auth);
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
    await stillServing();
  });

  it('valid JSON that is not JSON-RPC → 400', async () => {
    const response = await post(mcp.url, '{"hello": "world"}', auth);
    expect(response.status).toBe(400);
    await stillServing();
  });

  it('an empty JSON-RPC batch → 400 Invalid Request (not 202 as if it held notifications)', async () => {
    const response = await post(mcp.url, '[]', auth);
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 }, id: null });
    await stillServing();
  });

  it('a body over the limit → 413', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const response = await post(mcp.url, huge, auth);
    expect(response.status).toBe(413);
    await stillServing();
  });

  it('a wrong content type → 415', async () => {
    const response = await post(mcp.url, rpc('tools/list'), { ...auth, 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    await stillServing();
  });

  it('no Accept header → 406', async () => {
    const response = await send('POST', mcp.url, rpc('tools/list'), { 'content-type': 'application/json', ...auth });
    expect(response.status).toBe(406);
    await stillServing();
  });

  it('GET and DELETE on /mcp → 405 in stateless mode', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await send(method, mcp.url, undefined, { ...MCP_HEADERS, ...auth });
      expect(response.status).toBe(405);
    }
    await stillServing();
  });

  it('an unknown tool → a JSON-RPC error, not a crash', async () => {
    const response = await post(mcp.url, rpc('tools/call', { name: 'rm_rf', arguments: {} }), auth);
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.json())).toMatch(/rm_rf/);
    await stillServing();
  });
});

describe('concurrent requests on the pooled servers', () => {
  it('answers each of many concurrent calls with its own id and its own caller, and lists the same tools every time', async () => {
    const calls = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const token = await tenant.mint({ sub: `auth0|user-${i}` });
        const body = i % 3 === 0 ? rpc('tools/list', {}, 1000 + i) : rpc('tools/call', { name: 'whoami', arguments: {} }, 1000 + i);
        return { i, response: await post(mcp.url, body, { authorization: `Bearer ${token}` }) };
      }),
    );
    for (const { i, response } of calls) {
      expect(response.status).toBe(200);
      const message = response.json<{ id: number; result: { tools?: Array<{ name: string }>; structuredContent?: { subject: string } } }>();
      expect(message.id).toBe(1000 + i);
      if (i % 3 === 0) expect(message.result.tools?.map((t) => t.name).sort()).toEqual(['save_greeting', 'show_profile_card', 'whoami']);
      else expect(message.result.structuredContent?.subject).toBe(`auth0|user-${i}`);
    }
  });
});

describe('Host header allowlist', () => {
  it('accepts the tunnel host and loopback, refuses a random host', async () => {
    const tunnelHost = new URL(TUNNEL).host;
    expect((await post(mcp.url, rpc('tools/list'), { ...auth, host: tunnelHost })).status).toBe(200);
    expect((await post(mcp.url, rpc('tools/list'), { ...auth, host: `localhost:${mcp.port}` })).status).toBe(200);
    const refused = await post(mcp.url, rpc('tools/list'), { ...auth, host: 'evil.example.com' });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: { message: expect.stringMatching(/Invalid Host/) } });
  });
});

describe('the public URL changes while running (tunnel restarted)', () => {
  it('follows a new public origin: metadata, challenge, Host allowlist and token audience', async () => {
    const server = await startMcpServer({
      auth0Domain: 'unused.example.com',
      resourceUrl: `${TUNNEL}/mcp`,
      port: 0,
      authMode: 'required',
      authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
    });
    try {
      const next = 'https://brave-fox-7.ngrok-free.app';
      server.setPublicUrl(next);
      expect(server.resourceUrl).toBe(`${next}/mcp`);
      const prm = await send('GET', `${new URL(server.url).origin}/.well-known/oauth-protected-resource/mcp`, undefined, {});
      expect(prm.json()).toMatchObject({ resource: `${next}/mcp` });

      const unauthenticated = await post(server.url, rpc('tools/list'), { host: 'brave-fox-7.ngrok-free.app' });
      expect(unauthenticated.status).toBe(401);
      expect(String(unauthenticated.headers['www-authenticate'])).toContain(`resource_metadata="${next}/.well-known/oauth-protected-resource/mcp"`);

      const oldToken = { authorization: `Bearer ${await tenant.mint({ aud: `${TUNNEL}/mcp` })}` };
      expect((await post(server.url, rpc('tools/list'), oldToken)).status).toBe(401);
      const newToken = { authorization: `Bearer ${await tenant.mint({ aud: `${next}/mcp` })}` };
      expect((await post(server.url, rpc('tools/list'), { ...newToken, host: 'brave-fox-7.ngrok-free.app' })).status).toBe(200);
      expect((await post(server.url, rpc('tools/list'), { ...newToken, host: 'calm-otter-42.ngrok-free.app' })).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('refuses an http resource URL that is not loopback, and a busy port', async () => {
    await expect(startMcpServer({ auth0Domain: 'tenant.us.auth0.com', resourceUrl: 'http://example.com', port: 0 })).rejects.toMatchObject({
      code: 'url_not_https',
    });
    await expect(startMcpServer({ auth0Domain: 'tenant.us.auth0.com', resourceUrl: TUNNEL, port: mcp.port })).rejects.toMatchObject({ code: 'port_in_use' });
  });
});
