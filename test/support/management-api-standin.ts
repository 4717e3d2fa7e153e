// A local stand-in for the Auth0 Management API (and its client-credentials token endpoint), keeping Auth0's
// documented shapes, with fault injection and a request log. See test/support/README.md, "Management API stand-in".

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applicationRoute, createdApplicationToken, discoveryDocument, withoutSecret, type ApplicationRoutesContext } from './standin-applications';

type Obj = Record<string, unknown>;

export interface TenantData {
  settings: Obj;
  resourceServers: Obj[];
  connections: Obj[];
  clientGrants: Obj[];
  clients: Obj[];
  logs: Obj[];
}

export interface M2mApplication {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export interface StandinOptions {
  /** The tenant domain the SDK is told to use; requests reach the stand-in through an origin override. */
  host?: string;
  /**
   * The stand-in's clock (default Date.now): X-RateLimit-Reset, request times and token lifetimes read it. A test that
   * gives the product a fake clock gives it here too, so a rate limit's reset is in the time the product waits in.
   */
  now?: () => number;
  seed?: Partial<TenantData>;
  /** Applications allowed to use the client-credentials grant; default: one with ALL_SCOPES. */
  applications?: M2mApplication[];
  /** Added to every response. */
  latencyMs?: number;
  /**
   * How the tenant treats `subject_type` on a default (`default_for`) client grant; the sources disagree:
   * 'accepted' (default, Auth0's docs) stores it; 'refused' (the Auth0 CLI's reading) answers 400.
   * Either way a default grant created without it reads back as `subject_type: "client"` (a recorded call).
   */
  subjectTypeOnDefaultGrants?: 'accepted' | 'refused';
  /**
   * A grant scope the API does not define as a permission; no source says what Auth0 does: 'refused' (default, 400,
   * wording ours) or 'accepted' (stored; a token can never carry it anyway). The product must work under both.
   */
  undefinedGrantScopes?: 'accepted' | 'refused';
}

export interface Fault {
  /** 429, 5xx, 403 (insufficient_scope) or 401 (expired token); 200 with delayMs for a slow but normal answer. */
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Let this many matching requests through normally first (e.g. the second PATCH of the settings); default 0. */
  skip?: number;
  method?: string;
  /** Matches the path (e.g. "/api/v2/client-grants"); a string matches as a prefix. */
  path?: string | RegExp;
  /** For 429: X-RateLimit-Reset, in seconds from now. Default 1. */
  retryAfterSeconds?: number;
  /** For 429: also send Retry-After (Auth0 documents it only for custom rate-limit policies). Default false. */
  retryAfterHeader?: boolean;
  /** For 403: the scope named in the message. */
  scope?: string;
  /** Extra delay before this faulty response. */
  delayMs?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** JSON body, or the token form with client_secret redacted. */
  body: unknown;
  at: number;
  status?: number;
}

export const ALL_SCOPES = [
  'read:resource_servers',
  'create:resource_servers',
  'update:resource_servers',
  'delete:resource_servers',
  'read:client_grants',
  'create:client_grants',
  'read:tenant_settings',
  'update:tenant_settings',
  'read:connections',
  'update:connections',
  'read:clients',
  'delete:clients',
  'read:logs',
  'delete:client_grants',
  'update:client_grants',
];

/**
 * What a token from the dashboard's API Explorer carries: every Management API scope (shared notes, "Creating the
 * product's own Management API application"); these are the ones the product's flows touch.
 */
export const EXPLORER_SCOPES = [...ALL_SCOPES, 'create:clients', 'update:clients', 'read:client_keys', 'update:client_keys', 'read:users', 'update:users'];

export const DEFAULT_APP: M2mApplication = { clientId: 'standin-m2m-client', clientSecret: 'standin-m2m-secret', scopes: ALL_SCOPES };

const hex = (n = 12) => randomBytes(n).toString('hex');

/** A tenant as Auth0 creates it: the Management API, the default database connection (not domain level), no grants. */
export function emptyTenant(host = 'tenant.standin.test'): TenantData {
  return {
    settings: {
      friendly_name: 'Stand-in tenant',
      picture_url: 'https://example.com/logo.png',
      support_email: 'support@example.com',
      session_lifetime: 72,
      sandbox_version: '22',
      flags: { enable_client_connections: true, revoke_refresh_token_grant: false, disable_clickjack_protection_headers: false },
      resource_parameter_profile: 'audience',
      dynamic_client_registration_security_mode: 'strict',
    },
    resourceServers: [
      {
        id: hex(),
        name: 'Auth0 Management API',
        identifier: `https://${host}/api/v2/`,
        is_system: true,
        signing_alg: 'RS256',
        token_lifetime: 86400,
        // The system API defines every Management API scope as a permission (those the stand-in knows).
        scopes: EXPLORER_SCOPES.map((value) => ({ value })),
      },
    ],
    connections: [
      {
        id: `con_${hex(8)}`,
        name: 'Username-Password-Authentication',
        strategy: 'auth0',
        is_domain_connection: false,
        enabled_clients: [],
        options: { mfa: { active: true }, passwordPolicy: 'good', brute_force_protection: true },
        realms: ['Username-Password-Authentication'],
      },
    ],
    clientGrants: [],
    clients: [{ client_id: hex(16), name: 'Default App', is_first_party: true, app_type: 'regular_web', callbacks: [] }],
    logs: [],
  };
}

export interface ManagementApiStandin {
  /** http://127.0.0.1:<port> */
  origin: string;
  host: string;
  data: TenantData;
  requests: LoggedRequest[];
  /** Highest number of requests being handled at once since the last clearLog(). */
  maxInFlight: number;
  latencyMs: number;
  /** See StandinOptions.subjectTypeOnDefaultGrants; can be switched between calls. */
  subjectTypeOnDefaultGrants: 'accepted' | 'refused';
  /** See StandinOptions.undefinedGrantScopes; can be switched between calls. */
  undefinedGrantScopes: 'accepted' | 'refused';
  application: M2mApplication;
  /** Serve the tenant's OpenID discovery document (default true); false plays a host that is not an Auth0 tenant. */
  serveDiscovery: boolean;
  fail(fault: Fault): void;
  /** Every token issued so far is now expired (401). */
  expireTokens(): void;
  /** A token as the dashboard's API Explorer would give one. */
  issueToken(scopes?: string[]): string;
  clearLog(): void;
  /** Logged requests that change something (not GET, not the token endpoint). */
  writes(): LoggedRequest[];
  reads(): LoggedRequest[];
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Obj,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? body.error_description));
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function apiError(status: number, message: string, errorCode?: string): HttpError {
  return new HttpError(status, { statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message, ...(errorCode ? { errorCode } : {}) });
}

