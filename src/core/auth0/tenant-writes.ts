// The writes behind each step's apply: only the fields that differ, each one's previous value recorded for restore
// BEFORE its request goes out (write-ahead), and folded back into the snapshot from the server's answers so the plan
// after apply needs no second round of reads.

import { UserError } from '../plan/types';
import { grantScopeAfter, permissionsAfter, scopeSync } from '../scopes/auth0-scopes';
import type { DesiredTenant } from './desired-state';
import type { ManagementSession } from './management-session';
import type { RestoreEntry, SettingField } from './restore-record';
import { apiChanges } from './checks/api';
import { foreignDefaultAudience, settingsChanges } from './checks/settings';
import { STEP, type Auth0StepId } from '../plan/steps';
import {
  createApi,
  createDefaultGrant,
  findDefaultGrant,
  patchSettings,
  setApiScopes,
  setDomainConnection,
  setGrantScope,
  updateApi,
  type ApiPatch,
  type SettingsPatch,
} from './tenant-gateway';
import type { TenantSnapshot } from './tenant-model';

export interface WriteContext {
  session: ManagementSession;
  desired: DesiredTenant;
  /** Updated in place with what the server returned. */
  snapshot: TenantSnapshot;
  /**
   * Durably records what a write is about to replace (or create), then sends the write. A write the tenant
   * definitely refused (a 4xx that no earlier attempt could have landed) voids its entries: nothing changed.
   */
  guarded<T>(entries: RestoreEntry[], send: () => Promise<T>): Promise<T>;
}

export type StepWriter = (ctx: WriteContext) => Promise<void>;

async function writeApi({ session, desired, snapshot, guarded }: WriteContext): Promise<void> {
  if (!snapshot.api.ok) throw snapshot.api.error;
  const api = snapshot.api.value;
  if (!api) {
    snapshot.api = { ok: true, value: await guarded([{ kind: 'created-api', identifier: desired.identifier }], () => createApi(session, desired.identifier, desired.apiName)) };
    return;
  }
  const fields = new Set(apiChanges(api, desired).map((c) => c.field));
  if (!fields.size) return;
  const patch: ApiPatch = {};
  if (fields.has('signing_alg')) patch.signing_alg = 'RS256';
  if (fields.has('token_dialect')) patch.token_dialect = 'access_token';
  if (fields.has('allow_offline_access')) patch.allow_offline_access = true;
  if (fields.has('subject_type_authorization.user.policy')) {
    // Keep the client-flow policy the user chose.
    const policy = api.clientPolicy;
    const client = policy === 'deny_all' || policy === 'require_client_grant' ? { policy: policy as 'deny_all' | 'require_client_grant' } : undefined;
    patch.subject_type_authorization = { user: { policy: 'allow_all' }, ...(client ? { client } : {}) };
  }
  const previous: Record<string, unknown> = {
    signing_alg: api.signingAlg,
    token_dialect: api.tokenDialect,
    allow_offline_access: api.allowOfflineAccess ?? false,
    subject_type_authorization: {
      ...(api.userPolicy ? { user: { policy: api.userPolicy } } : {}),
      ...(api.clientPolicy ? { client: { policy: api.clientPolicy } } : {}),
    },
  };
  const entries: RestoreEntry[] = (Object.keys(patch) as Array<keyof ApiPatch>).map((field) => ({
    kind: 'api-field',
    id: api.id,
    identifier: api.identifier,
    field,
    previous: previous[field],
  }));
  snapshot.api = { ok: true, value: await guarded(entries, () => updateApi(session, api.id, patch)) };
}

async function writeGrant({ session, desired, snapshot, guarded }: WriteContext): Promise<void> {
  if (!snapshot.api.ok || !snapshot.api.value) {
    throw new UserError('Skipped: the API does not exist yet.', 'Apply the API step first; a re-run does both.', 'needs_api');
  }
  const grant = await guarded([{ kind: 'created-grant', audience: desired.identifier }], () => createDefaultGrant(session, desired.identifier));
  snapshot.grant = { ok: true, value: grant ?? { id: '', audience: desired.identifier, scope: [] } };
}

/**
 * The API's permissions first (a grant names the API's permissions), then the grant's scope; each PATCH carries the
 * full list (Auth0 replaces it), the existing entries untouched. Recomputed from the snapshot: writes what the preview showed.
 */
