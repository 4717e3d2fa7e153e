// auth0-mcp serve: runs the embedded Auth0-protected MCP server until SIGINT / SIGTERM.

import { EXIT } from './io';
import { envLookup } from './args';
import { defineCommand, usageError } from './command';
import { UserError } from '../core/plan/types';
import { startMcpServer, type McpLogger } from '../core/mcp';

const help = `Usage: auth0-mcp serve [--port N] [--domain D] [--resource-url U] [--allowed-host H]... [--require-auth] [--verbose]

Runs the MCP server (streamable HTTP at /mcp) on 127.0.0.1, protected by your Auth0 tenant. Per tool by default (mixed
auth): signed out, ChatGPT can list the tools and call the public one (whoami); the others answer with the sign-in
challenge naming their scope (profile:read; greeting:write for save_greeting).
  --port N            local port (default 3000; 0 picks a free one)
  --domain D          Auth0 tenant domain          (or AUTH0_DOMAIN)
  --resource-url U    the Auth0 API identifier = the public URL ChatGPT uses (or AUTH0_RESOURCE_SERVER_URL)
  --allowed-host H    another Host header to accept (the tunnel's host is accepted already)
  --require-auth      every request needs sign-in (401 without a token; 403 naming a tool's missing scope)
  --verbose           log debug lines too
Flags win over the environment, which wins over .env in the working directory.`;

export const command = defineCommand({
  help,
  options: {
    port: { type: 'string' },
    domain: { type: 'string' },
    'resource-url': { type: 'string' },
    'allowed-host': { type: 'string', multiple: true, default: [] },
    'require-auth': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
  run: async (io, args) => {
    const lookup = await envLookup(io);
    const pick = (flag: string | undefined, name: string) => flag ?? lookup(name);
    const port = portNumber(args.port ?? lookup('PORT') ?? '3000');
    const logger: McpLogger = {
      debug: (m) => (args.verbose ? io.err(`debug: ${m}`) : undefined),
      info: (m) => io.err(m),
      warn: (m) => io.err(`warning: ${m}`),
      error: (m) => io.err(`error: ${m}`),
    };
    const server = await startMcpServer({
      auth0Domain: pick(args.domain, 'AUTH0_DOMAIN') ?? '',
      resourceUrl: required(pick(args['resource-url'], 'AUTH0_RESOURCE_SERVER_URL')),
      port,
      allowedHosts: args['allowed-host'],
      authMode: args['require-auth'] ? 'required' : 'mixed',
      logger,
    });
    io.out(`MCP server ready at ${server.url}`);
    io.out(`Resource: ${server.resourceUrl} (the Auth0 API identifier; ChatGPT connects to its public URL + /mcp)`);
    const signal = await io.stopSignal;
    io.err(`Received ${signal}, stopping.`);
    await server.close();
    return EXIT.ok;
  },
});

function portNumber(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port must be a port number from 0 to 65535 (got "${text}").`);
  return port;
}

function required(resourceUrl: string | undefined): string {
  if (!resourceUrl) {
    throw new UserError(
      'No resource URL was given.',
      'Set AUTH0_RESOURCE_SERVER_URL (or pass --resource-url) to the public https URL of this server, e.g. your ngrok URL.',
      'url_missing',
    );
  }
  return resourceUrl;
}
