// Each misconfiguration injected once into real local peers; verify must fail the right check, skip what depends on
// it, and give the fix a user would apply.

import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackProvider, type Tunnel } from '../../src/core/tunnel';
import { verify, verificationToStep, type VerifyReport } from '../../src/core/verify';
import type { OidcTenantOptions } from '../support/oidc-tenant';
import { startVerifyStack, type VerifyStack } from './verify-stack';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stackWith(options: OidcTenantOptions = {}): Promise<VerifyStack> {
  const stack = await startVerifyStack(options);
  cleanups.push(() => stack.close());
  return stack;
}

function run(stack: VerifyStack, publicUrl = stack.publicUrl, resource?: string): Promise<VerifyReport> {
  return verify(publicUrl, {
    issuer: stack.tenant.issuer,
    ...(resource ? { resource } : {}),
    openBrowser: stack.openBrowser,
    deleteClient: stack.deleteClient,
    signInTimeoutMs: 5_000,
  });
}

const statuses = (report: VerifyReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
const check = (report: VerifyReport, id: string) => report.checks.find((c) => c.id === id)!;

describe('verify: injected failures', () => {
  it('wrong identifier: the server advertises another resource than the API identifier', async () => {
    const stack = await stackWith();
    stack.mcp.setResourceUrl(`${stack.publicUrl}/mcp`); // the path form, while the API identifier is the origin

    const report = await run(stack, stack.publicUrl, stack.publicUrl);

    expect(report.ok).toBe(false);
    expect(statuses(report)).toMatchObject({ metadata: 'fail', 'authorization-server': 'skip', registration: 'skip', 'sign-in': 'skip' });
    const metadata = check(report, 'metadata');
    expect(metadata.diagnosis?.problem).toContain(`"${stack.publicUrl}/mcp"`);
    expect(metadata.diagnosis?.problem).toMatch(/path differs/);
    expect(metadata.diagnosis?.fix).toContain(`AUTH0_RESOURCE_SERVER_URL`);
    expect(metadata.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: 'env' });
    expect(check(report, 'registration').detail).toMatch(/needs "Authorization server metadata"/);
    expect(report.testClient).toBeUndefined();
    expect(verificationToStep(report)).toMatchObject({ status: 'error', diagnosis: metadata.diagnosis });
  });

  it('DCR off: no registration_endpoint, fixed by enabling Dynamic Client Registration', async () => {
    const stack = await stackWith({ registration: false });
    const report = await run(stack);
    expect(statuses(report)).toMatchObject({ metadata: 'pass', challenge: 'pass', 'authorization-server': 'fail', registration: 'skip', tools: 'skip' });
    const as = check(report, 'authorization-server');
    expect(as.diagnosis?.problem).toMatch(/Dynamic Client Registration is off/);
    expect(as.diagnosis?.action).toEqual({ kind: 'apply', stepId: 'auth0.dcr', label: 'Enable Dynamic Client Registration' });
  });

  it('no S256 advertised: ChatGPT would refuse the authorization server', async () => {
    const stack = await stackWith({ advertiseS256: false });
    const report = await run(stack);
    const as = check(report, 'authorization-server');
    expect(as.status).toBe('fail');
    expect(as.diagnosis?.problem).toMatch(/does not advertise S256/);
    expect(check(report, 'registration').status).toBe('skip');
  });

  it('no audience: an opaque access token, fixed by the Default Audience / resource profile', async () => {
    const stack = await stackWith({ jwtAccessTokens: false, defaultResource: false });
    const report = await run(stack);
    expect(statuses(report)).toMatchObject({ registration: 'pass', 'sign-in': 'pass', token: 'fail', tools: 'skip' });
    const token = check(report, 'token');
    expect(token.detail).toMatch(/opaque|JWE-shaped/);
    expect(token.diagnosis?.fix).toMatch(/Default Audience/);
    expect(token.diagnosis?.fix).toMatch(/Resource Parameter Compatibility Profile/);
    expect(token.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: 'auth0.tenant-settings' });
    // The test client is deleted even though the run failed.
    expect(report.testClient?.deleted).toBe(true);
    expect(stack.deleted).toEqual([report.testClient?.clientId]);
  });

  it('unknown API at the tenant: the probe gets "Service not found" before any sign-in, fixed by creating the API', async () => {
    const stack = await stackWith();
    stack.tenant.audience = 'https://some-other-api.example.com';
    let opened = false;
    const report = await verify(stack.publicUrl, {
      issuer: stack.tenant.issuer,
      openBrowser: () => {
        opened = true;
      },
      deleteClient: stack.deleteClient,
    });
    const probe = check(report, 'authorize');
    expect(probe.status).toBe('fail');
    expect(probe.diagnosis?.problem).toMatch(/Service not found/);
    expect(probe.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: 'auth0.api' });
    expect(check(report, 'sign-in').status).toBe('skip');
    expect(opened).toBe(false);
    expect(report.testClient?.deleted).toBe(true);
  });

  it('a redirect with a wrong state is ignored: the sign-in waits for its own and passes', async () => {
    const stack = await stackWith();
    const report = await verify(stack.publicUrl, {
      issuer: stack.tenant.issuer,
      deleteClient: stack.deleteClient,
      signInTimeoutMs: 30_000,
      openBrowser: async (url) => {
        const back = await stack.tenant.signIn(url);
        const forged = new URL(back);
        forged.searchParams.set('state', 'forged');
        forged.searchParams.set('code', 'stolen');
        expect((await fetch(forged)).status).toBe(400);
        await (await fetch(back)).text();
      },
    });
    expect(check(report, 'sign-in').status).toBe('pass');
    expect(report.ok).toBe(true);
  });

  it('an authorization response without iss fails when the tenant advertises iss support', async () => {
    const stack = await stackWith();
    const report = await verify(stack.publicUrl, {
      issuer: stack.tenant.issuer,
      deleteClient: stack.deleteClient,
      signInTimeoutMs: 30_000,
      openBrowser: async (url) => {
        const back = await stack.tenant.signIn(url);
        back.searchParams.delete('iss'); // a proxy or a tenant that drops it
        await (await fetch(back)).text();
      },
    });
    const signIn = check(report, 'sign-in');
    expect(signIn.status).toBe('fail');
    expect(signIn.detail).toMatch(/no "iss"/);
    expect(signIn.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: 'auth0.tenant-settings' });
    expect(report.testClient?.deleted).toBe(true);
  });

  it.each([
    ['an HTML interstitial', 'html', /HTML page/],
    ['a 404', '404', /answers 404/],
  ] as const)('metadata wrong: the path-suffixed metadata URL returns %s', async (_name, mode, problem) => {
    const stack = await stackWith();
    const front = await startFront(stack.mcp.port, mode);
    const report = await run(stack, front.url, stack.publicUrl);
    const metadata = check(report, 'metadata');
    expect(metadata.status).toBe('fail');
    expect(metadata.detail).toContain('/.well-known/oauth-protected-resource/mcp');
    expect(metadata.diagnosis?.problem).toMatch(problem);
    expect(check(report, 'authorization-server').status).toBe('skip');
  });

  it('an unreachable public URL fails the first checks with a readable reason', async () => {
    const stack = await stackWith();
    await stack.tunnel.close();
    const report = await run(stack);
    expect(check(report, 'metadata').diagnosis?.problem).toMatch(/does not answer/);
    expect(report.checks.slice(2).every((c) => c.status === 'skip')).toBe(true);
  });
});

/**
 * A misbehaving front (ngrok's interstitial, a proxy that drops the path) before the MCP server, behind the loopback
 * tunnel: the path-suffixed metadata URL gets HTML or 404, everything else is forwarded.
 */
async function startFront(mcpPort: number, mode: 'html' | '404'): Promise<Tunnel> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/oauth-protected-resource/mcp') {
      if (mode === 'html') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<!DOCTYPE html><html><head><title>ngrok - You are about to visit</title></head><body>Visit Site</body></html>');
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      }
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: mcpPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const tunnel = await new LoopbackProvider().start({ port: (server.address() as AddressInfo).port });
  cleanups.push(async () => {
    await tunnel.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  });
  return tunnel;
}
