// Turns what people paste as an Auth0 domain into one canonical host[:port], or a UserError saying why not.

import { UserError } from '../plan/types';

export interface Auth0Domain {
  /** host or host:port, lower-case, no scheme, no slash: "tenant.us.auth0.com", "127.0.0.1:4010". */
  host: string;
  /** The tenant's issuer exactly as Auth0 writes it: with the trailing slash. */
  issuer: string;
  /** Base URL of the Management API. */
  managementBaseUrl: string;
  /** The Management API audience for client-credentials. */
  managementAudience: string;
}

const EXAMPLE = 'Expected a tenant domain such as "my-tenant.us.auth0.com" (a custom domain or host:port also works).';

/** Auth0's own hosts: people paste them by mistake (the dashboard URL, the marketing site). */
const AUTH0_OWN_HOSTS = new Set(['auth0.com', 'www.auth0.com', 'manage.auth0.com', 'community.auth0.com', 'marketplace.auth0.com']);

export function parseAuth0Domain(input: string | undefined): Auth0Domain {
  // Values copied out of .env files or JSON keep their quotes; credentials pasted in the URL are never echoed.
  const raw = (input ?? '')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim()
    .replace(/\/\/[^/@]*@/, '//***@');
  if (!raw) throw new UserError('No Auth0 domain was given.', `Set AUTH0_DOMAIN or run "Connect to Auth0". ${EXAMPLE}`, 'domain_missing');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new UserError(`"${raw}" is not a valid Auth0 domain.`, EXAMPLE, 'domain_invalid');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`"${raw}" uses ${url.protocol.replace(':', '')}, not https.`, EXAMPLE, 'domain_invalid');
  }
  if (url.protocol === 'http:') {
    throw new UserError(`"${raw}" uses http. Auth0 tenants are only reachable over https.`, `Drop the "http://" prefix. ${EXAMPLE}`, 'domain_invalid');
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new UserError(`"${raw}" has more than a domain in it (a path, query or credentials).`, EXAMPLE, 'domain_invalid');
  }
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  const ipv6 = /^\[[0-9a-f:.]+\]$/.test(hostname);
  if (!ipv6 && !/^[a-z0-9.-]+$/.test(hostname)) {
    throw new UserError(`"${raw}" is not a valid Auth0 domain.`, EXAMPLE, 'domain_invalid');
  }
  if (!ipv6 && !hostname.includes('.') && hostname !== 'localhost') {
    throw new UserError(`"${raw}" is not a full domain name.`, EXAMPLE, 'domain_invalid');
  }
  if (AUTH0_OWN_HOSTS.has(hostname)) {
    throw new UserError(`"${raw}" is Auth0's own site, not a tenant domain.`, EXAMPLE, 'domain_invalid');
  }
  const host = url.port ? `${hostname}:${url.port}` : hostname;
  return {
    host,
    issuer: `https://${host}/`,
    managementBaseUrl: `https://${host}/api/v2`,
    managementAudience: `https://${host}/api/v2/`,
  };
}

/** The parsed domain, or undefined for an empty or invalid one (callers that only need it when it is usable). */
export function tryParseAuth0Domain(input: string | undefined): Auth0Domain | undefined {
  try {
    return input ? parseAuth0Domain(input) : undefined;
  } catch {
    return undefined;
  }
}
