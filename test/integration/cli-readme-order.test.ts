// The terminal in the order the README gives it, with only the backend .env's values (AUTH0_DOMAIN,
// AUTH0_RESOURCE_SERVER_URL, PORT) and the Management API credentials: `serve`, then `apply --yes`, then
// `verify --no-login` passes and `status` exits 0. No --tools-from anywhere: plan, apply and status read the tools of
// the server at the resource URL, signed out, as the extension reads its own server.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import type { CliIO } from '../../src/cli/io';
import { runVerify } from '../../src/cli/verify';
import type { VerifyReport } from '../../src/core/verify';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { runCli } from '../support/run-cli';

let standin: ManagementApiStandin;
let tenant: OidcTenant;
let cwd: string;
let stopServe: (() => Promise<number>) | undefined;

beforeEach(async () => {
  standin = await startManagementApiStandin();
  // The tenant's sign-in side, following the stand-in's live data; its issuer is https://<AUTH0_DOMAIN>/ as on Auth0.
  tenant = await startOidcTenant({ tenant: standin.data, errorMode: 'error-page', issuer: `https://${standin.host}/` });
  cwd = await mkdtemp(join(tmpdir(), 'auth0-mcp-readme-'));
});

afterEach(async () => {
  await stopServe?.();
  stopServe = undefined;
  await tenant.close();
  await standin.close();
  await rm(cwd, { recursive: true, force: true });
});

/**
 * The Management API credentials, from the environment (as a CI secret would be), with the testing override that sends
 * their calls to the stand-in instead of https://<AUTH0_DOMAIN>: overrides are read from the environment only.
 */
const secrets = () => ({
  AUTH0_DOMAIN: standin.host,
  AUTH0_CLIENT_ID: standin.application.clientId,
  AUTH0_CLIENT_SECRET: standin.application.clientSecret,
  AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin,
});

/** A port nothing listens on yet: the resource URL must be known before `serve` starts, as with a reserved domain. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

/** `auth0-mcp serve` in-process; resolves once it prints that it is ready, and returns how to stop it (Ctrl-C). */
async function serve(): Promise<() => Promise<number>> {
  let stop!: (signal: string) => void;
  let ready!: () => void;
  const readyOnce = new Promise<void>((done) => (ready = done));
  const io: CliIO = {
    argv: ['serve'],
    env: {},
    cwd,
    out: (line) => (line.startsWith('MCP server ready') ? ready() : undefined),
    err: () => undefined,
    stopSignal: new Promise((done) => (stop = done)),
  };
  const exited = main(io);
  await Promise.race([readyOnce, exited.then((code) => Promise.reject(new Error(`serve exited ${code}`)))]);
  return () => {
    stop('SIGINT');
    return exited;
  };
}

describe('the CLI in the README order, with only the .env values', () => {
  it('serve, apply --yes, then verify --no-login passes and status exits 0', async () => {
    const port = await freePort();
    const resource = `http://127.0.0.1:${port}`;
    await writeFile(join(cwd, '.env'), [`AUTH0_DOMAIN=${standin.host}`, `AUTH0_RESOURCE_SERVER_URL=${resource}`, `PORT=${port}`].join('\n'));
    stopServe = await serve();

    const applied = await runCli(['apply', '--yes', '--json'], { cwd, env: secrets() });
    expect(applied.code, applied.err).toBe(0);
    const scopes = (JSON.parse(applied.out) as { steps: Array<{ id: string; status: string; summary: string }> }).steps.find((s) => s.id === 'auth0.scopes');
    // Read from the running server's tools/list, not from a flag: its tools' scopes are defined and granted.
    expect(scopes).toMatchObject({ status: 'ok', summary: expect.stringMatching(/profile:read.*greeting:write/) as unknown });

    const planned = await runCli(['plan'], { cwd, env: secrets() });
    expect(planned.code, planned.out + planned.err).toBe(0);

    // verify reaches https://<AUTH0_DOMAIN> through a fetch that sends it to the loopback tenant (the network is off).
    const out: string[] = [];
    const verifyIo: CliIO = {
      argv: ['--no-login', '--json'],
      env: secrets(),
      cwd,
      out: (l) => out.push(l),
      err: () => undefined,
      stopSignal: new Promise(() => undefined),
    };
    const routeTenant: typeof fetch = (input, init) =>
      fetch(String(input instanceof Request ? input.url : input).replace(`https://${standin.host}`, tenant.origin), init);
    const verified = await runVerify(verifyIo, { fetch: routeTenant });
    const report = JSON.parse(out.join('\n')) as VerifyReport;
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(report.checks.find((c) => c.id === 'tenant')?.status).toBe('pass');
    expect(verified).toBe(0);

    const status = await runCli(['status', '--json'], { cwd, env: secrets() });
    const json = JSON.parse(status.out) as { done: boolean; steps: Array<{ id: string; status: string }>; notKnownHere: string[] };
    expect(json.steps.filter((s) => s.status !== 'ok' && !json.notKnownHere.includes(s.id) && s.id !== 'auth0.dcr-clients')).toEqual([]);
    expect(json.notKnownHere).toEqual(['chatgpt', 'verify']);
    expect(json.done).toBe(true);
    expect(status.code).toBe(0);

    const table = await runCli(['status'], { cwd, env: secrets() });
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/ok\s+MCP server\s+the server at http:\/\/127\.0\.0\.1:\d+: metadata, challenge and hostile tokens OK/);
    expect(table.out).toMatch(/Not known from a terminal \(not counted\):\n\?\s+ChatGPT app\s+create the app in ChatGPT with http:\/\/127\.0\.0\.1:\d+\/mcp/);
  });

  it('with the server stopped: the Scopes step says no server answered, plan exits 3 and apply exits 1 naming it', async () => {
    await writeFile(join(cwd, '.env'), [`AUTH0_DOMAIN=${standin.host}`, `AUTH0_RESOURCE_SERVER_URL=http://127.0.0.1:${await freePort()}`].join('\n'));
    const applied = await runCli(['apply', '--yes'], { cwd, env: secrets() });
    expect(applied.code).toBe(1);
    expect(applied.out).toMatch(/\?\s+Scopes[^\n]*The server's tools could not be read/);
    expect(applied.err).toMatch(/Not done: Scopes[^\n]*\/mcp/);

    const planned = await runCli(['plan', '--json'], { cwd, env: secrets() });
    expect(planned.code).toBe(3);
    expect((JSON.parse(planned.out) as { steps: Array<{ id: string; status: string }> }).steps.find((s) => s.id === 'auth0.scopes')?.status).toBe('unknown');

    const status = await runCli(['status'], { cwd, env: secrets() });
    expect(status.code).toBe(1); // the server step: nothing answers at the resource URL
    expect(status.out).toMatch(/ERROR\s+MCP server\s+the server at http:\/\/127\.0\.0\.1:\d+/);
  });
});
