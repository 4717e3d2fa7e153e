// The product's own Management API application: from one pasted Management API token (the dashboard's API Explorer
// issues one carrying every scope), create a machine-to-machine application the user recognises in the dashboard, with
// a client grant for exactly the scopes the product needs, and hand back its credentials; the token is then forgotten.
// Run again with a token, it reuses that application and sets its grant to exactly what this version needs (the
// missing-scope upgrade). The creation is journalled before the request, so a crash never leaves an unknown
// application behind: the next run finds it by its marker and reuses it, and Disconnect / logout delete it.

import { parseAuth0Domain } from '../config/domain';
import { UserError } from '../plan/types';
import type { ManagementSession } from './management-session';
import type { RestoreJournal } from './restore-journal';
import { OWN_APP_NAME } from './own-app-name';
import { REQUIRED_SCOPES, missingScopes, scopesFromAccessToken } from './scopes';

export { OWN_APP_NAME };
export const OWN_APP_DESCRIPTION =
  'Created by the Auth0 for ChatGPT Apps extension / auth0-mcp CLI to configure this tenant for a ChatGPT app. ' +
  'Disconnect (or `auth0-mcp logout`) offers to delete it.';
/** client_metadata marking the application as this product's (values must be strings). */
export const OWN_APP_METADATA = { auth0_mcp: 'management' } as const;

/** What the pasted token itself must allow: find, create and authorize the application. */
export const BOOTSTRAP_SCOPES = [
  'read:clients',
  'create:clients',
  'read:client_keys',
  'read:client_grants',
  'create:client_grants',
  'update:client_grants',
] as const;

export interface OwnApplication {
  clientId: string;
  clientSecret: string;
  name: string;
  /** True when an application made earlier by the product was found and reused. */
  reused: boolean;
  /** The grant's scopes after this run: exactly the product's needs. */
  scopes: string[];
  /** Scopes this run added to an existing grant (the upgrade); empty for a new application. */
  addedScopes: string[];
}

const MAX_PAGES = 20;

/** The tenant a Management API token belongs to: its audience `https://{tenant}/api/v2/` (else its issuer). */
export function tenantOfToken(token: string): string {
  let payload: { aud?: unknown; iss?: unknown } | undefined;
  try {
    payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { aud?: unknown; iss?: unknown };
  } catch {
    payload = undefined;
  }
  const aud = [payload?.aud].flat().find((a): a is string => typeof a === 'string' && /\/api\/v2\/?$/.test(a));
  const from = aud ?? (typeof payload?.iss === 'string' ? payload.iss : undefined);
  if (!from || !URL.canParse(from) || !scopesFromAccessToken(token)) {
    throw new UserError(
      'That does not look like a Management API token (a JWT whose audience is https://<tenant>/api/v2/).',
      "Copy the token from the dashboard's API Explorer (Applications > APIs > Auth0 Management API > API Explorer).",
      'bad_token',
    );
  }
  return parseAuth0Domain(new URL(from).host).host;
}

/**
 * The sign-in domain the user named and the tenant the token is for. Another *.auth0.com domain is another tenant:
 * refused. A custom domain signs in for the token's tenant, whose canonical host then carries the Management API.
 */
export function pairDomainWithToken(domain: string | undefined, token: string): { domain: string; managementHost: string } {
  const managementHost = tenantOfToken(token);
  if (!domain) return { domain: managementHost, managementHost };
  const host = parseAuth0Domain(domain).host;
  if (host !== managementHost && /\.auth0(app)?\.com$/.test(host)) {
    throw new UserError(
      `The token is for the tenant ${managementHost}, not ${host}.`,
      `Copy a token from ${host}'s own dashboard (API Explorer), or connect ${managementHost} instead.`,
      'tenant_mismatch',
    );
  }
  return { domain: host, managementHost };
}

/** Names the scopes a pasted token lacks for creating the application, before any request (undefined: not a readable JWT). */
export function tokenBootstrapGaps(token: string): string[] | undefined {
  const granted = scopesFromAccessToken(token);
  if (!granted) return undefined;
  const have = new Set(granted);
  return BOOTSTRAP_SCOPES.filter((s) => !have.has(s));
}

function tokenLacks(scopes: readonly string[]): UserError {
  return new UserError(
    `The Management API token lacks ${scopes.join(', ')}, which creating the product's own application needs.`,
    "Copy the token from the dashboard's API Explorer (Applications > APIs > Auth0 Management API > API Explorer): it carries every Management API scope.",
    'insufficient_scope',
  );
}

/**
 * Creates (or reuses) the product's application and sets its Management API grant to exactly REQUIRED_SCOPES.
 * `session` must use the pasted token; `known` is the client id already stored for this tenant, if any.
 */
