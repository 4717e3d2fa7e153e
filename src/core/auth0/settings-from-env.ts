// The AUTH0_* variables (the names Auth0's Terraform provider and Deploy CLI use), from layered sources:
// flags first, then the process environment, then a .env file. Plain values (the resource URL) come from the first
// source that has them; the credentials and where they go come whole from one source (management-access.ts).

import { UserError } from '../plan/types';
import { resolveManagementAccess, type CredentialSource, type ManagementAccess } from './management-access';
import type { ManagementCredentials } from './token-source';

export type VariableSource = Readonly<Record<string, string | undefined>>;

export interface Auth0Settings {
  /** The credentials' own AUTH0_DOMAIN when there are credentials, else the first source's. */
  domain: string | undefined;
  resourceUrl: string | undefined;
  /** Credentials, domain, canonical domain and origin, all from one source; undefined without credentials. */
  access: ManagementAccess | undefined;
}

function first(sources: readonly CredentialSource[], key: string): string | undefined {
  for (const source of sources) {
    const value = source.values[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** `sources` in priority order. */
export function readAuth0Settings(sources: readonly CredentialSource[]): Auth0Settings {
  const access = resolveManagementAccess(sources);
  return {
    domain: access?.domain ?? first(sources, 'AUTH0_DOMAIN'),
    resourceUrl: first(sources, 'AUTH0_RESOURCE_SERVER_URL'),
    access,
  };
}

export function requireAccess(settings: Auth0Settings): ManagementAccess {
  if (settings.access) return settings.access;
  throw new UserError(
    'No Auth0 Management API credentials were given.',
    'Set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (a Machine-to-Machine application authorized for the Management API) or AUTH0_API_TOKEN, with AUTH0_DOMAIN, in the environment or a .env file.',
    'credentials_missing',
  );
}

export function requireCredentials(settings: Auth0Settings): ManagementCredentials {
  return requireAccess(settings).credentials;
}
