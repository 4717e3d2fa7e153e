// auth0-mcp login: one pasted Management API token becomes the product's own least-privilege application, whose
// credentials are kept in the user's config folder for that tenant; the token itself is used for this run only.

import { checkTenantDomain, connect, createManagementSession, ensureOwnApplication, OWN_APP_NAME, pairDomainWithToken } from '../core/auth0';
import { UserError } from '../core/plan/types';
import { defineCommand } from './command';
import { EXIT, type CliIO } from './io';
import { loginStore } from './login-source';

const HELP = `Usage: auth0-mcp login [--token <token> | token on standard input] [--domain <domain>] [--json]

Creates (or reuses) the product's own machine-to-machine application on your tenant, authorized for exactly the
Management API scopes it needs, and stores its credentials for that tenant in your config folder
($XDG_CONFIG_HOME/auth0-mcp or ~/.config/auth0-mcp, readable only by you), where plan, apply, verify, logs and the
other commands find them. Environment variables and flags still win. The token is not stored anywhere.
Run it again with a new token when the product needs a scope its application lacks: it adds it.

Get the token in the Auth0 dashboard: Applications > APIs > Auth0 Management API > API Explorer (it lasts 24 hours
and carries every scope; only create:clients, read:clients, read:client_keys and the client_grants scopes are used).

  --token <token>     the Management API token (prefer standard input: flags end up in shell history)
  --domain <domain>   the domain users sign in on, when it is a custom domain (default: the token's own tenant)
  --json              machine-readable output
  -h, --help          show this help

Exit codes: 0 logged in, 1 failure, 2 usage.`;

export const command = defineCommand({
  help: HELP,
  options: { token: { type: 'string' }, domain: { type: 'string' }, json: { type: 'boolean', default: false } },
  run: async (io, args) => {
    if (args.token) io.err('Warning: --token leaves the token in your shell history; prefer piping it: auth0-mcp login < token.txt');
    const token = (args.token ?? (await io.readStdin?.()) ?? '').trim();
    if (!token) throw new UserError('No Management API token was given.', 'Pass --token <token>, or pipe it on standard input.', 'usage');
    // The token names its own tenant; a custom sign-in domain may be named beside it.
    const { domain, managementHost } = pairDomainWithToken(args.domain ?? io.env.AUTH0_DOMAIN, token);
    const origin = io.env.AUTH0_MCP_MANAGEMENT_ORIGIN?.trim() || undefined;
    await checkTenantDomain(domain, { ...(origin ? { origin } : {}) });
    const store = loginStore(io);
    if (!store)
      throw new UserError(
        'No config folder: neither XDG_CONFIG_HOME nor HOME is set.',
        'Set one of them, or use AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET instead.',
        'usage',
      );
    await store.ensureFolder();
    const known = await store.get(managementHost);
    const session = createManagementSession({
      domain,
      ...(managementHost !== domain ? { tenantDomain: managementHost } : {}),
      credentials: { kind: 'token', token },
      ...(origin ? { origin } : {}),
    });
    const app = await ensureOwnApplication(session, store.journal(managementHost), known?.ownApp ? { clientId: known.clientId } : undefined);
    // The new credentials, on their own, before they are kept: one read proves them.
    const check = await connect(
      createManagementSession({
        domain,
        ...(managementHost !== domain ? { tenantDomain: managementHost } : {}),
        credentials: { kind: 'client-credentials', clientId: app.clientId, clientSecret: app.clientSecret },
        ownApp: true,
        ...(origin ? { origin } : {}),
      }),
    );
    await store.save({
      domain,
      managementHost,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      ownApp: true,
      applicationName: app.name,
      ...(origin ? { origin } : {}),
      savedAt: new Date().toISOString(),
    });
    report(io, args.json, { domain, managementHost, app, tenantName: check.tenantName, path: store.path });
    return EXIT.ok;
  },
});

function report(
  io: CliIO,
  json: boolean | undefined,
  r: {
    domain: string;
    managementHost: string;
    app: { clientId: string; reused: boolean; addedScopes: string[]; scopes: string[] };
    tenantName?: string;
    path: string;
  },
): void {
  if (json) {
    const { clientId, reused, addedScopes, scopes } = r.app;
    io.out(JSON.stringify({ domain: r.domain, tenantDomain: r.managementHost, clientId, reused, addedScopes, scopes, credentialsFile: r.path }, null, 2));
    return;
  }
  const what = r.app.reused
    ? `Reused the application "${OWN_APP_NAME}" (${r.app.clientId})${r.app.addedScopes.length ? `, adding ${r.app.addedScopes.join(', ')}` : ''}.`
    : `Created the application "${OWN_APP_NAME}" (${r.app.clientId}) with ${r.app.scopes.length} Management API scopes.`;
  io.out(what);
  io.out(
    `Logged in to ${r.tenantName ? `${r.tenantName} (${r.domain})` : r.domain}. Its credentials are in ${r.path} (readable only by you); the token was not stored.`,
  );
  io.out('Next: auth0-mcp plan, then auth0-mcp apply. "auth0-mcp logout" forgets them and offers to delete the application.');
}
