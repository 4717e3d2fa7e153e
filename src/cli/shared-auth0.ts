// Options and configuration shared by the Auth0 commands: flags, then the environment, then ./.env.

import { scopesFromAccessToken } from '../core/auth0/scopes';
import { missingScopes, REQUIRED_SCOPES, type ManagementSession } from '../core/auth0';
import type { CliIO } from './io';
import { readSetupValues, sessionFor, tenantContext, type Auth0Args, type Auth0Context, type ScopeArgs } from './setup-context';

export type { Auth0Args, Auth0Context, ScopeArgs } from './setup-context';

/** The flags every Auth0 command takes (declared once; each command adds its own). */
export const AUTH0_OPTIONS = {
  domain: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  token: { type: 'string' },
  'resource-url': { type: 'string' },
  connection: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
} as const;

const FLAG_VARS = {
  domain: 'AUTH0_DOMAIN',
  'client-id': 'AUTH0_CLIENT_ID',
  'client-secret': 'AUTH0_CLIENT_SECRET',
  token: 'AUTH0_API_TOKEN',
  'resource-url': 'AUTH0_RESOURCE_SERVER_URL',
} as const;

export function auth0Args(flags: Partial<Record<keyof typeof FLAG_VARS, string>> & { connection?: string[] }): Auth0Args {
  const flagVars: Record<string, string> = {};
  for (const [flag, name] of Object.entries(FLAG_VARS)) {
    const value = flags[flag as keyof typeof FLAG_VARS];
    if (value !== undefined) flagVars[name] = value;
  }
  return { flagVars, connections: flags.connection ?? [] };
}

export const AUTH0_OPTIONS_HELP = `Options:
  --domain <domain>        tenant domain (AUTH0_DOMAIN), e.g. my-tenant.us.auth0.com
  --client-id <id>         M2M application client id (AUTH0_CLIENT_ID)
  --client-secret <secret> its secret (AUTH0_CLIENT_SECRET; prefer the environment or .env: flags end up in shell history)
  --token <token>          a Management API token instead (AUTH0_API_TOKEN)
  --resource-url <url>     the MCP server's resource URL = the API identifier (AUTH0_RESOURCE_SERVER_URL)
  --connection <name>      login connection to promote to domain level (repeatable; default Username-Password-Authentication)
  --json                   machine-readable output
  -h, --help               show this help

Values come from flags, then the environment, then a .env file in the working directory. The credentials and
the tenant they go to (AUTH0_DOMAIN, AUTH0_TENANT_DOMAIN) always come from the same one of these.`;

/** plan and apply: where the tools' scopes come from (the Scopes step), and scopes added by hand. */
export const SCOPE_OPTIONS = {
  scope: { type: 'string', multiple: true },
  'tools-from': { type: 'string' },
} as const;

export const SCOPE_OPTIONS_HELP = `  --tools-from <url>       read the tools' scopes (securitySchemes) from this MCP endpoint's tools/list, signed out
                           (AUTH0_MCP_TOOLS_FROM; default: the server at the public URL + /mcp, i.e.
                           AUTH0_MCP_PUBLIC_URL or the resource URL's origin); "embedded": the demo tools of "serve"
  --scope <scope>          a scope the API and the third-party grant must have besides the tools' (repeatable)`;

/** Builds the Management API session; `resourceUrl` is returned when configured (only some commands need it). */
export async function loadSession(
  io: CliIO,
  flagVars: Record<string, string>,
): Promise<{ session: ManagementSession; domain: string; resourceUrl?: string; destination: string }> {
  const values = await readSetupValues(io, { flagVars, connections: [] });
  return { ...(await sessionFor(io, values)), ...(values.resourceUrl ? { resourceUrl: values.resourceUrl } : {}) };
}

/** Builds the session and the desired state (see setup-context.ts); the resource URL is required here. */
export async function loadAuth0Context(io: CliIO, args: Auth0Args, scopeArgs: ScopeArgs = {}): Promise<Auth0Context> {
  return tenantContext(io, await readSetupValues(io, args, scopeArgs));
}

/** Names every scope the token lacks, from its own scope claim: no extra request (the token is already in hand). */
export async function warnMissingScopes(io: CliIO, session: ManagementSession): Promise<void> {
  const granted = scopesFromAccessToken(await session.accessToken());
  const missing = granted ? missingScopes(granted) : [];
  if (!missing.length) return;
  if (session.ownApp) {
    io.err(
      `Warning: the product's application lacks ${missing.join(', ')}. Run "auth0-mcp login --token <token>" with a token from the dashboard's API Explorer: it adds them.`,
    );
  } else {
    io.err(`Warning: the credentials lack ${missing.join(', ')}. The product needs: ${REQUIRED_SCOPES.join(', ')}.`);
  }
}
