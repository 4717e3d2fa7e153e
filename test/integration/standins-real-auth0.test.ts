// The stand-ins behave like real Auth0 where a friendlier stand-in would let a broken setup pass
// (shared notes, "What real tenants do that a friendly stand-in does not"). Each test fails on the old behaviour.

import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { USERINFO_AUDIENCE_ERROR } from '../support/auth0-authorize';
import { startManagementApiStandin, type ManagementApiStandin, type StandinOptions } from '../support/management-api-standin';
import { startOidcTenant, type OidcTenant, type OidcTenantOptions } from '../support/oidc-tenant';

const API = 'https://mcp-demo.ngrok-free.app/';
const CHATGPT_REDIRECT = 'https://chatgpt.com/connector_platform_oauth_redirect';

let standin: ManagementApiStandin | undefined;
let tenant: OidcTenant | undefined;
afterEach(async () => {
  await tenant?.close();
  await standin?.close();
  tenant = undefined;
  standin = undefined;
});

async function api(method: string, path: string, body?: unknown) {
  const token = standin!.issueToken();
  const response = await fetch(`${standin!.origin}/api/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

describe('Management API stand-in', () => {
  const start = async (options: StandinOptions = {}) => {
    standin = await startManagementApiStandin(options);
    await api('POST', '/resource-servers', { identifier: API, name: 'MCP' });
  };

  it('refuses a client grant without scope, or with scope null; [] is fine', async () => {
    await start();
    const missing = await api('POST', '/client-grants', { default_for: 'third_party_clients', audience: API });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ statusCode: 400, error: 'Bad Request', errorCode: 'invalid_body' });
    expect(String(missing.body.message)).toContain('scope');
    expect((await api('POST', '/client-grants', { default_for: 'third_party_clients', audience: API, scope: null })).status).toBe(400);
    expect((await api('POST', '/client-grants', { default_for: 'third_party_clients', audience: API, scope: [] })).status).toBe(201);
  });

  it('plays both readings of subject_type on default grants; without it a default grant reads back as "client"', async () => {
    await start({ subjectTypeOnDefaultGrants: 'refused' });
    const refused = await api('POST', '/client-grants', { default_for: 'third_party_clients', audience: API, scope: [], subject_type: 'user' });
    expect(refused.status).toBe(400);
    expect(String(refused.body.message)).toContain('subject_type');
    const plain = await api('POST', '/client-grants', { default_for: 'third_party_clients', audience: API, scope: [] });
    expect(plain.body.subject_type).toBe('client');
    standin!.subjectTypeOnDefaultGrants = 'accepted';
    standin!.data.clientGrants.length = 0;
    const accepted = await api('POST', '/client-grants', { default_for: 'third_party_clients', audience: API, scope: [], subject_type: 'user' });
    expect(accepted).toMatchObject({ status: 201, body: { subject_type: 'user' } });
  });

  it('reads a created API back as Auth0 does: no token_dialect unless sent, default access policies', async () => {
    await start();
    const created = standin!.data.resourceServers.find((r) => r.identifier === API)!;
    expect(created).not.toHaveProperty('token_dialect');
    expect(created).toMatchObject({
      allow_offline_access: false,
      subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'require_client_grant' } },
    });
  });

  it("answers unknown fields and bad enum values with Auth0's 400", async () => {
    await start();
    const extra = await api('POST', '/resource-servers', { identifier: 'https://other.example/', name: 'x', offline: true });
    expect(extra).toMatchObject({
      status: 400,
      body: { errorCode: 'invalid_body', message: "Payload validation error: 'Additional properties not allowed: offline'." },
    });
    const dialect = await api('PATCH', `/resource-servers/${encodeURIComponent(API)}`, { token_dialect: 'jwt' });
    expect(dialect.status).toBe(400);
    expect(String(dialect.body.message)).toContain('token_dialect');
    expect((await api('PATCH', '/tenants/settings', { resource_parameter_profile: 'rfc8707' })).status).toBe(400);
    expect((await api('PATCH', '/tenants/settings', { default_audiences: API })).status).toBe(400);
    expect(standin!.data.settings).not.toHaveProperty('default_audiences');
  });

  it('rate-limits with X-RateLimit-* only (no Retry-After), on the API and on the token call', async () => {
    await start();
    standin!.fail({ status: 429, path: '/api/v2/tenants/settings', retryAfterSeconds: 2 });
    const limited = await api('GET', '/tenants/settings');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    standin!.fail({ status: 429, path: '/oauth/token' });
    const token = await fetch(`${standin!.origin}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) });
    expect(token.status).toBe(429);
    expect(token.headers.get('retry-after')).toBeNull();
    expect(token.headers.get('x-ratelimit-reset')).not.toBeNull();
  });

  it('refuses a Management API token whose audience names a custom domain', async () => {
    standin = await startManagementApiStandin({ host: 'dev-abc.us.auth0.com' });
    const response = await fetch(`${standin.origin}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: standin.application.clientId,
        client_secret: standin.application.clientSecret,
        audience: 'https://login.example.com/api/v2/',
      }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error_description: 'Service not enabled within domain: https://login.example.com/api/v2/' });
  });
});

/** A tenant set up the way the product sets one up for ChatGPT; each test then breaks one part. */
async function startLive(options: Omit<OidcTenantOptions, 'tenant'> = {}, setup = true) {
  standin = await startManagementApiStandin();
  const data = standin.data;
  if (setup) {
    data.settings.flags = { ...(data.settings.flags as object), enable_dynamic_client_registration: true };
    data.settings.resource_parameter_profile = 'compatibility';
    data.resourceServers.push({
      id: 'rs1',
      identifier: API,
      name: 'MCP',
      signing_alg: 'RS256',
      allow_offline_access: true,
      subject_type_authorization: { user: { policy: 'allow_all' } },
    });
    data.clientGrants.push({ id: 'cgr1', default_for: 'third_party_clients', audience: API, scope: [], subject_type: 'user' });
    data.connections[0].is_domain_connection = true;
  }
  tenant = await startOidcTenant({ tenant: data, ...options });
  return { data, tenant };
}

async function register(t: OidcTenant) {
  return fetch(`${t.origin}/oidc/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'ChatGPT',
      redirect_uris: [CHATGPT_REDIRECT],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
}

function authorizeUrl(t: OidcTenant, clientId: string, params: Record<string, string> = { resource: API }) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL('/authorize', t.origin);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: CHATGPT_REDIRECT,
    scope: 'openid email offline_access profile',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: 'st4te',
    ...params,
  }).toString();
  return { url, verifier };
}

