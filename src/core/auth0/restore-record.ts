// What "Restore" puts back: one entry per tenant value the product changed (its previous value) or object it created
// (to delete). Entries are written ahead: durably recorded before the request that changes the value goes out, and
// kept whatever that request's outcome (an unknown outcome is restored like a success). See restore-journal.ts.

import type { FieldChange } from '../plan/types';
import type { ManagementSession } from './management-session';
import { ignoreNotFound } from './errors';
import { API_NAME_PREFIX } from './checks/api';
import type { ApiView } from './tenant-model';
import { grantScopeWithout, permissionsWithout } from '../scopes/auth0-scopes';
import {
  deleteApiById,
  deleteGrantById,
  findDefaultGrant,
  getApi,
  patchSettings,
  setApiScopes,
  setDomainConnection,
  setGrantScope,
  updateApi,
  type ApiPatch,
  type SettingsPatch,
} from './tenant-gateway';
import { deleteProbeObjects } from './probe-objects';

export type SettingField = 'default_audience' | 'resource_parameter_profile' | 'authorization_response_iss_parameter_supported';
export type ApiField = 'signing_alg' | 'token_dialect' | 'allow_offline_access' | 'subject_type_authorization';

export type RestoreEntry =
  | { kind: 'setting'; field: SettingField; previous: string | boolean }
  | { kind: 'flag'; field: 'enable_dynamic_client_registration'; previous: boolean }
  | { kind: 'connection'; id: string; name: string; previous: boolean }
  | { kind: 'api-field'; id: string; identifier: string; field: ApiField; previous: unknown }
  /** Recorded before the create: restore deletes the API with this identifier if it exists. */
  | { kind: 'created-api'; identifier: string }
  /** Recorded before the create: restore deletes the default grant for third-party clients on this audience. */
  | { kind: 'created-grant'; audience: string }
  /** Recorded before the Scopes step adds a permission to the API: restore removes that permission only. */
  | { kind: 'added-permission'; identifier: string; scope: string }
  /** Recorded before the Scopes step adds a scope to the default grant: restore removes that scope only. */
  | { kind: 'added-grant-scope'; audience: string; scope: string }
  /**
   * Recorded before the product creates its own Management API application (core/auth0/own-application). Kept in
   * the login's own journal, not a project's: Disconnect / `auth0-mcp logout` delete it, restore leaves it (it is
   * the access restore itself runs with).
   */
  | { kind: 'created-own-app'; name: string }
  /** Recorded before verify creates its throwaway API (the other-audience probe): restore deletes it (probe-audience.ts). */
  | { kind: 'probe-api'; identifier: string }
  /** Recorded before verify grants that API to the Management application: restore deletes that grant. */
  | { kind: 'probe-grant'; audience: string; clientId: string };

export interface RestoreRecord {
  host: string;
  /** The oldest entry per value: restore returns to the tenant as the product first found it. */
  entries: RestoreEntry[];
  /** Lines this product could not have written (a carried journal, a hand edit): named, never restored. */
  refused?: Array<{ what: string; reason: string }>;
}

export function entryKey(entry: RestoreEntry): string {
  switch (entry.kind) {
    case 'setting':
    case 'flag':
      return `${entry.kind}:${entry.field}`;
    case 'connection':
      return `connection:${entry.id}`;
    case 'api-field':
      return `api:${entry.id}:${entry.field}`;
    case 'created-api':
      return `created-api:${entry.identifier}`;
    case 'created-grant':
      return `created-grant:${entry.audience}`;
    case 'added-permission':
      return `added-permission:${entry.identifier}:${entry.scope}`;
    case 'added-grant-scope':
      return `added-grant-scope:${entry.audience}:${entry.scope}`;
    case 'created-own-app':
      return `created-own-app:${entry.name}`;
    case 'probe-api':
      return `probe-api:${entry.identifier}`;
    case 'probe-grant':
      return `probe-grant:${entry.audience}:${entry.clientId}`;
  }
}

export function emptyRestoreRecord(host: string): RestoreRecord {
  return { host, entries: [] };
}

export function isEmptyRestoreRecord(record: RestoreRecord): boolean {
  return record.entries.length === 0;
}

