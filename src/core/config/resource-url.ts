// The resource URL is the Auth0 API identifier and the MCP server's advertised `resource`: they must match byte for byte.

import { UserError } from '../plan/types';

export type ResourceUrlForm = 'origin' | 'mcp-path';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase()) || /^127\./.test(hostname);
}

/** Validates a public URL of the MCP server: https, or http on loopback only. Returns it without a trailing slash. */
export function parsePublicUrl(input: string | undefined, what = 'public URL'): URL {
  const raw = (input ?? '').trim();
  if (!raw) throw new UserError(`No ${what} was given.`, 'Start a tunnel, or enter the https URL where ChatGPT can reach your MCP server.', 'url_missing');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`"${raw}" is not a valid ${what}.`, 'Use a full URL such as "https://my-app.ngrok-free.app".', 'url_invalid');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new UserError(
      `"${raw}" must use https (ChatGPT only connects over HTTPS).`,
      'Use the https URL of your tunnel or deployment; plain http is accepted only for localhost.',
      'url_not_https',
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UserError(`"${raw}" must not carry a query, fragment or credentials.`, 'Use just the scheme, host and optional path.', 'url_invalid');
  }
  return url;
}

/**
 * A canonical identifier: https (or http on loopback), a lower-case host, an optional port and a path made only of
 * URL-safe characters (a trailing slash counts: the identifier is the resource byte for byte), exactly as URL parsing
 * writes it back. Nothing a shell or a .env reader could interpret (`$(`, quotes, whitespace, backslashes, `%`) can
 * be part of one.
 */
export function isCanonicalIdentifier(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 600) return false;
  if (!/^https?:\/\/(?:[a-z0-9.-]+|\[::1\])(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]*)*$/.test(value)) return false;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return false;
    return value === url.origin || value === `${url.origin}${url.pathname}`;
  } catch {
    return false;
  }
}

/** The resource identifier for a public URL: its origin (as the manual guide does) or origin + "/mcp". */
export function resourceUrlFor(publicUrl: string, form: ResourceUrlForm = 'origin'): string {
  const url = parsePublicUrl(publicUrl);
  return form === 'mcp-path' ? `${url.origin}/mcp` : url.origin;
}

/** The App URL the user pastes into ChatGPT. */
export function appUrlFor(publicUrl: string): string {
  return `${parsePublicUrl(publicUrl).origin}/mcp`;
}

export interface PublicUrlSources {
  /** The running tunnel's URL (connected or reconnecting). */
  tunnelUrl?: string;
  provider: 'ngrok' | 'custom' | 'loopback';
  /** The user's own URL (provider "custom"). */
  publicUrl?: string;
  /** A reserved ngrok domain: the URL is known before the tunnel starts. */
  ngrokDomain?: string;
}

/**
 * The public URL the setup aims at: the running tunnel's, or one known in advance (the user's own URL, a reserved
 * ngrok domain), so the tenant can be planned before the tunnel is up. undefined when none is known yet.
 */
export function plannedPublicUrl(sources: PublicUrlSources): string | undefined {
  if (sources.tunnelUrl) return sources.tunnelUrl;
  if (sources.provider === 'custom' && sources.publicUrl?.trim()) return sources.publicUrl.trim();
  if (sources.provider === 'ngrok' && sources.ngrokDomain?.trim()) {
    return `https://${sources.ngrokDomain
      .trim()
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '')}`;
  }
  return undefined;
}
