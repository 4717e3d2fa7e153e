// One pasted Management API token makes the product's own least-privilege application: created as Auth0 does it,
// its grant naming exactly the needed scopes, its credentials working on their own; a later token only updates the
// grant; Disconnect / logout delete it. The Management API stand-in plays the tenant.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  REQUIRED_SCOPES,
  checkTenantDomain,
  connect,
  createManagementSession,
  deleteOwnApplication,
  ensureOwnApplication,
  memoryRestoreJournal,
  OWN_APP_NAME,
  type RestoreJournal,
} from '../../src/core/auth0';
import { EXPLORER_SCOPES, startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';

let standin: ManagementApiStandin;
let journal: RestoreJournal;

beforeEach(async () => {
  standin = await startManagementApiStandin({ host: 'own-app.us.auth0.com' });
  journal = memoryRestoreJournal(standin.host);
});

afterEach(() => standin.close());

const tokenSession = (token: string) => createManagementSession({ domain: standin.host, origin: standin.origin, credentials: { kind: 'token', token } });
const appSession = (clientId: string, clientSecret: string) =>
  createManagementSession({ domain: standin.host, origin: standin.origin, credentials: { kind: 'client-credentials', clientId, clientSecret }, ownApp: true });

describe("the product's own application", () => {
  it('is created as a machine-to-machine application with a grant for exactly the needed scopes, and its credentials work', async () => {
    const app = await ensureOwnApplication(tokenSession(standin.issueToken(EXPLORER_SCOPES)), journal);
    const created = standin.data.clients.find((c) => c.client_id === app.clientId)!;
    expect(created).toMatchObject({ name: OWN_APP_NAME, app_type: 'non_interactive', client_metadata: { auth0_mcp: 'management' } });
    expect(String(created.description)).toMatch(/auth0-mcp/);
    expect(app.clientSecret).toBe(created.client_secret);
    const grants = standin.data.clientGrants.filter((g) => g.client_id === app.clientId);
    expect(grants).toHaveLength(1);
    expect(grants[0].audience).toBe(`https://${standin.host}/api/v2/`);
    expect([...(grants[0].scope as string[])].sort()).toEqual([...REQUIRED_SCOPES].sort());
    // The journal knew before the creation went out.
    expect((await journal.read()).entries).toEqual([{ kind: 'created-own-app', name: OWN_APP_NAME }]);
    const writes = standin.writes().map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual(['POST /api/v2/clients', 'POST /api/v2/client-grants']);

    // The new credentials on their own: a token whose scope is exactly the grant, and a read that works.
    const session = appSession(app.clientId, app.clientSecret);
    const result = await connect(session);
    expect([...(result.grantedScopes ?? [])].sort()).toEqual([...REQUIRED_SCOPES].sort());
    expect(result.missingScopes).toEqual([]);
  });

  it('a token without create:clients gets an error naming it, and nothing is written', async () => {
    const token = standin.issueToken(EXPLORER_SCOPES.filter((s) => s !== 'create:clients'));
    await expect(ensureOwnApplication(tokenSession(token), journal)).rejects.toMatchObject({
      code: 'insufficient_scope',
      message: expect.stringContaining('create:clients'),
    });
    expect(standin.writes()).toEqual([]);
    expect(standin.data.clients.some((c) => c.name === OWN_APP_NAME)).toBe(false);
  });

  it('an opaque token lacking create:clients is named from the 403', async () => {
    const jwt = standin.issueToken(EXPLORER_SCOPES.filter((s) => s !== 'create:clients'));
    // The same token, but one the product cannot read the scope claim of (as a non-JWT token would be).
    const session = tokenSession(jwt);
    const opaque = { ...session, accessToken: async () => 'opaque' };
    await expect(ensureOwnApplication(opaque, journal)).rejects.toMatchObject({
      code: 'insufficient_scope',
      message: expect.stringContaining('create:clients'),
    });
  });

  it('a second token reuses the application and brings its grant back to exactly the needed scopes (the upgrade)', async () => {
    const first = await ensureOwnApplication(tokenSession(standin.issueToken(EXPLORER_SCOPES)), journal);
    // An older version's grant: two scopes short, one too many.
    const grant = standin.data.clientGrants.find((g) => g.client_id === first.clientId)!;
    grant.scope = [...REQUIRED_SCOPES.filter((s) => s !== 'read:logs' && s !== 'update:client_grants'), 'read:users'];
    const before = await connect(appSession(first.clientId, first.clientSecret));
    expect(before.missingScopes).toEqual(['read:logs', 'update:client_grants']);

    standin.clearLog();
    const again = await ensureOwnApplication(tokenSession(standin.issueToken(EXPLORER_SCOPES)), journal, { clientId: first.clientId });
    expect(again).toMatchObject({
      clientId: first.clientId,
      clientSecret: first.clientSecret,
      reused: true,
      addedScopes: ['read:logs', 'update:client_grants'],
    });
    expect(standin.writes().map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /api/v2/client-grants/${String(grant.id)}`]);
    expect([...(grant.scope as string[])].sort()).toEqual([...REQUIRED_SCOPES].sort());
    expect(standin.data.clients.filter((c) => c.name === OWN_APP_NAME)).toHaveLength(1);
    const after = await connect(appSession(first.clientId, first.clientSecret));
    expect(after.missingScopes).toEqual([]);
  });

  it('is deleted with its own credentials, grant first, and the journal forgets it', async () => {
    const app = await ensureOwnApplication(tokenSession(standin.issueToken(EXPLORER_SCOPES)), journal);
    expect(await deleteOwnApplication(appSession(app.clientId, app.clientSecret), journal, app.clientId)).toBe(true);
    expect(standin.data.clients.some((c) => c.client_id === app.clientId)).toBe(false);
    expect(standin.data.clientGrants.some((g) => g.client_id === app.clientId)).toBe(false);
    expect((await journal.read()).entries).toEqual([]);
  });
});

describe('checking a typed domain', () => {
  it('accepts an Auth0 tenant by its discovery document', async () => {
    await expect(checkTenantDomain(`https://${standin.host}/`, { origin: standin.origin })).resolves.toEqual({
      host: standin.host,
      issuer: `https://${standin.host}/`,
    });
  });

  it('refuses a host that is no Auth0 tenant, naming what it answered', async () => {
    standin.serveDiscovery = false;
    await expect(checkTenantDomain(standin.host, { origin: standin.origin, face: 'editor' })).rejects.toMatchObject({
      code: 'not_auth0',
      message: expect.stringContaining('HTTP 404'),
      fix: expect.stringContaining('my-tenant.us.auth0.com'),
    });
  });

  it('an unreachable host says so; the editor is told which VS Code settings apply', async () => {
    await standin.close();
    const error = await checkTenantDomain(standin.host, { origin: standin.origin, face: 'editor' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unreachable', fix: expect.stringContaining('http.proxy') });
    expect((error as { fix: string }).fix).not.toMatch(/AUTH0_/);
    standin = await startManagementApiStandin();
  });
});