/** Entries from a record an earlier version kept whole ({version: 1, settings, flags, connections}); [] for anything else. */
export function legacyRestoreEntries(value: unknown): RestoreEntry[] {
  const v = value as { version?: unknown; settings?: Record<string, unknown>; flags?: Record<string, unknown>; connections?: unknown[] } | null;
  if (!v || v.version !== 1) return [];
  const settingFields: SettingField[] = ['default_audience', 'resource_parameter_profile', 'authorization_response_iss_parameter_supported'];
  const entries: RestoreEntry[] = [];
  for (const field of settingFields) {
    const previous = v.settings?.[field];
    if (typeof previous === 'string' || typeof previous === 'boolean') entries.push({ kind: 'setting', field, previous });
  }
  const dcr = v.flags?.enable_dynamic_client_registration;
  if (typeof dcr === 'boolean') entries.push({ kind: 'flag', field: 'enable_dynamic_client_registration', previous: dcr });
  for (const c of v.connections ?? []) {
    const { id, name, isDomainConnection } = (c ?? {}) as { id?: unknown; name?: unknown; isDomainConnection?: unknown };
    if (typeof id === 'string' && typeof name === 'string' && typeof isDomainConnection === 'boolean')
      entries.push({ kind: 'connection', id, name, previous: isDomainConnection });
  }
  return entries;
}

export interface RestoreReport {
  restored: FieldChange[];
  failed: Array<{ what: string; message: string; fix: string }>;
  /** Keys of the entries put back (see entryKey); the journal marks them done. */
  restoredKeys: string[];
  /** What is still to restore (empty when everything went back). */
  remaining: RestoreRecord;
}

type Failure = { message: string; fix?: string };

/**
 * Puts everything back: the settings first (the default audience may name an API about to be deleted), the
 * connections, the APIs' fields, then the default grants and APIs apply created. Each part is idempotent, so a
 * restore interrupted halfway is finished by running it again.
 */
export async function restoreTenant(session: ManagementSession, record: RestoreRecord): Promise<RestoreReport> {
  const restored: FieldChange[] = [];
  const failed: RestoreReport['failed'] = [];
  const done = new Set<string>();
  const attempt = async (what: string, entries: RestoreEntry[], run: () => Promise<void>) => {
    if (!entries.length) return;
    try {
      await run();
      for (const e of entries) {
        done.add(entryKey(e));
        restored.push(restoredChange(e));
      }
    } catch (error) {
      const e = error as Failure;
      failed.push({ what, message: e.message, fix: e.fix ?? 'Run restore again.' });
    }
  };
  const of = <K extends RestoreEntry['kind']>(kind: K) => record.entries.filter((e): e is Extract<RestoreEntry, { kind: K }> => e.kind === kind);

  const settings = [...of('setting'), ...of('flag')];
  await attempt('tenant settings', settings, async () => {
    const patch: SettingsPatch = {};
    for (const e of settings) {
      if (e.kind === 'flag') patch.flags = { enable_dynamic_client_registration: e.previous };
      else (patch as Record<string, unknown>)[e.field] = e.previous;
    }
    await patchSettings(session, patch, 'restoring the tenant settings');
  });
  await Promise.all(
    of('connection').map((c) => attempt(`connection ${c.name}`, [c], async () => void (await setDomainConnection(session, c.id, c.name, c.previous)))),
  );
  const created = new Set(of('created-api').map((e) => e.identifier));
  const fieldsById = new Map<string, Extract<RestoreEntry, { kind: 'api-field' }>[]>();
  for (const e of of('api-field')) fieldsById.set(e.id, [...(fieldsById.get(e.id) ?? []), e]);
  for (const [id, fields] of fieldsById) {
    // An API that apply created goes away entirely; its fields need no restoring.
    if (created.has(fields[0].identifier)) {
      for (const f of fields) done.add(entryKey(f));
      continue;
    }
    await attempt(`API ${fields[0].identifier}`, fields, async () => {
      const patch = Object.fromEntries(fields.map((f) => [f.field, f.previous])) as ApiPatch;
      await ignoreNotFound(updateApi(session, id, patch));
    });
  }
  // Scopes the Scopes step added, and only those: grant scopes first (a grant names the API's permissions), then the
  // permissions. Skipped where the grant or API itself goes away below.
  const createdGrants = new Set(of('created-grant').map((e) => e.audience));
  for (const [audience, entries] of groupBy(of('added-grant-scope'), (e) => e.audience)) {
    if (createdGrants.has(audience) || created.has(audience)) {
      for (const e of entries) done.add(entryKey(e));
      continue;
    }
    await attempt(`scopes of the default permissions on ${audience}`, entries, async () => {
      const grant = await findDefaultGrant(session, audience);
      const added = entries.map((e) => e.scope);
      if (grant?.id && grant.scope.some((s) => added.includes(s))) {
        await ignoreNotFound(
          setGrantScope(session, grant, grantScopeWithout(grant.scope, added), 'restoring the scopes of the default permissions for third-party applications'),
        );
      }
    });
  }
  for (const [identifier, entries] of groupBy(of('added-permission'), (e) => e.identifier)) {
    if (created.has(identifier)) {
      for (const e of entries) done.add(entryKey(e));
      continue;
    }
    await attempt(`permissions of the API ${identifier}`, entries, async () => {
      const api = await getApi(session, identifier);
      const added = entries.map((e) => e.scope);
      if (api && (api.scopes ?? []).some((p) => added.includes(p.value))) {
        await ignoreNotFound(setApiScopes(session, api.id, permissionsWithout(api.scopes, added), "restoring the API's permissions"));
      }
    });
  }
  for (const g of of('created-grant')) {
    await attempt(`default permissions on ${g.audience}`, [g], async () => {
      const grant = await findDefaultGrant(session, g.audience);
      if (grant?.id) await ignoreNotFound(deleteGrantById(session, grant.id));
    });
  }
  for (const a of of('created-api')) {
    await attempt(`API ${a.identifier}`, [a], async () => {
      const api = await getApi(session, a.identifier);
      if (api && !api.isSystem && assertOwn(api, a.identifier)) await ignoreNotFound(deleteApiById(session, api.id));
    });
  }
  // Verify's throwaway API and its grant (left by a crash or Ctrl-C): deleted together, only under the probe prefix.
  const probeGrants = of('probe-grant');
  for (const p of of('probe-api')) {
    const grants = probeGrants.filter((g) => g.audience === p.identifier);
    await attempt(`temporary API ${p.identifier}`, [p, ...grants], async () => {
      for (const g of grants.length ? grants : [undefined]) {
        const outcome = await deleteProbeObjects(session, p.identifier, g?.clientId ?? '');
        if (!outcome.deleted) throw new Error(outcome.detail);
      }
    });
  }
  return { restored, failed, restoredKeys: [...done], remaining: { host: record.host, entries: record.entries.filter((e) => !done.has(entryKey(e))) } };
}