export async function ensureOwnApplication(session: ManagementSession, journal: RestoreJournal, known?: { clientId: string }): Promise<OwnApplication> {
  const gaps = tokenBootstrapGaps(await session.accessToken());
  if (gaps?.length) throw tokenLacks(gaps);
  try {
    const existing = await findOwnApplication(session, known?.clientId);
    let clientId: string;
    let clientSecret: string;
    if (existing) {
      clientId = existing;
      clientSecret = await readSecret(session, clientId);
    } else {
      // Write-ahead: the journal knows an application is about to exist before the request goes out.
      await journal.record([{ kind: 'created-own-app', name: OWN_APP_NAME }]);
      const created = await session.call('creating the application for the Management API', (c) =>
        c.clients.create({
          name: OWN_APP_NAME,
          description: OWN_APP_DESCRIPTION,
          app_type: 'non_interactive',
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'client_secret_post',
          client_metadata: { ...OWN_APP_METADATA },
        }),
      );
      if (!created.client_id || !created.client_secret) {
        throw new UserError(
          'Auth0 created the application but returned no client id or secret.',
          'Run the connection again: it reuses that application.',
          'server_error',
        );
      }
      clientId = created.client_id;
      clientSecret = created.client_secret;
    }
    const added = await grantExactly(session, clientId);
    return { clientId, clientSecret, name: OWN_APP_NAME, reused: Boolean(existing), scopes: [...REQUIRED_SCOPES], addedScopes: existing ? added : [] };
  } catch (error) {
    // A token whose scope claim could not be read: the 403 names the scope instead.
    if (
      error instanceof UserError &&
      error.code === 'insufficient_scope' &&
      /create:clients|read:client_keys|:client_grants|read:clients/.test(error.message)
    ) {
      const named = BOOTSTRAP_SCOPES.filter((s) => error.message.includes(s));
      if (named.length) throw tokenLacks(named);
    }
    throw error;
  }
}

/** The product's application on this tenant: the stored client id when it still exists, else the one carrying the marker. */
export async function findOwnApplication(session: ManagementSession, knownClientId?: string): Promise<string | undefined> {
  return session.call("looking for the product's own application", async (c) => {
    let page = await c.clients.list({ app_type: 'non_interactive', fields: 'client_id,name,client_metadata', include_fields: true, per_page: 100 });
    for (let n = 1; ; n++) {
      const ours = page.data.filter((client) => client.client_metadata?.auth0_mcp === OWN_APP_METADATA.auth0_mcp && client.client_id);
      const match = ours.find((client) => client.client_id === knownClientId) ?? ours[0];
      if (match?.client_id) return match.client_id;
      if (!page.hasNextPage() || n >= MAX_PAGES) return undefined;
      page = await page.getNextPage();
    }
  });
}

async function readSecret(session: ManagementSession, clientId: string): Promise<string> {
  const client = await session.call("reading the product's application", (c) =>
    c.clients.get(clientId, { fields: 'client_id,client_secret', include_fields: true }),
  );
  if (!client.client_secret) throw tokenLacks(['read:client_keys']);
  return client.client_secret;
}

/** The application's Management API grant, set to exactly the product's scopes; returns the scopes it added. */
async function grantExactly(session: ManagementSession, clientId: string): Promise<string[]> {
  const audience = session.managementDomain.managementAudience;
  const page = await session.call('reading the application’s Management API grant', (c) => c.clientGrants.list({ client_id: clientId, audience }));
  const grant = page.data.find((g) => g.client_id === clientId && g.audience === audience);
  if (!grant?.id) {
    await session.call('authorizing the application for the Management API', (c) =>
      c.clientGrants.create({ client_id: clientId, audience, scope: [...REQUIRED_SCOPES] }),
    );
    return [...REQUIRED_SCOPES];
  }
  const current = grant.scope ?? [];
  const added = missingScopes(current);
  const extra = current.filter((s) => !(REQUIRED_SCOPES as readonly string[]).includes(s));
  if (added.length || extra.length) {
    await session.call('updating the application’s Management API scopes', (c) => c.clientGrants.update(grant.id!, { scope: [...REQUIRED_SCOPES] }));
  }
  return added;
}

/**
 * Deletes the product's application (its grant first, so nothing dangles whatever Auth0 does with the grants of a
 * deleted client) and retires the journal's record of it. Works with the application's own credentials
 * (delete:clients, delete:client_grants are among its scopes). False when it was already gone.
 */
export async function deleteOwnApplication(session: ManagementSession, journal: RestoreJournal, clientId: string): Promise<boolean> {
  const audience = session.managementDomain.managementAudience;
  const gone = (error: unknown) => error instanceof UserError && error.code === 'http_404';
  const grants = await session.call('reading the application’s grants', (c) => c.clientGrants.list({ client_id: clientId }));
  for (const g of grants.data.filter((g) => g.client_id === clientId && g.audience === audience && g.id)) {
    await session
      .call('deleting the application’s Management API grant', (c) => c.clientGrants.delete(g.id!))
      .catch((e) => {
        if (!gone(e)) throw e;
      });
  }
  let deleted = true;
  await session
    .call("deleting the product's own application", (c) => c.clients.delete(clientId))
    .catch((e) => {
      if (!gone(e)) throw e;
      deleted = false;
    });
  await journal.markRestored([`created-own-app:${OWN_APP_NAME}`]);
  return deleted;
}
