// "Bring your own server": the checklist's server step checks a local MCP server's metadata and challenge.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { checkOwnServer } from '../../src/core/verify';
import { startOidcTenant } from '../support/oidc-tenant';
import { startOwnMcpServer, type OwnMcpServer } from '../support/own-mcp-server';

describe('own MCP server check', () => {
  let server: RunningMcpServer;
  let bare: Server;

  beforeAll(async () => {
    server = await startMcpServer({ auth0Domain: 'own.us.auth0.com', resourceUrl: 'https://own.example.com', port: 0 });
    bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await server.close();
    await new Promise((r) => bare.close(r));
  });

  it('passes a server that advertises the identifier and answers 401 with the challenge', async () => {
    const step = await checkOwnServer(server.port, { resource: 'https://own.example.com', issuer: 'https://own.us.auth0.com/' });
    expect(step).toMatchObject({ id: 'server', status: 'ok' });
  });

  it('names the mismatch when the server advertises another identifier', async () => {
    const step = await checkOwnServer(server.port, { resource: 'https://other.example.com' });
    expect(step.status).toBe('error');
    expect(step.diagnosis?.problem).toMatch(/other\.example\.com|own\.example\.com/);
  });

  it('reports a server without OAuth metadata', async () => {
    const step = await checkOwnServer((bare.address() as AddressInfo).port, { resource: 'https://own.example.com' });
    expect(step.status).toBe('error');
    expect(step.diagnosis?.fix).toBeTruthy();
  });
});

describe('own MCP server check: hostile tokens', () => {
  it('names the hole and its fix on the MCP server row; a sound server stays ok', async () => {
    const tenant = await startOidcTenant();
    const servers: OwnMcpServer[] = [];
    try {
      for (const hole of ['alg-none', 'no-signature', 'hs256-public-key', 'any-bearer'] as const) {
        const server = await startOwnMcpServer({ hole, auth: 'required', issuer: tenant.issuer, jwksUri: tenant.jwksUri });
        servers.push(server);
        const step = await checkOwnServer(Number(new URL(server.resource).port), { resource: server.resource, issuer: tenant.issuer });
        expect(step, hole).toMatchObject({ id: 'server', status: 'error' });
        expect(step.summary, hole).toMatch(/lets in (an unsigned token|a token signed by another key|an HS256 token|a malformed token)/);
        expect(step.diagnosis?.fix).toContain('media/server-reference.md');
        expect(step.diagnosis?.action).toMatchObject({ kind: 'command', command: 'auth0Mcp.showServerReference' });
      }
      const mixed = await startOwnMcpServer({ hole: 'signed-out-on-invalid', issuer: tenant.issuer, jwksUri: tenant.jwksUri });
      servers.push(mixed);
      const spec = await checkOwnServer(Number(new URL(mixed.resource).port), { resource: mixed.resource, issuer: tenant.issuer });
      expect(spec.summary).toMatch(/answers invalid tokens as signed out instead of 401/);
      const sound = await startOwnMcpServer({ issuer: tenant.issuer, jwksUri: tenant.jwksUri });
      servers.push(sound);
      const ok = await checkOwnServer(Number(new URL(sound.resource).port), { resource: sound.resource, issuer: tenant.issuer });
      expect(ok).toMatchObject({ status: 'ok', summary: expect.stringContaining('hostile tokens OK') });
    } finally {
      for (const s of servers) await s.close();
      await tenant.close();
    }
  });
});