export async function startManagementApiStandin(options: StandinOptions = {}): Promise<ManagementApiStandin> {
  const host = options.host ?? 'tenant.standin.test';
  const clock = options.now ?? Date.now;
  const data: TenantData = { ...emptyTenant(host), ...structuredClone(options.seed ?? {}) };
  const applications = options.applications ?? [DEFAULT_APP];
  const tokens = new Map<string, { scopes: Set<string>; expired: boolean }>();
  const faults: Array<Required<Pick<Fault, 'status' | 'times'>> & Fault> = [];
  let inFlight = 0;

  const issueToken = (scopes: string[] = ALL_SCOPES): string => {
    const enc = (o: Obj) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(clock() / 1000);
    const token = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iss: `https://${host}/`, aud: `https://${host}/api/v2/`, iat: now, exp: now + 86400, scope: scopes.join(' '), jti: hex(6) })}.${hex(16)}`;
    tokens.set(token, { scopes: new Set(scopes), expired: false });
    return token;
  };

  const standin: ManagementApiStandin = {
    origin: '',
    host,
    data,
    requests: [],
    maxInFlight: 0,
    latencyMs: options.latencyMs ?? 0,
    subjectTypeOnDefaultGrants: options.subjectTypeOnDefaultGrants ?? 'accepted',
    undefinedGrantScopes: options.undefinedGrantScopes ?? 'refused',
    application: applications[0],
    serveDiscovery: true,
    fail: (fault) => faults.push({ times: 1, ...fault }),
    expireTokens: () => tokens.forEach((t) => (t.expired = true)),
    issueToken,
    clearLog() {
      standin.requests.length = 0;
      standin.maxInFlight = 0;
    },
    writes: () => standin.requests.filter((r) => r.method !== 'GET' && r.path !== '/oauth/token'),
    reads: () => standin.requests.filter((r) => r.method === 'GET'),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = createServer((req, res) => {
    inFlight++;
    standin.maxInFlight = Math.max(standin.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const raw = await readBody(req);
    const entry: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body: undefined, at: clock() };
    standin.requests.push(entry);
    let status: number;
    let payload: unknown;
    let headers: Record<string, string> = {};
    try {
      const body = parseBody(raw, req.headers['content-type']);
      entry.body = url.pathname === '/oauth/token' && body && typeof body === 'object' ? { ...(body as Obj), client_secret: '[redacted]' } : body;
      const fault = takeFault(entry);
      if (fault?.delayMs) await sleep(fault.delayMs);
      // A fault below 400 is only a delay: the normal route answers after it.
      if (fault && fault.status >= 400) throw faultError(fault);
      [status, payload] = route(entry.method, url, body, req.headers.authorization);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      payload = error.body;
      headers = error.headers;
    }
    if (standin.latencyMs) await sleep(standin.latencyMs);
    entry.status = status;
    if (status === 204) {
      res.writeHead(204, headers).end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    }
  }

  function takeFault(entry: LoggedRequest): Fault | undefined {
    const i = faults.findIndex(
      (f) =>
        f.times > 0 &&
        (!f.method || f.method === entry.method) &&
        (!f.path || (typeof f.path === 'string' ? entry.path.startsWith(f.path) : f.path.test(entry.path))),
    );
    if (i < 0) return undefined;
    if ((faults[i].skip ?? 0) > 0) {
      faults[i].skip!--;
      return undefined;
    }
    faults[i].times--;
    return faults[i];
  }

  function faultError(fault: Fault): HttpError {
    if (fault.status === 429) {
      const seconds = fault.retryAfterSeconds ?? 1;
      // Auth0's 429: X-RateLimit-* only; Retry-After only under custom policies (shared notes, "Rate limits").
      return new HttpError(
        429,
        { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' },
        {
          ...(fault.retryAfterHeader ? { 'retry-after': String(seconds) } : {}),
          'x-ratelimit-limit': '2',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(clock() / 1000) + seconds),
        },
      );
    }
    if (fault.status === 403) return apiError(403, `Insufficient scope, expected any of: ${fault.scope ?? 'read:tenant_settings'}`, 'insufficient_scope');
    if (fault.status === 401) return apiError(401, 'Expired token received for JSON Web Token validation');
    return apiError(fault.status, 'Something went wrong on the stand-in');
  }

  function authorize(authorization: string | undefined, scope: string): void {
    const token = authorization?.replace(/^Bearer\s+/i, '');
    const known = token ? tokens.get(token) : undefined;
    if (!known) throw apiError(401, 'Invalid token');
    if (known.expired) throw apiError(401, 'Expired token received for JSON Web Token validation');
    if (!known.scopes.has(scope)) throw apiError(403, `Insufficient scope, expected any of: ${scope}`, 'insufficient_scope');
  }

  function tokenScopes(authorization: string | undefined): Set<string> | undefined {
    const known = tokens.get(authorization?.replace(/^Bearer\s+/i, '') ?? '');
    return known && !known.expired ? known.scopes : undefined;
  }

  function appContext(authorization: string | undefined): ApplicationRoutesContext {
    return {
      host,
      clients: data.clients,
      clientGrants: data.clientGrants,
      need: (scope) => authorize(authorization, scope),
      has: (scope) => tokenScopes(authorization)?.has(scope) ?? false,
      error: apiError,
      tokenError: (status, body) => new HttpError(status, body),
      issueToken,
    };
  }

  function route(method: string, url: URL, body: unknown, authorization: string | undefined): [number, unknown] {
    const q = url.searchParams;
    if (url.pathname === '/oauth/token' && method === 'POST') return token(body as Obj, authorization);
    if (url.pathname === '/.well-known/openid-configuration' && method === 'GET' && standin.serveDiscovery) return [200, discoveryDocument(host)];
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'api' || parts[1] !== 'v2') throw apiError(404, 'Not Found');
    const [resource, id, sub] = parts.slice(2);
    const b = (body ?? {}) as Obj;
    const need = (verb: string, what: string) => authorize(authorization, `${verb}:${what}`);

    if (resource === 'resource-servers') {
      if (method === 'GET' && !id) {
        need('read', 'resource_servers');
        const ids = q.getAll('identifiers');
        return [
          200,
          offsetPage(
            data.resourceServers.filter((r) => !ids.length || ids.includes(String(r.identifier))),
            q,
            'resource_servers',
          ),
        ];
      }
      if (method === 'POST' && !id) return createResourceServer(need, b);
      const rs = data.resourceServers.find((r) => r.id === id || r.identifier === id);
      if (method === 'GET') {
        need('read', 'resource_servers');
        if (!rs) throw apiError(404, 'The resource server does not exist', 'inexistent_resource_server');
        return [200, rs];
      }
      if (method === 'PATCH') {
        need('update', 'resource_servers');
        if (!rs) throw apiError(404, 'The resource server does not exist', 'inexistent_resource_server');
        if ('identifier' in b) throw apiError(400, "Payload validation error: 'Additional properties not allowed: identifier'.", 'invalid_body');
        if (rs.is_system) throw apiError(400, 'You cannot update a system resource server', 'operation_not_supported');
        validate(b, RESOURCE_SERVER_FIELDS);
        validatePermissions(b.scopes);
        // `scopes` sent replaces the whole list (Management API v2 reference: "Replaces the existing scopes").
        Object.assign(rs, b);
        return [200, rs];
      }
      if (method === 'DELETE') {
        need('delete', 'resource_servers');
        if (!rs) throw apiError(404, 'The resource server does not exist', 'inexistent_resource_server');
        if (rs.is_system) throw apiError(400, 'You cannot delete a system resource server', 'operation_not_supported');
        data.resourceServers.splice(data.resourceServers.indexOf(rs), 1);
        return [204, undefined];
      }
    }

    if (resource === 'tenants' && id === 'settings') {
      if (method === 'GET') {
        need('read', 'tenant_settings');
        return [200, pickFields(data.settings, q)];
      }
      if (method === 'PATCH') {
        need('update', 'tenant_settings');
        validate(b, SETTINGS_FIELDS);
        const { flags, ...rest } = b;
        Object.assign(data.settings, rest);
        // `flags` merges: the flags not sent keep their values.
        if (flags && typeof flags === 'object') data.settings.flags = { ...(data.settings.flags as Obj), ...(flags as Obj) };
        return [200, data.settings];
      }
    }

    if (resource === 'connections') {
      if (method === 'GET' && !id) {
        need('read', 'connections');
        const strategies = q.getAll('strategy');
        const name = q.get('name');
        const list = data.connections.filter((c) => (!strategies.length || strategies.includes(String(c.strategy))) && (!name || c.name === name));
        return [
          200,
          checkpointPage(
            list.map((c) => pickFields(c, q)),
            q,
            'connections',
          ),
        ];
      }
      const conn = data.connections.find((c) => c.id === id);
      if (!conn || sub) throw apiError(404, 'The connection does not exist', 'inexistent_connection');
      if (method === 'GET') {
        need('read', 'connections');
        return [200, pickFields(conn, q)];
      }
      if (method === 'PATCH') {
        need('update', 'connections');
        validate(b, CONNECTION_FIELDS);
        // Top-level fields replace: sending `options` replaces all of them (Auth0's documented behaviour).
        Object.assign(conn, b);
        return [200, conn];
      }
    }

    if (resource === 'client-grants' && !id) {
      if (method === 'GET') {
        need('read', 'client_grants');
        const filters = ['audience', 'client_id', 'default_for', 'subject_type'] as const;
        const list = data.clientGrants.filter((g) => filters.every((f) => !q.get(f) || (g[f] ?? (f === 'subject_type' ? 'client' : undefined)) === q.get(f)));
        return [200, q.has('take') || q.has('from') ? checkpointPage(list, q, 'client_grants') : offsetPage(list, q, 'client_grants')];
      }
      if (method === 'POST') {
        need('create', 'client_grants');
        validate(b, GRANT_FIELDS);
        // `scope` is required: omitted or null is refused ([] is fine).
        if (!('scope' in b)) throw apiError(400, "Payload validation error: 'Missing required property: scope'.", 'invalid_body');
        if (!Array.isArray(b.scope))
          throw apiError(
            400,
            `Payload validation error: 'Expected type array but found type ${b.scope === null ? 'null' : typeof b.scope}' on property scope.`,
            'invalid_body',
          );
        if (!b.audience || (!b.client_id && !b.default_for))
          throw apiError(400, 'Payload validation error: audience and client_id or default_for are required.', 'invalid_body');
        if (b.default_for && 'subject_type' in b && standin.subjectTypeOnDefaultGrants === 'refused') {
          throw apiError(400, "Payload validation error: 'subject_type' is not allowed for default client grants.", 'invalid_body');
        }
        const api = data.resourceServers.find((r) => r.identifier === b.audience);
        if (!api) throw apiError(404, `No resource server found for audience ${String(b.audience)}`, 'inexistent_resource_server');
        checkGrantScopes(api, b.scope as unknown[]);
        const subject = b.subject_type ?? 'client';
        const key = (g: Obj) => `${String(g.audience)}|${String(g.client_id ?? '')}|${String(g.default_for ?? '')}|${String(g.subject_type ?? 'client')}`;
        if (data.clientGrants.some((g) => key(g) === key({ ...b, subject_type: subject })))
          throw apiError(409, 'A client grant for this audience already exists', 'conflict');
        const grant = { id: `cgr_${hex(8)}`, ...b, subject_type: subject };
        data.clientGrants.push(grant);
        return [201, grant];
      }
    }

    if (resource === 'client-grants' && id && method === 'PATCH') {
      need('update', 'client_grants');
      const grant = data.clientGrants.find((g) => g.id === id);
      if (!grant) throw apiError(404, 'The client grant does not exist', 'inexistent_client_grant');
      validate(b, GRANT_UPDATE_FIELDS);
      if ('scope' in b && !Array.isArray(b.scope))
        throw apiError(
          400,
          `Payload validation error: 'Expected type array but found type ${b.scope === null ? 'null' : typeof b.scope}' on property scope.`,
          'invalid_body',
        );
      if (Array.isArray(b.scope))
        checkGrantScopes(
          data.resourceServers.find((r) => r.identifier === grant.audience),
          b.scope as unknown[],
        );
      // Each field sent replaces the stored one: `scope` is the whole new list.
      Object.assign(grant, b);
      return [200, grant];
    }

    if (resource === 'client-grants' && id && method === 'DELETE') {
      need('delete', 'client_grants');
      const index = data.clientGrants.findIndex((g) => g.id === id);
      if (index < 0) throw apiError(404, 'The client grant does not exist', 'inexistent_client_grant');
      data.clientGrants.splice(index, 1);
      return [204, undefined];
    }

    if (resource === 'clients') {
      if (method === 'GET' && !id) {
        need('read', 'clients');
        const firstParty = q.get('is_first_party');
        const external = q.get('external_client_id');
        const list = data.clients.filter(
          (c) => (firstParty === null || String(c.is_first_party ?? false) === firstParty) && (!external || c.external_client_id === external),
        );
        return [
          200,
          offsetPage(
            list.map((c) => pickFields(withoutSecret(appContext(authorization), c), q)),
            q,
            'clients',
          ),
        ];
      }
      const created = applicationRoute(appContext(authorization), method, id, b, q);
      if (created) return created;
      const client = data.clients.find((c) => c.client_id === id);
      if (method === 'DELETE' && id) {
        need('delete', 'clients');
        if (!client) throw apiError(404, 'The client does not exist', 'inexistent_client');
        data.clients.splice(data.clients.indexOf(client), 1);
        return [204, undefined];
      }
    }

    if (resource === 'logs') {
      need('read', 'logs');
      if (id) {
        const log = data.logs.find((l) => l.log_id === id);
        if (!log) throw apiError(404, 'Log not found', 'inexistent_log');
        return [200, log];
      }
      return [200, listLogs(q)];
    }
    throw apiError(404, `No route for ${method} ${url.pathname}`);
  }

  function checkGrantScopes(api: Obj | undefined, scope: unknown[]): void {
    if (scope.some((s) => typeof s !== 'string' || !s))
      throw apiError(400, "Payload validation error: 'String is too short (0 chars), minimum 1' on property scope.", 'invalid_body');
    if (standin.undefinedGrantScopes !== 'refused' || !api) return;
    const defined = new Set(((api.scopes as Obj[] | undefined) ?? []).map((p) => p.value));
    const unknown = (scope as string[]).filter((s) => !defined.has(s));
    if (unknown.length) throw apiError(400, `Scopes not defined on the resource server: ${unknown.join(', ')}`, 'invalid_body');
  }

  function createResourceServer(need: (verb: string, what: string) => void, b: Obj): [number, unknown] {
    need('create', 'resource_servers');
    if (typeof b.identifier !== 'string' || !b.identifier)
      throw apiError(400, "Payload validation error: 'Missing required property: identifier'.", 'invalid_body');
    validate(b, new Set([...RESOURCE_SERVER_FIELDS, 'identifier']));
    validatePermissions(b.scopes);
    if (data.resourceServers.some((r) => r.identifier === b.identifier)) {
      throw apiError(409, 'A resource server with the same identifier already exists', 'operation_not_supported');
    }
    // Read back as Auth0 returns it: no token_dialect unless sent; the default access policies fill what was not sent.
    const sent = (b.subject_type_authorization ?? {}) as Obj;
    const rs = {
      id: hex(),
      name: b.identifier,
      signing_alg: 'RS256',
      token_lifetime: 86400,
      token_lifetime_for_web: 7200,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: true,
      ...b,
      subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'require_client_grant' }, ...sent },
    };
    data.resourceServers.push(rs);
    return [201, rs];
  }

  function token(body: Obj | undefined, authorization: string | undefined): [number, unknown] {
    if (body?.grant_type !== 'client_credentials') throw new HttpError(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
    const created = createdApplicationToken(appContext(authorization), body);
    if (created) return created;
    const app = applications.find((a) => a.clientId === body.client_id && a.clientSecret === body.client_secret);
    if (!app) throw new HttpError(401, { error: 'access_denied', error_description: 'Unauthorized' });
    if (body.audience !== `https://${host}/api/v2/`)
      throw new HttpError(403, { error: 'access_denied', error_description: `Service not enabled within domain: ${String(body.audience)}` });
    return [200, { access_token: issueToken(app.scopes), scope: app.scopes.join(' '), expires_in: 86400, token_type: 'Bearer' }];
  }

  function listLogs(q: URLSearchParams): unknown {
    // Checkpoint mode: events after `from`, oldest first; other parameters are ignored (a plain array).
    if (q.has('from') || (q.has('take') && !q.has('page') && !q.has('q'))) {
      const from = q.get('from');
      const start = from ? data.logs.findIndex((l) => l.log_id === from) + 1 : 0;
      return data.logs.slice(start, start + Number(q.get('take') ?? 50));
    }
    let list = data.logs.filter((l) => matchesLucene(l, q.get('q') ?? ''));
    if (q.get('sort') === 'date:-1') list = [...list].reverse();
    const page = Number(q.get('page') ?? 0);
    const perPage = Math.min(Number(q.get('per_page') ?? 50), 100);
    const slice = list.slice(page * perPage, page * perPage + perPage);
    return q.get('include_totals') === 'true' ? { start: page * perPage, limit: perPage, length: slice.length, total: list.length, logs: slice } : slice;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standin.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standin;
}

