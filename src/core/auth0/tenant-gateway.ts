// Every Management API call the plan makes, as small functions over the SDK that return the narrow views.
// Each call names its operation so a failure becomes a UserError that says what was being done.

import type { Permission } from '../scopes/auth0-scopes';
import type { ManagementSession } from './management-session';
import { CHATGPT_CIMD_CLIENT_PATTERN, type ApiView, type ConnectionView, type DcrClientView, type GrantView, type SettingsView } from './tenant-model';

const SETTINGS_FIELDS = [
  'friendly_name',
  'default_audience',
  'resource_parameter_profile',
  'authorization_response_iss_parameter_supported',
  'client_id_metadata_document_supported',
  'dynamic_client_registration_security_mode',
  'flags',
];
const CONNECTION_FIELDS = 'id,name,strategy,is_domain_connection';
/** Bounds listing loops on very large tenants. */
const MAX_PAGES = 10;

interface RawResourceServer {
  id?: string;
  identifier?: string;
  name?: string;
  signing_alg?: string;
  token_dialect?: string;
  is_system?: boolean;
  allow_offline_access?: boolean;
  subject_type_authorization?: { user?: { policy?: string }; client?: { policy?: string } };
  scopes?: Array<{ value?: string; description?: string }>;
}

function toApiView(rs: RawResourceServer): ApiView {
  return {
    id: rs.id ?? '',
    identifier: rs.identifier ?? '',
    name: rs.name,
    signingAlg: rs.signing_alg,
    tokenDialect: rs.token_dialect,
    userPolicy: rs.subject_type_authorization?.user?.policy,
    clientPolicy: rs.subject_type_authorization?.client?.policy,
    isSystem: rs.is_system,
    allowOfflineAccess: rs.allow_offline_access,
    scopes: (rs.scopes ?? [])
      .filter((p) => typeof p.value === 'string')
      .map((p) => ({ value: p.value!, ...(p.description !== undefined ? { description: p.description } : {}) })),
  };
}

interface RawSettings {
  friendly_name?: string;
  default_audience?: string;
  resource_parameter_profile?: string;
  authorization_response_iss_parameter_supported?: boolean | null;
  client_id_metadata_document_supported?: boolean;
  dynamic_client_registration_security_mode?: string;
  flags?: { enable_dynamic_client_registration?: boolean };
}

function toSettingsView(s: RawSettings): SettingsView {
  return {
    friendlyName: s.friendly_name,
    defaultAudience: s.default_audience || undefined,
    resourceParameterProfile: s.resource_parameter_profile,
    issParameterSupported: s.authorization_response_iss_parameter_supported ?? undefined,
    cimdSupported: s.client_id_metadata_document_supported,
    dcrSecurityMode: s.dynamic_client_registration_security_mode,
    dcrEnabled: s.flags?.enable_dynamic_client_registration,
  };
}

function toConnectionView(c: { id?: string; name?: string; strategy?: string; is_domain_connection?: boolean }): ConnectionView {
  return { id: c.id ?? '', name: c.name ?? '', strategy: c.strategy, isDomainConnection: c.is_domain_connection === true };
}

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 404;
}

function isConflict(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 409;
}

/** GET /resource-servers/{identifier}: the endpoint takes the id or the (url-encoded) identifier. */
export function getApi(session: ManagementSession, identifier: string): Promise<ApiView | null> {
  return session.call(`reading the API "${identifier}"`, async (c) => {
    try {
      return toApiView(await c.resourceServers.get(identifier));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  });
}

export function createApi(session: ManagementSession, identifier: string, name: string): Promise<ApiView> {
  return session.call(`creating the API "${identifier}"`, async (c) => {
    try {
      return toApiView(
        await c.resourceServers.create({
          identifier,
          name,
          signing_alg: 'RS256',
          token_dialect: 'access_token',
          allow_offline_access: true,
          subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'deny_all' } },
        }),
      );
    } catch (error) {
      // Someone (or an earlier, interrupted run) created it meanwhile: converge on it instead of failing.
      if (isConflict(error)) return toApiView(await c.resourceServers.get(identifier));
      throw error;
    }
  });
}

