// The AUTH0_* variables (the names Auth0's Terraform provider and Deploy CLI use), from layered sources:
// flags first, then the process environment, then a .env file.

import { UserError } from '../plan/types';
import type { ManagementCredentials } from './token-source';

export type VariableSource = Readonly<Record<string, string | undefined>>;

export interface Auth0Settings {
  domain: string | undefined;
  credentials: ManagementCredentials | undefined;
  resourceUrl: string | undefined;
  /** AUTH0_MCP_MANAGEMENT_ORIGIN: testing / proxy override of where Management API requests go. */
  origin: string | undefined;
  /** AUTH0_TENANT_DOMAIN: the canonical *.auth0.com domain when AUTH0_DOMAIN is a custom domain (Management API tokens need it). */
  tenantDomain: string | undefined;
}

const CREDENTIAL_KEYS = ['AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'AUTH0_API_TOKEN'] as const;

function first(sources: readonly VariableSource[], key: string): string | undefined {
  for (const source of sources) {
    const value = source[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** `sources` in priority order. Credentials come as a group from the first source that has any, so a flag's token is not mixed with a .env secret. */
export function readAuth0Settings(sources: readonly VariableSource[]): Auth0Settings {
  const credentialSource = sources.find((s) => CREDENTIAL_KEYS.some((k) => s[k]?.trim()));
  return {
    domain: first(sources, 'AUTH0_DOMAIN'),
    credentials: credentialSource ? credentialsFrom(credentialSource) : undefined,
    resourceUrl: first(sources, 'AUTH0_RESOURCE_SERVER_URL'),
    origin: first(sources, 'AUTH0_MCP_MANAGEMENT_ORIGIN'),
    tenantDomain: first(sources, 'AUTH0_TENANT_DOMAIN'),
  };
}

function credentialsFrom(source: VariableSource): ManagementCredentials {
  const clientId = source.AUTH0_CLIENT_ID?.trim();
  const clientSecret = source.AUTH0_CLIENT_SECRET?.trim();
  const token = source.AUTH0_API_TOKEN?.trim();
  if (clientId && clientSecret) return { kind: 'client-credentials', clientId, clientSecret };
  if (token) return { kind: 'token', token };
  throw new UserError(
    clientId ? 'AUTH0_CLIENT_ID is set but AUTH0_CLIENT_SECRET is not.' : 'AUTH0_CLIENT_SECRET is set but AUTH0_CLIENT_ID is not.',
    "Set both (a Machine-to-Machine application's client id and secret), or set AUTH0_API_TOKEN instead.",
    'credentials_incomplete',
  );
}

export function requireCredentials(settings: Auth0Settings): ManagementCredentials {
  if (settings.credentials) return settings.credentials;
  throw new UserError(
    'No Auth0 Management API credentials were given.',
    'Set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (a Machine-to-Machine application authorized for the Management API) or AUTH0_API_TOKEN, in the environment or a .env file.',
    'credentials_missing',
  );
}