// Writable fields (Management API v2 reference); anything else is Auth0's "Additional properties not allowed".
const RESOURCE_SERVER_FIELDS = new Set([
  'name',
  'scopes',
  'signing_alg',
  'signing_secret',
  'allow_offline_access',
  'token_lifetime',
  'token_lifetime_for_web',
  'skip_consent_for_verifiable_first_party_clients',
  'enforce_policies',
  'token_dialect',
  'client',
  'token_encryption',
  'consent_policy',
  'authorization_details',
  'proof_of_possession',
  'subject_type_authorization',
]);
const SETTINGS_FIELDS = new Set([
  'change_password',
  'guardian_mfa_page',
  'default_audience',
  'default_directory',
  'error_page',
  'device_flow',
  'default_token_quota',
  'flags',
  'friendly_name',
  'picture_url',
  'support_email',
  'support_url',
  'allowed_logout_urls',
  'session_lifetime',
  'idle_session_lifetime',
  'ephemeral_session_lifetime',
  'idle_ephemeral_session_lifetime',
  'sandbox_version',
  'legacy_sandbox_version',
  'default_redirection_uri',
  'enabled_locales',
  'session_cookie',
  'sessions',
  'oidc_logout',
  'customize_mfa_in_postlogin_action',
  'allow_organization_name_in_authentication_api',
  'acr_values_supported',
  'mtls',
  'pushed_authorization_requests_supported',
  'authorization_response_iss_parameter_supported',
  'skip_non_verifiable_callback_uri_confirmation_prompt',
  'resource_parameter_profile',
  'client_id_metadata_document_supported',
  'dynamic_client_registration_security_mode',
  'phone_consolidated_experience',
  'enable_ai_guide',
]);
const CONNECTION_FIELDS = new Set([
  'display_name',
  'options',
  'enabled_clients',
  'is_domain_connection',
  'show_as_button',
  'realms',
  'metadata',
  'authentication',
  'connected_accounts',
]);
const GRANT_UPDATE_FIELDS = new Set(['scope', 'organization_usage', 'allow_any_organization', 'authorization_details_types', 'allow_all_scopes']);
const GRANT_FIELDS = new Set([
  'client_id',
  'audience',
  'scope',
  'organization_usage',
  'allow_any_organization',
  'default_for',
  'subject_type',
  'authorization_details_types',
  'allow_all_scopes',
]);
const ENUMS: Record<string, readonly string[]> = {
  signing_alg: ['HS256', 'RS256', 'RS512', 'PS256'],
  token_dialect: ['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz'],
  'subject_type_authorization.user.policy': ['allow_all', 'deny_all', 'require_client_grant'],
  'subject_type_authorization.client.policy': ['deny_all', 'require_client_grant'],
  resource_parameter_profile: ['audience', 'compatibility'],
  dynamic_client_registration_security_mode: ['strict', 'permissive'],
  subject_type: ['user', 'client'],
  default_for: ['third_party_clients'],
};