export interface ApiPatch {
  signing_alg?: 'RS256';
  token_dialect?: 'access_token';
  allow_offline_access?: true;
  subject_type_authorization?: { user: { policy: 'allow_all' }; client?: { policy: 'deny_all' | 'require_client_grant' } };
}

export function updateApi(session: ManagementSession, id: string, patch: ApiPatch): Promise<ApiView> {
  return session.call('updating the API', async (c) => toApiView(await c.resourceServers.update(id, patch)));
}

/** PATCH the API's permissions: Auth0 replaces the whole list, so `scopes` is the full list (see permissionsAfter). */
export function setApiScopes(
  session: ManagementSession,
  id: string,
  scopes: readonly Permission[],
  operation = "updating the API's permissions",
): Promise<ApiView> {
  return session.call(operation, async (c) =>
    toApiView(
      await c.resourceServers.update(id, {
        scopes: scopes.map((p) => ({ value: p.value, ...(p.description !== undefined ? { description: p.description } : {}) })),
      }),
    ),
  );
}

export function deleteApiById(session: ManagementSession, id: string): Promise<void> {
  return session.call('deleting the API', async (c) => {
    await c.resourceServers.delete(id);
  });
}

/**
 * The default third-party grant for `audience`, whatever its subject type says: tenants that refuse subject_type on
 * default grants read one back as "client" (shared notes, "Default grants and subject_type"). One request.
 */
export function findDefaultGrant(session: ManagementSession, audience: string): Promise<GrantView | null> {
  return session.call('reading the default permissions for third-party applications', async (c) => {
    const page = await c.clientGrants.list({ audience, default_for: 'third_party_clients' });
    // A grant without a client_id can only be a default grant, whether or not the server echoes default_for.
    const grants = page.data.filter((g) => g.audience === audience && (g.default_for === 'third_party_clients' || !g.client_id));
    const grant = grants.find((g) => g.subject_type === 'user') ?? grants[0];
    return grant ? { id: grant.id ?? '', audience, scope: grant.scope ?? [], subjectType: grant.subject_type } : null;
  });
}

/**
 * Creates the default grant with subject_type "user" (Auth0's docs); when the tenant refuses subject_type on
 * default grants (the Auth0 CLI's reading: a 400), once more without it. A 409 means it exists: nothing is
 * created twice. `scope` is always sent: Auth0 refuses a grant without it.
 */
export function createDefaultGrant(session: ManagementSession, audience: string, scope: readonly string[] = []): Promise<GrantView | null> {
  return session.call('creating the default permissions for third-party applications', async (c) => {
    const create = async (withSubject: boolean): Promise<GrantView | null> => {
      try {
        const grant = await c.clientGrants.create({
          default_for: 'third_party_clients',
          audience,
          scope: [...scope],
          ...(withSubject ? { subject_type: 'user' as const } : {}),
        });
        return { id: grant.id ?? '', audience, scope: grant.scope ?? [], subjectType: grant.subject_type ?? (withSubject ? 'user' : undefined) };
      } catch (error) {
        if (isConflict(error)) return null; // already there: the next check reads it
        if (withSubject && refusesSubjectType(error)) return create(false);
        throw error;
      }
    };
    return create(true);
  });
}

function refusesSubjectType(error: unknown): boolean {
  const e = error as { statusCode?: number; body?: unknown; message?: string } | undefined;
  if (e?.statusCode !== 400) return false;
  const text = `${typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? '')} ${e.message ?? ''}`;
  return /subject_type/i.test(text);
}

/** PATCH the grant's scope: Auth0 replaces the whole list, so `scope` is the full list (see grantScopeAfter). */
export function setGrantScope(
  session: ManagementSession,
  grant: GrantView,
  scope: readonly string[],
  operation = 'updating the scopes of the default permissions for third-party applications',
): Promise<GrantView> {
  return session.call(operation, async (c) => {
    const after = await c.clientGrants.update(grant.id, { scope: [...scope] });
    return { ...grant, scope: after.scope ?? [...scope] };
  });
}

