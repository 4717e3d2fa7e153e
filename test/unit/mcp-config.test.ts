import { describe, expect, it } from 'vitest';
import {
  allowedHostsFor,
  defaultAuthorizationServer,
  protectedResourceMetadataUrl,
  resolveServerConfig,
  resourceUrlForNewOrigin,
} from '../../src/core/mcp/config';

describe('MCP server configuration', () => {
  it('derives the Auth0 issuer with its trailing slash and the JWKS URL, keeping a port', () => {
    expect(defaultAuthorizationServer('Tenant.us.auth0.com')).toEqual({
      issuer: 'https://tenant.us.auth0.com/',
      jwksUri: 'https://tenant.us.auth0.com/.well-known/jwks.json',
    });
    expect(defaultAuthorizationServer('https://127.0.0.1:4010').issuer).toBe('https://127.0.0.1:4010/');
  });

  it.each([
    ['https://h.ngrok.app', 'https://h.ngrok.app/.well-known/oauth-protected-resource'],
    ['https://h.ngrok.app/', 'https://h.ngrok.app/.well-known/oauth-protected-resource'],
    ['https://h.ngrok.app/mcp', 'https://h.ngrok.app/.well-known/oauth-protected-resource/mcp'],
    ['http://127.0.0.1:3000/mcp', 'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp'],
  ])('metadata URL for %s is %s (RFC 9728)', (resource, expected) => {
    expect(protectedResourceMetadataUrl(resource)).toBe(expected);
  });

  it('allows loopback, the public host and extras in the Host header', () => {
    expect(allowedHostsFor('https://Calm-Otter.ngrok-free.app/mcp', ['my.example.com'])).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'calm-otter.ngrok-free.app',
      'my.example.com',
    ]);
  });

  it('moves a resource to a new public origin keeping its exact form', () => {
    expect(resourceUrlForNewOrigin('https://a.ngrok.app', 'https://b.ngrok.app/')).toBe('https://b.ngrok.app');
    expect(resourceUrlForNewOrigin('https://a.ngrok.app/', 'https://b.ngrok.app')).toBe('https://b.ngrok.app/');
    expect(resourceUrlForNewOrigin('https://a.ngrok.app/mcp', 'https://b.ngrok.app')).toBe('https://b.ngrok.app/mcp');
  });

  it('keeps the resource byte for byte and defaults to requiring auth', () => {
    const resolved = resolveServerConfig({ auth0Domain: 'tenant.eu.auth0.com', resourceUrl: ' https://h.ngrok.app/ ', port: 3000 });
    expect(resolved).toMatchObject({
      resourceUrl: 'https://h.ngrok.app/',
      issuer: 'https://tenant.eu.auth0.com/',
      requireAuth: true,
      requiredScopes: [],
    });
  });

  it.each([
    [{ resourceUrl: 'http://h.example.com' }, 'url_not_https'],
    [{ resourceUrl: 'not a url' }, 'url_invalid'],
    [{ auth0Domain: 'http://tenant.us.auth0.com' }, 'domain_invalid'],
    [{ port: 70000 }, 'port_invalid'],
  ])('refuses %o with %s', (override, code) => {
    expect(() => resolveServerConfig({ auth0Domain: 'tenant.us.auth0.com', resourceUrl: 'https://h.ngrok.app', port: 0, ...override })).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it('accepts http for a loopback resource (local testing)', () => {
    expect(resolveServerConfig({ auth0Domain: 'tenant.us.auth0.com', resourceUrl: 'http://localhost:3000', port: 0 }).resourceUrl).toBe(
      'http://localhost:3000',
    );
  });
});
