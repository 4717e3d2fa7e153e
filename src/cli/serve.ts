// auth0-mcp serve: runs the embedded Auth0-protected MCP server until SIGINT / SIGTERM.

import { EXIT, type CliIO } from './io';
import { envLookup, parseOrExit } from './args';
import { UserError } from '../core/plan/types';
import { startMcpServer, type McpLogger } from '../core/mcp';

export const help = `Usage: auth0-mcp serve [--port N] [--domain D] [--resource-url U] [--allowed-host H]... [--verbose]

Runs the MCP server (streamable HTTP at /mcp) on 127.0.0.1, protected by your Auth0 tenant.
  --port N            local port (default 3000; 0 picks a free one)
  --domain D          Auth0 tenant domain          (or AUTH0_DOMAIN)
  --resource-url U    the Auth0 API identifier = the public URL ChatGPT uses (or AUTH0_RESOURCE_SERVER_URL)
  --allowed-host H    another Host header to accept (the tunnel's host is accepted already)
  --verbose           log debug lines too
Flags win over the environment, which wins over .env in the working directory.`;

interface ServeArgs {
  port?: string;
  domain?: string;
  resourceUrl?: string;
  allowedHosts: string[];
  verbose: boolean;
  help: boolean;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { allowedHosts: [], verbose: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UserError(`${flag} needs a value.`, help.split('\n')[0] ?? '', 'usage');
      return v;
    };
    switch (flag) {
      case '--port': args.port = value(); break;
      case '--domain': args.domain = value(); break;
      case '--resource-url': args.resourceUrl = value(); break;
      case '--allowed-host': args.allowedHosts.push(value()); break;
      case '--verbose': args.verbose = true; break;
      case '-h': case '--help': args.help = true; break;
      default: throw new UserError(`Unknown option "${arg}" for serve.`, 'Run "auth0-mcp serve --help" for the options.', 'usage');
    }
  }
  return args;
}

export async function run(io: CliIO): Promise<number> {
  const args = parseOrExit(io, parseServeArgs, help);
  if (typeof args === 'number') return args;
  const lookup = await envLookup(io);
  const pick = (flag: string | undefined, name: string) => flag ?? lookup(name);
  const port = Number(args.port ?? pick(undefined, 'PORT') ?? 3000);
  const logger: McpLogger = {
    debug: (m) => (args.verbose ? io.err(`debug: ${m}`) : undefined),
    info: (m) => io.err(m),
    warn: (m) => io.err(`warning: ${m}`),
    error: (m) => io.err(`error: ${m}`),
  };
  const server = await startMcpServer({
    auth0Domain: pick(args.domain, 'AUTH0_DOMAIN') ?? '',
    resourceUrl: required(pick(args.resourceUrl, 'AUTH0_RESOURCE_SERVER_URL')),
    port,
    allowedHosts: args.allowedHosts,
    logger,
  });
  io.out(`MCP server ready at ${server.url}`);
  io.out(`Resource: ${server.resourceUrl} (the Auth0 API identifier; ChatGPT connects to its public URL + /mcp)`);
  const signal = await io.stopSignal;
  io.err(`Received ${signal}, stopping.`);
  await server.close();
  return EXIT.ok;
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