/** Restore only: removes a default grant that apply created. */
export function deleteGrantById(session: ManagementSession, id: string): Promise<void> {
  return session.call('deleting the default permissions for third-party applications', async (c) => {
    await c.clientGrants.delete(id);
  });
}

export function getSettings(session: ManagementSession): Promise<SettingsView> {
  return session.call('reading the tenant settings', async (c) =>
    toSettingsView(await c.tenants.settings.get({ fields: SETTINGS_FIELDS.join(','), include_fields: true })),
  );
}

export interface SettingsPatch {
  default_audience?: string;
  resource_parameter_profile?: 'audience' | 'compatibility';
  authorization_response_iss_parameter_supported?: boolean;
  flags?: { enable_dynamic_client_registration: boolean };
}

export function patchSettings(session: ManagementSession, patch: SettingsPatch, operation = 'updating the tenant settings'): Promise<SettingsView> {
  return session.call(operation, async (c) => toSettingsView(await c.tenants.settings.update(patch)));
}

/** One name: the API's name filter (one request). Several: one listing narrowed to four fields, paged. */
export function listConnections(session: ManagementSession, names: readonly string[]): Promise<ConnectionView[]> {
  return session.call('reading the login connections', async (c) => {
    const wanted = new Set(names);
    const found: ConnectionView[] = [];
    let page = await c.connections.list(
      names.length === 1 ? { name: names[0], fields: CONNECTION_FIELDS, include_fields: true } : { fields: CONNECTION_FIELDS, include_fields: true, take: 100 },
    );
    for (let n = 1; ; n++) {
      for (const conn of page.data) if (conn.name && wanted.has(conn.name)) found.push(toConnectionView(conn));
      if (names.length === 1 || !page.hasNextPage() || n >= MAX_PAGES) break;
      page = await page.getNextPage();
    }
    return found;
  });
}

export function setDomainConnection(session: ManagementSession, id: string, name: string, value: boolean): Promise<ConnectionView> {
  // Never send `options`: a PATCH with options replaces all of them.
  return session.call(`updating the connection "${name}"`, async (c) => toConnectionView(await c.connections.update(id, { is_domain_connection: value })));
}

/** Whether a client imported from ChatGPT's metadata document exists: its id is a per-server chatgpt.com URL. */
export function isCimdClientImported(session: ManagementSession): Promise<boolean> {
  return session.call("looking for ChatGPT's CIMD client", async (c) => {
    const page = await c.clients.list({ is_first_party: false, fields: 'client_id,external_client_id', include_fields: true, per_page: 100 });
    return page.data.some((client) =>
      [client.client_id, (client as { external_client_id?: string }).external_client_id].some(
        (id) => typeof id === 'string' && CHATGPT_CIMD_CLIENT_PATTERN.test(id),
      ),
    );
  });
}

export function listDcrClients(session: ManagementSession): Promise<DcrClientView[]> {
  return session.call('listing the dynamically registered clients', async (c) => {
    const clients: DcrClientView[] = [];
    let page = await c.clients.list({
      is_first_party: false,
      fields: 'client_id,name,callbacks,external_metadata_type',
      include_fields: true,
      per_page: 100,
    });
    for (let n = 1; ; n++) {
      for (const client of page.data) {
        const id = client.client_id ?? '';
        if (isDcrClientId(id) || (client as { external_metadata_type?: string }).external_metadata_type === 'dcr') {
          clients.push({ clientId: id, name: client.name, callbacks: client.callbacks ?? [] });
        }
      }
      if (!page.hasNextPage() || n >= MAX_PAGES) break;
      page = await page.getNextPage();
    }
    return clients;
  });
}

export function isDcrClientId(clientId: string): boolean {
  return clientId.startsWith('tpc_');
}

export function deleteClient(session: ManagementSession, clientId: string): Promise<void> {
  return session.call(`deleting the client ${clientId}`, async (c) => {
    await c.clients.delete(clientId);
  });
}