/** Auth0's 400 for a body with a field the endpoint does not take, or a value outside an enum. */
function validate(body: Obj, allowed: ReadonlySet<string>): void {
  const extra = Object.keys(body).filter((k) => !allowed.has(k));
  if (extra.length) throw apiError(400, `Payload validation error: 'Additional properties not allowed: ${extra.join(',')}'.`, 'invalid_body');
  for (const [path, values] of Object.entries(ENUMS)) {
    const value = path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Obj)[k] : undefined), body);
    if (value !== undefined && !values.includes(value as string)) {
      throw apiError(
        400,
        `Payload validation error: 'No enum match for: ${JSON.stringify(value)}' on property ${path} (${values.join(', ')}).`,
        'invalid_body',
      );
    }
  }
}

/** A resource server's `scopes`: a list of `{value, description?}`, value required. */
function validatePermissions(scopes: unknown): void {
  if (scopes === undefined) return;
  if (!Array.isArray(scopes))
    throw apiError(400, `Payload validation error: 'Expected type array but found type ${typeof scopes}' on property scopes.`, 'invalid_body');
  for (const p of scopes as Obj[]) {
    if (!p || typeof p.value !== 'string' || !p.value)
      throw apiError(400, "Payload validation error: 'Missing required property: value' on property scopes.", 'invalid_body');
    const extra = Object.keys(p).filter((k) => k !== 'value' && k !== 'description');
    if (extra.length)
      throw apiError(400, `Payload validation error: 'Additional properties not allowed: ${extra.join(',')}' on property scopes.`, 'invalid_body');
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    throw apiError(400, 'Invalid request payload JSON format', 'invalid_body');
  }
}

