// Options and configuration shared by the Auth0 commands: flags, then the environment, then ./.env.

import { scopesFromAccessToken } from '../core/auth0/scopes';
import { readDotenvFile } from '../core/config/dotenv';
import {
  describeDestination,
  sessionOptions,
  requireAccess,
  missingScopes,
  REQUIRED_SCOPES,
  createManagementSession,
  desiredTenant,
  readAuth0Settings,
  type DesiredTenant,
  type ManagementSession,
} from '../core/auth0';
import { UserError } from '../core/plan/types';
import { parseToolSource, serverScopes } from '../core/scopes';
import { namedSources } from './args';
import type { CliIO } from './io';
import { findLogin, loginAccess } from './login-source';

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

/** What a command's parsed Auth0 flags mean: AUTH0_* values given as flags, and the connections. */
export interface Auth0Args {
  flagVars: Record<string, string>;
  connections: string[];
}

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
                           (AUTH0_MCP_TOOLS_FROM); "embedded" for the demo tools of "auth0-mcp serve"
  --scope <scope>          a scope the API and the third-party grant must have besides the tools' (repeatable)`;

export interface ScopeArgs {
  scope?: string[];
  'tools-from'?: string;
}

export interface Auth0Context {
  session: ManagementSession;
  desired: DesiredTenant;
  /** "Management API credentials (from the environment) go to https://…": printed before any secret goes out. */
  destination: string;
}

/** Builds the Management API session; `resourceUrl` is returned when configured (only some commands need it). */
export async function loadSession(io: CliIO, flagVars: Record<string, string>): Promise<{ session: ManagementSession; domain: string; resourceUrl?: string; destination: string }> {
  if (flagVars.AUTH0_CLIENT_SECRET) {
    io.err('Warning: --client-secret leaves the secret in your shell history; prefer AUTH0_CLIENT_SECRET in the environment or .env.');
  }
  const settings = readAuth0Settings(await namedSources(io, flagVars));
  const resource = settings.resourceUrl ? { resourceUrl: settings.resourceUrl } : {};
  if (!settings.access) {
    // No credentials given: the stored login, whole (its own domains, origin and credentials together).
    const login = await findLogin(io, settings.domain);
    if (login) {
      const access = loginAccess(login, io.env.AUTH0_MCP_MANAGEMENT_ORIGIN);
      const session = createManagementSession({ ...sessionOptions(access), ownApp: login.ownApp });
      return { session, domain: access.domain, destination: describeDestination(access), ...resource };
    }
  }
  if (!settings.domain) {
    throw new UserError(
      'No Auth0 domain was given.',
      'Run "auth0-mcp login --token <token>" once (a Management API token from the dashboard\'s API Explorer), or set AUTH0_DOMAIN (environment or .env) or pass --domain, e.g. --domain my-tenant.us.auth0.com.',
      'domain_missing',
    );
  }
  const access = requireAccess(settings);
  const session = createManagementSession(sessionOptions(access));
  return { session, domain: access.domain, destination: describeDestination(access), ...resource };
}

/** Builds the session and the desired state; the resource URL is required here. */
export async function loadAuth0Context(io: CliIO, args: Auth0Args, scopeArgs: ScopeArgs = {}): Promise<Auth0Context> {
  const { session, domain, resourceUrl, destination } = await loadSession(io, args.flagVars);
  if (!resourceUrl) {
    throw new UserError(
      'No resource URL was given.',
      'Set AUTH0_RESOURCE_SERVER_URL or pass --resource-url with the public URL of your MCP server, e.g. https://my-app.ngrok-free.app.',
      'url_missing',
    );
  }
  // The server declares, Auth0 follows: the tools' scopes, read before the tenant is.
  const source = parseToolSource(scopeArgs['tools-from'] ?? io.env.AUTH0_MCP_TOOLS_FROM ?? (await readDotenvFile(io.cwd))?.values.AUTH0_MCP_TOOLS_FROM);
  const scopes = await serverScopes(source, scopeArgs.scope ?? []);
  for (const problem of scopes.problems) io.err(`Warning: ${problem}`);
  const desired = desiredTenant({
    domain,
    resourceUrl,
    connectionNames: args.connections,
    scopeNeeds: scopes.needs,
    ...(scopes.unread ? { scopeProblem: scopes.unread } : {}),
    toolsRead: source !== undefined,
  });
  return { session, desired, destination };
}

/** Names every scope the token lacks, from its own scope claim: no extra request (the token is already in hand). */
export async function warnMissingScopes(io: CliIO, session: ManagementSession): Promise<void> {
  const granted = scopesFromAccessToken(await session.accessToken());
  const missing = granted ? missingScopes(granted) : [];
  if (!missing.length) return;
  if (session.ownApp) {
    io.err(`Warning: the product's application lacks ${missing.join(', ')}. Run "auth0-mcp login --token <token>" with a token from the dashboard's API Explorer: it adds them.`);
  } else {
    io.err(`Warning: the credentials lack ${missing.join(', ')}. The product needs: ${REQUIRED_SCOPES.join(', ')}.`);
  }
}
