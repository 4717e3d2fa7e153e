// Verify like ChatGPT, all green: through the loopback tunnel, against the embedded server and an Auth0-like tenant.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify, verificationToStep, type VerifyEvent } from '../../src/core/verify';
import { startVerifyStack, type VerifyStack } from './verify-stack';

let stack: VerifyStack;

beforeAll(async () => {
  stack = await startVerifyStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('verify: the happy path', () => {
  it('passes every check but the Management API one with a headless sign-in, then deletes the test client', async () => {
    const events: VerifyEvent[] = [];
    const opened: string[] = [];
    const report = await verify(stack.publicUrl, {
      issuer: stack.tenant.issuer,
      openBrowser: async (url) => {
        opened.push(url);
        await stack.openBrowser(url);
      },
      deleteClient: stack.deleteClient,
      onProgress: (e) => events.push(e),
    });

    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['metadata', 'pass'],
      ['challenge', 'pass'],
      ['authorization-server', 'pass'],
      ['tenant', 'skip'],
      ['registration', 'pass'],
      ['authorize', 'pass'],
      ['probes', 'pass'],
      ['sign-in', 'pass'],
      ['token', 'pass'],
      ['tools', 'pass'],
      ['probes-signed-in', 'pass'],
    ]);
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'authorize')?.detail).toMatch(/made-up resource gets "Service not found"/);
    expect(report.appUrl).toBe(`${stack.publicUrl}/mcp`);
    expect(report.checks.find((c) => c.id === 'tools')?.detail).toMatch(/whoami/);
    expect(report.checks.find((c) => c.id === 'token')?.detail).toContain(`aud "${stack.publicUrl}"`);

    // The browser was sent to the tenant with what ChatGPT sends: PKCE S256, the resource, a loopback redirect.
    const auth = new URL(opened[0]!);
    expect(`${auth.origin}/`).toBe(stack.tenant.issuer);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('resource')).toBe(stack.publicUrl);
    expect(auth.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'offline_access', 'profile']));
    expect(auth.searchParams.has('audience')).toBe(false);
    expect(auth.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    // The registered client was deleted, and the tenant no longer knows it.
    const clientId = report.testClient?.clientId;
    expect(clientId).toBeTruthy();
    expect(stack.deleted).toEqual([clientId]);
    expect(report.testClient).toMatchObject({ deleted: true });
    expect(await stack.tenant.hasClient(clientId!)).toBe(false);

    // Progress: a start and a done per check, in order.
    expect(events.filter((e) => e.type === 'done').map((e) => (e.type === 'done' ? e.result.id : ''))).toEqual(report.checks.map((c) => c.id));
    expect(events.filter((e) => e.type === 'start')).toHaveLength(10);

    expect(verificationToStep(report)).toMatchObject({ id: 'verify', status: 'warning', diagnosis: { action: { command: 'auth0Mcp.connect' } } });
    // The token reached the server through the tunnel and was accepted.
    expect(stack.mcp.stats.tokensAccepted).toBeGreaterThan(0);
  });

  it('runs unattended with login: false, skipping the sign-in checks with the reason', async () => {
    let opened = false;
    const report = await verify(stack.publicUrl, {
      issuer: stack.tenant.issuer,
      login: false,
      openBrowser: () => {
        opened = true;
      },
      deleteClient: stack.deleteClient,
    });
    expect(opened).toBe(false);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'skip', 'pass', 'pass', 'pass', 'skip', 'skip', 'skip', 'skip']);
    expect(report.checks[7]?.detail).toMatch(/needs a browser sign-in/);
    expect(report.testClient?.deleted).toBe(true);
    expect(await stack.tenant.hasClient(report.testClient!.clientId)).toBe(false);
    expect(verificationToStep(report)).toMatchObject({ status: 'warning' });
  });

  it('reports the test client as not deleted when no deleter is given', async () => {
    const report = await verify(stack.publicUrl, { login: false, noDeleteReason: 'no Management API credentials' });
    expect(report.ok).toBe(true);
    expect(report.testClient).toMatchObject({ deleted: false });
    expect(report.testClient?.detail).toContain('not deleted: no Management API credentials');
    expect(report.testClient?.detail).toContain(report.testClient!.clientId);
    expect(await stack.tenant.hasClient(report.testClient!.clientId)).toBe(true);
  });
});
