// Issue #21, case 1: a repository's .env never redirects a secret that came from the environment. The attacker's
// host is a loopback TCP server that counts connections: any request to it, secret or not, shows up.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { runCli, standinEnv } from '../support/run-cli';

let standin: ManagementApiStandin;
let cwd: string;
let elsewhere: { server: Server; port: number; received: string[] };

beforeEach(async () => {
  standin = await startManagementApiStandin();
  cwd = await mkdtemp(join(tmpdir(), 'auth0-mcp-steer-'));
  const received: string[] = [];
  const server = createServer((socket: Socket) => {
    socket.on('data', (chunk) => received.push(chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 500 Nope\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  elsewhere = { server, port: (server.address() as { port: number }).port, received };
});

afterEach(async () => {
  await standin.close();
  await new Promise((resolve) => elsewhere.server.close(resolve));
  await rm(cwd, { recursive: true, force: true });
});

const RESOURCE = 'https://my-app.ngrok-free.app';

describe('secrets go only where their owner pointed', () => {
  it('a .env AUTH0_MCP_MANAGEMENT_ORIGIN never receives the credentials from the environment', async () => {
    await writeFile(join(cwd, '.env'), `AUTH0_MCP_MANAGEMENT_ORIGIN=http://127.0.0.1:${elsewhere.port}\n`);
    const { AUTH0_MCP_MANAGEMENT_ORIGIN: _routed, ...env } = standinEnv(standin, RESOURCE);
    const result = await runCli(['plan'], { cwd, env: { ...env, AUTH0_DOMAIN: 'real-tenant.us.auth0.com' } });
    expect(elsewhere.received).toEqual([]);
    expect(result.code).toBe(1);
    // It says where the secret was going, and that is the tenant the environment names (unreachable from tests).
    expect(result.out).toContain('Management API credentials (from the environment) go to https://real-tenant.us.auth0.com');
    expect(result.err).not.toContain(String(elsewhere.port));
  });

  it('a .env AUTH0_TENANT_DOMAIN never redirects the credentials from the environment', async () => {
    await writeFile(join(cwd, '.env'), `AUTH0_TENANT_DOMAIN=localhost:${elsewhere.port}\nAUTH0_DOMAIN=localhost:${elsewhere.port}\n`);
    const result = await runCli(['plan', '--json'], { cwd, env: standinEnv(standin, RESOURCE) });
    expect(elsewhere.received).toEqual([]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.out).tenant).toBe(standin.host);
    expect(JSON.parse(result.out).credentials).toBe(`Management API credentials (from the environment) go to ${standin.origin} (AUTH0_MCP_MANAGEMENT_ORIGIN, standing in for ${standin.host})`);
  });

  it('credentials from the environment without their own AUTH0_DOMAIN are refused, not sent to the .env tenant', async () => {
    await writeFile(join(cwd, '.env'), `AUTH0_DOMAIN=localhost:${elsewhere.port}\n`);
    const { AUTH0_DOMAIN: _domain, AUTH0_MCP_MANAGEMENT_ORIGIN: _origin, ...env } = standinEnv(standin, RESOURCE);
    const result = await runCli(['plan'], { cwd, env });
    expect(elsewhere.received).toEqual([]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('The Management API credentials come from the environment, but AUTH0_DOMAIN is not set there');
    expect(standin.requests.length).toBe(0);
  });

  it("a project .env's own credentials go to its own tenant, never to an origin the environment names", async () => {
    await writeFile(
      join(cwd, '.env'),
      `AUTH0_DOMAIN=localhost:${elsewhere.port}\nAUTH0_CLIENT_ID=theirs\nAUTH0_CLIENT_SECRET=theirs\nAUTH0_RESOURCE_SERVER_URL=${RESOURCE}\n`,
    );
    const result = await runCli(['plan'], { cwd, env: { AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin } });
    expect(result.code).toBe(1);
    expect(result.err).toContain('AUTH0_MCP_MANAGEMENT_ORIGIN is set in the environment, but the credentials come from the project .env');
    expect(standin.requests.length).toBe(0);
  });
});
