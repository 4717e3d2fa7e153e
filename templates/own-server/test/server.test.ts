// `npm test`: the server against tokens signed here, with a JWKS served here (no network, no Auth0 needed).

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type JWTPayload } from 'jose';
import { createApp } from '../src/app.js';

const resource = 'https://my-app.example.com';
let issuer: string;
let mcpUrl: string;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  keys = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const tenant = await listen(createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] }))));
  issuer = `${tenant}/`;
  const app = createApp({ port: 0, host: '127.0.0.1', issuer, jwksUri: `${tenant}/.well-known/jwks.json`, resource });
  mcpUrl = `${await listen(createServer(app))}/mcp`;
});
after(() => servers.forEach((server) => server.close()));

/** An access token as Auth0 issues it for this API; `claims` and `options` make it wrong in one way. */
function token(claims: JWTPayload = {}, options: { key?: CryptoKey | Uint8Array; alg?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: issuer, aud: resource, sub: 'auth0|alice', azp: 'chatgpt', scope: 'notes:write', iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: 'key-1' })
    .sign(options.key ?? keys.privateKey);
}

async function rpc(method: string, params: object = {}, auth: { token?: string; query?: string } = {}) {
  const response = await fetch(mcpUrl + (auth.query ?? ''), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = response.status === 200 ? await response.json() : undefined;
  return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '', result: body?.result };
}

const call = (name: string, args: object, auth: { token?: string } = {}) => rpc('tools/call', { name, arguments: args }, auth);
const toolChallenge = (result: { _meta?: Record<string, string[]> }) => result._meta?.['mcp/www_authenticate']?.[0] ?? '';
const metadataUrl = 'https://my-app.example.com/.well-known/oauth-protected-resource/mcp';

describe('protected resource metadata', () => {
  it('names this resource and the tenant, at the MCP path and at the root', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
      const metadata = await (await fetch(new URL(path, mcpUrl))).json();
      assert.deepEqual(metadata, { resource, authorization_servers: [issuer], scopes_supported: ['notes:write'], bearer_methods_supported: ['header'] });
    }
  });
});

describe('signed out', () => {
  it('lists the tools, each declaring its auth at the top level', async () => {
    const { result } = await rpc('tools/list');
    const schemes = Object.fromEntries(result.tools.map((t: { name: string; securitySchemes: unknown }) => [t.name, t.securitySchemes]));
    assert.deepEqual(schemes, {
      hello: [{ type: 'noauth' }],
      whoami: [{ type: 'oauth2' }],
      add_note: [{ type: 'oauth2', scopes: ['notes:write'] }],
    });
  });

  it('runs the public tool', async () => {
    const { result } = await call('hello', {});
    assert.equal(result.content[0].text, 'Hello, stranger!');
  });

  it('answers the other tools with the sign-in challenge, naming the scope', async () => {
    const whoami = (await call('whoami', {})).result;
    assert.equal(whoami.isError, true);
    assert.match(toolChallenge(whoami), new RegExp(`^Bearer resource_metadata="${metadataUrl}", error="insufficient_scope", error_description=`));
    const addNote = (await call('add_note', { text: 'hi' })).result;
    assert.match(toolChallenge(addNote), /scope="notes:write"/);
  });
});

describe('signed in', () => {
  it('whoami shows the user on the widget', async () => {
    const { result } = await call('whoami', {}, { token: await token() });
    assert.deepEqual(result.structuredContent, { user: 'auth0|alice', scopes: ['notes:write'], notes: [] });
    const { tools } = (await rpc('tools/list')).result;
    assert.equal(tools.find((t: { name: string }) => t.name === 'whoami')._meta.ui.resourceUri, 'ui://widget/profile.html');
    const widget = (await rpc('resources/read', { uri: 'ui://widget/profile.html' })).result.contents[0];
    assert.equal(widget.mimeType, 'text/html;profile=mcp-app');
  });

  it('add_note runs with notes:write, and asks for it without', async () => {
    assert.equal((await call('add_note', { text: 'buy milk' }, { token: await token() })).result.content[0].text, 'Added. You have 1 note(s).');
    const refused = (await call('add_note', { text: 'x' }, { token: await token({ scope: 'openid' }) })).result;
    assert.equal(refused.isError, true);
    assert.match(toolChallenge(refused), /scope="notes:write"/);
  });
});

describe('bad tokens get 401 with the challenge, even for a public tool', () => {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = (payload: object) =>
    `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
  const cases: Record<string, () => Promise<string>> = {
    'not a JWT': async () => 'not-a-token',
    'signed with another key under the same kid': async () => token({}, { key: (await generateKeyPair('RS256')).privateKey }),
    'alg none': async () => unsigned({ iss: issuer, aud: resource, sub: 'auth0|alice', exp: now + 300 }),
    'HS256 keyed with the public key': async () => token({}, { alg: 'HS256', key: new TextEncoder().encode(await exportSPKI(keys.publicKey)) }),
    'for another API': () => token({ aud: 'https://another-api.example.com' }),
    'from another issuer': () => token({ iss: 'https://evil.example.com/' }),
    expired: () => token({ iat: now - 600, exp: now - 300 }),
    'without exp': () => token({ exp: undefined }),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(name, async () => {
      const { status, challenge } = await call('hello', {}, { token: await make() });
      assert.equal(status, 401);
      assert.match(challenge, new RegExp(`^Bearer error="invalid_token", .*resource_metadata="${metadataUrl}"`));
    });
  }

  it('a token in the URL, even a valid one', async () => {
    const { status, challenge } = await rpc('tools/list', {}, { query: `?access_token=${await token()}` });
    assert.equal(status, 401);
    assert.match(challenge, /error="invalid_request"/);
  });
});

describe('requests', () => {
  it('for another host are refused (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve) => {
      request(mcpUrl, { method: 'POST', headers: { host: 'evil.example.com' } }, (res) => resolve(res.statusCode)).end('{}');
    });
    assert.equal(status, 403);
  });
});
