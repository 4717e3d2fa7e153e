import { describe, expect, it } from 'vitest';
import { describeDestination, readAuth0Settings, requireCredentials, type CredentialSource } from '../../src/core/auth0';

const flags = (values: Record<string, string>): CredentialSource => ({ name: 'flags', values });
const env = (values: Record<string, string>): CredentialSource => ({ name: 'the environment', values, overrides: true });
const dotenv = (values: Record<string, string>): CredentialSource => ({ name: 'the project .env', values });
const CREDS = { AUTH0_CLIENT_ID: 'id', AUTH0_CLIENT_SECRET: 'secret' };

describe('readAuth0Settings', () => {
  it('takes each plain value from the first source that has it', () => {
    const s = readAuth0Settings([
      flags({ AUTH0_DOMAIN: 'flag.auth0.com' }),
      env({ AUTH0_DOMAIN: 'env.auth0.com', AUTH0_RESOURCE_SERVER_URL: 'https://env.example.com' }),
      dotenv({ AUTH0_RESOURCE_SERVER_URL: 'https://file.example.com' }),
    ]);
    expect(s.domain).toBe('flag.auth0.com');
    expect(s.resourceUrl).toBe('https://env.example.com');
  });

  it('reads the canonical tenant domain for a custom sign-in domain (AUTH0_TENANT_DOMAIN), from the credentials\' source', () => {
    const s = readAuth0Settings([env({ AUTH0_DOMAIN: 'login.example.com', AUTH0_TENANT_DOMAIN: 'my-tenant.us.auth0.com', ...CREDS })]);
    expect(s.access).toMatchObject({ domain: 'login.example.com', tenantDomain: 'my-tenant.us.auth0.com' });
  });

  it('takes credentials as a group, so a flag token is not mixed with a .env secret', () => {
    const s = readAuth0Settings([flags({ AUTH0_API_TOKEN: 'tok', AUTH0_DOMAIN: 'a.auth0.com' }), env({}), dotenv({ ...CREDS, AUTH0_DOMAIN: 'b.auth0.com' })]);
    expect(s.access?.credentials).toEqual({ kind: 'token', token: 'tok' });
    expect(readAuth0Settings([env({ ...CREDS, AUTH0_API_TOKEN: 'tok', AUTH0_DOMAIN: 'a.auth0.com' })]).access?.credentials.kind).toBe('client-credentials');
  });

  it('explains incomplete or missing credentials without echoing values', () => {
    expect(() => readAuth0Settings([env({ AUTH0_CLIENT_SECRET: 's3cret' })])).toThrow(/AUTH0_CLIENT_ID is not/);
    expect(() => requireCredentials(readAuth0Settings([env({})]))).toThrow(/No Auth0 Management API credentials/);
  });

  it('treats empty values as unset', () => {
    expect(readAuth0Settings([env({ AUTH0_DOMAIN: ' ' }), dotenv({ AUTH0_DOMAIN: 'b.auth0.com' })]).domain).toBe('b.auth0.com');
  });
});

describe('a secret goes only where its own source points', () => {
  it("never takes the tenant domain, canonical domain or origin from a project .env for the environment's credentials", () => {
    const project = dotenv({ AUTH0_DOMAIN: 'evil.example.com', AUTH0_TENANT_DOMAIN: 'evil.auth0.com', AUTH0_MCP_MANAGEMENT_ORIGIN: 'https://elsewhere.example' });
    const s = readAuth0Settings([env({ AUTH0_DOMAIN: 'mine.us.auth0.com', ...CREDS }), project]);
    expect(s.access).toEqual({ source: 'the environment', domain: 'mine.us.auth0.com', credentials: { kind: 'client-credentials', clientId: 'id', clientSecret: 'secret' } });
    expect(describeDestination(s.access!)).toBe('Management API credentials (from the environment) go to https://mine.us.auth0.com');
  });

  it('refuses credentials whose own source names no tenant, rather than borrowing the .env one', () => {
    const run = () => readAuth0Settings([env(CREDS), dotenv({ AUTH0_DOMAIN: 'evil.example.com' })]);
    expect(run).toThrow(/credentials come from the environment, but AUTH0_DOMAIN is not set there/);
    expect(run).toThrow(/the project \.env is never used/);
    expect(() => readAuth0Settings([flags({ AUTH0_API_TOKEN: 't' }), env({ AUTH0_DOMAIN: 'x.auth0.com' })])).toThrow(
      expect.objectContaining({ code: 'credentials_mixed', fix: expect.stringContaining('--domain') }),
    );
  });

  it('reads the origin override only from the environment, and never applies it to credentials from elsewhere', () => {
    // A project .env with its own credentials and an override: its credentials go to its own tenant, not the override.
    const own = readAuth0Settings([env({}), dotenv({ AUTH0_DOMAIN: 'theirs.auth0.com', ...CREDS, AUTH0_MCP_MANAGEMENT_ORIGIN: 'http://127.0.0.1:9' })]);
    expect(own.access?.origin).toBeUndefined();
    const override = readAuth0Settings([env({ AUTH0_DOMAIN: 'mine.auth0.com', ...CREDS, AUTH0_MCP_MANAGEMENT_ORIGIN: 'http://127.0.0.1:4010' })]);
    expect(describeDestination(override.access!)).toBe(
      'Management API credentials (from the environment) go to http://127.0.0.1:4010 (AUTH0_MCP_MANAGEMENT_ORIGIN, standing in for mine.auth0.com)',
    );
    expect(() => readAuth0Settings([flags({ AUTH0_DOMAIN: 'a.auth0.com', AUTH0_API_TOKEN: 't' }), env({ AUTH0_MCP_MANAGEMENT_ORIGIN: 'http://127.0.0.1:9' })])).toThrow(
      /AUTH0_MCP_MANAGEMENT_ORIGIN is set in the environment, but the credentials come from flags/,
    );
  });
});
