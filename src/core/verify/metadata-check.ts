// Check 1: Protected Resource Metadata at both paths ChatGPT tries (path-suffixed first, then the root), as JSON,
// naming the expected identifier and the tenant.

import { OAuthProtectedResourceMetadataSchema, type OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Diagnosis } from '../plan/types';
import type { VerifyContext } from './context';
import { networkErrorText, readBody, type Body, type FetchFn } from '../http/fetch';
import { compareResource, ENV_FIX } from './resource-match';
import { fail, pass, type CheckOutcome } from './types';

/** Protected Resource Metadata is a few hundred bytes; past this the answer is not metadata, and is not read on. */
export const MAX_METADATA_BYTES = 256 * 1024;

export const PRM_PATHS = ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource'] as const;

export type PrmFetch = { ok: true; metadata: OAuthProtectedResourceMetadata } | { ok: false; detail: string; diagnosis: Diagnosis };

/** Fetches one metadata URL and says, in user terms, why it is not usable metadata. */
export async function fetchProtectedResourceMetadata(fetchFn: FetchFn, url: string): Promise<PrmFetch> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { Accept: 'application/json' } });
  } catch (error) {
    return {
      ok: false,
      detail: `${url}: ${networkErrorText(error)}`,
      diagnosis: {
        problem: `The public URL does not answer (${networkErrorText(error)}).`,
        fix: 'Check that the MCP server and the tunnel are running, and that the public URL is the current one.',
      },
    };
  }
  let body: Body;
  try {
    body = await readBody(response, MAX_METADATA_BYTES);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      detail: `${url}: ${problem}`,
      diagnosis: { problem, fix: 'Serve the small JSON metadata document at this URL; check that the tunnel forwards to the MCP server.' },
    };
  }
  if (body.kind === 'html') {
    return {
      ok: false,
      detail: `${url} returned ${body.title} (HTML, status ${response.status}), not JSON`,
      diagnosis: {
        problem: `The metadata URL returns an HTML page ("${body.title}") instead of JSON, so ChatGPT cannot read it.`,
        fix: "If it is ngrok's browser warning, use a reserved domain or make sure requests reach the MCP server; otherwise check that the tunnel forwards to the MCP server's port.",
      },
    };
  }
  if (!response.ok) {
    return {
      ok: false,
      detail: `${url} answered ${response.status}`,
      diagnosis: {
        problem: `${url} answers ${response.status}: the server does not publish Protected Resource Metadata there.`,
        fix: 'Serve the metadata at both /.well-known/oauth-protected-resource/mcp and /.well-known/oauth-protected-resource (the embedded server does), and check that the tunnel forwards to the MCP server.',
      },
    };
  }
  const parsed = OAuthProtectedResourceMetadataSchema.safeParse(body.kind === 'json' ? body.value : undefined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = body.kind === 'json' ? `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}` : 'not JSON';
    return {
      ok: false,
      detail: `${url} is not valid Protected Resource Metadata (${what})`,
      diagnosis: {
        problem: `The metadata at ${url} is not valid RFC 9728 Protected Resource Metadata (${what}).`,
        fix: 'Return JSON with "resource" (the API identifier) and "authorization_servers" (your tenant\'s issuer).',
      },
    };
  }
  return { ok: true, metadata: parsed.data };
}

export async function checkProtectedResourceMetadata(ctx: VerifyContext): Promise<CheckOutcome> {
  const documents: OAuthProtectedResourceMetadata[] = [];
  for (const path of PRM_PATHS) {
    const result = await fetchProtectedResourceMetadata(ctx.fetch, `${ctx.publicOrigin}${path}`);
    if (!result.ok) return fail(result.detail, result.diagnosis);
    documents.push(result.metadata);
  }
  for (const [i, doc] of documents.entries()) {
    const mismatch = compareResource(doc.resource, ctx.resource);
    if (mismatch) return fail(`${PRM_PATHS[i]}: resource "${doc.resource}", expected "${ctx.resource}"`, mismatch);
    const servers = doc.authorization_servers ?? [];
    if (servers.length === 0) {
      return fail(`${PRM_PATHS[i]}: no authorization_servers`, {
        problem: 'The metadata names no authorization server, so ChatGPT does not know where to sign in.',
        fix: "Set AUTH0_DOMAIN in the server's environment so the metadata lists your tenant's issuer.",
        action: ENV_FIX,
      });
    }
    if (ctx.expectedIssuer && !servers.includes(ctx.expectedIssuer)) {
      return fail(`${PRM_PATHS[i]}: authorization_servers ${JSON.stringify(servers)}, expected "${ctx.expectedIssuer}"`, {
        problem: `The metadata names ${servers.join(', ')}, not your tenant's issuer "${ctx.expectedIssuer}" (exactly, with its trailing slash).`,
        fix: "Set AUTH0_DOMAIN in the server's environment to your tenant domain and restart the server.",
        action: ENV_FIX,
      });
    }
  }
  const [prm] = documents;
  ctx.prm = prm;
  ctx.issuer = ctx.expectedIssuer ?? prm?.authorization_servers?.[0];
  return pass(`Both paths serve JSON: resource "${ctx.resource}", authorization server ${ctx.issuer ?? '?'}`);
}
