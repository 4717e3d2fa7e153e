import { describe, expect, it } from 'vitest';
import { readAuth0Settings, requireCredentials } from '../../src/core/auth0';

describe('readAuth0Settings', () => {
  it('takes each value from the first source that has it', () => {
    const s = readAuth0Settings([
      { AUTH0_DOMAIN: 'flag.auth0.com' },
      { AUTH0_DOMAIN: 'env.auth0.com', AUTH0_RESOURCE_SERVER_URL: 'https://env.example.com' },
      { AUTH0_RESOURCE_SERVER_URL: 'https://file.example.com' },
    ]);
    expect(s.domain).toBe('flag.auth0.com');
    expect(s.resourceUrl).toBe('https://env.example.com');
  });

  it('reads the canonical tenant domain for a custom sign-in domain (AUTH0_TENANT_DOMAIN)', () => {
    const s = readAuth0Settings([{ AUTH0_DOMAIN: 'login.example.com' }, { AUTH0_TENANT_DOMAIN: 'my-tenant.us.auth0.com' }]);
    expect(s).toMatchObject({ domain: 'login.example.com', tenantDomain: 'my-tenant.us.auth0.com' });
  });

  it('takes credentials as a group, so a flag token is not mixed with a .env secret', () => {
    const s = readAuth0Settings([{ AUTH0_API_TOKEN: 'tok' }, {}, { AUTH0_CLIENT_ID: 'id', AUTH0_CLIENT_SECRET: 'secret' }]);
    expect(s.credentials).toEqual({ kind: 'token', token: 'tok' });
    expect(readAuth0Settings([{ AUTH0_CLIENT_ID: 'id', AUTH0_CLIENT_SECRET: 'secret', AUTH0_API_TOKEN: 'tok' }]).credentials?.kind).toBe('client-credentials');
  });

  it('explains incomplete or missing credentials without echoing values', () => {
    expect(() => readAuth0Settings([{ AUTH0_CLIENT_SECRET: 's3cret' }])).toThrow(/AUTH0_CLIENT_ID is not/);
    expect(() => requireCredentials(readAuth0Settings([{}]))).toThrow(/No Auth0 Management API credentials/);
  });

  it('treats empty values as unset', () => {
    expect(readAuth0Settings([{ AUTH0_DOMAIN: ' ' }, { AUTH0_DOMAIN: 'b.auth0.com' }]).domain).toBe('b.auth0.com');
  });
});
