// Every bad token ChatGPT, a misconfigured tenant or an attacker could present gets 401 with the challenge that
// sends a client to the metadata, the reason lands in the log, and the token itself never does.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpServer, type McpLogger, type RunningMcpServer } from '../../src/core/mcp';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { post, rpc } from '../support/mcp-http';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });

let jose: Jose;
let tenant: OidcTenant;
let mcp: RunningMcpServer;
const logLines: string[] = [];
const logger: McpLogger = {
  debug: (m) => logLines.push(m),
  info: (m) => logLines.push(m),
  warn: (m) => logLines.push(m),
  error: (m) => logLines.push(m),
};

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  jose = await import('jose');
  tenant = await startOidcTenant();
  mcp = await startMcpServer({
    auth0Domain: 'unused.example.com',
    resourceUrl: 'http://127.0.0.1',
    port: 0,
    authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
    logger,
  });
  mcp.setPublicUrl(`http://127.0.0.1:${mcp.port}`);
  tenant.audience = mcp.resourceUrl;
});

afterAll(async () => {
  await mcp?.close();
  await tenant?.close();
});

const callWith = (authorization: string | undefined) =>
  post(mcp.url, rpc('tools/call', { name: 'whoami', arguments: {} }), authorization === undefined ? {} : { authorization });

/** name → how to make the token; each must be refused. */
const badTokens: Array<[string, () => Promise<string>, RegExp?]> = [
  ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: tenant.issuer, aud: mcp.resourceUrl, sub: 'x', exp: now() + 600 })}.`, /RS256/],
  [
    'HS256 signed with the public key',
    async () =>
      new jose.SignJWT({ sub: 'attacker', scope: 'read:profile' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: tenant.kid })
        .setIssuer(tenant.issuer)
        .setAudience(mcp.resourceUrl)
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(tenant.publicKeyPem)),
    /RS256/,
  ],
  [
    'RS384 instead of RS256',
    async () => {
      const { privateKey } = await jose.generateKeyPair('RS384');
      return new jose.SignJWT({ sub: 'x' })
        .setProtectedHeader({ alg: 'RS384', kid: tenant.kid })
        .setIssuer(tenant.issuer)
        .setAudience(mcp.resourceUrl)
        .setExpirationTime('10m')
        .sign(privateKey);
    },
    /RS256/,
  ],
  ['wrong issuer', () => tenant.mint({ iss: 'https://evil.example.com/' }), /another authorization server/],
  ['issuer without its trailing slash', () => tenant.mint({ iss: tenant.issuer.replace(/\/$/, '') }), /another authorization server/],
  ['wrong audience', () => tenant.mint({ aud: 'https://other-api.example.com' }), /not issued for this resource/],
  ['audience with a trailing slash added', () => tenant.mint({ aud: `${mcp.resourceUrl}/` }), /not issued for this resource/],
  ['audience array without this resource', () => tenant.mint({ aud: ['https://other-api.example.com', `${tenant.issuer}userinfo`] })],
  ['expired (beyond the clock tolerance)', () => tenant.mint({ iat: now() - 7200, exp: now() - 120 }), /expired/],
  ['not yet valid', () => tenant.mint({ nbf: now() + 600 }), /not yet valid/],
  ['unknown kid', () => tenant.mint({}, { key: 'other', kid: 'kid-nobody-knows' }), /unknown key/],
  [
    'tampered payload',
    async () => {
      const [h, , s] = (await tenant.mint()).split('.');
      return `${h}.${b64({ iss: tenant.issuer, aud: mcp.resourceUrl, sub: 'auth0|admin', exp: now() + 600 })}.${s}`;
    },
    /signature/,
  ],
  [
    'tampered signature',
    async () => {
      const token = await tenant.mint();
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      return `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    },
    /signature/,
  ],
  ['opaque (not a JWT)', async () => 'Xq2c9VJ1aZp0opaqueAccessTokenLikeAuth0sWithoutAudience', /opaque/],
  [
    'JWE-shaped (Auth0 without an audience)',
    async () => `${b64({ alg: 'dir', enc: 'A256GCM', iss: tenant.issuer })}..${b64('iv-bytes')}.${b64('ciphertext')}.${b64('tag-bytes-123456')}`,
    /Default Audience/,
  ],
  ['no exp', () => tenant.mint({}, { omit: ['exp'] }), /expiry/],
  ['another key under the tenant kid', () => tenant.mint({}, { key: 'other', kid: tenant.kid }), /signature/],
  ['malformed base64', async () => `${b64({ alg: 'RS256', typ: 'JWT' })}.eyJ!!not*base64.c2ln`, /malformed/],
  ['oversized header', () => tenant.mint({}, { header: { x5c: ['A'.repeat(6000)] } }), /header is too large/],
  ['unaccepted typ', () => tenant.mint({}, { typ: 'dpop+jwt' }), /type is not accepted/],
  ['issued an hour in the future', () => tenant.mint({ iat: now() + 3600, exp: now() + 7200 }), /issued in the future/],
  ['issued longer ago than any Auth0 token lifetime', () => tenant.mint({ iat: now() - 40 * 86400 }), /older than any Auth0 token lifetime/],
];

