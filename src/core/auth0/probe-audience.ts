// Verify's "token for another API" probe needs a token the tenant really signed, for an audience that is not the MCP
// server's, obtained without handing the server any privileged credential: a throwaway API with no permissions, a
// client grant for it to the Management application, and that application's client-credentials token. Both objects
// are recorded in the restore journal BEFORE they are created (write-ahead, like apply), and deleted afterwards, so a
// crash or Ctrl-C leaves nothing that `restore` cannot take away. Restore deletes only APIs under PROBE_API_PREFIX.

import { randomBytes } from 'node:crypto';
import type { ManagementSession } from './management-session';
import type { RestoreJournal } from './restore-journal';
import { entryKey, type RestoreEntry } from './restore-record';
import { deleteProbeObjects, PROBE_API_PREFIX, type ProbeRelease } from './probe-objects';
import { deleteApiById, deleteGrantById } from './tenant-gateway';
import { errorMessage } from '../plan/types';

export const PROBE_API_NAME = 'auth0-mcp verify probe - temporary, deleted after the check';

export interface ProbeAudience {
  /** The throwaway API's identifier: the probe token's `aud`. */
  readonly identifier: string;
  /** A client-credentials token for it, from the tenant's token endpoint, sent with `fetchFn`. */
  token(fetchFn: typeof fetch): Promise<string>;
  /** Deletes the grant and the API (idempotent); what remains is left to `restore`. */
  release(): Promise<ProbeRelease>;
}

/** Creates the throwaway API and its grant; on a failure halfway, deletes what it made and rethrows. */
export async function createProbeAudience(session: ManagementSession, journal: RestoreJournal, clientId: string): Promise<ProbeAudience> {
  const identifier = `${PROBE_API_PREFIX}${randomBytes(9).toString('base64url')}`;
  const entries: RestoreEntry[] = [
    { kind: 'probe-api', identifier },
    { kind: 'probe-grant', audience: identifier, clientId },
  ];
  await journal.record(entries);
  // The ids the creates returned: deleting by id takes one round trip (both at once); without them, look them up.
  const made: { apiId?: string; grantId?: string } = {};
  let released: Promise<ProbeRelease> | undefined;
  const release = () =>
    (released ??= (
      made.apiId && made.grantId ? deleteByIds(session, identifier, made.apiId, made.grantId) : deleteProbeObjects(session, identifier, clientId)
    ).then(async (release) => {
      if (release.deleted) await journal.markRestored(entries.map(entryKey));
      return release;
    }));
  try {
    made.apiId = (
      await session.call(`creating the temporary API ${identifier}`, (c) =>
        c.resourceServers.create({ identifier, name: PROBE_API_NAME, signing_alg: 'RS256', token_dialect: 'access_token' }),
      )
    ).id;
    made.grantId = (
      await session.call(`granting the Management application the temporary API ${identifier}`, (c) =>
        c.clientGrants.create({ client_id: clientId, audience: identifier, scope: [] }),
      )
    ).id;
  } catch (error) {
    await release();
    throw error;
  }
  return { identifier, token: (fetchFn) => session.clientCredentialsToken(identifier, fetchFn), release };
}

/** Both deletes at once (a grant whose API went first is gone already: a 404 counts as deleted). */
async function deleteByIds(session: ManagementSession, identifier: string, apiId: string, grantId: string): Promise<ProbeRelease> {
  const gone = (work: Promise<void>) => work.catch((error: unknown) => ((error as { code?: string }).code === 'http_404' ? undefined : Promise.reject(error)));
  try {
    await Promise.all([gone(deleteGrantById(session, grantId)), gone(deleteApiById(session, apiId))]);
    return { deleted: true, detail: `deleted the temporary API ${identifier} and its grant` };
  } catch (error) {
    return {
      deleted: false,
      detail: `the temporary API ${identifier} was not deleted (${errorMessage(error)}): run "auth0-mcp restore" (or Restore Previous Tenant Settings)`,
    };
  }
}
