// Each face words its own fixes: inside VS Code they name settings and commands (and VS Code's network settings
// for TLS and proxies), never CLI variables or flags; the Connect row names missing scopes with the fix that fits
// where the credentials came from; Management API calls go through the global fetch as it is when they are made
// (inside VS Code: the one the extension host patches with the user's proxy and certificates).

import { afterEach, describe, expect, it } from 'vitest';
import { createManagementSession } from '../../src/core/auth0';
import { toUserError, type ErrorContext } from '../../src/core/auth0/errors';
import { buildChecklist } from '../../src/core/checklist/checklist';

const sdkError = (statusCode: number | undefined, body?: unknown, message = 'x', cause?: unknown) =>
  Object.assign(new Error(message), { statusCode, body, cause });
const tokenError = (status: number, description: string) =>
  sdkError(status, { error: 'access_denied', error_description: description }, 'ManagementClient: token request failed');
const tls = sdkError(undefined, undefined, 'fetch failed', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });

const failures: Array<[string, unknown, Partial<ErrorContext>]> = [
  ['bad secret', tokenError(401, 'Unauthorized'), {}],
  ['custom domain', tokenError(403, 'Service not enabled within domain: https://login.example.com/api/v2/'), { tenantDomainUnset: true }],
  ['no tenant', tokenError(404, 'Not found'), {}],
  ['expired token', sdkError(401, { message: 'Expired token' }), { credentials: 'token' }],
  ['rejected token', sdkError(401, { message: 'Invalid token' }), {}],
  ['unreachable', sdkError(undefined, undefined, 'fetch failed', { code: 'ENOTFOUND' }), {}],
  ['untrusted certificate', tls, {}],
];

describe('fixes worded per face', () => {
  for (const [what, error, extra] of failures) {
    it(`${what}: the editor's fix names no CLI variable or flag; the CLI's does name where to set it`, () => {
      const base: ErrorContext = { host: 'tenant.us.auth0.com', operation: 'reading the tenant settings', credentials: 'client-credentials', ...extra };
      const editor = toUserError(error, { ...base, face: 'editor' });
      expect(editor.fix).not.toMatch(/AUTH0_|NODE_EXTRA_CA_CERTS|--[a-z]/);
      expect(toUserError(error, base).code).toBe(editor.code);
    });
  }

  it('a TLS failure inside VS Code names the VS Code settings to change', () => {
    const fix = toUserError(tls, { host: 'tenant.us.auth0.com', operation: 'x', credentials: 'client-credentials', face: 'editor' }).fix;
    for (const setting of ['http.proxy', 'http.proxyStrictSSL', 'http.systemCertificates']) expect(fix).toContain(setting);
    expect(toUserError(tls, { host: 'tenant.us.auth0.com', operation: 'x', credentials: 'client-credentials' }).fix).toContain('NODE_EXTRA_CA_CERTS');
  });

  it("a missing scope on the product's own application is fixed by a token, on the user's by the dashboard", () => {
    const denied = sdkError(403, { message: 'Insufficient scope, expected any of: read:logs', errorCode: 'insufficient_scope' });
    const ctx: ErrorContext = { host: 'tenant.us.auth0.com', operation: 'reading the logs', credentials: 'client-credentials', face: 'editor' };
    expect(toUserError(denied, { ...ctx, ownApp: true }).fix).toMatch(/paste a Management API token/);
    expect(toUserError(denied, ctx).fix).toMatch(/Machine To Machine Applications/);
    expect(toUserError(denied, { ...ctx, face: 'cli', ownApp: true }).fix).toMatch(/auth0-mcp login --token/);
  });
});

describe('the Connect row', () => {
  const row = (auth0: Parameters<typeof buildChecklist>[0]['auth0']) =>
    buildChecklist({ auth0, server: { running: false }, tunnel: { state: 'closed' } }).find((s) => s.id === 'connect')!;

  it('is a warning naming the missing scopes, with the fix for where the credentials came from', () => {
    const own = row({ connected: true, domain: 't.us.auth0.com', missingScopes: ['read:logs'], ownApp: true });
    expect(own.status).toBe('warning');
    expect(own.summary).toContain('read:logs');
    expect(own.diagnosis?.action).toMatchObject({ command: 'auth0Mcp.addMissingScopes' });
    const brought = row({ connected: true, domain: 't.us.auth0.com', missingScopes: ['read:logs', 'update:client_grants'] });
    expect(brought.status).toBe('warning');
    expect(brought.diagnosis?.problem).toContain('read:logs, update:client_grants');
    expect(brought.diagnosis?.fix).toMatch(/Machine To Machine Applications/);
    expect(row({ connected: true, domain: 't.us.auth0.com', missingScopes: [] }).status).toBe('ok');
  });
});

describe('the Management API through the global fetch', () => {
  const original = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = original;
  });

  it('uses globalThis.fetch as it is at call time, not a copy taken when the session was made', async () => {
    const session = createManagementSession({ domain: 'tenant.us.auth0.com', credentials: { kind: 'token', token: 'a.b.c' }, maxRetries: 0 });
    const seen: string[] = [];
    // What VS Code's extension host does: it replaces the global fetch with one that honours its proxy settings.
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return new Response(JSON.stringify({ friendly_name: 'Patched' }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const settings = await session.call('reading', (c) => c.tenants.settings.get());
    expect(settings.friendly_name).toBe('Patched');
    expect(seen[0]).toMatch(/^https:\/\/tenant\.us\.auth0\.com\/api\/v2\/tenants\/settings/);
  });
});
