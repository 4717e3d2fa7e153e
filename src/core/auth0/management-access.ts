// Where the Management API credentials come from, and where they are allowed to go. A source is a whole: the
// credentials and every destination they are sent to (AUTH0_DOMAIN, AUTH0_TENANT_DOMAIN, and the testing override
// AUTH0_MCP_MANAGEMENT_ORIGIN) are taken from the one source that holds the credentials, never mixed with another.
// A repository's .env can then name its own tenant for its own credentials, but never redirect a secret that came
// from the environment or the command line. The testing overrides are read from the process environment only.

import { parseAuth0Domain } from '../config/domain';
import { UserError } from '../plan/types';
import type { ManagementCredentials } from './token-source';

export type VariableValues = Readonly<Record<string, string | undefined>>;

/** One place values come from, as the user would name it: flags, the environment, the project .env (or a saved login). */
export interface CredentialSource {
  /** How messages name it: "flags", "the environment", "the project .env". */
  name: string;
  values: VariableValues;
  /**
   * Whether testing and proxy overrides (AUTH0_MCP_MANAGEMENT_ORIGIN) may come from it. Only the process
   * environment, which the user set: a project file never says where a secret goes.
   */
  overrides?: boolean;
  /** The credentials are the product's own application (a stored `auth0-mcp login`): a token fixes its scopes. */
  ownApp?: boolean;
}

/** Everything needed to reach the Management API, all from one source. */
export interface ManagementAccess {
  /** The source's name ("the environment"). */
  source: string;
  /** AUTH0_DOMAIN of that source: the sign-in domain. */
  domain: string;
  /** AUTH0_TENANT_DOMAIN of that source: the canonical domain when `domain` is a custom domain. */
  tenantDomain?: string;
  /** AUTH0_MCP_MANAGEMENT_ORIGIN of that source (process environment only). */
  origin?: string;
  credentials: ManagementCredentials;
  ownApp?: boolean;
}

const CREDENTIAL_KEYS = ['AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'AUTH0_API_TOKEN'] as const;

/** Variables only a test harness or a proxy sets; never read from a project file. */
export const TEST_OVERRIDES = ['AUTH0_MCP_MANAGEMENT_ORIGIN', 'AUTH0_MCP_NGROK_SERVER_ADDR', 'AUTH0_MCP_TEST_CRASH'] as const;

const value = (values: VariableValues, key: string): string | undefined => values[key]?.trim() || undefined;

export function hasCredentials(source: CredentialSource): boolean {
  return CREDENTIAL_KEYS.some((k) => value(source.values, k));
}

/**
 * The first source (in priority order) holding credentials, with its own domain, canonical domain and origin.
 * undefined when no source has credentials. Throws when that source lacks a domain, or when an override from
 * another source would redirect its credentials.
 */
export function resolveManagementAccess(sources: readonly CredentialSource[]): ManagementAccess | undefined {
  const source = sources.find(hasCredentials);
  if (!source) return undefined;
  const credentials = credentialsFrom(source.values);
  const domain = value(source.values, 'AUTH0_DOMAIN');
  if (!domain) {
    const elsewhere = sources.find((s) => s !== source && value(s.values, 'AUTH0_DOMAIN'));
    throw new UserError(
      `The Management API credentials come from ${source.name}, but AUTH0_DOMAIN is not set there${
        elsewhere ? ` (the AUTH0_DOMAIN of ${elsewhere.name} is never used to send credentials from elsewhere)` : ''
      }.`,
      `Give the tenant domain in ${source.name} too (${hint(source)}), so the credentials and their tenant come from one place.`,
      'credentials_mixed',
    );
  }
  const origin = source.overrides ? value(source.values, 'AUTH0_MCP_MANAGEMENT_ORIGIN') : undefined;
  const stray = sources.find((s) => s !== source && s.overrides && value(s.values, 'AUTH0_MCP_MANAGEMENT_ORIGIN'));
  if (!origin && stray) {
    throw new UserError(
      `AUTH0_MCP_MANAGEMENT_ORIGIN is set in ${stray.name}, but the credentials come from ${source.name}: they are never sent to an origin another source names.`,
      `Unset AUTH0_MCP_MANAGEMENT_ORIGIN, or give the credentials in ${stray.name} too.`,
      'credentials_mixed',
    );
  }
  const tenantDomain = value(source.values, 'AUTH0_TENANT_DOMAIN');
  return {
    source: source.name,
    domain,
    ...(tenantDomain ? { tenantDomain } : {}),
    ...(origin ? { origin } : {}),
    credentials,
    ...(source.ownApp ? { ownApp: true } : {}),
  };
}

/** "Management API credentials (from the environment) go to https://x.auth0.com": said before any secret goes out. */
export function describeDestination(access: ManagementAccess): string {
  const tenant = parseAuth0Domain(access.tenantDomain ?? access.domain).host;
  const to = access.origin ? `${new URL(access.origin).origin} (AUTH0_MCP_MANAGEMENT_ORIGIN, standing in for ${tenant})` : `https://${tenant}`;
  return `Management API credentials (from ${access.source}) go to ${to}`;
}

function hint(source: CredentialSource): string {
  if (source.name === 'flags') return '--domain';
  if (source.name === 'the environment') return 'export AUTH0_DOMAIN=…';
  return 'AUTH0_DOMAIN=…';
}

export function credentialsFrom(values: VariableValues): ManagementCredentials {
  const clientId = value(values, 'AUTH0_CLIENT_ID');
  const clientSecret = value(values, 'AUTH0_CLIENT_SECRET');
  const token = value(values, 'AUTH0_API_TOKEN');
  if (clientId && clientSecret) return { kind: 'client-credentials', clientId, clientSecret };
  if (token) return { kind: 'token', token };
  throw new UserError(
    clientId ? 'AUTH0_CLIENT_ID is set but AUTH0_CLIENT_SECRET is not.' : 'AUTH0_CLIENT_SECRET is set but AUTH0_CLIENT_ID is not.',
    "Set both (a Machine-to-Machine application's client id and secret), or set AUTH0_API_TOKEN instead.",
    'credentials_incomplete',
  );
}

/** Drops the testing overrides from a project file's values: they are read from the process environment only. */
export function withoutOverrides(values: VariableValues): VariableValues {
  const kept: Record<string, string | undefined> = { ...values };
  for (const key of TEST_OVERRIDES) delete kept[key];
  return kept;
}

/** The session options for this access (spread into createManagementSession). */
export function sessionOptions(access: ManagementAccess): {
  domain: string;
  tenantDomain?: string;
  origin?: string;
  credentials: ManagementCredentials;
  ownApp?: boolean;
} {
  return {
    domain: access.domain,
    ...(access.tenantDomain ? { tenantDomain: access.tenantDomain } : {}),
    ...(access.origin ? { origin: access.origin } : {}),
    credentials: access.credentials,
    ...(access.ownApp ? { ownApp: true } : {}),
  };
}
