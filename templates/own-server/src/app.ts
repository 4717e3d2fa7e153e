// The HTTP side: the protected resource metadata that tells ChatGPT where to sign users in, and the MCP endpoint
// (Streamable HTTP, stateless: a new server and transport for every request).

import type { Express } from 'express';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { authenticate } from './auth.js';
import type { Config } from './config.js';
import { SCOPES, createMcpServer, withSecuritySchemes } from './tools.js';

export function createApp(config: Config): Express {
  const mcpUrl = new URL('/mcp', config.resource);
  const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(mcpUrl);
  // Requests must name this server's own host (DNS rebinding protection): its public host, or loopback.
  const app = createMcpExpressApp({ allowedHosts: [mcpUrl.hostname, 'localhost', '127.0.0.1'] });

  // RFC 9728, at the MCP endpoint's path and at the root (clients try both).
  app.get(['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource'], (_req, res) => {
    res.json({ resource: config.resource, authorization_servers: [config.issuer], scopes_supported: SCOPES, bearer_methods_supported: ['header'] });
  });

  app.post('/mcp', authenticate(config, resourceMetadataUrl), async (req, res) => {
    const server = createMcpServer(resourceMetadataUrl);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void server.close());
    await server.connect(withSecuritySchemes(transport));
    await transport.handleRequest(req, res, req.body);
  });

  // Stateless: no sessions to resume or end, no server-sent stream.
  app.all('/mcp', (_req, res) => {
    res
      .status(405)
      .set('Allow', 'POST')
      .json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
  });
  return app;
}