/**
 * Deletes only what this product made: an API it created carries its name. Another API with that identifier (a
 * journal carried from elsewhere, or an API the user made) is left alone, and restore says so. (A default grant
 * carries no such mark: the product may have created one on the user's own API, so grants are not checked.)
 */
function assertOwn(api: ApiView | null | undefined, identifier: string): true {
  if (!api || (api.name ?? '').startsWith(API_NAME_PREFIX)) return true;
  throw Object.assign(new Error(`The API ${identifier} ("${(api.name ?? '').slice(0, 80)}") was not created by this product (its name does not start with "${API_NAME_PREFIX}"); it was not deleted.`), {
    fix: 'Delete it in the Auth0 dashboard if it really is yours to remove; the journal entry naming it is kept.',
  });
}

function restoredChange(e: RestoreEntry): FieldChange {
  switch (e.kind) {
    case 'setting':
      return { field: e.field, current: undefined, desired: e.previous };
    case 'flag':
      return { field: `flags.${e.field}`, current: undefined, desired: e.previous };
    case 'connection':
      return { field: `${e.name}.is_domain_connection`, current: undefined, desired: e.previous };
    case 'api-field':
      return { field: `${e.identifier}.${e.field}`, current: undefined, desired: e.previous };
    case 'created-api':
      return { field: `API ${e.identifier}`, current: e.identifier, desired: null };
    case 'created-grant':
      return { field: `default grant on ${e.audience}`, current: e.audience, desired: null };
    case 'added-permission':
      return { field: `API permission ${e.scope}`, current: e.scope, desired: null };
    case 'added-grant-scope':
      return { field: `Third-party grant scope ${e.scope}`, current: e.scope, desired: null };
    case 'created-own-app':
      return { field: `application ${e.name}`, current: e.name, desired: null };
    case 'probe-api':
      return { field: `temporary API ${e.identifier}`, current: e.identifier, desired: null };
    case 'probe-grant':
      return { field: `temporary grant on ${e.audience}`, current: e.audience, desired: null };
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
