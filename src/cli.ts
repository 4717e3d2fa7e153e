#!/usr/bin/env node
// auth0-mcp: the product's command-line face. Each command is a thin module over src/core.

import { EXIT, type CliIO } from './cli/io';
import { fixLines } from './core/plan/fix-text';
import { UserError, errorMessage } from './core/plan/types';
import { commands } from './cli/commands';

declare const PRODUCT_VERSION: string;
const version = typeof PRODUCT_VERSION === 'string' ? PRODUCT_VERSION : '0.0.0-dev';

export const usage = `auth0-mcp ${version}: set up an Auth0-protected MCP server for a ChatGPT app

Usage: auth0-mcp <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Options:
  -h, --help     show help (also: auth0-mcp <command> --help)
  -v, --version  print the version

Configuration comes from flags, the environment, or a .env file in the working directory:
  AUTH0_DOMAIN, AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET or AUTH0_API_TOKEN, AUTH0_RESOURCE_SERVER_URL.
Or run "auth0-mcp login --token <Management API token>" once: the product makes its own application and keeps its
credentials in your config folder, where every command finds them (environment variables still win).`;

export async function main(io: CliIO): Promise<number> {
  const [name, ...rest] = io.argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.out(usage);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '-v' || name === '--version') {
    io.out(version);
    return EXIT.ok;
  }
  const entry = commands[name];
  if (!entry) {
    io.err(`auth0-mcp: unknown command "${name}". Run "auth0-mcp --help" for the list.`);
    return EXIT.usage;
  }
  const command = await entry.load();
  try {
    return await command.execute({ ...io, argv: rest });
  } catch (error) {
    if (error instanceof UserError && error.code === 'usage') {
      io.err(`auth0-mcp ${name}: ${error.message}\n\n${command.help}`);
      return EXIT.usage;
    }
    if (error instanceof UserError) io.err(`Error: ${error.message}\n${fixLines(error, '').join('\n')}`);
    else io.err(`Error: ${errorMessage(error)}`);
    return EXIT.failure;
  }
}

/** Piped standard input (a token: `… | auth0-mcp login`), at most 64 KiB; undefined on a terminal. */
async function readPipedStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new UserError('Standard input is larger than a token can be.', 'Pipe only the token.', 'usage');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

if (require.main === module) {
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  main({
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    readStdin: readPipedStdin,
    stopSignal,
  }).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`auth0-mcp: ${String(error)}\n`);
      process.exit(EXIT.failure);
    },
  );
}
