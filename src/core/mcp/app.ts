// The express app: Host allowlist, Protected Resource Metadata, bearer auth, and a stateless streamable-HTTP MCP
// endpoint (a fresh transport per request, on a pooled server whose tools were built once). Everything that can
// change at run time is read per request; what is derived from it is rebuilt only when it changes.

import express, { type Express, type RequestHandler } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { hostHeaderValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import type { McpServerEvent, ResolvedServerConfig } from './config';
import type { McpLogger } from './logger';
import { PRM_PATHS, protectedResourceHandler, protectedResourceMetadata } from './protected-resource';
import { requestLog, type RequestCounters } from './request-log';
import { withTopLevelSecuritySchemes, type SecurityScheme } from './security-schemes';
import { McpServerPool } from './server-pool';
import { rejection, sanitize } from './token-rejection';
import type { TokenVerifier } from './token-verifier';
import { demoToolSchemes, registerDemoTools, registerTools, type ToolSpec } from './tools';
import { errorMessage } from '../plan/types';

export const MCP_PATH = '/mcp';

export interface AppDeps {
  state: () => ResolvedServerConfig;
  verifier: TokenVerifier;
  logger: McpLogger;
  counters: RequestCounters & { toolCalls: number };
  onEvent?: (event: McpServerEvent) => void;
  serverInfo?: { name: string; version: string };
  extraTools?: readonly ToolSpec[];
}

export function createMcpApp(deps: AppDeps): Express {
  // Not createMcpExpressApp(): it fixes the Host list at creation and parses every body before any check, answering
  // errors with express's HTML pages; here the Host list follows tunnel restarts, and bodies are parsed (once, then
  // handed to the transport) only after the token check, with JSON-RPC errors.
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.logger, deps.counters, deps.onEvent));
  app.use(hostAllowlist(deps));

  app.get(
    PRM_PATHS,
    protectedResourceHandler(() => protectedResourceMetadata(deps.state())),
  );
  // Bodies are parsed only after the token check, so strangers cannot make the server parse megabytes.
  app.post(MCP_PATH, bearerAuth(deps), express.json({ limit: deps.state().maxBodyBytes }), refuseEmptyBatch, toolScopeGate(deps), mcpHandler(deps));
  // Stateless: no server-initiated stream (GET) and no session to delete.
  app.all(MCP_PATH, (_req, res) => {
    res
      .set('Allow', 'POST')
      .status(405)
      .json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use(((error, _req, res, next) => {
    if (isBodyError(error)) return bodyErrorResponse(error, res);
    next(error);
  }) as express.ErrorRequestHandler);
  app.use(((error, _req, res, _next) => {
    deps.logger.error(`Unhandled error: ${errorMessage(error)}`);
    if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
  }) as express.ErrorRequestHandler);
  return app;
}

/** The SDK's Host validation, rebuilt only when the allowlist changes (the public URL moved). */
function hostAllowlist(deps: AppDeps): RequestHandler {
  let hosts: string[] | undefined;
  let middleware: RequestHandler | undefined;
  return (req, res, next) => {
    const current = deps.state().allowedHosts;
    if (!middleware || current !== hosts) {
      hosts = current;
      middleware = hostHeaderValidation(current);
    }
    return middleware(req, res, next);
  };
}

/**
 * The SDK's bearer middleware, rebuilt only when the metadata URL or required scopes change. The SDK takes the second
 * word of the header as the token and ignores the rest, so a header with more than one credential (RFC 6750 allows
 * exactly `Bearer <b64token>`) is refused here, through the same middleware, so it gets the same challenge.
 */
function bearerAuth(deps: AppDeps): RequestHandler {
  let key = '';
  let middleware: RequestHandler | undefined;
  let refuseMalformed: RequestHandler | undefined;
  const malformedVerifier = {
    verifyAccessToken: () => deps.verifier.refuse(rejection('malformed', 'the Authorization header holds more than one credential')),
  };
  return (req, res, next) => {
    const state = deps.state();
    if (!state.requireAuth) return next();
    const header = req.headers.authorization;
    // Mixed auth: no token is "signed out", served with no req.auth (public tools answer, others challenge per tool);
    // a token that is sent is still verified, and a bad one still gets 401 invalid_token (RFC 6750 §3.1).
    if (header === undefined && state.authMode === 'mixed') return next();
    const currentKey = `${state.resourceMetadataUrl} ${state.requiredScopes.join(' ')}`;
    if (!middleware || !refuseMalformed || currentKey !== key) {
      key = currentKey;
      const options = { requiredScopes: state.requiredScopes, resourceMetadataUrl: state.resourceMetadataUrl };
      middleware = requireBearerAuth({ verifier: deps.verifier, ...options });
      refuseMalformed = requireBearerAuth({ verifier: malformedVerifier, ...options });
    }
    if (header !== undefined && /^bearer /i.test(header) && !SINGLE_BEARER.test(header)) return refuseMalformed(req, res, next);
    return middleware(req, res, next);
  };
}

/** RFC 6750 §2.1: `Bearer` SP b64token, nothing after it. */
const SINGLE_BEARER = /^bearer [A-Za-z0-9\-._~+/]+=*$/i;

/** JSON-RPC 2.0 §6: an empty batch is an Invalid Request (the SDK would answer it 202 Accepted, as if it were notifications). */
const refuseEmptyBatch: RequestHandler = (req, res, next) => {
  if (Array.isArray(req.body) && req.body.length === 0) {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32600, message: 'Invalid Request: the batch is empty' }, id: null });
    return;
  }
  next();
};

