// An "own server" stand-in: a small MCP SDK server whose tools declare their auth the way the Apps SDK documents
// (per-tool `securitySchemes`), with mixed auth: signed-out requests reach initialize, tools/list and `noauth` tools;
// an `oauth2` tool called without a token (or without its scopes) answers with the tool-level challenge
// (`isError` + `_meta["mcp/www_authenticate"]`). Sources and choices: test/support/README.md, "Own MCP server".

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage } from 'node:http';
import express from 'express';
import type { JWTPayload } from 'jose';
import { tokenChecker, type TokenHole } from './token-holes';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { CallToolRequestSchema, ListToolsRequestSchema, isInitializeRequest, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export type SecurityScheme = { type: 'noauth' } | { type: 'oauth2'; scopes?: string[] };

export interface OwnMcpServerOptions {
  /** Default 'stateless' (a server per request); 'stateful' keeps sessions (Mcp-Session-Id, GET stream, DELETE). */
  mode?: 'stateless' | 'stateful';
  /** Default 'mixed'. 'required': every request without a token gets 401 with the challenge (server-wide auth). */
  auth?: 'mixed' | 'required';
  /** Default true: JSON answers. false: each answer is an SSE stream. */
  jsonResponse?: boolean;
  /** Where tools/list carries securitySchemes. Default 'top-level' (the Apps SDK docs); '_meta' or 'both'. */
  declareIn?: 'top-level' | '_meta' | 'both';
  /** The authorization server whose tokens are accepted (e.g. the oidc-provider tenant). Without it, tokens are refused. */
  issuer?: string;
  jwksUri?: string;
  /** Default true: the tool-level challenge names the scope it needs (RFC 6750 `scope`); false plays servers that do not. */
  challengeNamesScope?: boolean;
  /** The two scopes the tools declare; default notes:read and notes:write. */
  scopes?: { read: string; write: string };
  /** Default true: tools carry MCP annotations (readOnlyHint; edit_note is not read-only). false plays servers without them. */
  annotate?: boolean;
  /** One way the token check goes wrong (token-holes.ts); default: the sound validation. */
  hole?: TokenHole;
}

export interface OwnMcpServer {
  /** The MCP endpoint, http://127.0.0.1:<port>/mcp. */
  readonly url: string;
  /** The resource (and token audience): the origin. */
  readonly resource: string;
  readonly resourceMetadataUrl: string;
  readonly scopes: { read: string; write: string };
  /** The tools as declared (name → schemes). */
  readonly declared: Record<string, SecurityScheme[]>;
  /** Every tools/call the server ran, and whether it had a valid token. */
  readonly calls: Array<{ tool: string; signedIn: boolean }>;
  close(): Promise<void>;
}

export async function startOwnMcpServer(options: OwnMcpServerOptions = {}): Promise<OwnMcpServer> {
  const scopes = options.scopes ?? { read: 'notes:read', write: 'notes:write' };
  const declared: Record<string, SecurityScheme[]> = {
    search_catalog: [{ type: 'noauth' }],
    list_notes: [{ type: 'oauth2', scopes: [scopes.read] }],
    edit_note: [{ type: 'oauth2', scopes: [scopes.read, scopes.write] }],
    recommendations: [{ type: 'noauth' }, { type: 'oauth2', scopes: [scopes.read] }],
  };
  const calls: OwnMcpServer['calls'] = [];
  const app = express();
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const resourceMetadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;
  const checkToken =
    options.jwksUri && options.issuer
      ? tokenChecker({ issuer: options.issuer, jwksUri: options.jwksUri, audience: origin, ...(options.hole ? { hole: options.hole } : {}) })
      : undefined;
  const ctx: ToolContext = {
    declared,
    scopes,
    resourceMetadataUrl,
    calls,
    challengeNamesScope: options.challengeNamesScope ?? true,
    declareIn: options.declareIn ?? 'top-level',
    annotate: options.annotate ?? true,
  };

  app.get(['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'], (_req, res) => {
    res.json({
      resource: origin,
      authorization_servers: options.issuer ? [options.issuer] : [],
      scopes_supported: [scopes.read, scopes.write],
      bearer_methods_supported: ['header'],
    });
  });

  // RFC 6750 §3: a request without a token (when one is required) gets a challenge without an error code; an invalid
  // token gets 401 invalid_token, in mixed mode too (a bad token is not "signed out").
  app.use('/mcp', async (req, res, next) => {
    const decision = checkToken
      ? await checkToken(req.headers.authorization, new URL(req.originalUrl, origin))
      : req.headers.authorization
        ? { invalid: 'this server accepts no tokens' }
        : undefined;
    if (decision === undefined) {
      if (options.auth !== 'required') return next();
      const scope = `${scopes.read} ${scopes.write}`;
      res
        .set('WWW-Authenticate', `Bearer resource_metadata="${resourceMetadataUrl}", scope="${scope}"`)
        .status(401)
        .json({ error: 'invalid_token', error_description: 'Missing bearer token' });
      return;
    }
    if ('invalid' in decision) {
      const reason = decision.invalid.replace(/"/g, "'");
      res
        .set('WWW-Authenticate', `Bearer resource_metadata="${resourceMetadataUrl}", error="invalid_token", error_description="${reason}"`)
        .status(401)
        .json({ error: 'invalid_token', error_description: reason });
      return;
    }
    (req as IncomingMessage & { auth?: AuthInfo }).auth = authInfo(decision.token, decision.payload);
    next();
  });

  app.use('/mcp', express.json());
  const jsonResponse = options.jsonResponse ?? true;
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  if (options.mode === 'stateful') {
    app.all('/mcp', async (req, res) => {
      const id = req.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? sessions.get(id) : undefined;
      if (!transport) {
        if (id !== undefined || req.method !== 'POST' || !isInitializeRequest(req.body)) {
          res
            .status(id === undefined ? 400 : 404)
            .json({ jsonrpc: '2.0', error: { code: -32000, message: id === undefined ? 'No session: initialize first' : 'Session not found' }, id: null });
          return;
        }
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          enableJsonResponse: jsonResponse,
          onsessioninitialized: (sid) => void sessions.set(sid, created),
          onsessionclosed: (sid) => void sessions.delete(sid),
        });
        await mcpServer(ctx).connect(created);
        transport = created;
      }
      await transport.handleRequest(req, res, req.body);
    });
  } else {
    app.post('/mcp', async (req, res) => {
      const server = mcpServer(ctx);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: jsonResponse });
      res.on('close', () => void transport.close().then(() => server.close()));
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
    app.all('/mcp', (_req, res) => {
      res
        .set('Allow', 'POST')
        .status(405)
        .json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
    });
  }

  return {
    url: `${origin}/mcp`,
    resource: origin,
    resourceMetadataUrl,
    scopes,
    declared,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const transport of sessions.values()) void transport.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

interface ToolContext {
  declared: Record<string, SecurityScheme[]>;
  scopes: { read: string; write: string };
  resourceMetadataUrl: string;
  calls: OwnMcpServer['calls'];
  challengeNamesScope: boolean;
  declareIn: 'top-level' | '_meta' | 'both';
  annotate: boolean;
}

function authInfo(token: string, payload: JWTPayload): AuthInfo {
  const scope = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  const clientId = typeof payload.azp === 'string' ? payload.azp : '';
  return { token, clientId, scopes: scope, ...(payload.exp ? { expiresAt: payload.exp } : {}), extra: { sub: payload.sub } };
}

const DESCRIPTIONS: Record<string, string> = {
  search_catalog: 'Searches the public catalogue (no sign-in).',
  list_notes: "Lists the signed-in user's notes.",
  edit_note: "Edits one of the signed-in user's notes.",
  recommendations: 'Recommends items: generic signed out, personal when signed in.',
};

/**
 * The low-level SDK Server, so tools/list can carry the top-level `securitySchemes` key: the SDK's McpServer
 * (registerTool) builds tool entries itself and drops keys it does not know (mcp-chatgpt-facts.md).
 */
function mcpServer(ctx: ToolContext): Server {
  const server = new Server({ name: 'own-mcp-standin', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: Object.entries(ctx.declared).map(([name, securitySchemes]) => ({
      name,
      description: DESCRIPTIONS[name],
      inputSchema: { type: 'object' as const, properties: {} },
      ...(ctx.annotate ? { annotations: { readOnlyHint: name !== 'edit_note' } } : {}),
      ...(ctx.declareIn !== '_meta' ? { securitySchemes } : {}),
      ...(ctx.declareIn !== 'top-level' ? { _meta: { securitySchemes } } : {}),
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const name = request.params.name;
    const schemes = ctx.declared[name];
    if (!schemes) return { isError: true, content: [{ type: 'text', text: `Unknown tool ${name}` }] };
    const auth = extra.authInfo;
    ctx.calls.push({ tool: name, signedIn: Boolean(auth) });
    const isPublic = schemes.some((s) => s.type === 'noauth');
    const needed = schemes.flatMap((s) => (s.type === 'oauth2' ? (s.scopes ?? []) : []));
    const missing = needed.filter((s) => !auth?.scopes.includes(s));
    // noauth allowed: without a token (or its scopes) the tool still answers, with the public answer.
    if (isPublic && (!auth || missing.length)) return ok(`${name}: public answer`);
    if (!auth || missing.length) return challenge(ctx, name, auth ? missing : needed, Boolean(auth));
    return ok(`${name}: answer for ${String(auth.extra?.sub ?? 'the signed-in user')}`);
  });
  return server;
}

function ok(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: { text } };
}

/** The Apps SDK's tool-level challenge: an error result whose _meta names where to sign in (and, here, the scope). */
function challenge(ctx: ToolContext, tool: string, scopes: string[], signedIn: boolean): CallToolResult {
  const description = signedIn ? `${tool} needs the scope ${scopes.join(' ')}` : `Sign in to use ${tool}`;
  const scope = ctx.challengeNamesScope && scopes.length ? `, scope="${scopes.join(' ')}"` : '';
  return {
    isError: true,
    content: [{ type: 'text', text: description }],
    _meta: {
      'mcp/www_authenticate': [`Bearer resource_metadata="${ctx.resourceMetadataUrl}", error="insufficient_scope"${scope}, error_description="${description}"`],
    },
  };
}
