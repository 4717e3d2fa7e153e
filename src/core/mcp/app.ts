// The express app: Host allowlist, Protected Resource Metadata, bearer auth, and a stateless streamable-HTTP MCP
// endpoint (a fresh server + transport per request). Everything that can change at run time is read per request.

import express, { type Express, type RequestHandler } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { hostHeaderValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import type { McpServerEvent, ResolvedServerConfig } from './config';
import type { McpLogger } from './logger';
import { PRM_PATHS, protectedResourceHandler, protectedResourceMetadata } from './protected-resource';
import { requestLog, type RequestCounters } from './request-log';
import { withTopLevelSecuritySchemes } from './security-schemes';
import { rejection } from './token-rejection';
import type { TokenVerifier } from './token-verifier';
import { registerDemoTools } from './tools';

export const MCP_PATH = '/mcp';

export interface AppDeps {
  state: () => ResolvedServerConfig;
  verifier: TokenVerifier;
  logger: McpLogger;
  counters: RequestCounters & { toolCalls: number };
  onEvent?: (event: McpServerEvent) => void;
  serverInfo?: { name: string; version: string };
}

export function createMcpApp(deps: AppDeps): Express {
  // Not createMcpExpressApp(): it fixes the Host list at creation and parses JSON with express's HTML error pages;
  // the SDK's own host middleware, read per request, follows tunnel restarts, and the transport parses bodies itself.
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.logger, deps.counters, deps.onEvent));
  app.use((req, res, next) => hostHeaderValidation(deps.state().allowedHosts)(req, res, next));

  app.get(PRM_PATHS, protectedResourceHandler(() => protectedResourceMetadata(deps.state())));
  // Bodies are parsed only after the token check, so strangers cannot make the server parse megabytes.
  app.post(MCP_PATH, bearerAuth(deps), express.json({ limit: deps.state().maxBodyBytes }), refuseEmptyBatch, mcpHandler(deps));
  // Stateless: no server-initiated stream (GET) and no session to delete.
  app.all(MCP_PATH, (_req, res) => {
    res.set('Allow', 'POST').status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use(((error, _req, res, next) => {
    if (isBodyError(error)) return bodyErrorResponse(error, res);
    next(error);
  }) as express.ErrorRequestHandler);
  app.use(((error, _req, res, _next) => {
    deps.logger.error(`Unhandled error: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
  }) as express.ErrorRequestHandler);
  return app;
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
    const currentKey = `${state.resourceMetadataUrl} ${state.requiredScopes.join(' ')}`;
    if (!middleware || !refuseMalformed || currentKey !== key) {
      key = currentKey;
      const options = { requiredScopes: state.requiredScopes, resourceMetadataUrl: state.resourceMetadataUrl };
      middleware = requireBearerAuth({ verifier: deps.verifier, ...options });
      refuseMalformed = requireBearerAuth({ verifier: malformedVerifier, ...options });
    }
    const header = req.headers.authorization;
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
    res.status(error.status >= 400 && error.status < 500 ? error.status : 400).json({ jsonrpc: '2.0', error: { code: -32000, message: `Bad request body (${error.type})` }, id: null });
  }
}

function mcpHandler(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const state = deps.state();
    const server = new McpServer(deps.serverInfo ?? { name: 'auth0-mcp-demo', version: '0.1.0' });
    registerDemoTools(server, {
      requiredScopes: state.requiredScopes,
      requireAuth: state.requireAuth,
      resourceMetadataUrl: state.resourceMetadataUrl,
      onToolCall: () => deps.counters.toolCalls++,
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: state.maxBodyBytes,
    });
    transport.onerror = (error) => deps.logger.debug(`MCP transport: ${error.message}`);
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(withTopLevelSecuritySchemes(transport));
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      deps.logger.error(`MCP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
    }
  };
}