type BodyError = Error & { type: string; status: number; limit?: number };

function isBodyError(error: unknown): error is BodyError {
  return error instanceof Error && typeof (error as BodyError).type === 'string' && typeof (error as BodyError).status === 'number';
}

/** express.json's refusals, answered as the SDK transport answers them when it parses the body itself. */
function bodyErrorResponse(error: BodyError, res: express.Response): void {
  if (error.type === 'entity.parse.failed') {
    res.status(400).json({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: Invalid JSON' }, id: null });
  } else if (error.type === 'entity.too.large') {
    res.status(413).json({ jsonrpc: '2.0', error: { code: -32000, message: `Payload too large: the body exceeds ${error.limit ?? ''} bytes` }, id: null });
  } else {
    res
      .status(error.status >= 400 && error.status < 500 ? error.status : 400)
      .json({ jsonrpc: '2.0', error: { code: -32000, message: `Bad request body (${error.type})` }, id: null });
  }
}

/**
 * "Every request needs sign-in" mode: a tools/call whose token lacks the tool's scopes gets HTTP 403 with the
 * insufficient_scope challenge naming them (as the SDK's bearer middleware answers for server-wide scopes). Mixed
 * mode answers the same at tool level instead (tools.ts, toolGate).
 */
function toolScopeGate(deps: AppDeps): RequestHandler {
  let scopesOf: { state: ResolvedServerConfig; byTool: Map<string, string[]> } | undefined;
  return (req, res, next) => {
    const state = deps.state();
    if (!state.requireAuth || state.authMode !== 'required') return next();
    if (scopesOf?.state !== state) scopesOf = { state, byTool: toolScopes(state, deps.extraTools ?? []) };
    const granted = req.auth?.scopes ?? [];
    for (const message of Array.isArray(req.body) ? (req.body as unknown[]) : [req.body]) {
      const call = message as { method?: unknown; params?: { name?: unknown } } | null;
      if (call?.method !== 'tools/call' || typeof call.params?.name !== 'string') continue;
      const missing = (scopesOf.byTool.get(call.params.name) ?? []).filter((s) => !granted.includes(s));
      if (!missing.length) continue;
      const description = `${call.params.name} needs the scope${missing.length === 1 ? '' : 's'} ${missing.join(' ')}`;
      res
        .set(
          'WWW-Authenticate',
          `Bearer error="insufficient_scope", error_description="${description}", scope="${missing.join(' ')}", resource_metadata="${state.resourceMetadataUrl}"`,
        )
        .status(403)
        .json({ error: 'insufficient_scope', error_description: description });
      return;
    }
    next();
  };
}

function toolScopes(state: ResolvedServerConfig, extraTools: readonly ToolSpec[]): Map<string, string[]> {
  const byTool = new Map<string, string[]>();
  const add = (name: string, schemes: readonly SecurityScheme[] | undefined) => {
    const scopes = (schemes ?? []).flatMap((s) => (s.type === 'oauth2' ? (s.scopes ?? []) : []));
    if (scopes.length && !(schemes ?? []).some((s) => s.type === 'noauth')) byTool.set(name, scopes);
  };
  for (const [name, schemes] of Object.entries(demoToolSchemes(state))) add(name, schemes);
  for (const tool of extraTools) add(tool.name, (tool.config._meta as { securitySchemes?: SecurityScheme[] } | undefined)?.securitySchemes);
  return byTool;
}

function mcpHandler(deps: AppDeps): RequestHandler {
  // Servers are built per state (the tools' challenge names the current metadata URL), once, and lent per request.
  const greetings = new Map<string, string>();
  const pool = new McpServerPool<ResolvedServerConfig>((state) => {
    const server = new McpServer(deps.serverInfo ?? { name: 'auth0-mcp-demo', version: '0.1.0' });
    registerDemoTools(server, {
      requiredScopes: state.requiredScopes,
      requireAuth: state.requireAuth,
      authMode: state.authMode,
      demoScopes: state.demoScopes,
      resourceMetadataUrl: state.resourceMetadataUrl,
      greetings,
      onToolCall: () => deps.counters.toolCalls++,
    });
    registerTools(server, deps.extraTools ?? []);
    return server;
  });
  const onTransportError = (error: Error) => deps.logger.debug(`MCP transport: ${sanitize(error.message, 300)}`);
  return async (req, res) => {
    const state = deps.state();
    const server = pool.acquire(state);
    // The transport is per request, as the SDK requires in stateless mode; the body is already parsed (req.body).
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    transport.onerror = onTransportError;
    res.on('close', () => {
      server.close().then(
        () => pool.release(server, state),
        () => undefined,
      );
    });
    try {
      await server.connect(withTopLevelSecuritySchemes(transport));
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      deps.logger.error(`MCP request failed: ${errorMessage(error)}`);
      if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
    }
  };
}
