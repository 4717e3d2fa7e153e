import { describe, expect, it } from 'vitest';
import { parseAuth0Domain } from '../../src/core/config/domain';
import { UserError } from '../../src/core/plan/types';

describe('parseAuth0Domain', () => {
  it.each([
    ['tenant.us.auth0.com', 'tenant.us.auth0.com'],
    ['https://tenant.us.auth0.com/', 'tenant.us.auth0.com'],
    ['https://tenant.us.auth0.com', 'tenant.us.auth0.com'],
    ['  Tenant.US.Auth0.com  ', 'tenant.us.auth0.com'],
    ['tenant.us.auth0.com/', 'tenant.us.auth0.com'],
    ['tenant.auth0.com.', 'tenant.auth0.com'],
    ['login.example.com', 'login.example.com'],
    ['127.0.0.1:4010', '127.0.0.1:4010'],
    ['localhost:8443', 'localhost:8443'],
    ['[::1]:4010', '[::1]:4010'],
    ['"tenant.us.auth0.com"', 'tenant.us.auth0.com'],
    ["'https://tenant.us.auth0.com/'", 'tenant.us.auth0.com'],
    ['https://tenant.eu.auth0.com:443/', 'tenant.eu.auth0.com'],
  ])('accepts %j as %s', (input, host) => {
    const domain = parseAuth0Domain(input);
    expect(domain.host).toBe(host);
    expect(domain.issuer).toBe(`https://${host}/`);
    expect(domain.managementBaseUrl).toBe(`https://${host}/api/v2`);
    expect(domain.managementAudience).toBe(`https://${host}/api/v2/`);
  });

  it.each([
    ['', /No Auth0 domain/],
    [undefined, /No Auth0 domain/],
    ['http://tenant.auth0.com', /uses http/],
    ['ftp://tenant.auth0.com', /uses ftp/],
    ['https://tenant.auth0.com/api/v2/', /more than a domain/],
    ['tenant.auth0.com?x=1', /more than a domain/],
    ['https://user:pw@tenant.auth0.com', /more than a domain/],
    ['tenant', /not a full domain/],
    ['auth0.com', /Auth0's own site/],
    ['my tenant.auth0.com', /not a valid Auth0 domain/],
    ['tenant$.auth0.com', /not a valid Auth0 domain/],
    ['manage.auth0.com', /Auth0's own site/],
  ])('rejects %j with a message and an example', (input, message) => {
    let error: unknown;
    try {
      parseAuth0Domain(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(message);
    expect((error as UserError).fix).toContain('my-tenant.us.auth0.com');
  });

  it('never echoes credentials pasted into the domain', () => {
    expect(() => parseAuth0Domain('https://user:hunter2@tenant.auth0.com')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') as unknown }),
    );
  });
});