describe('bad tokens are refused with 401 and the challenge', () => {
  it.each(badTokens)('%s', async (_name, make, description) => {
    const token = await make();
    logLines.length = 0;
    const response = await callWith(`Bearer ${token}`);
    expect(response.status).toBe(401);
    const challenge = String(response.headers['www-authenticate']);
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain(`resource_metadata="${new URL(mcp.url).origin}/.well-known/oauth-protected-resource"`);
    if (description) expect(challenge).toMatch(description);
    expect(logLines.some((l) => l.startsWith('Rejected access token:'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(token);
  });

  it('refuses a header with more than one credential, however valid the first one is', async () => {
    const token = await tenant.mint();
    for (const junk of [`Bearer ${token} junk`, `Bearer ${token} ${token}`, `Bearer ${token}\tjunk`]) {
      logLines.length = 0;
      const response = await callWith(junk);
      expect(response.status).toBe(401);
      const challenge = String(response.headers['www-authenticate']);
      expect(challenge).toContain('error="invalid_token"');
      expect(challenge).toContain('resource_metadata=');
      expect(challenge).toMatch(/malformed/);
      expect(logLines.join('\n')).not.toContain(token);
    }
    expect(mcp.stats.lastRejection?.code).toBe('malformed');
    expect((await callWith(`Bearer ${token}`)).status).toBe(200);
  });

  it('escapes control, line-separator and bidi characters from token claims in the log', async () => {
    const hostile = 'https://evil.example.com/\r\nRejected nothing\u2028forged line\u202eeulav\u2066x\u2069\u0085';
    logLines.length = 0;
    expect((await callWith(`Bearer ${await tenant.mint({ iss: hostile })}`)).status).toBe(401);
    const line = logLines.find((l) => l.startsWith('Rejected access token:'))!;
    expect(line).toContain('evil.example.com');
    expect(line).not.toMatch(/[\r\n\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(line).toContain('\\u2028forged line\\u202eeulav');
  });

  it.each([
    ['empty bearer value', 'Bearer '],
    ['Basic instead of Bearer', 'Basic dXNlcjpwYXNz'],
  ])('%s', async (_name, authorization) => {
    const response = await callWith(authorization);
    expect(response.status).toBe(401);
    expect(String(response.headers['www-authenticate'])).toMatch(/^Bearer .*resource_metadata="[^"]+"/);
  });

  it('names the cause and the fix for an opaque token in stats and the log', async () => {
    await callWith(`Bearer ${b64('h')}..${b64('iv')}.${b64('ct')}.${b64('tag')}`);
    expect(mcp.stats.lastRejection?.code).toBe('encrypted');
    expect(mcp.stats.lastRejection?.diagnosis?.fix).toMatch(/Default Audience.*Compatibility Profile/);
  });
});

describe('good tokens in both Auth0 profiles are accepted', () => {
  it.each<[string, () => Promise<string>]>([
    ['Auth0 profile (typ JWT)', () => tenant.mint()],
    ['RFC 9068 profile (typ at+jwt)', () => tenant.mint({ client_id: 'test-client-id' }, { typ: 'at+jwt' })],
    ['aud array with this resource and userinfo', () => tenant.mint({ aud: [mcp.resourceUrl, `${tenant.issuer}userinfo`] })],
    ['expired a few seconds ago (clock skew)', () => tenant.mint({ exp: now() - 5 })],
  ])('%s', async (_name, make) => {
    const response = await callWith(`Bearer ${await make()}`);
    expect(response.status).toBe(200);
    expect(response.json<{ result: { structuredContent: { subject: string } } }>().result.structuredContent.subject).toBe(tenant.user.sub);
  });

  it('serves a tool for a token whose exp is far beyond any real lifetime', async () => {
    for (const exp of [now() + 100 * 365 * 86400, 1e13, Number.MAX_SAFE_INTEGER]) {
      const response = await callWith(`Bearer ${await tenant.mint({ exp })}`);
      expect(response.status).toBe(200);
      const result = response.json<{ result: { isError?: boolean; structuredContent: { subject: string; expiresAt: string | null } } }>().result;
      expect(result.isError).toBeUndefined();
      expect(result.structuredContent.subject).toBe(tenant.user.sub);
    }
  });

  it('maps permissions (RBAC) and scope into whoami scopes', async () => {
    const response = await callWith(`Bearer ${await tenant.mint({ scope: 'openid read:profile', permissions: ['write:notes'] })}`);
    const content = response.json<{ result: { structuredContent: { scopes: string[]; clientId: string } } }>().result.structuredContent;
    expect(content.scopes.sort()).toEqual(['openid', 'read:profile', 'write:notes']);
    expect(content.clientId).toBe('test-client-id');
  });

  it('fetched the JWKS once for all of the above', () => {
    expect(mcp.stats.jwksFetches).toBe(1);
  });
});

describe('scopes and key rotation', () => {
  it('answers 403 insufficient_scope with the required scope in the challenge', async () => {
    const strict = await startMcpServer({
      auth0Domain: 'unused.example.com',
      resourceUrl: mcp.resourceUrl,
      port: 0,
      authMode: 'required',
      requiredScopes: ['write:things'],
      authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
    });
    try {
      const response = await post(strict.url, rpc('tools/list'), { authorization: `Bearer ${await tenant.mint()}` });
      expect(response.status).toBe(403);
      const challenge = String(response.headers['www-authenticate']);
      expect(challenge).toContain('error="insufficient_scope"');
      expect(challenge).toContain('scope="write:things"');
      expect(challenge).toContain('resource_metadata=');
      const ok = await post(strict.url, rpc('tools/list'), { authorization: `Bearer ${await tenant.mint({ scope: 'write:things' })}` });
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('refetches the JWKS for a new key, but unknown kids cannot make it refetch within the cooldown', async () => {
    const rotating = await startMcpServer({
      auth0Domain: 'unused.example.com',
      resourceUrl: mcp.resourceUrl,
      port: 0,
      jwksCooldownMs: 300,
      authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
    });
    try {
      const auth = async (token: Promise<string>) => post(rotating.url, rpc('tools/list'), { authorization: `Bearer ${await token}` });
      expect((await auth(tenant.mint())).status).toBe(200);
      for (let i = 0; i < 5; i++) expect((await auth(tenant.mint({}, { key: 'other', kid: `bogus-${i}` }))).status).toBe(401);
      expect(rotating.stats.jwksFetches).toBe(1);
      await new Promise((r) => setTimeout(r, 350));
      const newKid = await tenant.addSigningKey();
      expect((await auth(tenant.mint({}, { key: newKid }))).status).toBe(200);
      expect((await auth(tenant.mint({}, { key: newKid }))).status).toBe(200);
      expect(rotating.stats.jwksFetches).toBe(2);
    } finally {
      await rotating.close();
    }
  });

  it('a token whose key was revoked stops working as soon as the key set is reloaded, though it was cached', async () => {
    const rotating = await startMcpServer({
      auth0Domain: 'unused.example.com',
      resourceUrl: mcp.resourceUrl,
      port: 0,
      jwksCooldownMs: 200,
      tokenCacheTtlMs: 600_000,
      authorizationServer: { issuer: tenant.issuer, jwksUri: tenant.jwksUri },
    });
    try {
      const auth = (token: string) => post(rotating.url, rpc('tools/list'), { authorization: `Bearer ${token}` });
      const doomedKid = await tenant.addSigningKey();
      const doomed = await tenant.mint({}, { key: doomedKid });
      const survivor = await tenant.mint();
      expect((await auth(doomed)).status).toBe(200);
      expect((await auth(survivor)).status).toBe(200);

      tenant.revokeSigningKey(doomedKid);
      const successorKid = await tenant.addSigningKey();
      await new Promise((r) => setTimeout(r, 250));
      // The successor's kid is unknown: the server reloads the key set, which no longer holds the revoked key.
      expect((await auth(await tenant.mint({}, { key: successorKid }))).status).toBe(200);
      const refused = await auth(doomed);
      expect(refused.status).toBe(401);
      expect(String(refused.headers['www-authenticate'])).toMatch(/error="invalid_token".*unknown key.*resource_metadata=/);
      expect((await auth(survivor)).status).toBe(200);
    } finally {
      await rotating.close();
    }
  });

  it('while the JWKS endpoint fails, unknown kids get 401 and do not each trigger a fetch; a valid token keeps working', async () => {
    const outage = await startOidcTenant({ audience: mcp.resourceUrl });
    const guarded = await startMcpServer({
      auth0Domain: 'unused.example.com',
      resourceUrl: mcp.resourceUrl,
      port: 0,
      jwksCooldownMs: 200,
      authorizationServer: { issuer: outage.issuer, jwksUri: outage.jwksUri },
    });
    try {
      const auth = (token: string) => post(guarded.url, rpc('tools/list'), { authorization: `Bearer ${token}` });
      const valid = await outage.mint();
      expect((await auth(valid)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 250)); // past jose's cooldown: an unknown kid may refetch
      outage.jwksOutageStatus = 503;
      for (let i = 0; i < 6; i++) {
        const response = await auth(await outage.mint({}, { key: 'other', kid: `unknown-during-outage-${i}` }));
        expect(response.status).toBe(401);
        expect(String(response.headers['www-authenticate'])).toMatch(/error="invalid_token".*unknown key.*resource_metadata=/);
      }
      expect(outage.jwksFailedRequests).toBeLessThanOrEqual(1);
      expect((await auth(valid)).status).toBe(200);
      expect((await auth(await outage.mint({ sub: 'auth0|another-user' }))).status).toBe(200);
    } finally {
      await guarded.close();
      await outage.close();
    }
  });
});
