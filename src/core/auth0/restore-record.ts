// The previous values of tenant-wide fields the product changed, so "Restore previous tenant settings" can put them back.
// The caller persists the record (the CLI: .auth0-mcp/ in the working directory; the extension: its storage).

import type { FieldChange } from '../plan/types';
import type { ManagementSession } from './management-session';
import { patchSettings, setDomainConnection, type SettingsPatch } from './tenant-gateway';

export interface RestoreRecord {
  version: 1;
  host: string;
  savedAt: string;
  settings: {
    default_audience?: string;
    resource_parameter_profile?: 'audience' | 'compatibility';
    authorization_response_iss_parameter_supported?: boolean;
  };
  flags: { enable_dynamic_client_registration?: boolean };
  connections: Array<{ id: string; name: string; isDomainConnection: boolean }>;
}

export function emptyRestoreRecord(host: string, now = new Date()): RestoreRecord {
  return { version: 1, host, savedAt: now.toISOString(), settings: {}, flags: {}, connections: [] };
}

export function isEmptyRestoreRecord(record: RestoreRecord): boolean {
  return !Object.keys(record.settings).length && !Object.keys(record.flags).length && !record.connections.length;
}

/** Keeps the oldest value of each field: after several applies, restore still returns to the tenant as it was first found. */
export function mergeRestoreRecords(older: RestoreRecord | undefined, newer: RestoreRecord): RestoreRecord {
  if (!older || older.host !== newer.host) return newer;
  const connections = [...older.connections];
  for (const c of newer.connections) if (!connections.some((o) => o.id === c.id)) connections.push(c);
  return {
    version: 1,
    host: newer.host,
    savedAt: newer.savedAt,
    settings: { ...newer.settings, ...older.settings },
    flags: { ...newer.flags, ...older.flags },
    connections,
  };
}

export function parseRestoreRecord(text: string): RestoreRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<RestoreRecord>;
    if (value.version !== 1 || typeof value.host !== 'string') return undefined;
    return { version: 1, host: value.host, savedAt: String(value.savedAt ?? ''), settings: value.settings ?? {}, flags: value.flags ?? {}, connections: value.connections ?? [] };
  } catch {
    return undefined;
  }
}

export interface RestoreReport {
  restored: FieldChange[];
  failed: Array<{ what: string; message: string; fix: string }>;
  /** What is still to restore (empty when everything went back); persist it in place of the old record. */
  remaining: RestoreRecord;
}

/** Writes the recorded values back: one tenant settings PATCH (flags with just the DCR flag), one PATCH per connection. */
export async function restoreTenant(session: ManagementSession, record: RestoreRecord): Promise<RestoreReport> {
  const restored: FieldChange[] = [];
  const failed: RestoreReport['failed'] = [];
  const remaining: RestoreRecord = { ...record, settings: {}, flags: {}, connections: [] };
  const patch: SettingsPatch = { ...record.settings };
  if (record.flags.enable_dynamic_client_registration !== undefined) {
    patch.flags = { enable_dynamic_client_registration: record.flags.enable_dynamic_client_registration };
  }
  if (Object.keys(patch).length) {
    try {
      await patchSettings(session, patch, 'restoring the tenant settings');
      for (const [field, value] of Object.entries(record.settings)) restored.push({ field, current: undefined, desired: value });
      if (patch.flags) restored.push({ field: 'flags.enable_dynamic_client_registration', current: undefined, desired: patch.flags.enable_dynamic_client_registration });
    } catch (error) {
      const e = error as { message: string; fix?: string };
      failed.push({ what: 'tenant settings', message: e.message, fix: e.fix ?? '' });
      remaining.settings = record.settings;
      remaining.flags = record.flags;
    }
  }
  await Promise.all(
    record.connections.map(async (c) => {
      try {
        await setDomainConnection(session, c.id, c.name, c.isDomainConnection);
        restored.push({ field: `${c.name}.is_domain_connection`, current: undefined, desired: c.isDomainConnection });
      } catch (error) {
        const e = error as { message: string; fix?: string };
        failed.push({ what: `connection ${c.name}`, message: e.message, fix: e.fix ?? '' });
        remaining.connections.push(c);
      }
    }),
  );
  return { restored, failed, remaining };
}
