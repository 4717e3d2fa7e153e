// Reads a Bearer challenge (RFC 6750 §3): from an HTTP `WWW-Authenticate` header, or from a tool result's
// `_meta["mcp/www_authenticate"]`, the tool-level challenge ChatGPT answers with its sign-in (Apps SDK, mixed auth).
// The MCP SDK's extractWWWAuthenticateParams reads resource_metadata, scope and error; error_description is added here.

import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';

export const TOOL_CHALLENGE_META_KEY = 'mcp/www_authenticate';

export interface BearerChallenge {
  /** resource_metadata, when it is a valid URL. */
  resourceMetadataUrl?: string;
  /** e.g. invalid_token, insufficient_scope. */
  error?: string;
  errorDescription?: string;
  /** The scopes the challenge names (space-separated `scope`), empty when none. */
  scopes: string[];
  /** The challenge as received. */
  raw: string;
}

const DESCRIPTION = /(?:^|[\s,])error_description="((?:[^"\\]|\\.)*)"/i;

/** Parses a Bearer challenge; undefined when the value is not one (another scheme, or empty). */
export function parseBearerChallenge(value: string | null | undefined): BearerChallenge | undefined {
  const raw = value?.trim();
  if (!raw || !/^bearer(\s|$)/i.test(raw)) return undefined;
  const description = DESCRIPTION.exec(raw);
  // The SDK finds each parameter anywhere in the header: take the free text out so "scope=" in it cannot match.
  const params = description ? raw.replace(description[0], description[0].startsWith(',') ? ',' : ' ') : raw;
  // The SDK wants `Bearer <something>`; a bare "Bearer" has no parameters anyway.
  const parsed = /\s/.test(params.trim()) ? extractWWWAuthenticateParams(new Response(null, { headers: { 'WWW-Authenticate': params } })) : {};
  return {
    ...(parsed.resourceMetadataUrl ? { resourceMetadataUrl: parsed.resourceMetadataUrl.href } : {}),
    ...(parsed.error ? { error: parsed.error } : {}),
    ...(description ? { errorDescription: description[1].replace(/\\(.)/g, '$1') } : {}),
    scopes: parsed.scope ? parsed.scope.split(/\s+/).filter(Boolean) : [],
    raw,
  };
}

/** The Bearer challenge of an HTTP response (401 or 403), if any. */
export function challengeFromResponse(response: Pick<Response, 'headers'>): BearerChallenge | undefined {
  return parseBearerChallenge(response.headers.get('www-authenticate'));
}

/**
 * The tool-level challenge of a tools/call result: only an error result counts, and its
 * `_meta["mcp/www_authenticate"]` may be one string or a list (the first Bearer challenge wins).
 */
export function toolChallenge(result: unknown): BearerChallenge | undefined {
  const r = result as { isError?: unknown; _meta?: Record<string, unknown> } | null | undefined;
  if (r?.isError !== true) return undefined;
  const value = r._meta?.[TOOL_CHALLENGE_META_KEY];
  const candidates = Array.isArray(value) ? value : [value];
  for (const candidate of candidates) {
    const challenge = typeof candidate === 'string' ? parseBearerChallenge(candidate) : undefined;
    if (challenge) return challenge;
  }
  return undefined;
}