async function writeScopes({ session, desired, snapshot, guarded }: WriteContext): Promise<void> {
  if (!snapshot.api.ok) throw snapshot.api.error;
  const api = snapshot.api.value;
  if (!api) throw new UserError('Skipped: the API does not exist yet.', 'Apply the API step first; a re-run does both.', 'needs_api');
  if (!snapshot.grant.ok) throw snapshot.grant.error;
  let grant = snapshot.grant.value;
  // Created by the grant step without an answer to read (a 409: it existed): read it now.
  if (!grant?.id) grant = await findDefaultGrant(session, desired.identifier);
  const sync = scopeSync(desired.scopeNeeds, api.scopes, grant?.scope ?? null);
  if (sync.addPermissions.length) {
    const entries: RestoreEntry[] = sync.addPermissions.map((p) => ({ kind: 'added-permission', identifier: api.identifier, scope: p.value }));
    snapshot.api = { ok: true, value: await guarded(entries, () => setApiScopes(session, api.id, permissionsAfter(api.scopes, sync.addPermissions))) };
  }
  if (!sync.addGrantScopes.length) return;
  if (!grant) {
    throw new UserError(
      `${sync.addPermissions.length ? 'Only the permissions were added: ' : 'Skipped: '}the default permissions for third-party applications do not exist yet.`,
      'Apply the "Default permissions for third-party applications" step first; a re-run does both.',
      sync.addPermissions.length ? 'partly_applied' : 'needs_api',
    );
  }
  const entries: RestoreEntry[] = sync.addGrantScopes.map((scope) => ({ kind: 'added-grant-scope', audience: desired.identifier, scope }));
  snapshot.grant = { ok: true, value: await guarded(entries, () => setGrantScope(session, grant, grantScopeAfter(grant.scope, sync.addGrantScopes))) };
}

async function writeSettings({ session, desired, snapshot, guarded }: WriteContext): Promise<void> {
  if (!snapshot.settings.ok) throw snapshot.settings.error;
  const current = snapshot.settings.value;
  const patch: SettingsPatch = {};
  const previous: Partial<Record<SettingField, string | boolean>> = {};
  let audienceSkipped = false;
  const foreign = desired.toggles.defaultAudience ? foreignDefaultAudience(snapshot, desired) : undefined;
  for (const change of settingsChanges(current, desired, foreign)) {
    if (change.field === 'default_audience') {
      if (!snapshot.api.ok || !snapshot.api.value) {
        audienceSkipped = true; // it must name an existing API
        continue;
      }
      patch.default_audience = desired.identifier;
      previous.default_audience = current.defaultAudience ?? '';
    } else if (change.field === 'resource_parameter_profile') {
      patch.resource_parameter_profile = 'compatibility';
      previous.resource_parameter_profile = current.resourceParameterProfile === 'compatibility' ? 'compatibility' : 'audience';
    } else if (change.field === 'authorization_response_iss_parameter_supported') {
      patch.authorization_response_iss_parameter_supported = true;
      previous.authorization_response_iss_parameter_supported = current.issParameterSupported ?? false;
    }
  }
  if (Object.keys(patch).length) {
    const entries: RestoreEntry[] = Object.entries(previous).map(([field, value]) => ({ kind: 'setting', field: field as SettingField, previous: value }));
    const after = await guarded(entries, () => patchSettings(session, patch));
    snapshot.settings = { ok: true, value: { ...current, ...after } };
  }
  if (audienceSkipped) {
    // The other fields were written, so this is a partial failure, not a skip.
    throw new UserError('default_audience was not set: it must name an existing API.', 'Apply the API step first; a re-run does both.', 'partly_applied');
  }
}

async function writeDcr({ session, snapshot, guarded }: WriteContext): Promise<void> {
  if (!snapshot.settings.ok) throw snapshot.settings.error;
  const current = snapshot.settings.value;
  if (current.dcrEnabled === true) return;
  // `flags` merges server-side: send only the one flag.
  const after = await guarded([{ kind: 'flag', field: 'enable_dynamic_client_registration', previous: current.dcrEnabled ?? false }], () =>
    patchSettings(session, { flags: { enable_dynamic_client_registration: true } }, 'turning on Dynamic Client Registration'),
  );
  snapshot.settings = { ok: true, value: { ...current, dcrEnabled: after.dcrEnabled } };
}

async function writeConnections({ session, snapshot, guarded }: WriteContext): Promise<void> {
  if (!snapshot.connections.ok) throw snapshot.connections.error;
  const connections = snapshot.connections.value;
  const results = await Promise.allSettled(
    connections
      .filter((c) => !c.isDomainConnection)
      .map(async (c) => {
        const after = await guarded([{ kind: 'connection', id: c.id, name: c.name, previous: false }], () => setDomainConnection(session, c.id, c.name, true));
        c.isDomainConnection = after.isDomainConnection;
      }),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

export const STEP_WRITERS: Partial<Record<Auth0StepId, StepWriter>> = {
  [STEP.api]: writeApi,
  [STEP.grant]: writeGrant,
  [STEP.scopes]: writeScopes,
  [STEP.settings]: writeSettings,
  [STEP.dcr]: writeDcr,
  [STEP.connections]: writeConnections,
};
