// The engine against stand-ins that answer like real Auth0 (shared notes, "What real tenants do that a friendly
// stand-in does not"): `auth0-mcp apply --yes` converges and `plan` then exits 0 in every mode, within the request
// budgets, and afterwards the authorization server (following the same live tenant) accepts ChatGPT's request.

import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, checkPlan, createManagementSession, desiredTenant, STEP } from '../../src/core/auth0';
import { startManagementApiStandin, standinConnection, type ManagementApiStandin, type StandinOptions } from '../support/management-api-standin';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { runCli, standinEnv } from '../support/run-cli';

const RESOURCE = 'https://my-app.ngrok-free.app/';
const CHATGPT_REDIRECT = 'https://chatgpt.com/connector_platform_oauth_redirect';
let standin: ManagementApiStandin | undefined;
let tenant: OidcTenant | undefined;
let cwd: string | undefined;

afterEach(async () => {
  await tenant?.close();
  await standin?.close();
  if (cwd) await rm(cwd, { recursive: true, force: true });
  tenant = standin = cwd = undefined;
});

async function cli(argv: string[], env: Record<string, string> = {}) {
  cwd ??= await mkdtemp(join(tmpdir(), 'auth0-mcp-real-'));
  // No server runs at RESOURCE: the embedded server's demo tools stand in for its tools/list.
  return runCli(argv, { cwd, env: { ...standinEnv(standin!, RESOURCE), AUTH0_MCP_TOOLS_FROM: 'embedded', ...env } });
}

