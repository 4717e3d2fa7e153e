// Turns whatever the SDK or the network throws into a UserError that says what went wrong and what to do.
// Messages name the host and the operation, never a token or secret.

import { UserError } from '../plan/types';
import { REQUIRED_SCOPES, scopesFromInsufficientScopeMessage } from './scopes';

export interface ErrorContext {
  host: string;
  /** What was being done, in words: "reading the tenant settings". */
  operation: string;
  credentials: 'client-credentials' | 'token';
  /** No canonical tenant domain was configured apart from the sign-in domain. */
  tenantDomainUnset?: boolean;
  /** Who reads the fix: the CLI names variables and flags, the editor names settings and commands. Default 'cli'. */
  face?: Face;
  /** The credentials are the product's own application (made from a pasted token): a new token fixes its scopes. */
  ownApp?: boolean;
}

export type Face = 'cli' | 'editor';

/** Each face words the fixes that name where a value is set. */
const FIXES = {
  cli: {
    credentials:
      'Check AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (or run "auth0-mcp login"): they must belong to a Machine-to-Machine application in this tenant.',
    tenantDomain: (host: string, unset: boolean) =>
      `Set AUTH0_TENANT_DOMAIN to the tenant's canonical domain shown in the dashboard (Settings, e.g. my-tenant.us.auth0.com)${unset ? ` and keep AUTH0_DOMAIN=${host}, where users sign in` : ''}.`,
    domain: 'Check AUTH0_DOMAIN: use the tenant domain shown in the dashboard, e.g. "my-tenant.us.auth0.com".',
    sameTenant: 'Check that AUTH0_DOMAIN is the tenant that issued the credentials, then connect again.',
    network: 'Check AUTH0_DOMAIN (the tenant domain from the dashboard, e.g. "my-tenant.us.auth0.com") and your network connection.',
    tls: 'Behind a proxy or a private certificate authority, point NODE_EXTRA_CA_CERTS at its CA certificate (and HTTPS_PROXY at the proxy); for a real tenant, check that the domain is right.',
    ownAppScopes: 'Run "auth0-mcp login --token <token>" with a token from the dashboard\'s API Explorer: it adds them to the product\'s application.',
    pastedToken:
      'Paste a fresh token from the dashboard\'s API Explorer (they last 24 hours) with "auth0-mcp login --token", or use a Machine-to-Machine application\'s client id and secret.',
  },
  editor: {
    credentials: 'Run "Connect to Auth0" again: the client id and secret must belong to a Machine-to-Machine application in this tenant.',
    tenantDomain: (_host: string, _unset: boolean) =>
      'Set the setting "auth0Mcp.tenantDomain" to the tenant\'s canonical domain shown in the dashboard (Settings, e.g. my-tenant.us.auth0.com) and keep "auth0Mcp.domain", where users sign in.',
    domain: 'Run "Connect to Auth0" with the tenant domain shown in the dashboard, e.g. "my-tenant.us.auth0.com" (setting "auth0Mcp.domain").',
    sameTenant: 'Run "Connect to Auth0" again for the tenant that issued the credentials.',
    network:
      'Check the setting "auth0Mcp.domain" (the tenant domain from the dashboard) and your network connection; VS Code\'s proxy settings ("http.proxy") apply.',
    tls: 'VS Code connects through its own network settings: behind a proxy or a private certificate authority, check "http.proxy", "http.proxyStrictSSL" and "http.systemCertificates" (Settings > Application > Proxy), as for VS Code itself.',
    ownAppScopes: 'Run "Connect to Auth0" and paste a Management API token: it adds them to the product\'s application.',
    pastedToken:
      'Run "Connect to Auth0" and paste a fresh token from the dashboard\'s API Explorer (they last 24 hours): the product then makes its own application, whose access renews itself.',
  },
} as const;

const words = (ctx: ErrorContext) => FIXES[ctx.face ?? 'cli'];

