// auth0-mcp init [folder]: a new MCP server project of the user's own (templates/own-server), protected by Auth0,
// with its .env filled from what this command already knows (flags, the environment, the working directory's .env).

import { relative, resolve } from 'node:path';
import { createOwnServerProject } from '../core/project/own-server-project';
import { envLookup } from './args';
import { defineCommand, usageError } from './command';
import { EXIT } from './io';

const help = `Usage: auth0-mcp init [folder] [--domain D] [--resource-url U] [--port N]

Writes a small TypeScript project into an empty (or new) folder, the working directory by default: an MCP server
for your ChatGPT app that checks Auth0 access tokens, with one public tool, one that needs a sign-in, one that needs
a scope, and a widget. It never writes into a folder that holds anything.
  --domain D          your Auth0 tenant domain                          (or AUTH0_DOMAIN)
  --resource-url U    the public URL ChatGPT connects to = the Auth0 API identifier (or AUTH0_RESOURCE_SERVER_URL)
  --port N            the port "npm start" listens on (default 3000; or PORT)
The values go into the project's .env (git-ignored). Then: npm install, npm start, npm test.`;

export const command = defineCommand({
  help,
  positionals: 1,
  options: {
    domain: { type: 'string' },
    'resource-url': { type: 'string' },
    port: { type: 'string' },
  },
  run: async (io, args, [folder = '.']) => {
    const lookup = await envLookup(io);
    const project = await createOwnServerProject({
      folder: resolve(io.cwd, folder),
      domain: args.domain ?? lookup('AUTH0_DOMAIN'),
      resourceUrl: args['resource-url'] ?? lookup('AUTH0_RESOURCE_SERVER_URL'),
      port: portNumber(args.port ?? lookup('PORT') ?? '3000'),
    });
    const inside = relative(io.cwd, project.folder);
    const where = inside.startsWith('..') ? project.folder : inside || '.';
    io.out(`Created an Auth0-protected MCP server in ${where}/ (${project.files.length} files).`);
    io.out(
      `  .env: ${Object.entries(project.env)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
    for (const line of project.missing) io.out(`  Still to set in .env: ${line}`);
    io.out('Next:');
    if (where !== '.') io.out(`  cd ${where}`);
    io.out('  npm install');
    io.out(`  npm start     # the server on ${project.localMcpUrl}`);
    io.out('  npm test      # its own checks, offline');
    io.out('Then, from that folder, with AUTH0_DOMAIN and your Management API credentials exported: auth0-mcp apply, then auth0-mcp verify.');
    return EXIT.ok;
  },
});

function portNumber(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(`--port must be a port number from 1 to 65535 (got "${text}").`);
  return port;
}
