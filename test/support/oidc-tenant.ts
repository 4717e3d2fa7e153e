// A real OpenID provider (oidc-provider 9) set up like an Auth0 tenant for a ChatGPT app: RS256 JWT access tokens
// whose aud is the API, open DCR, PKCE S256, resource indicators, a default resource (Auth0's Default Audience),
// RFC 9207 iss, JWKS at /.well-known/jwks.json, an issuer with a trailing slash. Sign-in is headless.
// Failure switches let tests reproduce real misconfigurations. See test/support/README.md.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KoaContextLike } from 'oidc-provider';
import { failureLog, findApi, findClient, isThirdParty, judgeAuthorize, redirectsErrors, type Refusal } from './auth0-authorize';
import type { TenantData } from './management-api-standin';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
type JWK = import('jose', { with: { 'resolution-mode': 'import' } }).JWK;
type CryptoKeyLike = import('jose', { with: { 'resolution-mode': 'import' } }).CryptoKey;

export interface TenantUser {
  sub: string;
  email: string;
  name: string;
}

export interface OidcTenantOptions {
  /** The API identifier (Auth0 "audience"): the MCP server's resource URL. Can be set later with setAudience(). */
  audience?: string;
  /** Scopes defined on the API. */
  apiScopes?: string[];
  /** Default true: a token request without `resource` still gets a JWT for the API (Auth0's Default Audience). */
  defaultResource?: boolean;
  /** Default true. false issues opaque access tokens even for the API (what Auth0 does without an audience). */
  jwtAccessTokens?: boolean;
  /** Default true: open Dynamic Client Registration at /oidc/register. */
  registration?: boolean;
  /** Default true. false drops code_challenge_methods_supported from the metadata (ChatGPT refuses such servers). */
  advertiseS256?: boolean;
  /**
   * The issuer as AUTH0_DOMAIN names it (`https://<domain>/`), for tests that run the CLI with only the .env values:
   * the caller routes that origin to this server (as AUTH0_MCP_MANAGEMENT_ORIGIN does for the Management API).
   * Endpoints in discovery stay on the loopback origin the request came to. Default: the loopback origin.
   */
  issuer?: string;
  /** Default true: Auth0 writes its issuer with a trailing slash. */
  trailingSlashIssuer?: boolean;
  user?: TenantUser;
  accessTokenTtlSec?: number;
  /** Last word on the discovery document, for any other misconfiguration. */
  transformMetadata?: (metadata: Record<string, unknown>) => Record<string, unknown>;
  /**
   * The Management API stand-in's live data (`standin.data`). When given, the tenant follows it the way real Auth0
   * does: DCR on/off from its flag, `tpc_` third-party clients listed in its `clients`, the audience chosen from
   * `audience` / `resource` (compatibility profile) / Default Audience, grants, domain-level connections,
   * offline access per API, failures logged to its `logs`. `audience`, `apiScopes`, `defaultResource` and
   * `registration` are then ignored.
   */
  tenant?: TenantData;
  /**
   * Where a third-party client's authorization error goes. 'error-page' (default): Auth0's error page (open-redirect
   * protection); 'redirect': back to the client's redirect_uri, the other reading. Tenant mode only.
   */
  errorMode?: 'error-page' | 'redirect';
  /**
   * Machine-to-machine applications (tenant mode) that may use the client-credentials grant at /oauth/token with
   * `audience`, as Auth0 allows: a JWT for an API of the tenant when a client grant names the application and that
   * API (e.g. the Management API stand-in's application, for verify's other-audience probe).
   */
  machineClients?: Array<{ clientId: string; clientSecret: string }>;
}

export interface MintOptions {
  /** Which key signs: the tenant's (default), a key added with addSigningKey(), or "other" (a key not in the JWKS). */
  key?: 'tenant' | 'other' | string;
  /** Overrides the kid in the header (e.g. the tenant's kid on a token signed by another key). */
  kid?: string;
  typ?: string;
  /** Extra or replaced header parameters. */
  header?: Record<string, unknown>;
  /** Claims to drop from the defaults (e.g. ['exp']). */
  omit?: string[];
}

