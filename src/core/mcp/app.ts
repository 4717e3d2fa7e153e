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
  app.post(MCP_PATH, bearerAuth(deps), mcpHandler(deps));
  // Stateless: no server-initiated stream (GET) and no session to delete.
  app.all(MCP_PATH, (_req, res) => {
    res.set('Allow', 'POST').status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use(((error, _req, res, _next) => {
    deps.logger.error(`Unhandled error: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
  }) as express.ErrorRequestHandler);
  return app;
}

/** The SDK's bearer middleware, rebuilt only when the metadata URL or required scopes change. */
function bearerAuth(deps: AppDeps): RequestHandler {
  let key = '';
  let middleware: RequestHandler | undefined;
  return (req, res, next) => {
    const state = deps.state();
    if (!state.requireAuth) return next();
    const currentKey = `${state.resourceMetadataUrl} ${state.requiredScopes.join(' ')}`;
    if (!middleware || currentKey !== key) {
      key = currentKey;
      middleware = requireBearerAuth({
        verifier: deps.verifier,
        requiredScopes: state.requiredScopes,
        resourceMetadataUrl: state.resourceMetadataUrl,
      });
    }
    return middleware(req, res, next);
  };
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
      await transport.handleRequest(req, res);
    } catch (error) {
      deps.logger.error(`MCP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
    }
  };
}
