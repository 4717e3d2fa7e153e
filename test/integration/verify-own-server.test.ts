// "Bring your own server": the checklist's server step checks a local MCP server's metadata and challenge.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { checkOwnServer } from '../../src/core/verify';

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