/** ChatGPT's unattended first step: register, then GET /authorize with PKCE and the resource. Where does it land? */
async function chatgptProbe(): Promise<string> {
  tenant ??= await startOidcTenant({ tenant: standin!.data });
  const registered = await fetch(`${tenant.origin}/oidc/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'ChatGPT',
      redirect_uris: [CHATGPT_REDIRECT],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
    }),
  });
  if (registered.status !== 201) return `registration ${registered.status}: ${await registered.text()}`;
  const { client_id } = (await registered.json()) as { client_id: string };
  const url = new URL('/authorize', tenant.origin);
  url.search = new URLSearchParams({
    client_id,
    response_type: 'code',
    redirect_uri: CHATGPT_REDIRECT,
    scope: 'openid email offline_access profile',
    resource: RESOURCE,
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
    state: 's',
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  return location ? new URL(location, tenant.origin).pathname : `${response.status}: ${(await response.text()).slice(0, 300)}`;
}

const defaultGrants = () => standin!.data.clientGrants.filter((g) => g.default_for === 'third_party_clients' && g.audience === RESOURCE);

describe.each(['accepted', 'refused'] as const)('empty tenant, subject_type on default grants %s', (mode) => {
  const start = (options: StandinOptions = {}) => startManagementApiStandin({ subjectTypeOnDefaultGrants: mode, ...options });

  it('before apply ChatGPT is refused; apply --yes converges within budget, plan exits 0, ChatGPT reaches the login page', async () => {
    standin = await start();
    expect(await chatgptProbe()).toContain('registration 400');

    const applied = await cli(['apply', '--yes']);
    expect(applied.code, applied.err).toBe(0);
    // 4 reads, 2 creates, the tools' scopes onto the API and the grant, the connection, 2 settings writes; +1 spare.
    const budget = 12 + (mode === 'refused' ? 1 : 0);
    expect(standin.requests.filter((r) => r.path !== '/oauth/token').length).toBeLessThanOrEqual(budget);
    expect(defaultGrants()).toHaveLength(1);
    expect(defaultGrants()[0].subject_type).toBe(mode === 'accepted' ? 'user' : 'client');
    expect(standin.data.resourceServers.find((r) => r.identifier === RESOURCE)).toMatchObject({ allow_offline_access: true });

    standin.clearLog();
    const plan = await cli(['plan', '--json']);
    expect(plan.code, plan.out).toBe(0);
    const grant = (JSON.parse(plan.out) as { steps: Array<{ id: string; summary: string }> }).steps.find((s) => s.id === STEP.grant)!;
    expect(grant.summary).toContain(mode === 'accepted' ? 'subject_type "user"' : 'without subject_type');
    expect(standin.writes()).toEqual([]);
    expect(standin.requests.filter((r) => r.path !== '/oauth/token')).toHaveLength(4);

    expect(await chatgptProbe()).toBe('/u/login');
  });

  it('a second apply writes nothing and never creates the default grant twice', async () => {
    standin = await start();
    const session = createManagementSession(standinConnection(standin));
    const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE });
    const first = await applyPlan(session, await checkPlan(session, desired));
    expect(first.complete).toBe(true);
    expect(first.plan.converged).toBe(true);
    standin.clearLog();
    const second = await applyPlan(session, await checkPlan(session, desired));
    expect(second.outcomes).toEqual([]);
    expect(standin.writes()).toEqual([]);
    expect(defaultGrants()).toHaveLength(1);
  });
});

describe('rate limits on the token call', () => {
  it('waits out a 429 on the token call (X-RateLimit-Reset only) and converges', async () => {
    standin = await startManagementApiStandin();
    standin.fail({ status: 429, path: '/oauth/token', retryAfterSeconds: 1 });
    const applied = await cli(['apply', '--yes']);
    expect(applied.code, applied.err).toBe(0);
    expect(standin.requests.filter((r) => r.path === '/oauth/token').map((r) => r.status)).toEqual([429, 200]);
    expect((await cli(['plan'])).code).toBe(0);
  });

  it('a token call answered 429 three times in a row still converges (rate limits are waited out, not reported)', async () => {
    standin = await startManagementApiStandin();
    standin.fail({ status: 429, path: '/oauth/token', retryAfterSeconds: 0, times: 3 });
    const applied = await cli(['apply', '--yes']);
    expect(applied.code, applied.err).toBe(0);
    expect(applied.err).not.toContain('kept rate-limiting');
    expect(standin.requests.filter((r) => r.path === '/oauth/token').map((r) => r.status)).toEqual([429, 429, 429, 200]);
  });
});

describe('custom domain', () => {
  const CUSTOM = 'login.example.com';

  it('names the fix when the Management API token is asked for the custom domain', async () => {
    standin = await startManagementApiStandin({ host: 'dev-abc.us.auth0.com' });
    // The stand-in answers for the custom domain too (the origin override), as Auth0's token endpoint does.
    const result = await cli(['plan'], { AUTH0_DOMAIN: CUSTOM });
    expect(result.code).toBe(1);
    expect(result.err).toContain('Service not enabled within domain: https://login.example.com/api/v2/');
    expect(result.err).toContain('AUTH0_TENANT_DOMAIN');
    expect(standin.writes()).toEqual([]);
  });

  it('signs in on the custom domain while the Management API uses the canonical one: apply converges, plan exits 0', async () => {
    standin = await startManagementApiStandin({ host: 'dev-abc.us.auth0.com' });
    const env = { AUTH0_DOMAIN: CUSTOM, AUTH0_TENANT_DOMAIN: standin.host };
    const applied = await cli(['apply', '--yes'], env);
    expect(applied.code, applied.err).toBe(0);
    const token = standin.requests.find((r) => r.path === '/oauth/token')!;
    expect((token.body as Record<string, string>).audience).toBe('https://dev-abc.us.auth0.com/api/v2/');
    const plan = await cli(['plan'], env);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain(`Auth0 tenant ${CUSTOM}`);
  });
});

describe("a user's own choices stay", () => {
  it('leaves a Default Audience naming another API, explains it, and ChatGPT still gets through by its resource', async () => {
    standin = await startManagementApiStandin();
    standin.data.resourceServers.push({ id: 'billing', identifier: 'https://billing.example.com/api', name: 'Billing', signing_alg: 'RS256' });
    standin.data.settings.default_audience = 'https://billing.example.com/api';
    const applied = await cli(['apply', '--yes']);
    expect(applied.code, applied.err).toBe(0);
    expect(standin.data.settings.default_audience).toBe('https://billing.example.com/api');
    const writes = standin.writes().map((w) => `${w.method} ${w.path}`);
    // Nothing outside the steps: the other API is neither patched nor deleted.
    expect(writes.every((w) => !w.includes('billing'))).toBe(true);
    const plan = await cli(['plan', '--json']);
    expect(plan.code).toBe(0);
    const settings = (JSON.parse(plan.out) as { steps: Array<{ id: string; status: string; diagnosis?: { problem: string } }> }).steps.find(
      (s) => s.id === STEP.settings,
    )!;
    expect(settings.status).toBe('warning');
    expect(settings.diagnosis?.problem).toContain('every application');
    expect(await chatgptProbe()).toBe('/u/login');
  });

  it("finds ChatGPT's imported CIMD client by its per-server client.json URL", async () => {
    standin = await startManagementApiStandin();
    standin.data.settings.client_id_metadata_document_supported = true;
    const session = createManagementSession(standinConnection(standin));
    const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE });
    expect((await checkPlan(session, desired)).steps.find((s) => s.id === STEP.cimd)?.status).toBe('warning');
    standin.data.clients.push({
      client_id: 'https://chatgpt.com/oauth/srv_7Hk2p/client.json',
      external_client_id: 'https://chatgpt.com/oauth/srv_7Hk2p/client.json',
      name: 'ChatGPT',
      is_first_party: false,
    });
    expect((await checkPlan(session, desired)).steps.find((s) => s.id === STEP.cimd)?.status).toBe('ok');
  });
});
