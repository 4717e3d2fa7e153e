// One MCP server for the benchmark, in its own process so process.cpuUsage() is the server's CPU alone. Started by
// mcp.bench.ts with fork(); speaks over IPC: "ready" with its URL, then answers "cpu" and stops on "stop".
//  - product:  the product's server (startMcpServer), authentication on, as users run it;
//  - baseline: the MCP SDK's documented stateless server (examples/server/simpleStatelessStreamableHttp: express app
//    from createMcpExpressApp, a new McpServer and transport per request) with the same tools and no authentication.
// Both answer in JSON (enableJsonResponse), as the product does, so the wire format is the same.

import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { startMcpServer } from '../../src/core/mcp';
import { registerDemoTools, type ToolSpec } from '../../src/core/mcp/tools';

export interface BenchServerOptions {
  kind: 'product' | 'baseline';
  /** Tools served besides the two demo tools. */
  extraTools: number;
  issuer: string;
  jwksUri: string;
  resourceUrl: string;
}

/** `extra` tools, each with an input schema, as a real app's would have. */
export function benchTools(extra: number): ToolSpec[] {
  return Array.from({ length: extra }, (_, i) => ({
    name: `lookup_record_${i}`,
    config: {
      title: `Look up record ${i}`,
      description: `Looks up a record in collection ${i} by id, with optional fields and a limit.`,
      inputSchema: {
        id: z.string().min(1).max(64).describe('Record id'),
        fields: z.array(z.string()).max(20).optional().describe('Fields to return'),
        limit: z.number().int().min(1).max(100).optional().describe('Most records to return'),
      },
      annotations: { readOnlyHint: true },
    },
    handler: async (args: Record<string, unknown>) => ({ content: [{ type: 'text' as const, text: `record ${String(args.id)}` }] }),
  }));
}

async function startBaseline(options: BenchServerOptions): Promise<string> {
  const tools = benchTools(options.extraTools);
  const getServer = () => {
    const server = new McpServer({ name: 'stateless-streamable-http-server', version: '1.0.0' });
    registerDemoTools(server, { requiredScopes: [], requireAuth: false, resourceMetadataUrl: '' });
    for (const tool of tools) server.registerTool(tool.name, tool.config, tool.handler as never);
    return server;
  };
  const app = createMcpExpressApp();
  app.post('/mcp', async (req, res) => {
    const server = getServer();
    try {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
    } catch {
      if (!res.headersSent) res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null });
    }
  });
  const listener = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  stop = () => new Promise((resolve) => listener.close(() => resolve()));
  return `http://127.0.0.1:${(listener.address() as AddressInfo).port}/mcp`;
}

async function startProduct(options: BenchServerOptions): Promise<string> {
  const server = await startMcpServer({
    auth0Domain: 'bench.example.com',
    resourceUrl: options.resourceUrl,
    port: 0,
    authorizationServer: { issuer: options.issuer, jwksUri: options.jwksUri },
    extraTools: benchTools(options.extraTools),
  });
  stop = () => server.close();
  return server.url;
}

let stop: () => Promise<void> = async () => {};

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as BenchServerOptions;
  const url = options.kind === 'baseline' ? await startBaseline(options) : await startProduct(options);
  process.on('message', (message: string) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (message === 'stop') void stop().finally(() => process.exit(0));
  });
  // Never outlive the benchmark, whatever happens to it.
  process.on('disconnect', () => process.exit(0));
  setTimeout(() => process.exit(0), 170_000).unref();
  process.send?.({ url });
}

if (process.send) void main();
