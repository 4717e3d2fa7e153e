// How failures read to the user: what went wrong and what to do, never a secret.

import { describe, expect, it } from 'vitest';
import { toUserError, type ErrorContext } from '../../src/core/auth0/errors';
import { missingScopes, REQUIRED_SCOPES, scopesFromAccessToken, scopesFromInsufficientScopeMessage } from '../../src/core/auth0/scopes';

const ctx: ErrorContext = { host: 'tenant.us.auth0.com', operation: 'creating the API', credentials: 'client-credentials' };
const sdkError = (statusCode: number | undefined, body?: unknown, message = 'x', cause?: unknown) =>
  Object.assign(new Error(message), { statusCode, body, cause });

describe('toUserError', () => {
  it('names the missing scope and lists every scope the product needs', () => {
    const e = toUserError(
      sdkError(403, {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope, expected any of: create:resource_servers',
        errorCode: 'insufficient_scope',
      }),
      ctx,
    );
    expect(e.code).toBe('insufficient_scope');
    expect(e.message).toBe('The Management API credentials lack the scope create:resource_servers (needed for creating the API).');
    for (const scope of REQUIRED_SCOPES) expect(e.fix).toContain(scope);
  });

  it('tells a bad client secret apart from an unauthorized application', () => {
    const bad = toUserError(sdkError(401, { error: 'access_denied', error_description: 'Unauthorized' }, 'ManagementClient: token request failed'), ctx);
    expect(bad.code).toBe('bad_credentials');
    const denied = toUserError(
      sdkError(
        403,
        { error: 'access_denied', error_description: 'Client is not authorized to access "https://tenant.us.auth0.com/api/v2/".' },
        'ManagementClient: token request failed',
      ),
      ctx,
    );
    expect(denied.code).toBe('not_authorized');
    expect(denied.fix).toContain('Machine To Machine Applications');
  });

  it('names the custom-domain fix when the token audience is not the canonical domain', () => {
    const e = toUserError(
      sdkError(
        403,
        { error: 'access_denied', error_description: 'Service not enabled within domain: https://login.example.com/api/v2/' },
        'ManagementClient: token request failed',
      ),
      { ...ctx, host: 'login.example.com', tenantDomainUnset: true },
    );
    expect(e.code).toBe('custom_domain');
    expect(e.message).toContain('Service not enabled within domain');
    expect(e.fix).toContain('AUTH0_TENANT_DOMAIN');
    expect(e.fix).toContain('AUTH0_DOMAIN=login.example.com');
  });

  it('says a pasted token expired', () => {
    expect(toUserError(sdkError(401, { message: 'Expired token' }), { ...ctx, credentials: 'token' }).fix).toContain('API Explorer');
  });

  it('explains network failures by their cause', () => {
    const dns = toUserError(sdkError(undefined, undefined, 'fetch failed', Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' })), ctx);
    expect(dns.message).toBe('Cannot reach Auth0 at tenant.us.auth0.com: the name does not resolve.');
    const tls = toUserError(sdkError(undefined, undefined, 'fetch failed', Object.assign(new Error('cert'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })), ctx);
    expect(tls.fix).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('reports rate limits and server errors as retryable', () => {
    expect(toUserError(sdkError(429, {}), ctx).fix).toContain('re-run');
    expect(toUserError(sdkError(503, { message: 'down' }), ctx).message).toContain('HTTP 503 while creating the API (down)');
  });

  it('passes other 4xx messages through with the operation', () => {
    expect(toUserError(sdkError(400, { statusCode: 400, message: 'Payload validation error' }), ctx).message).toBe(
      'Auth0 refused creating the API (HTTP 400: Payload validation error).',
    );
  });
});

describe('scopes', () => {
  it('reads scopes from a 403 message and from a token', () => {
    expect(scopesFromInsufficientScopeMessage('Insufficient scope, expected any of: read:logs, read:logs_users')).toEqual(['read:logs', 'read:logs_users']);
    const payload = Buffer.from(JSON.stringify({ scope: 'read:clients read:logs' })).toString('base64url');
    expect(scopesFromAccessToken(`e30.${payload}.sig`)).toEqual(['read:clients', 'read:logs']);
    expect(scopesFromAccessToken('opaque')).toBeUndefined();
    expect(missingScopes(REQUIRED_SCOPES.filter((s) => s !== 'read:logs'))).toEqual(['read:logs']);
  });
});
