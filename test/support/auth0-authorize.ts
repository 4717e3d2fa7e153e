// How a real Auth0 tenant judges an /authorize request before anyone signs in, read from the LIVE tenant data the
// Management API stand-in holds (settings, APIs, grants, connections, clients). Pure: the oidc-provider stand-in
// asks it and then either lets the request through (rewritten so that `resource` is the audience Auth0 chose) or
// shows the refusal. Every rule names its source in test/support/README.md ("Authorization against live tenant data").

import { nextLogId } from './log-events';
import type { TenantData } from './management-api-standin';

type Obj = Record<string, unknown>;

export const USERINFO_AUDIENCE_ERROR = 'The userinfo audience is not allowed for third party clients. Please specify a valid API audience.';
export const NO_CONNECTIONS_ERROR = 'no connections enabled for the client';

export interface Refusal {
  error: string;
  description: string;
  /** The client, when it exists: refusals for unknown clients are never redirected. */
  client?: Obj;
  audience?: string;
}

export type AuthorizeDecision = { ok: true; audience: string | undefined; client: Obj } | ({ ok: false } & Refusal);

export function findClient(tenant: TenantData, clientId: string | null): Obj | undefined {
  return clientId ? tenant.clients.find((c) => c.client_id === clientId) : undefined;
}

/** Third-party: `is_first_party: false` (every DCR client, `tpc_…`). */
export function isThirdParty(client: Obj | undefined): boolean {
  return client !== undefined && client.is_first_party === false;
}

export function findApi(tenant: TenantData, identifier: string | undefined): Obj | undefined {
  return identifier === undefined ? undefined : tenant.resourceServers.find((r) => r.identifier === identifier);
}

/**
 * The audience Auth0 uses: `audience` if sent; else `resource` only under the compatibility profile; else the
 * tenant's Default Audience; else none (the userinfo audience).
 */
export function chooseAudience(tenant: TenantData, query: URLSearchParams): string | undefined {
  const explicit = query.get('audience');
  if (explicit) return explicit;
  const resource = query.get('resource');
  if (resource && tenant.settings.resource_parameter_profile === 'compatibility') return resource;
  const fallback = tenant.settings.default_audience;
  return typeof fallback === 'string' && fallback ? fallback : undefined;
}

export function judgeAuthorize(tenant: TenantData, query: URLSearchParams): AuthorizeDecision {
  const clientId = query.get('client_id');
  const client = findClient(tenant, clientId);
  if (!client) return { ok: false, error: 'invalid_request', description: `Unknown client: ${clientId ?? ''}` };
  const thirdParty = isThirdParty(client);
  const audience = chooseAudience(tenant, query);
  if (audience === undefined) {
    if (thirdParty) return { ok: false, error: 'access_denied', description: USERINFO_AUDIENCE_ERROR, client };
  } else {
    const api = findApi(tenant, audience);
    if (!api) return { ok: false, error: 'access_denied', description: `Service not found: ${audience}`, client, audience };
    const policy = (api.subject_type_authorization as { user?: { policy?: string } } | undefined)?.user?.policy ?? 'allow_all';
    const granted = tenant.clientGrants.some(
      (g) => g.audience === audience && (g.client_id === client.client_id || (thirdParty && g.default_for === 'third_party_clients')),
    );
    // Third-party apps need a grant even under allow_all; first-party apps only under require_client_grant.
    const needsGrant = thirdParty || policy === 'require_client_grant';
    if (api.is_system === true || policy === 'deny_all' || (needsGrant && !granted)) {
      return {
        ok: false,
        error: 'access_denied',
        description: `Client "${String(client.client_id)}" is not authorized to access resource server "${audience}".`,
        client,
        audience,
      };
    }
  }
  const usable = tenant.connections.filter((c) => (thirdParty ? c.is_domain_connection === true : true));
  if (!usable.length) return { ok: false, error: 'invalid_request', description: NO_CONNECTIONS_ERROR, client, audience };
  return { ok: true, audience, client };
}

/** Open-redirect protection: a strict third-party app's errors stay on Auth0's error page unless it allows redirects. */
export function redirectsErrors(client: Obj | undefined): boolean {
  if (!client) return false;
  if (!isThirdParty(client)) return true;
  return client.redirection_policy === 'allow_always' || client.third_party_security_mode !== 'strict';
}

/** The failed-authorization event the tenant logs (type `f`), as the shared notes' "Logs" section describes it. */
export function failureLog(refusal: Refusal, query: URLSearchParams, hostname: string): Obj {
  return {
    log_id: nextLogId(),
    date: new Date().toISOString(),
    type: 'f',
    description: refusal.description,
    client_id: query.get('client_id') ?? undefined,
    client_name: refusal.client?.name,
    ...(refusal.audience ? { audience: refusal.audience } : {}),
    scope: query.get('scope') ?? undefined,
    ip: '127.0.0.1',
    user_agent: 'oidc-tenant stand-in',
    hostname,
    details: { qs: Object.fromEntries(query), error: { message: refusal.description } },
  };
}