export interface OidcTenant {
  /** e.g. http://127.0.0.1:41234/ (trailing slash unless disabled). */
  readonly issuer: string;
  readonly origin: string;
  readonly jwksUri: string;
  readonly kid: string;
  readonly user: TenantUser;
  /** The tenant's public signing key as PEM (for the HS256-with-public-key attack). */
  readonly publicKeyPem: string;
  /** How many times the JWKS was served. */
  readonly jwksRequests: number;
  audience: string;
  /** Completes an authorization request headlessly (login + consent) and returns the redirect back to the client. */
  signIn(authorizationUrl: string | URL): Promise<URL>;
  /** Signs a token with default Auth0-like claims (iss, aud, sub, azp, scope, iat, exp) merged with `claims`. */
  mint(claims?: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** Adds a key to the served JWKS (a rotation); returns its kid for mint({key}). */
  addSigningKey(): Promise<string>;
  /** Takes a key added with addSigningKey() out of the served JWKS, as Auth0's "Revoke" of a signing key does. */
  revokeSigningKey(kid: string): void;
  /** While set, the JWKS endpoint answers this HTTP status instead of the keys (an outage); undefined serves again. */
  jwksOutageStatus: number | undefined;
  /** JWKS requests answered with the outage status. */
  readonly jwksFailedRequests: number;
  /** Whether a client (e.g. one registered dynamically) exists. */
  hasClient(clientId: string): Promise<boolean>;
  /** Deletes a dynamically registered client, as Auth0's Management API DELETE /clients/{id} does. */
  deleteClient(clientId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startOidcTenant(options: OidcTenantOptions = {}): Promise<OidcTenant> {
  const jose: Jose = await import('jose');
  const { default: Provider, errors } = await import('oidc-provider');
  InvalidTargetError = errors.InvalidTarget;
  const user = options.user ?? { sub: 'auth0|test-user-1', email: 'ada@example.com', name: 'Ada Lovelace' };
  const apiScopes = options.apiScopes ?? ['read:profile'];
  const live = options.tenant;
  let audience = options.audience ?? 'http://127.0.0.1/pending-audience';

  const tenantKey = await generateKey(jose, 'tenant-key-1');
  const otherKey = await generateKey(jose, 'other-key');
  const extraKeys: Array<{ kid: string; privateKey: CryptoKeyLike; publicJwk: JWK }> = [];
  let jwksRequests = 0;
  const revokedKids = new Set<string>();
  let jwksFailedRequests = 0;
  let jwksOutageStatus: number | undefined;

  // Listen first: the issuer must carry the port.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = options.issuer ?? (options.trailingSlashIssuer === false ? origin : `${origin}/`);

  const provider = new Provider(issuer, {
    jwks: { keys: [tenantKey.privateJwk] },
    clients: [],
    cookies: { keys: ['oidc-tenant-test-cookie-key'] },
    // API scopes are listed too: DCR clients may name them in their `scope` metadata, which Auth0 accepts.
    scopes: ['openid', 'profile', 'email', 'offline_access', ...apiScopes],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => (sub === user.sub ? { ...user } : { sub }),
    }),
    // Auth0 answers an acceptable /authorize with its login page, /u/login?state=…; the state is the interaction.
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/u/login?state=${interaction.uid}` },
    pkce: { required: () => true },
    routes: { jwks: '/.well-known/jwks.json', registration: '/oidc/register', authorization: '/authorize', token: '/oauth/token', userinfo: '/userinfo' },
    ttl: {
      AccessToken: options.accessTokenTtlSec ?? 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AuthorizationCode: 60,
      RefreshToken: 86400,
      ClientCredentials: 600,
      IdToken: 3600,
    },
    issueRefreshToken: async (_ctx: unknown, client: ClientLike, code: { scopes: Set<string>; resource?: string | string[] }) => {
      if (!client.grantTypeAllowed('refresh_token') || !code.scopes.has('offline_access')) return false;
      if (!live) return true;
      // Auth0 issues a refresh token only when the API allows offline access.
      const resource = Array.isArray(code.resource) ? code.resource[0] : code.resource;
      return findApi(live, resource)?.allow_offline_access === true;
    },
    features: {
      devInteractions: { enabled: false },
      // Auth0 DCR ids start with tpc_ ("third-party client").
      registration: { enabled: live !== undefined || options.registration !== false, ...(live ? { idFactory: () => `tpc_${randomId()}` } : {}) },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string[]) =>
          oneOf ?? (live || options.defaultResource === false ? undefined : audience),
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string, client: ClientLike) => {
          if (live) return liveResourceServer(live, resource, client.clientId);
          // Auth0 answers an unknown audience with "Service not found"; oidc-provider's equivalent is invalid_target.
          if (resource !== audience) throw new errors.InvalidTarget(`Service not found: ${resource}`);
          return options.jwtAccessTokens === false
            ? { audience, scope: apiScopes.join(' '), accessTokenFormat: 'opaque' }
            : { audience, scope: apiScopes.join(' '), accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
  });

  provider.use(async (ctx: KoaContextLike, next) => {
    await next();
    if (live && ctx.path === '/oidc/register' && ctx.status === 201) {
      // The tenant's Management API lists DCR clients: strict third-party apps (shared notes, "What real tenants do").
      const c = ctx.body as Record<string, unknown>;
      live.clients.push({
        client_id: c.client_id,
        name: c.client_name ?? 'Dynamic client',
        is_first_party: false,
        third_party_security_mode: 'strict',
        redirection_policy: 'open_redirect_protection',
        external_metadata_type: 'dcr',
        app_type: 'regular_web',
        callbacks: c.redirect_uris ?? [],
        grant_types: c.grant_types ?? ['authorization_code'],
        token_endpoint_auth_method: c.token_endpoint_auth_method,
      });
    }
    if (live && ctx.path === '/oauth/token' && ctx.status === 200) {
      // Third-party apps get no ID token.
      const body = ctx.body as Record<string, unknown>;
      const clientId = (ctx.oidc as { client?: { clientId?: string } } | undefined)?.client?.clientId;
      if (isThirdParty(findClient(live, clientId ?? null))) delete body.id_token;
    }
    if (ctx.path === '/.well-known/jwks.json' && ctx.status === 200) {
      jwksRequests++;
      const body = ctx.body as { keys: JWK[] };
      ctx.body = { keys: [...body.keys, ...extraKeys.filter((k) => !revokedKids.has(k.kid)).map((k) => k.publicJwk)] };
    }
    if (ctx.path === '/.well-known/openid-configuration' && ctx.status === 200) {
      let metadata = { ...(ctx.body as Record<string, unknown>) };
      if (options.advertiseS256 === false) delete metadata.code_challenge_methods_supported;
      if (live?.settings.client_id_metadata_document_supported === true) metadata.client_id_metadata_document_supported = true;
      if (options.transformMetadata) metadata = options.transformMetadata(metadata);
      ctx.body = metadata;
    }
  });

  const providerCallback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    // Auth0 serves the same document at both discovery URLs; clients try RFC 8414's first.
    if (path === '/.well-known/oauth-authorization-server') req.url = '/.well-known/openid-configuration';
    // Auth0 accepts an authorization request without scope (ChatGPT sends one after a reconnect); oidc-provider
    // would deny it for granting nothing, so such requests ask for openid.
    if (path === '/authorize') req.url = withDefaultScope(req.url ?? '/authorize');
    if (path === '/.well-known/jwks.json' && jwksOutageStatus !== undefined) {
      jwksFailedRequests++;
      res.writeHead(jwksOutageStatus, { 'content-type': 'text/html' }).end('<html><body>Service Unavailable</body></html>');
      return;
    }
    const flags = live?.settings.flags as Record<string, unknown> | undefined;
    if (live && path === '/oidc/register' && req.method === 'POST' && flags?.enable_dynamic_client_registration !== true) {
      // Discovery keeps registration_endpoint; only the call says DCR is off.
      sendJson(res, 400, { error: 'invalid_request', error_description: 'dynamic client registration is disabled' });
      return;
    }
    if (live && path === '/authorize' && req.method === 'GET') {
      if (!judgeLive(live, req, res)) return;
    }
    if (live && path === '/oauth/token' && req.method === 'POST') {
      void withoutResource(req).then((form) => {
        if (form.get('grant_type') === 'client_credentials') return clientCredentials(live, form, res);
        providerCallback(req, res);
      });
      return;
    }
    if (path === '/u/login') {
      void completeInteraction(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(`interaction failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      return;
    }
    providerCallback(req, res);
  });