async function registeredClient(t: OidcTenant): Promise<string> {
  const response = await register(t);
  expect(response.status).toBe(201);
  return String(((await response.json()) as { client_id: string }).client_id);
}

const probe = (url: URL) => fetch(url, { redirect: 'manual' });

describe('oidc tenant following the live tenant data', () => {
  it('DCR off: registration answers 400 "dynamic client registration is disabled" while discovery keeps the endpoint', async () => {
    const { tenant: t } = await startLive({}, false);
    const response = await register(t);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('dynamic client registration is disabled');
    const discovery = (await (await fetch(`${t.origin}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(discovery.registration_endpoint).toBe(`${t.origin}/oidc/register`);
  });

  it('registers strict third-party tpc_ clients that the Management API lists and can delete', async () => {
    const { data, tenant: t } = await startLive();
    const id = await registeredClient(t);
    expect(id).toMatch(/^tpc_/);
    expect(data.clients.find((c) => c.client_id === id)).toMatchObject({
      is_first_party: false,
      third_party_security_mode: 'strict',
      external_metadata_type: 'dcr',
      callbacks: [CHATGPT_REDIRECT],
    });
    standin!.data.clients.splice(
      data.clients.findIndex((c) => c.client_id === id),
      1,
    );
    expect(await t.hasClient(id)).toBe(false);
    const refused = await probe(authorizeUrl(t, id).url);
    expect(await refused.text()).toContain(`Unknown client: ${id}`);
  });

  it("accepts ChatGPT's request unattended with a redirect to the login page, and signs in headlessly", async () => {
    const { tenant: t } = await startLive();
    const id = await registeredClient(t);
    const { url, verifier } = authorizeUrl(t, id);
    const first = await probe(url);
    expect(first.status).toBeGreaterThanOrEqual(300);
    expect(new URL(first.headers.get('location')!, t.origin).pathname).toBe('/u/login');
    expect(new URL(first.headers.get('location')!, t.origin).searchParams.get('state')).toBeTruthy();
    const back = await t.signIn(url);
    expect(back.searchParams.get('code')).toBeTruthy();
    const tokens = await exchange(t, id, back.searchParams.get('code')!, verifier);
    expect(tokens.access_token).toBeTruthy();
    expect(tokens).not.toHaveProperty('id_token');
    expect(tokens.refresh_token).toBeTruthy();
    const payload = JSON.parse(Buffer.from(String(tokens.access_token).split('.')[1], 'base64url').toString()) as { aud: unknown };
    expect(payload.aud).toBe(API);
  });

  it('gives no refresh token when the API does not allow offline access', async () => {
    const { data, tenant: t } = await startLive();
    data.resourceServers.find((r) => r.identifier === API)!.allow_offline_access = false;
    const id = await registeredClient(t);
    const { url, verifier } = authorizeUrl(t, id);
    const back = await t.signIn(url);
    const tokens = await exchange(t, id, back.searchParams.get('code')!, verifier);
    expect(tokens.access_token).toBeTruthy();
    expect(tokens).not.toHaveProperty('refresh_token');
  });

  const refusals: Array<[string, (d: ManagementApiStandin['data']) => void, string]> = [
    ['resource ignored under the audience profile, no Default Audience', (d) => (d.settings.resource_parameter_profile = 'audience'), USERINFO_AUDIENCE_ERROR],
    ['an unknown resource', (d) => (d.resourceServers = d.resourceServers.filter((r) => r.identifier !== API)), `Service not found: ${API}`],
    [
      'no grant for the API, even with allow_all',
      (d) => (d.clientGrants.length = 0),
      'is not authorized to access resource server "https://mcp-demo.ngrok-free.app/".',
    ],
    ['no domain-level connection', (d) => (d.connections[0].is_domain_connection = false), 'no connections enabled for the client'],
  ];
  for (const [name, breakIt, description] of refusals) {
    it(`refuses ${name} on Auth0's error page, not at the client, and logs it`, async () => {
      const { data, tenant: t } = await startLive();
      const id = await registeredClient(t);
      breakIt(data);
      const response = await probe(authorizeUrl(t, id).url);
      expect(response.headers.get('location')).toBeNull();
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(description.replace(/"/g, '&#34;'));
      const log = data.logs.at(-1)!;
      expect(log).toMatchObject({ type: 'f', client_id: id });
      expect(String(log.description)).toContain(description);
      expect((log.details as { qs: Record<string, string> }).qs.resource).toBe(API);
    });
  }

  it('a made-up resource under the audience profile falls back to the Default Audience', async () => {
    const { data, tenant: t } = await startLive();
    data.settings.resource_parameter_profile = 'audience';
    data.settings.default_audience = API;
    const id = await registeredClient(t);
    const response = await probe(authorizeUrl(t, id, { resource: 'https://made-up.example/' }).url);
    expect(new URL(response.headers.get('location')!, t.origin).pathname).toBe('/u/login');
  });

  it('errorMode "redirect": the refusal goes back to the client\'s redirect_uri', async () => {
    const { data, tenant: t } = await startLive({ errorMode: 'redirect' });
    const id = await registeredClient(t);
    data.clientGrants.length = 0;
    const response = await probe(authorizeUrl(t, id).url);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(CHATGPT_REDIRECT);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st4te');
  });

  it('a custom error page receives the error in its query', async () => {
    const { data, tenant: t } = await startLive();
    data.settings.error_page = { url: 'https://example.com/oops', show_log_link: false };
    const id = await registeredClient(t);
    data.connections[0].is_domain_connection = false;
    const location = new URL((await probe(authorizeUrl(t, id).url)).headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://example.com/oops');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ client_id: id, error_description: 'no connections enabled for the client' });
  });

  it('advertises CIMD in discovery when the tenant setting is on', async () => {
    const { data, tenant: t } = await startLive();
    const doc = async () => (await (await fetch(`${t.origin}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect((await doc()).client_id_metadata_document_supported).toBeUndefined();
    data.settings.client_id_metadata_document_supported = true;
    expect((await doc()).client_id_metadata_document_supported).toBe(true);
  });
});

async function exchange(t: OidcTenant, clientId: string, code: string, verifier: string) {
  const response = await fetch(`${t.origin}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: CHATGPT_REDIRECT,
      resource: API,
    }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}
