// Saved credentials belong to one tenant: a workspace naming another domain never sends them there, never deletes
// them, and is asked to connect its own tenant. Two Management API stand-ins record every request they receive.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, createManagementSession } from '../../src/core/auth0';
import { TenantCredentials, connectWithSavedCredentials, type Auth0Credentials, type SecretStore } from '../../src/core/auth0/tenant-credentials';
import { ALL_SCOPES, startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';

let a: ManagementApiStandin;
let b: ManagementApiStandin;
let keychain: Map<string, string>;
let saved: TenantCredentials;

beforeEach(async () => {
  a = await startManagementApiStandin({
    host: 'tenant-a.us.auth0.com',
    applications: [{ clientId: 'tenant-a-m2m', clientSecret: 'tenant-a-secret', scopes: ALL_SCOPES }],
  });
  b = await startManagementApiStandin({ host: 'tenant-b.eu.auth0.com' });
  keychain = new Map();
  const store: SecretStore = {
    get: async (k) => keychain.get(k),
    store: async (k, v) => void keychain.set(k, v),
    delete: async (k) => void keychain.delete(k),
  };
  saved = new TenantCredentials(store);
});

afterEach(async () => {
  await Promise.all([a.close(), b.close()]);
});

/** What the extension does with the workspace's domain setting: reach that tenant, wherever a stand-in plays it. */
function open(domain: string) {
  const origins: Record<string, string> = { [a.host]: a.origin, [b.host]: b.origin };
  return connectWithSavedCredentials(domain, saved, async (host, credentials) => {
    const session = createManagementSession({
      domain: host,
      origin: origins[host],
      credentials:
        credentials.kind === 'token' ? credentials : { kind: 'client-credentials', clientId: credentials.clientId, clientSecret: credentials.clientSecret },
    });
    return connect(session);
  });
}

const aClient = (): Auth0Credentials => ({ kind: 'client', clientId: a.application.clientId, clientSecret: a.application.clientSecret });

describe('credentials bound to their tenant', () => {
  it("a workspace naming tenant B gets no request out with A's credentials, keeps them, and is asked to connect B", async () => {
    await saved.save(a.host, aClient());
    await expect(open(b.host)).rejects.toMatchObject({
      code: 'not_connected',
      message: `No credentials are saved for ${b.host}.`,
      fix: expect.stringContaining(`"Connect to Auth0" for ${b.host}`),
    });
    expect(b.requests).toEqual([]);
    expect(a.requests).toEqual([]);
    expect(await saved.get(a.host)).toEqual(aClient());
    // A's own workspace still connects, however its domain is spelled.
    expect((await open(`https://${a.host.toUpperCase()}/`)).host).toBe(a.host);
    expect(b.requests).toEqual([]);
  });

  it('a pasted token for A is never sent to B either', async () => {
    const token = a.issueToken();
    await saved.save(a.host, { kind: 'token', token });
    await expect(open(b.host)).rejects.toMatchObject({ code: 'not_connected' });
    expect(b.requests).toEqual([]);
    expect(await saved.get(a.host)).toEqual({ kind: 'token', token });
  });

  it("B refusing its own credentials forgets B's only; A's stay and were never sent to B", async () => {
    await saved.save(a.host, aClient());
    await saved.save(b.host, { kind: 'client', clientId: b.application.clientId, clientSecret: 'wrong-secret' });
    await expect(open(b.host)).rejects.toMatchObject({ code: 'bad_credentials' });
    expect(await saved.get(b.host)).toBeUndefined();
    expect(await saved.get(a.host)).toEqual(aClient());
    expect(JSON.stringify(b.requests.map((r) => r.body))).not.toContain(a.application.clientId);
    expect(a.requests).toEqual([]);
  });

  it('never reads credentials saved before they were bound to a tenant, and forgetting removes them', async () => {
    keychain.set('auth0Mcp.clientId', a.application.clientId);
    keychain.set('auth0Mcp.clientSecret', a.application.clientSecret);
    await expect(open(b.host)).rejects.toMatchObject({ code: 'not_connected' });
    await expect(open(a.host)).rejects.toMatchObject({ code: 'not_connected' });
    expect([...a.requests, ...b.requests]).toEqual([]);
    await saved.forget(a.host);
    expect([...keychain.keys()]).toEqual([]);
  });
});