function pickFields(obj: Obj, q: URLSearchParams): Obj {
  const fields = q.get('fields')?.split(',').filter(Boolean);
  if (!fields?.length) return obj;
  const include = q.get('include_fields') !== 'false';
  return Object.fromEntries(Object.entries(obj).filter(([k]) => fields.includes(k) === include));
}

function offsetPage(list: Obj[], q: URLSearchParams, key: string): unknown {
  const page = Number(q.get('page') ?? 0);
  const perPage = Number(q.get('per_page') ?? 50);
  const slice = list.slice(page * perPage, page * perPage + perPage);
  return q.get('include_totals') === 'true' ? { start: page * perPage, limit: perPage, total: list.length, [key]: slice } : slice;
}

/** Checkpoint pagination: `from` is an opaque cursor (here, an index), `next` is present while more remain. */
function checkpointPage(list: Obj[], q: URLSearchParams, key: string): unknown {
  const start = Number(q.get('from') ?? 0);
  const take = Number(q.get('take') ?? 50);
  const end = start + take;
  return { [key]: list.slice(start, end), ...(end < list.length ? { next: String(end) } : {}) };
}

/** Just enough Lucene: `field:value`, `field:"exact value"`, `value*`, joined by spaces or AND. */
function matchesLucene(log: Obj, query: string): boolean {
  const terms = [...query.matchAll(/([\w.]+):("([^"]*)"|\S+)/g)];
  return terms.every(([, field, rawValue, quoted]) => {
    const actual = field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Obj)[k] : undefined), log);
    const wanted = quoted ?? rawValue;
    if (actual === undefined) return false;
    return wanted.endsWith('*') && quoted === undefined ? String(actual).startsWith(wanted.slice(0, -1)) : String(actual) === wanted;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Session options that reach the stand-in: its domain, the origin override, and the default M2M application. */
export function standinConnection(standin: ManagementApiStandin, credentials?: { token: string }) {
  return {
    domain: standin.host,
    origin: standin.origin,
    credentials: credentials
      ? ({ kind: 'token', token: credentials.token } as const)
      : ({ kind: 'client-credentials', clientId: standin.application.clientId, clientSecret: standin.application.clientSecret } as const),
  };
}