interface ErrorBody {
  statusCode?: number;
  error?: string;
  message?: string;
  errorCode?: string;
  error_description?: string;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

export function allScopesHint(): string {
  return `The product needs these Management API scopes: ${REQUIRED_SCOPES.join(', ')}.`;
}

export function toUserError(error: unknown, ctx: ErrorContext): UserError {
  if (error instanceof UserError) return error;
  const status = statusOf(error);
  const body = bodyOf(error);
  const fromTokenEndpoint = isTokenEndpointError(error, body);
  if (status === undefined) return networkError(error, ctx);
  const serverText = body?.message ?? body?.error_description ?? '';

  if (fromTokenEndpoint) {
    if (status === 401 || status === 400 || (status === 403 && /unauthorized_client|invalid_client/.test(body?.error ?? ''))) {
      return new UserError(
        `Auth0 at ${ctx.host} rejected the client id or secret${serverText ? ` (${serverText})` : ''}.`,
        words(ctx).credentials,
        'bad_credentials',
      );
    }
    if (/Service not enabled within domain/i.test(serverText)) {
      // The token's audience names a custom domain: Management API tokens are only issued for the canonical domain.
      return new UserError(
        `Auth0 refused a Management API token for https://${ctx.host}/api/v2/ ("${serverText}"): ${ctx.host} is ${ctx.tenantDomainUnset ? 'probably a custom domain' : "not the tenant's canonical domain"}, and Management API tokens are only issued for the tenant's canonical *.auth0.com domain.`,
        words(ctx).tenantDomain(ctx.host, Boolean(ctx.tenantDomainUnset)),
        'custom_domain',
      );
    }
    if (status === 403) {
      return new UserError(
        `The application is not authorized to call the Management API of ${ctx.host}${serverText ? ` (${serverText})` : ''}.`,
        `In the Auth0 dashboard open Applications > APIs > Auth0 Management API > Machine To Machine Applications, authorize your application and grant its scopes. ${allScopesHint()}`,
        'not_authorized',
      );
    }
    if (status === 404) {
      return new UserError(`${ctx.host} did not answer like an Auth0 tenant (no token endpoint).`, words(ctx).domain, 'not_auth0');
    }
  }
  if (status === 403 && (body?.errorCode === 'insufficient_scope' || /insufficient scope/i.test(serverText))) {
    const missing = scopesFromInsufficientScopeMessage(serverText);
    const named = missing.length ? missing.join(', ') : 'a scope';
    return new UserError(
      `The Management API credentials lack ${missing.length > 1 ? 'one of the scopes' : 'the scope'} ${named} (needed for ${ctx.operation}).`,
      ctx.ownApp
        ? words(ctx).ownAppScopes
        : `${ctx.credentials === 'token' ? "Create a new token in the dashboard's API Explorer with" : 'In the Auth0 dashboard (Applications > APIs > Auth0 Management API > Machine To Machine Applications) grant your application'} ${named}. ${allScopesHint()}`,
      'insufficient_scope',
    );
  }
  if (status === 401) {
    return ctx.credentials === 'token'
      ? new UserError(`Auth0 at ${ctx.host} rejected the Management API token (expired or not for this tenant).`, words(ctx).pastedToken, 'bad_token')
      : new UserError(`Auth0 at ${ctx.host} rejected a freshly issued token while ${ctx.operation}.`, words(ctx).sameTenant, 'bad_token');
  }
  if (status === 408) {
    return new UserError(
      `Auth0 at ${ctx.host} did not answer in time while ${ctx.operation}.`,
      'Try again; if it persists, check your network or proxy.',
      'timeout',
    );
  }
  if (status === 429) {
    return new UserError(
      `Auth0 at ${ctx.host} kept rate-limiting the requests for about a minute while ${ctx.operation}.`,
      'Wait a minute and run it again: nothing is lost, a re-run continues where this one stopped.',
      'rate_limited',
    );
  }
  if (status >= 500) {
    return new UserError(
      `Auth0 at ${ctx.host} failed with HTTP ${status} while ${ctx.operation}${serverText ? ` (${serverText})` : ''}.`,
      "This is on Auth0's side; try again later (status.auth0.com shows incidents). A re-run continues where this one stopped.",
      'server_error',
    );
  }
  return new UserError(
    `Auth0 refused ${ctx.operation} (HTTP ${status}${serverText ? `: ${serverText}` : ''}).`,
    'Check the value in the message; if it looks right, the tenant may not support this feature on its plan.',
    `http_${status}`,
  );
}

function networkError(error: unknown, ctx: ErrorContext): UserError {
  if (isTimeout(error)) {
    return new UserError(
      `Auth0 at ${ctx.host} did not answer in time while ${ctx.operation}.`,
      'Try again; if it persists, check your network or proxy.',
      'timeout',
    );
  }
  const code = causeCode(error);
  if (code && TLS_CODES.test(code)) {
    return new UserError(`Cannot reach ${ctx.host}: its TLS certificate is not trusted (${code}).`, words(ctx).tls, 'tls_untrusted');
  }
  const why =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'the name does not resolve'
      : code === 'ECONNREFUSED'
        ? 'the connection was refused'
        : code
          ? `network error ${code}`
          : 'network error';
  return new UserError(`Cannot reach Auth0 at ${ctx.host}: ${why}.`, words(ctx).network, 'unreachable');
}

function statusOf(error: unknown): number | undefined {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const status = (e as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

function bodyOf(error: unknown): ErrorBody | undefined {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const body = (e as { body?: unknown }).body;
    if (body && typeof body === 'object') return body as ErrorBody;
    if (typeof body === 'string') return { message: body.slice(0, 200) };
  }
  return undefined;
}

function isTokenEndpointError(error: unknown, body: ErrorBody | undefined): boolean {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if (e instanceof Error && e.message.startsWith('ManagementClient: token request')) return true;
  }
  return Boolean(body?.error_description);
}

function isTimeout(error: unknown): boolean {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const name = (e as Error).name;
    if (name === 'ManagementTimeoutError' || name === 'TimeoutError' || name === 'AbortError') return true;
  }
  return false;
}

function causeCode(error: unknown): string | undefined {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Gone already (deleted by hand, or by an earlier restore or cleanup that was interrupted): nothing left to do. */
export async function ignoreNotFound(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if ((error as { code?: string }).code === 'http_404') return;
    throw error;
  }
}
