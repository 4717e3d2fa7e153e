// Deleting verify's throwaway API and its grant: shared by the probe's own release and by restore (which must never
// delete anything else, so only identifiers under PROBE_API_PREFIX, a reserved .invalid host, are touched).

import type { ManagementSession } from './management-session';
import { ignoreNotFound } from './errors';
import { deleteApiById, deleteGrantById, getApi } from './tenant-gateway';
import { errorMessage } from '../plan/types';

/** Every probe API's identifier starts with this (a reserved .invalid host: it can never name a real server). */
export const PROBE_API_PREFIX = 'https://verify-probe.auth0-mcp.invalid/';

export function isProbeApiIdentifier(identifier: string): boolean {
  return identifier.startsWith(PROBE_API_PREFIX) && /^[A-Za-z0-9_-]+$/.test(identifier.slice(PROBE_API_PREFIX.length));
}

export interface ProbeRelease {
  deleted: boolean;
  detail: string;
}

/** Restore and release: the grant first (it names the API), then the API; gone already counts as done. */
export async function deleteProbeObjects(session: ManagementSession, identifier: string, clientId: string): Promise<ProbeRelease> {
  if (!isProbeApiIdentifier(identifier)) return { deleted: false, detail: `${identifier} is not a probe API: left alone` };
  try {
    const grants = await session.call(`reading the grants of the temporary API ${identifier}`, (c) =>
      c.clientGrants.list({ audience: identifier, client_id: clientId }),
    );
    for (const grant of grants.data.filter((g) => g.audience === identifier && g.client_id === clientId && g.id)) {
      await ignoreNotFound(deleteGrantById(session, grant.id!));
    }
    const api = await getApi(session, identifier);
    if (api && !api.isSystem) await ignoreNotFound(deleteApiById(session, api.id));
    return { deleted: true, detail: `deleted the temporary API ${identifier} and its grant` };
  } catch (error) {
    return {
      deleted: false,
      detail: `the temporary API ${identifier} was not deleted (${errorMessage(error)}): run "auth0-mcp restore" (or Restore Previous Tenant Settings)`,
    };
  }
}
