// What plan, apply and status know before they read anything: the values (flags, then the environment, then ./.env),
// the public URL and App URL those imply, and where the tools' scopes come from. One builder, so the commands that
// judge the tenant judge it on the same values (and the same tools) as each other and as `verify`.

import { appUrlFor } from '../core/config/resource-url';
import {
  createManagementSession,
  describeDestination,
  desiredTenant,
  readAuth0Settings,
  requireAccess,
  sessionOptions,
  type Auth0Settings,
  type DesiredTenant,
  type ManagementSession,
} from '../core/auth0';
import { UserError } from '../core/plan/types';
import { parseToolSource, serverScopes, type ServerScopes, type ToolSource } from '../core/scopes';
import { lookupIn, namedSources, type EnvSource } from './args';
import type { CliIO } from './io';
import { findLogin, loginAccess } from './login-source';

/** What a command's parsed Auth0 flags mean: AUTH0_* values given as flags, and the connections. */
export interface Auth0Args {
  flagVars: Record<string, string>;
  connections: string[];
}

/** plan, apply and status: where the tools' scopes come from, and scopes added by hand. */
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

export interface SetupValues {
  /** Flags, the environment, ./.env (without its testing overrides): the order every value is looked up in. */
  sources: EnvSource[];
  pick: (name: string) => string | undefined;
  /** The credentials and where they go come whole from one source (core/auth0/management-access.ts). */
  settings: Auth0Settings;
  resourceUrl: string | undefined;
  /** AUTH0_MCP_PUBLIC_URL, else the resource URL's origin (as verify derives it). */
  publicUrl: string | undefined;
  /** Where the tools' scopes are read: --tools-from, AUTH0_MCP_TOOLS_FROM, else the MCP server at the public URL. */
  toolSource: ToolSource | undefined;
  connections: string[];
  scopesByHand: string[];
}

export async function readSetupValues(io: CliIO, args: Auth0Args, scopeArgs: ScopeArgs = {}): Promise<SetupValues> {
  if (args.flagVars.AUTH0_CLIENT_SECRET) {
    io.err('Warning: --client-secret leaves the secret in your shell history; prefer AUTH0_CLIENT_SECRET in the environment or .env.');
  }
  const named = await namedSources(io, args.flagVars);
  const sources = named.map((s) => s.values);
  const pick = lookupIn(sources);
  const settings = readAuth0Settings(named);
  const resourceUrl = settings.resourceUrl;
  const publicUrl = pick('AUTH0_MCP_PUBLIC_URL') ?? originOf(resourceUrl);
  const given = scopeArgs['tools-from'] ?? pick('AUTH0_MCP_TOOLS_FROM');
  // Signed out, as the extension reads its server and as ChatGPT first connects: the server declares, Auth0 follows.
  const atPublicUrl = mcpUrlOf(publicUrl);
  const toolSource = given !== undefined ? parseToolSource(given) : atPublicUrl ? { kind: 'url' as const, mcpUrl: atPublicUrl } : undefined;
  return { sources, pick, settings, resourceUrl, publicUrl, toolSource, connections: args.connections, scopesByHand: scopeArgs.scope ?? [] };
}

/**
 * The Management API session for these values: credentials given (flags, environment, .env), else the stored login,
 * whole (its own domains, origin and credentials together).
 */
export async function sessionFor(io: CliIO, values: SetupValues): Promise<{ session: ManagementSession; domain: string; destination: string }> {
  const { settings } = values;
  if (!settings.access) {
    const login = await findLogin(io, settings.domain);
    if (login) {
      const access = loginAccess(login, io.env.AUTH0_MCP_MANAGEMENT_ORIGIN);
      const session = createManagementSession({ ...sessionOptions(access), ownApp: login.ownApp });
      return { session, domain: access.domain, destination: describeDestination(access) };
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
  return { session: createManagementSession(sessionOptions(access)), domain: access.domain, destination: describeDestination(access) };
}

/** The session and the desired tenant, the tools' scopes read first; the resource URL is required here. */
export async function tenantContext(io: CliIO, values: SetupValues): Promise<Auth0Context & { scopes: ServerScopes }> {
  const { session, domain, destination } = await sessionFor(io, values);
  if (!values.resourceUrl) {
    throw new UserError(
      'No resource URL was given.',
      'Set AUTH0_RESOURCE_SERVER_URL or pass --resource-url with the public URL of your MCP server, e.g. https://my-app.ngrok-free.app.',
      'url_missing',
    );
  }
  const scopes = byHandForTokenOnly(await serverScopes(values.toolSource, values.scopesByHand), values.scopesByHand);
  for (const problem of scopes.problems) io.err(`Warning: ${problem}`);
  const desired = desiredTenant({
    domain,
    resourceUrl: values.resourceUrl,
    connectionNames: values.connections,
    scopeNeeds: scopes.needs,
    ...(scopes.unread ? { scopeProblem: scopes.unread } : {}),
    toolsRead: values.toolSource !== undefined,
    ownApplication: session.ownApp,
  });
  return { session, desired, destination, scopes };
}

/**
 * A server that wants a token even for tools/list (no mixed auth) did answer, but a terminal holds no token to read
 * it with: the scopes given by hand (--scope) are then the user's word for what its tools need, said as a warning.
 * Without them the step stays open, saying why.
 */
function byHandForTokenOnly(scopes: ServerScopes, byHand: readonly string[]): ServerScopes {
  if (scopes.unread?.code !== 'tools_list_needs_token' || !byHand.length) return scopes;
  const note = `${scopes.unread.message} The scopes given by hand (${byHand.join(' ')}) stand in for its tools' own.`;
  return { needs: scopes.needs, problems: [...scopes.problems, note] };
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined; // desiredTenant names the bad value
  }
}

function mcpUrlOf(publicUrl: string | undefined): string | undefined {
  try {
    return publicUrl ? appUrlFor(publicUrl) : undefined;
  } catch {
    return undefined;
  }
}
