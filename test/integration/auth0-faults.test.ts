// Faults: rate limits, server errors, expired tokens, missing scopes, bad domains and credentials, concurrency.

import { afterEach, describe, expect, it } from 'vitest';
import { checkPlan, connect, createManagementSession, desiredTenant, STEP, type ManagementSessionOptions } from '../../src/core/auth0';
import { UserError } from '../../src/core/plan/types';
import { startManagementApiStandin, standinConnection, type ManagementApiStandin } from '../support/management-api-standin';

const RESOURCE = 'https://my-app.ngrok-free.app';
let standin: ManagementApiStandin;

afterEach(async () => {
  await standin?.close();
});

async function start(latencyMs = 0, overrides: Partial<ManagementSessionOptions> = {}) {
  standin = await startManagementApiStandin({ latencyMs });
  const session = createManagementSession({ ...standinConnection(standin), ...overrides });
  const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE });
  return { session, desired };
}

const settingsGets = () => standin.requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/tenants/settings');

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('rate limits and server errors', () => {
  it('waits out a 429 (X-RateLimit-Reset, no Retry-After) and then succeeds', async () => {
    const { session, desired } = await start();
    standin.fail({ status: 429, path: '/api/v2/tenants/settings', retryAfterSeconds: 1 });
    const plan = await checkPlan(session, desired);
    expect(plan.steps.find((s) => s.id === STEP.settings)?.status).toBe('change');
    const [limited, retried] = settingsGets();
    expect(limited.status).toBe(429);
    expect(retried.status).toBe(200);
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(900);
  });

  it('retries a 5xx and succeeds when the server recovers', async () => {
    const { session } = await start();
    standin.fail({ status: 503, path: '/api/v2/tenants/settings' });
    await connect(session);
    expect(settingsGets().map((r) => r.status)).toEqual([503, 200]);
  });

  it('gives up on a persistent 5xx after a bounded number of attempts, naming the operation', async () => {
    const { session } = await start(0, { maxRetries: 1 });
    standin.fail({ status: 500, path: '/api/v2/tenants/settings', times: 10 });
    const error = await userErrorOf(connect(session));
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('HTTP 500 while reading the tenant settings');
    expect(settingsGets()).toHaveLength(2);
  });

  it('turns a hanging attempt into a retry, within the retry bound', async () => {
    const { session } = await start(0, { attemptTimeoutMs: 200, maxRetries: 1 });
    standin.fail({ status: 200, path: '/api/v2/tenants/settings', delayMs: 500, times: 2 });
    const error = await userErrorOf(connect(session));
    expect(error.code).toBe('timeout');
    expect(settingsGets()).toHaveLength(2);
  });

  it('never has more than 2 requests in flight', async () => {
    const { session, desired } = await start(40);
    await checkPlan(session, desired, { scanDcrClients: true });
    expect(standin.maxInFlight).toBe(2);
    expect(session.stats.maxInFlight).toBe(2);
  });
});

describe('tokens and scopes', () => {
  it('re-acquires an expired client-credentials token once', async () => {
    const { session, desired } = await start();
    await connect(session);
    standin.expireTokens();
    standin.clearLog();
    const plan = await checkPlan(session, desired);
    expect(plan.steps.every((s) => s.status !== 'error')).toBe(true);
    expect(standin.requests.some((r) => r.status === 401)).toBe(true);
    expect(standin.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
  });

  it('says a pasted token expired instead of retrying it', async () => {
    standin = await startManagementApiStandin();
    const token = standin.issueToken();
    standin.expireTokens();
    const session = createManagementSession(standinConnection(standin, { token }));
    const error = await userErrorOf(connect(session));
    expect(error.code).toBe('bad_token');
    expect(error.fix).toContain('API Explorer');
    expect(error.message).not.toContain(token);
  });

  it('names the missing scope of a failed read and lists every scope the product needs', async () => {
    standin = await startManagementApiStandin();
    const session = createManagementSession(
      standinConnection(standin, { token: standin.issueToken(['read:tenant_settings', 'read:connections', 'read:client_grants']) }),
    );
    const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE });
    const api = (await checkPlan(session, desired)).steps.find((s) => s.id === STEP.api)!;
    expect(api.status).toBe('error');
    expect(api.summary).toContain('read:resource_servers');
    expect(api.diagnosis?.fix).toContain('create:client_grants, read:tenant_settings');
  });

  it('connect names every missing scope from the token at once', async () => {
    standin = await startManagementApiStandin();
    const session = createManagementSession(standinConnection(standin, { token: standin.issueToken(['read:connections']) }));
    const error = await userErrorOf(connect(session));
    expect(error.code).toBe('insufficient_scope');
    expect(error.message).toContain('read:resource_servers');
    expect(error.message).toContain('update:tenant_settings');
    expect(error.message).not.toContain('read:connections,');

    standin.fail({ status: 403, path: '/api/v2/tenants/settings', scope: 'read:tenant_settings' });
    const partial = createManagementSession(standinConnection(standin));
    expect((await userErrorOf(connect(partial))).message).toContain('read:tenant_settings');
  });

  it('reports the tenant name and no missing scopes when everything is granted', async () => {
    const { session } = await start();
    expect(await connect(session)).toMatchObject({ host: standin.host, tenantName: 'Stand-in tenant', missingScopes: [] });
  });
});

describe('bad input', () => {
  it('rejects a wrong client secret without echoing it', async () => {
    standin = await startManagementApiStandin();
    const session = createManagementSession({
      ...standinConnection(standin),
      credentials: { kind: 'client-credentials', clientId: 'standin-m2m-client', clientSecret: 'wrong-secret-123' },
    });
    const error = await userErrorOf(connect(session));
    expect(error.code).toBe('bad_credentials');
    expect(error.message).toContain('rejected the client id or secret');
    expect(`${error.message} ${error.fix}`).not.toContain('wrong-secret-123');
  });

  it('says the domain cannot be reached when nothing answers', async () => {
    standin = await startManagementApiStandin();
    const origin = standin.origin;
    await standin.close();
    const session = createManagementSession({ domain: 'tenant.standin.test', origin, credentials: { kind: 'token', token: 'x' } });
    const error = await userErrorOf(connect(session));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('Cannot reach Auth0 at tenant.standin.test');
  });

  it('says which domains are not valid before any request', () => {
    expect(() => createManagementSession({ domain: 'https://tenant.auth0.com/api/v2', credentials: { kind: 'token', token: 'x' } })).toThrow(
      /more than a domain/,
    );
    expect(() => createManagementSession({ domain: 'my tenant', credentials: { kind: 'token', token: 'x' } })).toThrow(UserError);
  });

  it('accepts a loopback origin override only over http on loopback', () => {
    expect(() =>
      createManagementSession({ domain: 'tenant.auth0.com', origin: 'http://evil.example.com', credentials: { kind: 'token', token: 'x' } }),
    ).toThrow(/loopback/);
  });
});
