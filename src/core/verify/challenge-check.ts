// Check 2: a request without a token gets 401 with a WWW-Authenticate challenge whose resource_metadata URL is on the
// public URL and serves the metadata (ChatGPT drops servers that answer 401 without it); or, for a server that answers
// signed out (mixed auth), each tool's auth is checked instead (tool-challenge.ts).

import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import type { VerifyContext } from './context';
import { networkErrorText } from '../http/fetch';
import { fetchProtectedResourceMetadata } from './metadata-check';
import { compareResource, ENV_FIX } from './resource-match';
import { checkMixedAuth } from './tool-challenge';
import { fail, pass, type CheckOutcome } from './types';

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'auth0-mcp-verify', version: '1' } },
};

export async function checkChallenge(ctx: VerifyContext): Promise<CheckOutcome> {
  let response: Response;
  try {
    response = await ctx.fetch(ctx.appUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify(INITIALIZE),
    });
  } catch (error) {
    return fail(`POST ${ctx.appUrl}: ${networkErrorText(error)}`, {
      problem: `The App URL ${ctx.appUrl} does not answer.`,
      fix: 'Check that the MCP server and the tunnel are running.',
    });
  }
  await response.body?.cancel();
  const header = response.headers.get('www-authenticate');
  // Mixed auth (Apps SDK): initialize answers signed out; protection is then per tool, checked there.
  if (response.ok) return checkMixedAuth(ctx);
  if (response.status !== 401) {
    return fail(`POST /mcp without a token answered ${response.status}`, {
      problem: response.ok
        ? 'The MCP server answers without a token: it is not protected, so ChatGPT will not offer a sign-in.'
        : `The MCP endpoint answers ${response.status} instead of 401 to a request without a token.`,
      fix: 'Protect /mcp with bearer-token authentication that answers 401 with a WWW-Authenticate challenge (the embedded server does).',
    });
  }
  const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
  if (scope) ctx.challengeScopes = scope.split(/\s+/).filter(Boolean);
  if (!header || !/^bearer\b/i.test(header) || !resourceMetadataUrl) {
    return fail(`401 with ${header ? `WWW-Authenticate: ${header}` : 'no WWW-Authenticate header'}`, {
      problem: 'The 401 has no WWW-Authenticate: Bearer resource_metadata="…" challenge; ChatGPT drops such connections.',
      fix: 'Answer 401 with WWW-Authenticate: Bearer resource_metadata="<public URL>/.well-known/oauth-protected-resource/mcp".',
    });
  }
  if (resourceMetadataUrl.origin !== ctx.publicOrigin) {
    return fail(`resource_metadata="${resourceMetadataUrl.href}" is not on the public URL ${ctx.publicOrigin}`, {
      problem: `The challenge points at ${resourceMetadataUrl.origin}, which is not the public URL, so ChatGPT may not reach it.`,
      fix: 'The server builds that URL from AUTH0_RESOURCE_SERVER_URL: set it to the public URL and restart the server.',
      action: ENV_FIX,
    });
  }
  const metadata = await fetchProtectedResourceMetadata(ctx.fetch, resourceMetadataUrl.href);
  if (!metadata.ok) return fail(`resource_metadata: ${metadata.detail}`, metadata.diagnosis);
  const mismatch = compareResource(metadata.metadata.resource, ctx.resource);
  if (mismatch) return fail(`resource_metadata names resource "${metadata.metadata.resource}"`, mismatch);
  return pass(`401 with WWW-Authenticate: Bearer resource_metadata="${resourceMetadataUrl.href}" (reachable)`);
}
