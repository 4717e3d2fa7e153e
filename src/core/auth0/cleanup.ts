// Explicit, user-chosen deletions: stale DCR (tpc_) clients and the API of a previous URL. Never part of apply.

import { UserError } from '../plan/types';
import type { ManagementSession } from './management-session';
import { deleteApiById, deleteClient, getApi, isDcrClientId, listDcrClients } from './tenant-gateway';
import type { DcrClientView } from './tenant-model';

export type { DcrClientView };

/** One request per 100 clients. */
export function scanDcrClients(session: ManagementSession): Promise<DcrClientView[]> {
  return listDcrClients(session);
}

export interface DeleteReport {
  deleted: string[];
  failed: Array<{ id: string; message: string; fix: string }>;
}

/** Deletes only the picked ids, and only DCR (tpc_) ones: a first-party application can never be deleted from here. */
export async function deleteDcrClients(session: ManagementSession, clientIds: readonly string[]): Promise<DeleteReport> {
  const report: DeleteReport = { deleted: [], failed: [] };
  await Promise.all(
    [...new Set(clientIds)].map(async (id) => {
      if (!isDcrClientId(id)) {
        report.failed.push({ id, message: `${id} is not a dynamically registered (tpc_) client.`, fix: 'Delete other applications in the Auth0 dashboard.' });
        return;
      }
      try {
        await deleteClient(session, id);
        report.deleted.push(id);
      } catch (error) {
        const e = error as UserError;
        report.failed.push({ id, message: e.message, fix: e.fix });
      }
    }),
  );
  return report;
}

/** Deletes the API with this identifier, refusing the one the server uses now and Auth0's own Management API. */
export async function deletePreviousApi(session: ManagementSession, identifier: string, currentIdentifier: string): Promise<boolean> {
  if (identifier === currentIdentifier) {
    throw new UserError(`"${identifier}" is the API your MCP server uses now.`, 'Only an API of a previous URL can be deleted here.', 'api_in_use');
  }
  const api = await getApi(session, identifier);
  if (!api) return false;
  if (api.isSystem || identifier === session.domain.managementAudience || identifier === session.managementDomain.managementAudience) {
    throw new UserError(`"${identifier}" is Auth0's own Management API.`, 'It cannot be deleted.', 'api_system');
  }
  await deleteApiById(session, api.id);
  return true;
}
