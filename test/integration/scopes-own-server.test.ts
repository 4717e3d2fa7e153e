// Reading an own server's tools/list over Streamable HTTP (signed out and with a token, stateless and stateful,
// JSON and SSE), the clear errors when it cannot be read, and the tool-level challenges of mixed auth.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UserError } from '../../src/core/plan/types';
import { challengeFromResponse, readToolScopes, readToolsList, requiredScopes, serverScopes, toolChallenge } from '../../src/core/scopes';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { startOwnMcpServer, type OwnMcpServer, type OwnMcpServerOptions } from '../support/own-mcp-server';

let tenant: OidcTenant;
const servers: OwnMcpServer[] = [];
const others: Server[] = [];

beforeAll(async () => {
  tenant = await startOidcTenant({ apiScopes: ['notes:read', 'notes:write'] });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(others.map((s) => new Promise((resolve) => s.close(resolve))));
  await tenant?.close();
});

async function own(options: OwnMcpServerOptions = {}): Promise<OwnMcpServer> {
  const server = await startOwnMcpServer({ issuer: tenant.issuer, jwksUri: tenant.jwksUri, ...options });
  servers.push(server);
  return server;
}

const tokenFor = (server: OwnMcpServer, scope: string) => tenant.mint({ aud: server.resource, scope });

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** A local server that is not MCP: answers every request with the given status, type and body. */
async function notMcp(status: number, type: string, body: string): Promise<string> {
  const server = createServer((_req, res) => res.writeHead(status, { 'content-type': type }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  others.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

describe('readToolsList', () => {
  it.each([
    ['stateless, JSON answers', { mode: 'stateless', jsonResponse: true }],
    ['stateless, SSE answers', { mode: 'stateless', jsonResponse: false }],
    ['stateful, JSON answers', { mode: 'stateful', jsonResponse: true }],
    ['stateful, SSE answers', { mode: 'stateful', jsonResponse: false }],
  ] as const)('reads a %s server signed out, keeping top-level securitySchemes', async (_label, options) => {
    const server = await own(options);
    const read = await readToolsList(server.url);
    expect(read.signedIn).toBe(false);
    expect(read.serverInfo?.name).toBe('own-mcp-standin');
    expect(read.tools.map((t) => [t.name, t.securitySchemes])).toEqual(Object.entries(server.declared));
    const needs = requiredScopes(readToolScopes(read).tools);
    expect(needs).toEqual([
      { scope: 'notes:read', tools: ['list_notes', 'edit_note', 'recommendations'], byHand: false },
      { scope: 'notes:write', tools: ['edit_note'], byHand: false },
    ]);
  });

  it('reads with a bearer token, when every request needs one', async () => {
    const server = await own({ auth: 'required' });
    const read = await readToolsList(server.url, { token: await tokenFor(server, 'notes:read') });
    expect(read.signedIn).toBe(true);
    expect(
      readToolScopes(read)
        .tools.filter((t) => t.public)
        .map((t) => t.name),
    ).toEqual(['search_catalog', 'recommendations']);
  });

  it('reads scopes a server declares only in _meta', async () => {
    const server = await own({ declareIn: '_meta' });
    const read = await readToolsList(server.url);
    expect(read.tools[0]).not.toHaveProperty('securitySchemes');
    expect(readToolScopes(read).tools.find((t) => t.name === 'edit_note')?.scopes).toEqual(['notes:read', 'notes:write']);
  });

  it('says a token is needed, and where verification gets one, when the server answers 401 signed out', async () => {
    const server = await own({ auth: 'required' });
    const error = await rejection(readToolsList(server.url));
    expect(error.code).toBe('tools_list_needs_token');
    expect(error.message).toContain(server.resourceMetadataUrl);
    expect(error.fix).toMatch(/Verify like ChatGPT/);
  });

  it('says the token was refused, with the server’s reason, for a token of another API', async () => {
    const server = await own({ auth: 'required' });
    const error = await rejection(readToolsList(server.url, { token: await tenant.mint({ aud: 'https://other.example.com' }) }));
    expect(error.code).toBe('tools_list_token_refused');
    expect(error.message).toMatch(/401: .*aud/);
  });

  it('says the server cannot be reached on a closed port', async () => {
    const url = await notMcp(200, 'application/json', '{}');
    const closed = others.pop()!;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejection(readToolsList(url));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it.each([
    ['an HTML page', 200, 'text/html', '<!doctype html><title>Hi</title>', /it answered text\/html, not MCP's JSON or event stream/],
    ['JSON that is not JSON-RPC', 200, 'application/json', '{"hello":"world"}', /not MCP \(JSON, but not JSON-RPC\)/],
    ['a 404', 404, 'text/plain', 'Not found', /answered HTTP 404/],
  ])('says the URL is not an MCP endpoint when it answers %s', async (_label, status, type, body, message) => {
    const error = await rejection(readToolsList(await notMcp(status, type, body)));
    expect(error.code).toBe('not_mcp');
    expect(error.message).toMatch(message);
  });

  it('refuses a URL that is not http(s)', async () => {
    expect((await rejection(readToolsList('ftp://example.com/mcp'))).code).toBe('url_invalid');
  });
});

describe('mixed auth on the own server stand-in', () => {
  async function client(server: OwnMcpServer, token?: string): Promise<Client> {
    const c = new Client({ name: 'test', version: '1' });
    await c.connect(new StreamableHTTPClientTransport(new URL(server.url), token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {}));
    return c;
  }

  it('signed out: the noauth tool answers, an oauth2 tool answers with a challenge naming the metadata and the scope', async () => {
    const server = await own();
    const c = await client(server);
    try {
      const open = await c.callTool({ name: 'search_catalog', arguments: {} });
      expect(open.isError).toBeFalsy();
      expect(toolChallenge(open)).toBeUndefined();
      const both = await c.callTool({ name: 'recommendations', arguments: {} });
      expect(both.isError).toBeFalsy();
      const challenge = toolChallenge(await c.callTool({ name: 'list_notes', arguments: {} }));
      expect(challenge).toMatchObject({ resourceMetadataUrl: server.resourceMetadataUrl, error: 'insufficient_scope', scopes: ['notes:read'] });
    } finally {
      await c.close();
    }
  });

  it('signed in without the write scope: the write tool’s challenge names only the missing scope', async () => {
    const server = await own({ mode: 'stateful' });
    const c = await client(server, await tokenFor(server, 'notes:read'));
    try {
      const read = await c.callTool({ name: 'list_notes', arguments: {} });
      expect(read.isError).toBeFalsy();
      const challenge = toolChallenge(await c.callTool({ name: 'edit_note', arguments: {} }));
      expect(challenge).toMatchObject({ error: 'insufficient_scope', scopes: ['notes:write'], errorDescription: 'edit_note needs the scope notes:write' });
      expect(server.calls).toEqual([
        { tool: 'list_notes', signedIn: true },
        { tool: 'edit_note', signedIn: true },
      ]);
    } finally {
      await c.close();
    }
  });

  it('signed in with both scopes: every tool answers', async () => {
    const server = await own();
    const c = await client(server, await tokenFor(server, 'notes:read notes:write'));
    try {
      for (const name of Object.keys(server.declared)) {
        const result = await c.callTool({ name, arguments: {} });
        expect([name, result.isError ?? false, toolChallenge(result)]).toEqual([name, false, undefined]);
      }
    } finally {
      await c.close();
    }
  });

  it('a server that does not name the scope in its challenge still names the metadata', async () => {
    const server = await own({ challengeNamesScope: false });
    const c = await client(server);
    try {
      expect(toolChallenge(await c.callTool({ name: 'edit_note', arguments: {} }))).toMatchObject({
        resourceMetadataUrl: server.resourceMetadataUrl,
        scopes: [],
      });
    } finally {
      await c.close();
    }
  });

  it('when every request needs a token, the HTTP 401 challenge names the metadata and the scopes', async () => {
    const server = await own({ auth: 'required' });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(challengeFromResponse(response)).toMatchObject({ resourceMetadataUrl: server.resourceMetadataUrl, scopes: ['notes:read', 'notes:write'] });
    await response.body?.cancel();
  });
});

describe('where the Scopes step gets its scopes (serverScopes)', () => {
  it('reads a mixed-auth server signed out; a server needing a token for tools/list with the verification token, else says why', async () => {
    const mixed = await own();
    expect((await serverScopes({ kind: 'url', mcpUrl: mixed.url }, ['extra:one'])).needs.map((n) => n.scope)).toEqual([
      'notes:read',
      'notes:write',
      'extra:one',
    ]);

    const required = await own({ auth: 'required' });
    const withoutToken = await serverScopes({ kind: 'url', mcpUrl: required.url }, ['extra:one']);
    expect(withoutToken.unread?.code).toBe('tools_list_needs_token');
    expect(withoutToken.needs.map((n) => n.scope)).toEqual(['extra:one']);

    const withToken = await serverScopes({ kind: 'url', mcpUrl: required.url, token: await tokenFor(required, 'notes:read notes:write') });
    expect(withToken.unread).toBeUndefined();
    expect(withToken.needs.map((n) => n.scope)).toEqual(['notes:read', 'notes:write']);
  });

  it('knows the embedded server demo tools without a request', async () => {
    expect((await serverScopes({ kind: 'embedded' })).needs).toEqual([
      { scope: 'profile:read', tools: ['show_profile_card', 'save_greeting'], byHand: false },
      { scope: 'greeting:write', tools: ['save_greeting'], byHand: false },
    ]);
  });
});
