// Options and configuration shared by the Auth0 commands: flags, then the environment, then ./.env.

import { scopesFromAccessToken } from '../core/auth0/scopes';
import { readDotenvFile } from '../core/config/dotenv';
import {
  missingScopes,
  REQUIRED_SCOPES,
  createManagementSession,
  desiredTenant,
  readAuth0Settings,
  requireCredentials,
  type DesiredTenant,
  type ManagementSession,
} from '../core/auth0';
import { UserError } from '../core/plan/types';
import type { CliIO } from './io';

export interface Auth0Args {
  json: boolean;
  yes: boolean;
  help: boolean;
  scanClients: boolean;
  connections: string[];
  /** Client ids given with --delete (the clients command). */
  deleteClients: string[];
  /** AUTH0_* values given as flags. */
  flagVars: Record<string, string>;
}

const VALUE_FLAGS: Record<string, string> = {
  '--domain': 'AUTH0_DOMAIN',
  '--client-id': 'AUTH0_CLIENT_ID',
  '--client-secret': 'AUTH0_CLIENT_SECRET',
  '--token': 'AUTH0_API_TOKEN',
  '--resource-url': 'AUTH0_RESOURCE_SERVER_URL',
};

export const AUTH0_OPTIONS_HELP = `Options:
  --domain <domain>        tenant domain (AUTH0_DOMAIN), e.g. my-tenant.us.auth0.com
  --client-id <id>         M2M application client id (AUTH0_CLIENT_ID)
  --client-secret <secret> its secret (AUTH0_CLIENT_SECRET; prefer the environment or .env: flags end up in shell history)
  --token <token>          a Management API token instead (AUTH0_API_TOKEN)
  --resource-url <url>     the MCP server's resource URL = the API identifier (AUTH0_RESOURCE_SERVER_URL)
  --connection <name>      login connection to promote to domain level (repeatable; default Username-Password-Authentication)
  --json                   machine-readable output
  -h, --help               show this help

Values come from flags, then the environment, then a .env file in the working directory.`;

export function parseAuth0Args(argv: readonly string[], accepted: { yes?: boolean; clients?: boolean; delete?: boolean } = {}): Auth0Args {
  const args: Auth0Args = { json: false, yes: false, help: false, scanClients: false, connections: [], deleteClients: [], flagVars: {} };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw usage(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--json') args.json = true;
    else if (flag === '-h' || flag === '--help') args.help = true;
    else if (flag === '--yes' && accepted.yes) args.yes = true;
    else if (flag === '--clients' && accepted.clients) args.scanClients = true;
    else if (flag === '--connection') args.connections.push(value());
    else if (flag === '--delete' && accepted.delete) args.deleteClients.push(value());
    else if (VALUE_FLAGS[flag]) args.flagVars[VALUE_FLAGS[flag]] = value();
    else throw usage(`Unknown option "${flag}".`);
  }
  return args;
}

function usage(message: string): UserError {
  return new UserError(message, 'Run the command with --help for its options.', 'usage');
}

export interface Auth0Context {
  session: ManagementSession;
  desired: DesiredTenant;
}

/** Builds the Management API session; `resourceUrl` is returned when configured (only some commands need it). */
export async function loadSession(io: CliIO, flagVars: Record<string, string>): Promise<{ session: ManagementSession; domain: string; resourceUrl?: string }> {
  if (flagVars.AUTH0_CLIENT_SECRET) {
    io.err('Warning: --client-secret leaves the secret in your shell history; prefer AUTH0_CLIENT_SECRET in the environment or .env.');
  }
  const dotenv = await readDotenvFile(io.cwd);
  const settings = readAuth0Settings([flagVars, io.env, dotenv?.values ?? {}]);
  if (!settings.domain) {
    throw new UserError('No Auth0 domain was given.', 'Set AUTH0_DOMAIN (environment or .env) or pass --domain, e.g. --domain my-tenant.us.auth0.com.', 'domain_missing');
  }
  const session = createManagementSession({
    domain: settings.domain,
    ...(settings.tenantDomain ? { tenantDomain: settings.tenantDomain } : {}),
    credentials: requireCredentials(settings),
    origin: settings.origin,
  });
  return { session, domain: settings.domain, ...(settings.resourceUrl ? { resourceUrl: settings.resourceUrl } : {}) };
}

/** Builds the session and the desired state; the resource URL is required here. */
export async function loadAuth0Context(io: CliIO, args: Auth0Args): Promise<Auth0Context> {
  const { session, domain, resourceUrl } = await loadSession(io, args.flagVars);
  if (!resourceUrl) {
    throw new UserError(
      'No resource URL was given.',
      'Set AUTH0_RESOURCE_SERVER_URL or pass --resource-url with the public URL of your MCP server, e.g. https://my-app.ngrok-free.app.',
      'url_missing',
    );
  }
  const desired = desiredTenant({ domain, resourceUrl, connectionNames: args.connections });
  return { session, desired };
}

/** Names every scope the token lacks, from its own scope claim: no extra request (the token is already in hand). */
export async function warnMissingScopes(io: CliIO, session: ManagementSession): Promise<void> {
  const granted = scopesFromAccessToken(await session.accessToken());
  const missing = granted ? missingScopes(granted) : [];
  if (missing.length) {
    io.err(`Warning: the credentials lack ${missing.join(', ')}. The product needs: ${REQUIRED_SCOPES.join(', ')}.`);
  }
}
