// What a restore will do, in words: one line per journal entry, then what it refuses and why.

import type { RestoreEntry, RestoreRecord } from './restore-record';

/** One line per entry, for previews ("default_audience → \"\"", "delete the API …"). */
export function describeRestoreEntry(entry: RestoreEntry): string {
  switch (entry.kind) {
    case 'setting':
      return `${entry.field} → ${JSON.stringify(entry.previous)}`;
    case 'flag':
      return `flags.${entry.field} → ${JSON.stringify(entry.previous)}`;
    case 'connection':
      return `${entry.name}: is_domain_connection → ${entry.previous}`;
    case 'api-field':
      return `API ${entry.identifier}: ${entry.field} → ${JSON.stringify(entry.previous)}`;
    case 'created-api':
      return `delete the API ${entry.identifier} (created by apply)`;
    case 'created-grant':
      return `delete the default permissions for third-party applications on ${entry.audience} (created by apply)`;
    case 'added-permission':
      return `API ${entry.identifier}: remove the permission ${entry.scope} (added by apply)`;
    case 'added-grant-scope':
      return `default permissions on ${entry.audience}: remove the scope ${entry.scope} (added by apply)`;
    case 'created-own-app':
      return `the application "${entry.name}" stays (Disconnect or auth0-mcp logout deletes it)`;
    case 'probe-api':
      return `delete the temporary API ${entry.identifier} (created by verify)`;
    case 'probe-grant':
      return `delete the temporary grant of ${entry.audience} to ${entry.clientId} (created by verify)`;
  }
}

/** The lines a restore preview shows: what will be put back, then what is refused and why (never acted on). */
export function restorePreview(record: RestoreRecord): string[] {
  return [
    ...record.entries.map(describeRestoreEntry),
    ...(record.refused ?? []).map((r) => `refused, not restored (this product never writes it): ${r.what} (${r.reason})`),
  ];
}
