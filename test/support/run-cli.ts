// Runs `auth0-mcp` in-process through main() with a recording CliIO: the exit code and everything it printed.

import { join } from 'node:path';
import { main } from '../../src/cli';
import type { ManagementApiStandin } from './management-api-standin';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main({
    argv,
    env: options.env ?? {},
    cwd: options.cwd ?? '/nonexistent-cli-cwd',
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stopSignal: new Promise(() => undefined),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The environment that points the CLI at a Management API stand-in with its M2M application's credentials. */
export function standinEnv(standin: ManagementApiStandin, resourceUrl: string): Record<string, string> {
  return {
    AUTH0_DOMAIN: standin.host,
    AUTH0_CLIENT_ID: standin.application.clientId,
    AUTH0_CLIENT_SECRET: standin.application.clientSecret,
    AUTH0_RESOURCE_SERVER_URL: resourceUrl,
    AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin,
  };
}

/** Bundles `src/cli.ts` into `<outDir>/cli.js` for tests that must run (or kill) the CLI as a child process. */
export async function bundleCli(outDir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = join(outDir, 'cli.js');
  await esbuild.build({ entryPoints: ['src/cli.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', external: ['@ngrok/ngrok'], logLevel: 'silent' });
  return outfile;
}
