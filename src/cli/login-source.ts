// The stored login as a source of Management API access: one WHOLE source (sign-in domain, canonical domain and
// credentials together), used only when no credentials were given as flags, in the environment or in .env. A domain
// named elsewhere (even a project's .env) can only pick which of the user's own logins to use; the credentials still go
// only to the tenant they were stored for, never to a domain from another source.

import { parseAuth0Domain } from '../core/config/domain';
import { UserError } from '../core/plan/types';
import { LoginStore, configFolder, type StoredLogin } from '../core/auth0/stored-login';
import { hasCredentials, type CredentialSource, type ManagementAccess } from '../core/auth0/management-access';
import type { CliIO } from './io';

export function loginStore(io: Pick<CliIO, 'env'>): LoginStore | undefined {
  const folder = configFolder(io.env);
  return folder ? new LoginStore(folder) : undefined;
}

function hostOf(domain: string): string | undefined {
  try {
    return parseAuth0Domain(domain).host;
  } catch {
    return undefined;
  }
}

/** The login for the named domain (matching its sign-in or its canonical domain), or the only one when none is named. */
export async function findLogin(io: Pick<CliIO, 'env'>, namedDomain: string | undefined): Promise<StoredLogin | undefined> {
  const store = loginStore(io);
  if (!store) return undefined;
  const logins = Object.values(await store.all());
  if (!logins.length) return undefined;
  if (namedDomain) {
    const host = hostOf(namedDomain);
    const match = logins.find((l) => l.managementHost === host || hostOf(l.domain) === host);
    if (match) return match;
    throw new UserError(
      `No credentials are stored for ${host ?? namedDomain} (stored logins: ${logins.map((l) => l.domain).join(', ')}).`,
      `Run "auth0-mcp login --domain ${host ?? namedDomain} --token <token>" with a Management API token from that tenant's API Explorer, or set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET.`,
      'not_connected',
    );
  }
  if (logins.length === 1) return logins[0];
  throw new UserError(
    `Credentials are stored for ${logins.length} tenants (${logins.map((l) => l.domain).join(', ')}) and no domain was named.`,
    'Pass --domain (or set AUTH0_DOMAIN) to choose one.',
    'domain_missing',
  );
}

/**
 * The login as a credential source, whole: its domains, its credentials, and the origin override it was made through
 * (a proxy or the tests' stand-in, kept with it so its credentials only ever go where they were made).
 */
export function loginSource(login: StoredLogin): CredentialSource {
  return {
    name: 'the stored login (auth0-mcp login)',
    values: {
      AUTH0_DOMAIN: login.domain,
      ...(login.managementHost !== hostOf(login.domain) ? { AUTH0_TENANT_DOMAIN: login.managementHost } : {}),
      AUTH0_CLIENT_ID: login.clientId,
      AUTH0_CLIENT_SECRET: login.clientSecret,
      ...(login.origin ? { AUTH0_MCP_MANAGEMENT_ORIGIN: login.origin } : {}),
    },
    overrides: true,
    ownApp: login.ownApp,
  };
}

/**
 * `sources` plus the stored login, last, when none of them holds credentials: the login for the domain they name, or
 * the only one. `required`: a named domain with no stored login is an error (commands that need the Management API);
 * otherwise such a domain just gets no login (verify and status also work without credentials).
 */
export async function withStoredLogin(io: Pick<CliIO, 'env'>, sources: CredentialSource[], options: { required: boolean }): Promise<CredentialSource[]> {
  if (sources.some(hasCredentials)) return sources;
  const named = sources.map((s) => s.values.AUTH0_DOMAIN?.trim()).find(Boolean);
  const login = await findLogin(io, named).catch((error: unknown) => {
    if (options.required) throw error;
    return undefined;
  });
  return login ? [...sources, loginSource(login)] : sources;
}

/**
 * The login as Management API access, whole: its domains, its credentials, and the origin override it was made
 * through (a proxy or the tests' stand-in). An override in the environment that differs would send its credentials
 * somewhere the login never went: refused.
 */
export function loginAccess(login: StoredLogin, envOrigin: string | undefined): ManagementAccess {
  const origin = envOrigin?.trim() || undefined;
  if (origin !== login.origin) {
    throw new UserError(
      `AUTH0_MCP_MANAGEMENT_ORIGIN is ${origin ? `"${origin}"` : 'not set'}, but the stored login for ${login.domain} was made ${
        login.origin ? `through "${login.origin}"` : 'without it'
      }: its credentials are only sent where they were made.`,
      'Restore AUTH0_MCP_MANAGEMENT_ORIGIN as it was, or run "auth0-mcp login" again.',
      'credentials_mixed',
    );
  }
  const source = loginSource(login);
  return {
    source: source.name,
    domain: login.domain,
    ...(source.values.AUTH0_TENANT_DOMAIN ? { tenantDomain: source.values.AUTH0_TENANT_DOMAIN } : {}),
    ...(login.origin ? { origin: login.origin } : {}),
    credentials: { kind: 'client-credentials', clientId: login.clientId, clientSecret: login.clientSecret },
    ...(login.ownApp ? { ownApp: true } : {}),
  };
}
