// Check 7: what ChatGPT does once signed in: an MCP session over streamable HTTP through the public URL with the
// token, and tools/list.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { VerifyContext } from './context';
import type { FetchFn } from '../http/fetch';
import { readToolScopes, requiredScopes } from '../scopes/tool-scopes';
import { readToolsList } from '../scopes/tools-list-reader';
import { ENV_FIX } from './resource-match';
import { tokenScopeProblem } from './scope-check';
import { fail, pass, type CheckOutcome } from './types';
import { errorMessage } from '../plan/types';

export async function checkToolsList(ctx: VerifyContext): Promise<CheckOutcome> {
  if (!ctx.accessToken) return fail('no token', { problem: 'No token to call the server with.', fix: 'Fix the previous checks.' });
  let challenge: string | undefined;
  // Keep the server's refusal reason (WWW-Authenticate error_description) for the diagnosis.
  const recording: FetchFn = async (input, init) => {
    const response = await ctx.fetch(input, init);
    if (response.status === 401 || response.status === 403) challenge ??= response.headers.get('www-authenticate') ?? undefined;
    return response;
  };
  const transport = new StreamableHTTPClientTransport(new URL(ctx.appUrl), {
    requestInit: { headers: { Authorization: `Bearer ${ctx.accessToken}` } },
    fetch: recording,
  });
  const client = new Client({ name: 'auth0-mcp-verify', version: '1.0.0' });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    if (tools.length === 0) {
      return fail('tools/list returned no tools', {
        problem: 'The server accepted the token but lists no tools, so ChatGPT has nothing to call.',
        fix: 'Register at least one tool on the MCP server.',
      });
    }
    // Every request needs sign-in: the tools' declared scopes could only be read now, with the token.
    if (!ctx.scopeNeeds) {
      const declared = readToolScopes(await readToolsList(ctx.appUrl, { token: ctx.accessToken, fetch: ctx.fetch }));
      const problem = tokenScopeProblem(ctx.tokenScopes ?? [], requiredScopes(declared.tools));
      if (problem) return problem;
    }
    return pass(`${tools.length} tool${tools.length === 1 ? '' : 's'}: ${tools.map((t) => t.name).join(', ')}`);
  } catch (error) {
    const message = errorMessage(error);
    if (challenge) {
      const reason = /error_description="([^"]*)"/.exec(challenge)?.[1] ?? challenge;
      return fail(`The server refused the token: ${reason}`, {
        problem: `The MCP server refused a token the tenant issued for "${ctx.resource}": ${reason}.`,
        fix: 'Make the server use the same tenant and identifier: AUTH0_DOMAIN and AUTH0_RESOURCE_SERVER_URL in its environment.',
        action: ENV_FIX,
      });
    }
    return fail(`tools/list failed: ${message}`, {
      problem: `The MCP session through ${ctx.appUrl} failed: ${message}.`,
      fix: "Check the MCP server's log; the endpoint must speak streamable HTTP at /mcp.",
    });
  } finally {
    await client.close().catch(() => undefined);
  }
}
