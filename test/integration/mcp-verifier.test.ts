// The verifier on its own against the tenant's real JWKS: the verified-token cache never outlives exp or the audience.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, TokenRejectedError } from '../../src/core/mcp';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';

let tenant: OidcTenant;
beforeAll(async () => {
  tenant = await startOidcTenant({ audience: 'https://api.example.com/mcp' });
});
afterAll(async () => {
  await tenant?.close();
});

describe('token verifier', () => {
  it('returns AuthInfo the SDK needs and remembers a verified token', async () => {
    const verifier = createTokenVerifier({ issuer: tenant.issuer, jwksUri: tenant.jwksUri, audience: () => 'https://api.example.com/mcp' });
    const token = await tenant.mint({ client_id: 'rfc9068-client', azp: undefined }, { typ: 'at+jwt' });
    const info = await verifier.verifyAccessToken(token);
    expect(info).toMatchObject({ clientId: 'rfc9068-client', scopes: ['read:profile'], extra: { sub: tenant.user.sub } });
    expect(info.resource?.href).toBe('https://api.example.com/mcp');
    expect(info.expiresAt).toBeGreaterThan(Date.now() / 1000);
    await verifier.verifyAccessToken(token);
    expect(verifier.stats).toMatchObject({ accepted: 2, cacheHits: 1, jwksFetches: 1 });
  });

  it('refuses a cached token once the audience changes', async () => {
    let audience = 'https://api.example.com/mcp';
    const verifier = createTokenVerifier({ issuer: tenant.issuer, jwksUri: tenant.jwksUri, audience: () => audience });
    const token = await tenant.mint({ aud: audience });
    await verifier.verifyAccessToken(token);
    audience = 'https://new-tunnel.example.com/mcp';
    await expect(verifier.verifyAccessToken(token)).rejects.toBeInstanceOf(TokenRejectedError);
  });

  it('refuses a cached token once it expires', async () => {
    const verifier = createTokenVerifier({
      issuer: tenant.issuer,
      jwksUri: tenant.jwksUri,
      audience: () => 'https://api.example.com/mcp',
      clockToleranceSec: 0,
    });
    const token = await tenant.mint({ exp: Math.floor(Date.now() / 1000) + 60 });
    await verifier.verifyAccessToken(token);
    // Move only the clock past exp (the JWKS is already cached): no real wait, so a loaded machine cannot expire it early.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      await expect(verifier.verifyAccessToken(token)).rejects.toMatchObject({ rejection: { code: 'expired' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports an unreachable JWKS as a server error, not a bad token', async () => {
    const verifier = createTokenVerifier({
      issuer: tenant.issuer,
      jwksUri: 'http://127.0.0.1:9/.well-known/jwks.json',
      audience: () => 'https://api.example.com/mcp',
    });
    await expect(verifier.verifyAccessToken(await tenant.mint())).rejects.toMatchObject({ errorCode: 'server_error' });
  });
});
