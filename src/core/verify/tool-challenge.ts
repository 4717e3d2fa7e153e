// Mixed auth, checked like ChatGPT (Apps SDK per-tool securitySchemes): a server that answers initialize signed out
// must list its tools signed out, let a `noauth` tool answer, and answer each `oauth2`-only tool with the tool-level
// challenge (isError + _meta["mcp/www_authenticate"]) naming the metadata URL on the public origin; the scopes the
// tool needs must be named by the challenge or the metadata's scopes_supported, or ChatGPT's sign-in never asks for
// them. Only the signed-out answers are read: no tool runs with a token here.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UserError } from '../plan/types';
import { toolChallenge, type BearerChallenge } from '../scopes/challenge';
import { readToolScopes, requiredScopes, type ToolAuth } from '../scopes/tool-scopes';
import { readToolsList } from '../scopes/tools-list-reader';
import type { VerifyContext } from './context';
import { ENV_FIX } from './resource-match';
import { fail, pass, type CheckOutcome } from './types';

/** Enough to find a server that runs oauth2 tools signed out; each call is a request through the tunnel. */
const MAX_SIGNED_OUT_CALLS = 10;

const NOT_PROTECTED = {
  problem: 'The MCP server answers without a token and none of its tools declares oauth2: it is not protected, so ChatGPT will not offer a sign-in.',
  fix: 'Protect /mcp with bearer-token authentication that answers 401 with a WWW-Authenticate challenge, or declare securitySchemes [{type:"oauth2", scopes:[…]}] on the tools that need a user and answer them signed out with the tool-level challenge.',
};