  /**
   * Tenant mode: judge the request as Auth0 would. A refusal is logged and shown (error page, or a redirect for
   * clients that allow it); an acceptable request goes on with `resource` set to the audience Auth0 chose.
   */
  function judgeLive(tenantData: TenantData, req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/authorize', origin);
    const decision = judgeAuthorize(tenantData, url.searchParams);
    if (!decision.ok) {
      tenantData.logs.push(failureLog(decision, url.searchParams, new URL(origin).host));
      showRefusal(tenantData, decision, url.searchParams, res);
      return false;
    }
    url.searchParams.delete('audience');
    url.searchParams.delete('resource');
    if (decision.audience) url.searchParams.set('resource', decision.audience);
    // oidc-provider drops offline_access without prompt=consent; Auth0 does not ask for it.
    if (url.searchParams.get('scope')?.split(' ').includes('offline_access') && !url.searchParams.has('prompt')) url.searchParams.set('prompt', 'consent');
    req.url = `${url.pathname}${url.search}`;
    return true;
  }

  function showRefusal(tenantData: TenantData, refusal: Refusal, query: URLSearchParams, res: ServerResponse): void {
    const redirectUri = query.get('redirect_uri');
    const callbacks = (refusal.client?.callbacks as string[] | undefined) ?? [];
    const redirect = (options.errorMode === 'redirect' || redirectsErrors(refusal.client)) && refusal.client && redirectUri && callbacks.includes(redirectUri);
    if (redirect) {
      const back = new URL(redirectUri);
      back.searchParams.set('error', refusal.error);
      back.searchParams.set('error_description', refusal.description);
      const state = query.get('state');
      if (state) back.searchParams.set('state', state);
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    const params = new URLSearchParams({
      ...(query.get('client_id') ? { client_id: query.get('client_id')! } : {}),
      lang: 'en',
      error: refusal.error,
      error_description: refusal.description,
      tracking: randomId(),
    });
    const custom = (tenantData.settings.error_page as { url?: string } | undefined)?.url;
    if (custom) {
      // A custom error page (tenant setting error_page.url): Auth0 redirects there with these query parameters.
      res.writeHead(302, { location: `${custom}${custom.includes('?') ? '&' : '?'}${params}` }).end();
      return;
    }
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Error</title><h1>Oops!, something went wrong</h1><p>${escapeHtml(refusal.error)}</p><p>${escapeHtml(refusal.description)}</p><p>TRACKING ID ${params.get('tracking')}</p>`,
    );
  }

  /**
   * Auth0's client-credentials grant (Authentication API, "Get Token", client credentials flow): the application's
   * id and secret, `audience` naming an API; refused with 403 access_denied unless a client grant names both. The
   * token is an RS256 JWT signed with the tenant's key: sub "<client_id>@clients", gty "client-credentials", the
   * grant's scopes.
   */
  async function clientCredentials(tenantData: TenantData, form: URLSearchParams, res: ServerResponse): Promise<void> {
    const clientId = form.get('client_id') ?? '';
    const app = options.machineClients?.find((c) => c.clientId === clientId && c.clientSecret === form.get('client_secret'));
    if (!app) return sendJson(res, 401, { error: 'access_denied', error_description: 'Unauthorized' });
    const audience = form.get('audience') ?? '';
    if (!findApi(tenantData, audience))
      return sendJson(res, 403, { error: 'access_denied', error_description: `Service not enabled within domain: ${audience}` });
    const grant = tenantData.clientGrants.find((g) => g.client_id === clientId && g.audience === audience);
    if (!grant) {
      return sendJson(res, 403, {
        error: 'access_denied',
        error_description: `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.`,
      });
    }
    const scope = ((grant.scope as string[] | undefined) ?? []).join(' ');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: issuer,
      sub: `${clientId}@clients`,
      aud: audience,
      iat: now,
      exp: now + 86400,
      gty: 'client-credentials',
      azp: clientId,
      ...(scope ? { scope } : {}),
    };
    const token = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: tenantKey.kid }).sign(tenantKey.privateKey);
    sendJson(res, 200, { access_token: token, expires_in: 86400, token_type: 'Bearer', ...(scope ? { scope } : {}) });
  }

  /** The test user "logs in" and consents to everything asked, like a user clicking through Auth0's pages. */
  async function completeInteraction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    const accountId = details.session?.accountId ?? user.sub;
    const clientId = String(details.params.client_id);
    const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
    const promptDetails = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (promptDetails.missingOIDCScope) grant.addOIDCScope(promptDetails.missingOIDCScope.join(' '));
    if (promptDetails.missingOIDCClaims) grant.addOIDCClaims(promptDetails.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(promptDetails.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  const keyFor = (key: MintOptions['key']) => {
    if (!key || key === 'tenant') return tenantKey;
    if (key === 'other') return otherKey;
    const extra = extraKeys.find((k) => k.kid === key);
    if (!extra) throw new Error(`unknown signing key ${key}`);
    return extra;
  };

  return {
    issuer,
    origin,
    jwksUri: `${origin}/.well-known/jwks.json`,
    kid: tenantKey.kid,
    user,
    publicKeyPem: await jose.exportSPKI(tenantKey.publicKey),
    get jwksRequests() {
      return jwksRequests;
    },
    get audience() {
      return audience;
    },
    set audience(value: string) {
      audience = value;
    },
    signIn: (authorizationUrl) => followToClient(new URL(authorizationUrl), origin),
    async mint(claims = {}, mint = {}) {
      const signer = keyFor(mint.key);
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: issuer,
        aud: audience,
        sub: user.sub,
        azp: 'test-client-id',
        scope: apiScopes.join(' '),
        iat: now,
        exp: now + 600,
        ...claims,
      };
      for (const name of mint.omit ?? []) delete payload[name];
      const header = { alg: 'RS256', typ: mint.typ ?? 'JWT', kid: mint.kid ?? signer.kid, ...mint.header };
      return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(signer.privateKey);
    },
    async addSigningKey() {
      const key = await generateKey(jose, `tenant-key-${extraKeys.length + 2}`);
      extraKeys.push(key);
      return key.kid;
    },
    revokeSigningKey(kid) {
      if (!extraKeys.some((k) => k.kid === kid)) throw new Error(`unknown added signing key ${kid}`);
      // Still usable by mint(): tokens it signed outlive it, which is the point.
      revokedKids.add(kid);
    },
    get jwksOutageStatus() {
      return jwksOutageStatus;
    },
    set jwksOutageStatus(status) {
      jwksOutageStatus = status;
    },
    get jwksFailedRequests() {
      return jwksFailedRequests;
    },
    hasClient: async (clientId) => (live ? live.clients.some((c) => c.client_id === clientId) : (await provider.Client.find(clientId)) !== undefined),
    deleteClient: async (clientId) => {
      if (live) live.clients.splice(0, live.clients.length, ...live.clients.filter((c) => c.client_id !== clientId));
      await provider.Client.adapter.destroy(clientId);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface ClientLike {
  clientId: string;
  grantTypeAllowed(type: string): boolean;
}

/**
 * An API of the live tenant as a resource server: unknown → "Service not found"; its scopes, narrowed for a
 * third-party client to what its grants allow; RS256 JWTs (RFC 9068 `typ` whichever dialect: oidc-provider's format).
 */
function liveResourceServer(tenant: TenantData, resource: string, clientId: string) {
  const api = findApi(tenant, resource);
  if (!api) throw new InvalidTargetError(`Service not found: ${resource}`);
  let scopes = ((api.scopes as Array<{ value: string }> | undefined) ?? []).map((s) => s.value);
  if (isThirdParty(findClient(tenant, clientId))) {
    const allowed = new Set(
      tenant.clientGrants
        .filter((g) => g.audience === resource && (g.client_id === clientId || g.default_for === 'third_party_clients'))
        .flatMap((g) => (g.scope as string[] | undefined) ?? []),
    );
    scopes = scopes.filter((s) => allowed.has(s));
  }
  return { audience: resource, scope: scopes.join(' '), accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
}

let InvalidTargetError: new (description?: string) => Error;

const randomId = () => randomBytes(16).toString('base64url').replace(/[-_]/g, 'x');

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Auth0 ignores `resource` at the token endpoint: the code already carries its audience. Returns the form as sent. */
async function withoutResource(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const body = JSON.parse(raw || '{}') as Record<string, unknown>;
    delete body.resource;
    (req as IncomingMessage & { body?: unknown }).body = JSON.stringify(body);
    return new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
  } else {
    const form = new URLSearchParams(raw);
    const sent = new URLSearchParams(form);
    form.delete('resource');
    (req as IncomingMessage & { body?: unknown }).body = form.toString();
    return sent;
  }
}

async function generateKey(jose: Jose, kid: string) {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const privateJwk = { ...(await jose.exportJWK(privateKey)), kid, use: 'sig', alg: 'RS256' };
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, publicKey, privateJwk, publicJwk };
}

function withDefaultScope(pathAndQuery: string): string {
  const url = new URL(pathAndQuery, 'http://tenant.invalid');
  if (!url.searchParams.get('scope')) url.searchParams.set('scope', 'openid');
  return `${url.pathname}${url.search}`;
}

/** A headless browser: follows redirects with a cookie jar until the tenant sends the user back to the client. */
async function followToClient(start: URL, tenantOrigin: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = response.headers.get('location');
    const body = await response.text();
    if (!location) throw new Error(`sign-in stopped at ${url.pathname} with ${response.status}: ${body.slice(0, 300)}`);
    url = new URL(location, url);
    if (url.origin !== tenantOrigin) return url;
  }
  throw new Error('sign-in did not finish after 20 redirects');
}
