// Turns what the user configured (AUTH0_DOMAIN, AUTH0_RESOURCE_SERVER_URL, a port) into everything the server
// derives from it: issuer, JWKS URL, metadata URLs, the Host allowlist. Pure, so it gets fast unit tests.

import { parseAuth0Domain } from '../config/domain';
import { parsePublicUrl } from '../config/resource-url';
import { UserError } from '../plan/types';
import { DEFAULT_DEMO_SCOPES, type AuthMode, type DemoScopes } from './auth-mode';
import type { McpLogger } from './logger';
import type { ToolSpec } from './tools';

export interface McpServerEvent {
  type: 'request' | 'auth_failure';
  method: string;
  path: string;
  status: number;
  /** For auth failures: why the token was refused (never the token itself). */
  reason?: string;
  ms: number;
}

export interface McpServerConfig {
  /** Tenant domain (host or host:port), as in AUTH0_DOMAIN. */
  auth0Domain: string;
  /** The Auth0 API identifier = the `resource` this server advertises (AUTH0_RESOURCE_SERVER_URL). */
  resourceUrl: string;
  /** Local port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Interface to listen on; loopback by default (the tunnel connects to it). */
  host?: string;
  /** Extra Host header names to accept besides loopback and the resource URL's host. */
  allowedHosts?: string[];
  /** Scopes advertised in the Protected Resource Metadata (`scopes_supported`); default: every scope the tools declare. */
  scopes?: string[];
  /** "required" mode only: scopes every /mcp request must carry; missing ones get 403 insufficient_scope. */
  requiredScopes?: string[];
  /**
   * 'mixed' (default; Apps SDK per-tool auth): requests without a token reach initialize, tools/list and public
   * tools; a tool needing a sign-in or a scope answers with the tool-level challenge. 'required': every request needs
   * a token (401), and a tool call lacking the tool's scopes gets HTTP 403 insufficient_scope.
   */
  authMode?: AuthMode;
  /** The demo tools' scopes (the API's permissions must define them); default profile:read and greeting:write. */
  demoScopes?: DemoScopes;
  /** Shown by clients as the server's name. */
  resourceName?: string;
  /** Default true. false serves /mcp without tokens: only for the benchmark baseline. */
  requireAuth?: boolean;
  /** Tests only: an authorization server other than https://<domain>/ (oidc-provider runs on http). */
  authorizationServer?: { issuer: string; jwksUri: string };
  /** Minimum time between JWKS refetches caused by unknown kids (default 30 s); tests shorten it. */
  jwksCooldownMs?: number;
  /** How long a verified token is remembered (default 60 s; 0 = verify the signature on every request). */
  tokenCacheTtlMs?: number;
  /** Largest accepted request body; bigger ones get 413. */
  maxBodyBytes?: number;
  logger?: McpLogger;
  onEvent?: (event: McpServerEvent) => void;
  /** Tools served besides the demo tools (whoami, show_profile_card). */
  extraTools?: readonly ToolSpec[];
}

export { DEFAULT_DEMO_SCOPES, type AuthMode, type DemoScopes };

export interface ResolvedServerConfig {
  issuer: string;
  jwksUri: string;
  resourceUrl: string;
  resourceMetadataUrl: string;
  allowedHosts: string[];
  scopes: string[];
  requiredScopes: string[];
  resourceName: string;
  requireAuth: boolean;
  authMode: AuthMode;
  demoScopes: DemoScopes;
  maxBodyBytes: number;
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Validates the resource URL (https, or http on loopback) and returns it exactly as given, minus surrounding spaces. */
export function validateResourceUrl(resourceUrl: string): string {
  parsePublicUrl(resourceUrl, 'resource URL (AUTH0_RESOURCE_SERVER_URL)');
  return resourceUrl.trim();
}

/**
 * RFC 9728: the metadata URL inserts /.well-known/oauth-protected-resource between the origin and the path, so
 * `https://h` → `https://h/.well-known/oauth-protected-resource` and `https://h/mcp` → `…/oauth-protected-resource/mcp`.
 */
export function protectedResourceMetadataUrl(resourceUrl: string): string {
  const url = new URL(resourceUrl);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/** Loopback names, the resource URL's host, and any extras: the Host headers a tunnel or a local client sends. */
export function allowedHostsFor(resourceUrl: string, extra: string[] = []): string[] {
  const hosts = new Set(LOOPBACK_HOSTS);
  hosts.add(new URL(resourceUrl).hostname.toLowerCase());
  for (const host of extra) if (host.trim()) hosts.add(host.trim().toLowerCase());
  return [...hosts];
}

/** Keeps the resource URL's path form (origin only, or /mcp) while moving it to a new public origin. */
export function resourceUrlForNewOrigin(currentResourceUrl: string, publicUrl: string): string {
  const origin = parsePublicUrl(publicUrl).origin;
  const path = new URL(currentResourceUrl).pathname;
  // Keep the byte-for-byte form: "https://h" has no trailing slash unless the user wrote one.
  const hadSlash = currentResourceUrl.trim().endsWith('/');
  if (path === '/') return hadSlash ? `${origin}/` : origin;
  return `${origin}${path}`;
}

export function resolveServerConfig(config: McpServerConfig): ResolvedServerConfig {
  const resourceUrl = validateResourceUrl(config.resourceUrl);
  const as = config.authorizationServer ?? defaultAuthorizationServer(config.auth0Domain);
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new UserError(`Port ${String(config.port)} is not a valid TCP port.`, 'Use a number from 1 to 65535, or 0 for any free port.', 'port_invalid');
  }
  const requireAuth = config.requireAuth ?? true;
  const demoScopes = config.demoScopes ?? DEFAULT_DEMO_SCOPES;
  const authMode = config.authMode ?? 'mixed';
  const requiredScopes = authMode === 'required' ? (config.requiredScopes ?? []) : [];
  const toolScopes = requireAuth ? [demoScopes.read, demoScopes.write, ...(config.extraTools ?? []).flatMap(declaredScopes)] : [];
  return {
    issuer: as.issuer,
    jwksUri: as.jwksUri,
    resourceUrl,
    resourceMetadataUrl: protectedResourceMetadataUrl(resourceUrl),
    allowedHosts: allowedHostsFor(resourceUrl, config.allowedHosts),
    scopes: config.scopes ?? [...new Set([...toolScopes, ...requiredScopes])],
    requiredScopes,
    resourceName: config.resourceName ?? 'Auth0-protected MCP server',
    requireAuth,
    authMode,
    demoScopes,
    maxBodyBytes: config.maxBodyBytes ?? 1024 * 1024,
  };
}

/** The scopes a tool's `_meta.securitySchemes` names. */
function declaredScopes(tool: ToolSpec): string[] {
  const schemes = (tool.config._meta as { securitySchemes?: Array<{ type?: string; scopes?: string[] }> } | undefined)?.securitySchemes ?? [];
  return schemes.flatMap((s) => (s.type === 'oauth2' ? (s.scopes ?? []) : []));
}

/** Auth0 writes its issuer with a trailing slash and serves its keys at /.well-known/jwks.json. */
export function defaultAuthorizationServer(auth0Domain: string): { issuer: string; jwksUri: string } {
  const { issuer } = parseAuth0Domain(auth0Domain);
  return { issuer, jwksUri: `${issuer}.well-known/jwks.json` };
}