export async function checkMixedAuth(ctx: VerifyContext): Promise<CheckOutcome> {
  let listed: Array<Record<string, unknown>>;
  try {
    listed = (await readToolsList(ctx.appUrl, { fetch: ctx.fetch })).tools;
  } catch (error) {
    const e = error instanceof UserError ? error : new UserError(String(error), "Check the MCP server's log.", 'unexpected');
    return fail(`initialize answered without a token, but tools/list did not: ${e.message}`, { problem: e.message, fix: e.fix });
  }
  const { tools, problems } = readToolScopes({ tools: listed });
  ctx.signedOutTools = tools;
  ctx.listedTools = listed;
  ctx.scopeNeeds = requiredScopes(tools);
  const signInOnly = tools.filter((t) => t.signIn && !t.public).slice(0, MAX_SIGNED_OUT_CALLS);
  if (!tools.some((t) => t.signIn)) return fail('POST /mcp without a token answered 200, and no tool declares oauth2', NOT_PROTECTED);

  const transport = new StreamableHTTPClientTransport(new URL(ctx.appUrl), { fetch: ctx.fetch });
  const client = new Client({ name: 'auth0-mcp-verify', version: '1.0.0' });
  try {
    await client.connect(transport);
    const seen: string[] = [];
    const publicTool = pickPublicTool(tools, listed);
    if (publicTool) {
      const challenge = toolChallenge(await client.callTool({ name: publicTool.name, arguments: placeholderArguments(schemaOf(listed, publicTool)) }));
      if (challenge) {
        return fail(`${publicTool.name} declares noauth but answered signed out with a sign-in challenge`, {
          problem: `The tool "${publicTool.name}" declares noauth (callable signed out), yet asks for a sign-in when called without a token: ChatGPT users who have not signed in cannot use it.`,
          fix: `Let "${publicTool.name}" answer without a token, or drop noauth from its securitySchemes.`,
        });
      }
      seen.push(`${publicTool.name} (public) answered`);
    } else if (tools.some((t) => t.public)) {
      seen.push('no public tool is marked readOnlyHint, so none was run signed out');
    }
    const challenged: string[] = [];
    for (const tool of signInOnly) {
      const result = await client.callTool({ name: tool.name, arguments: placeholderArguments(schemaOf(listed, tool)) });
      const problem = challengeProblem(tool, toolChallenge(result), ctx, result);
      if (problem) return problem;
      challenged.push(tool.name);
    }
    const scopes = ctx.scopeNeeds.map((n) => n.scope);
    if (challenged.length) seen.push(`${challenged.join(', ')} answered with the sign-in challenge${scopes.length ? ` (${scopes.join(' ')})` : ''}`);
    const notes = problems.length ? `; ignored: ${problems.join(' ')}` : '';
    return pass(`Mixed auth: initialize and tools/list answer signed out; ${seen.join('; ') || 'every tool accepts a sign-in'}${notes}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(`A tool call without a token failed: ${message}`, {
      problem: `The MCP server listed its tools signed out, but calling one without a token failed: ${message}. ChatGPT expects a tool result (the tool-level challenge), not an error.`,
      fix: 'Answer an oauth2 tool called without a token with isError: true and _meta["mcp/www_authenticate"] holding the Bearer challenge.',
    });
  } finally {
    await client.close().catch(() => undefined);
  }
}

/**
 * A public tool really runs when called signed out, with placeholder arguments: only one the server marks read-only
 * (readOnlyHint) is called, so verifying never writes to the user's data.
 */
function pickPublicTool(tools: readonly ToolAuth[], listed: ReadonlyArray<Record<string, unknown>>): ToolAuth | undefined {
  const readOnly = (t: ToolAuth) => (listed.find((l) => l.name === t.name)?.annotations as { readOnlyHint?: boolean } | undefined)?.readOnlyHint === true;
  return tools.find((t) => t.public && readOnly(t));
}

function schemaOf(listed: ReadonlyArray<Record<string, unknown>>, tool: ToolAuth): unknown {
  return listed.find((l) => l.name === tool.name)?.inputSchema;
}

type JsonSchema = {
  type?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: unknown;
  enum?: unknown[];
  minLength?: number;
  minimum?: number;
  default?: unknown;
};

/**
 * Arguments that pass the tool's input schema (its required properties, each the plainest valid value), so that a
 * server validating arguments before the sign-in still reaches its auth check. Calls are signed out: nothing is
 * done on anyone's behalf.
 */
export function placeholderArguments(schema: unknown): Record<string, unknown> {
  const s = (schema ?? {}) as JsonSchema;
  const required = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [];
  return Object.fromEntries(required.map((name) => [name, placeholder(s.properties?.[name] ?? {})]));
}

function placeholder(s: JsonSchema): unknown {
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'number':
    case 'integer':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return placeholderArguments(s);
    default:
      return null;
  }
}

function challengeProblem(tool: ToolAuth, challenge: BearerChallenge | undefined, ctx: VerifyContext, result: unknown): CheckOutcome | undefined {
  if (!challenge) {
    const answer = (result as { isError?: boolean; content?: Array<{ text?: unknown }> }) ?? {};
    const said = answer.isError ? ` It answered with an error instead: "${String(answer.content?.[0]?.text ?? '').slice(0, 200)}".` : '';
    return fail(`${tool.name} declares oauth2 only, but answered signed out without the tool-level challenge`, {
      problem: `The tool "${tool.name}" needs a sign-in (oauth2) but, called without a token, gave no challenge: ChatGPT never shows the sign-in for it (or the tool ran signed out).${said}`,
      fix: `Answer "${tool.name}" without a token with isError: true and _meta["mcp/www_authenticate"]: ['Bearer resource_metadata="<public URL>/.well-known/oauth-protected-resource/mcp", error="insufficient_scope", scope="…"'].`,
    });
  }
  const metadataUrl = challenge.resourceMetadataUrl;
  if (!metadataUrl) {
    return fail(`${tool.name}'s challenge has no resource_metadata: ${challenge.raw}`, {
      problem: `The tool-level challenge of "${tool.name}" does not name the resource metadata URL, so ChatGPT cannot find the authorization server.`,
      fix: 'Put resource_metadata="<public URL>/.well-known/oauth-protected-resource/mcp" in the challenge.',
    });
  }
  if (new URL(metadataUrl).origin !== ctx.publicOrigin) {
    return fail(`${tool.name}'s challenge names resource_metadata="${metadataUrl}", not on the public URL ${ctx.publicOrigin}`, {
      problem: `The challenge of "${tool.name}" points at ${new URL(metadataUrl).origin}, which is not the public URL, so ChatGPT may not reach it.`,
      fix: 'The server builds that URL from AUTH0_RESOURCE_SERVER_URL: set it to the public URL and restart the server.',
      action: ENV_FIX,
    });
  }
  const named = new Set([...challenge.scopes, ...(ctx.prm?.scopes_supported ?? [])]);
  const unnamed = tool.scopes.filter((s) => !named.has(s));
  if (unnamed.length) {
    return fail(`${tool.name} needs ${unnamed.join(' ')}, named neither by its challenge nor by scopes_supported`, {
      problem: `The tool "${tool.name}" declares the scope${unnamed.length === 1 ? '' : 's'} ${unnamed.join(', ')}, but neither its challenge (scope="…") nor the metadata's scopes_supported names ${unnamed.length === 1 ? 'it' : 'them'}: ChatGPT's sign-in would not ask for ${unnamed.length === 1 ? 'it' : 'them'}, and the tool would keep refusing.`,
      fix: `Name the missing scopes in the challenge (scope="${tool.scopes.join(' ')}") and list them in scopes_supported.`,
    });
  }
  return undefined;
}
