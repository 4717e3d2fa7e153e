// The first check of a typed domain, before anything else is asked: is it reachable, and does it answer like an Auth0
// tenant (its OpenID discovery document, issuer `https://{host}/` with the trailing slash)? One GET, bounded in time
// and size, through the global fetch (inside VS Code: the extension host's, with the user's proxy and certificates).

import { parseAuth0Domain } from '../config/domain';
import { readBody, timedFetch } from '../http/fetch';
import { UserError } from '../plan/types';
import { toUserError, type Face } from './errors';

export interface DiscoveryOptions {
  /** Send the request to this origin instead (the tests' stand-in; the same override as the Management API's). */
  origin?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  face?: Face;
}

export interface TenantDiscovery {
  host: string;
  issuer: string;
}

const MAX_BYTES = 256 * 1024;

export async function checkTenantDomain(domain: string, options: DiscoveryOptions = {}): Promise<TenantDiscovery> {
  const { host, issuer } = parseAuth0Domain(domain);
  const path = '/.well-known/openid-configuration';
  const url = options.origin ? `${options.origin.replace(/\/$/, '')}${path}` : `https://${host}${path}`;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const face = options.face ?? 'cli';
  let response: Response;
  try {
    response = await timedFetch(doFetch, options.timeoutMs ?? 10_000)(url, { headers: { accept: 'application/json' }, redirect: 'manual' });
  } catch (error) {
    throw toUserError(error, { host, operation: 'reading its OpenID discovery document', credentials: 'token', face });
  }
  const notTenant = (what: string) =>
    new UserError(
      `${host} does not answer like an Auth0 tenant: ${what}.`,
      face === 'editor'
        ? 'Enter the tenant domain shown in the Auth0 dashboard (Settings > Domain), e.g. "my-tenant.us.auth0.com", or your custom domain.'
        : 'Use the tenant domain shown in the Auth0 dashboard (Settings > Domain), e.g. --domain my-tenant.us.auth0.com, or your custom domain.',
      'not_auth0',
    );
  if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) throw notTenant('its discovery document is far too large');
  const body = await readBody(response);
  if (response.status !== 200) throw notTenant(`${path} answered HTTP ${response.status}${body.kind === 'html' ? ` (${body.title})` : ''}`);
  if (body.kind !== 'json' || typeof body.value !== 'object' || body.value === null) throw notTenant(`${path} is not JSON`);
  const doc = body.value as { issuer?: unknown; token_endpoint?: unknown };
  if (doc.issuer !== issuer) {
    throw notTenant(`its discovery document names the issuer ${JSON.stringify(doc.issuer ?? null)}, not "${issuer}"`);
  }
  if (typeof doc.token_endpoint !== 'string') throw notTenant('its discovery document has no token endpoint');
  return { host, issuer };
}
