// Issue 23: `auth0-mcp init` writes the user's own server; its own two commands work (npm test offline against tokens
// it signs itself, npm start); `auth0-mcp apply --yes` and `auth0-mcp verify` pass against it with the stand-in tenant.
// One `npm install` from the registry, shared by every case (the only network this file uses: the child's npm).

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/cli/verify';
import { STEP } from '../../src/core/auth0';
import { LoopbackProvider, type Tunnel } from '../../src/core/tunnel';
import type { VerifyReport } from '../../src/core/verify';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { runCli } from '../support/run-cli';

const INSTALL_TIMEOUT_MS = 240_000;
let root: string;
let project: string;
let standin: ManagementApiStandin;
let tenant: OidcTenant;
let tunnel: Tunnel;
let port: number;
let server: ChildProcess | undefined;
let serverOutput = '';

/** Runs npm in the project, resolving with its exit code and output. */
function npm(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', args, { cwd: project, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

/** Each file's path and hash: what "changes nothing" is checked against. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const hashes = await Promise.all(
    files.map(
      async (f) =>
        [
          f,
          createHash('sha256')
            .update(await readFile(f))
            .digest('hex'),
        ] as const,
    ),
  );
  return Object.fromEntries(hashes.sort());
}

/**
 * The Management API credentials with their tenant, from one source (the environment: never the project's .env); the
 * identifier and where the tools are read come from the project's .env.
 */
const credentials = () => ({
  AUTH0_DOMAIN: standin.host,
  AUTH0_CLIENT_ID: standin.application.clientId,
  AUTH0_CLIENT_SECRET: standin.application.clientSecret,
  AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin,
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'auth0-mcp-init-'));
  project = join(root, 'my-app');
  standin = await startManagementApiStandin();
  tenant = await startOidcTenant({ tenant: standin.data, issuer: `https://${standin.host}/` });
  port = await freePort();
  tunnel = await new LoopbackProvider().start({ port });
}, 30_000);

afterAll(async () => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  await tunnel?.close();
  await tenant?.close();
  await standin?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('auth0-mcp init, then the project on its own, then apply and verify against it', () => {
  it('writes the project with the tenant values in a git-ignored .env', async () => {
    const run = await runCli(['init', 'my-app'], {
      cwd: root,
      env: { AUTH0_DOMAIN: standin.host, AUTH0_RESOURCE_SERVER_URL: tunnel.url, PORT: String(port) },
    });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('cd my-app');
    const env = await readFile(join(project, '.env'), 'utf8');
    expect(env).toContain(`AUTH0_DOMAIN=${standin.host}\n`);
    expect(env).toContain(`AUTH0_RESOURCE_SERVER_URL=${tunnel.url}\n`);
    expect(await readFile(join(project, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
    expect(JSON.parse(await readFile(join(project, 'package.json'), 'utf8')).name).toBe('my-app');
  });

  it('refuses to init into the now non-empty folder, changing nothing', async () => {
    const before = await snapshot(project);
    const run = await runCli(['init', 'my-app', '--domain', 'other.us.auth0.com'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/is not empty .*nothing was written/);
    expect(await snapshot(project)).toEqual(before);
  });

  it('npm install, then npm test passes offline (its own token checks against locally signed tokens)', { timeout: INSTALL_TIMEOUT_MS + 120_000 }, async () => {
    const install = await npm(['install', '--no-audit', '--no-fund', '--prefer-offline']);
    expect(install.code, install.output).toBe(0);
    const test = await npm(['test']);
    expect(test.code, test.output).toBe(0);
    expect(test.output).toMatch(/# fail 0/);
    for (const name of ['signed with another key under the same kid', 'alg none', 'for another API', 'expired', 'a token in the URL, even a valid one']) {
      expect(test.output).toMatch(new RegExp(`\\bok \\d+ - ${name}\\n`));
    }
  });

  it("npm start serves on PORT; apply --yes sets up the tenant with the tools' scopes read from it", { timeout: 60_000 }, async () => {
    server = spawn('npm', ['start'], {
      cwd: project,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // The server fetches the tenant's keys from https://<AUTH0_DOMAIN>/: routed to the loopback tenant.
        NODE_OPTIONS: `--import=${resolve('test/support/route-origin.mjs')}`,
        AUTH0_MCP_TEST_ROUTE_FROM: `https://${standin.host}`,
        AUTH0_MCP_TEST_ROUTE_TO: tenant.origin,
      },
    });
    await new Promise<void>((ready, fail) => {
      const read = (d: Buffer) => {
        serverOutput += d;
        if (serverOutput.includes('MCP server on')) ready();
      };
      server!.stdout!.on('data', read);
      server!.stderr!.on('data', read);
      server!.on('exit', (code) => fail(new Error(`npm start exited ${code}: ${serverOutput}`)));
    });
    expect(serverOutput).toContain(`http://127.0.0.1:${port}/mcp for ${tunnel.url}, trusting https://${standin.host}/`);

    // In the project folder, as its README says: AUTH0_DOMAIN, the identifier and the tools come from its .env.
    const apply = await runCli(['apply', '--yes', '--json'], { cwd: project, env: credentials() });
    expect(apply.code, apply.err).toBe(0);
    const steps = (JSON.parse(apply.out) as { steps: Array<{ id: string; status: string }> }).steps;
    // Every step converged; the review of leftover DCR clients is only run on request.
    expect(steps.filter((s) => s.status !== 'ok' && s.id !== 'auth0.dcr-clients')).toEqual([]);
    expect(standin.data.resourceServers.find((api) => api.identifier === tunnel.url)?.scopes).toEqual([expect.objectContaining({ value: 'notes:write' })]);
    expect(steps.find((s) => s.id === STEP.scopes)).toMatchObject({ status: 'ok' });
  });

  const verify = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const routeTenant: typeof fetch = (input, init) =>
      fetch(String(input instanceof Request ? input.url : input).replace(`https://${standin.host}`, tenant.origin), init);
    const code = await runVerify(
      {
        argv: [...argv, '--json'],
        env: credentials(),
        cwd: project,
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        stopSignal: new Promise(() => undefined),
      },
      {
        fetch: routeTenant,
        openBrowser: async (url) => {
          const callback = await tenant.signIn(url.replace(`https://${standin.host}`, tenant.origin));
          await (await fetch(callback)).text();
        },
      },
    );
    return { code, report: JSON.parse(out.join('\n')) as VerifyReport, err: err.join('\n') };
  };

  it('verify --no-login passes against it', { timeout: 60_000 }, async () => {
    const { code, report, err } = await verify(['--no-login']);
    expect(
      report.checks.filter((c) => c.status === 'fail'),
      err,
    ).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.find((c) => c.id === 'challenge')?.detail).toMatch(/hello \(public\) answered; whoami, add_note answered with the sign-in challenge/);
  });

  it("verify with a sign-in passes too: the generated server accepts the tenant's token and lists its tools", { timeout: 60_000 }, async () => {
    const { code, report, err } = await verify([]);
    expect(
      report.checks.filter((c) => c.status !== 'pass'),
      err,
    ).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.find((c) => c.id === 'token')?.detail).toMatch(/notes:write/);
  });
});
