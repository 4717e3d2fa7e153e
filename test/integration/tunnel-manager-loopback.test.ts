// The manager over real peers: an origin server, the loopback tunnel in front of it, then a restart that changes
// the public URL and shows up as drift against what Auth0 and .env still say.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/core/tunnel/drift';
import { LoopbackProvider } from '../../src/core/tunnel/loopback-provider';
import { OwnUrlProvider } from '../../src/core/tunnel/own-url-provider';
import { TunnelManager, type TunnelStatus } from '../../src/core/tunnel/tunnel-manager';
import { failingNgrokProvider, ngrokFailures } from '../support/failing-tunnel';

let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => res.end(`hello from ${req.url}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('TunnelManager with the loopback tunnel', () => {
  it('starts, serves /mcp through the tunnel, reflects state, stops and clears', async () => {
    const manager = new TunnelManager();
    const seen: TunnelStatus[] = [];
    manager.onDidChange((s) => seen.push(s));

    const status = await manager.start(new LoopbackProvider(), { port });
    expect(status.state).toBe('connected');
    expect(status.provider).toBe('loopback');
    expect(status.host).toBe(new URL(status.url!).host);
    expect(status.appUrl).toBe(`${status.url}/mcp`);
    expect(await (await fetch(status.appUrl!)).text()).toBe('hello from /mcp');

    await manager.stop();
    expect(manager.current).toEqual({ state: 'closed' });
    expect(seen.map((s) => s.state)).toEqual(['connecting', 'connected', 'closed']);
    await expect(fetch(status.appUrl!)).rejects.toThrow();
  });

  it('a restart on another port changes the URL, which is drift against the old configuration', async () => {
    const manager = new TunnelManager();
    const first = await manager.start(new LoopbackProvider(), { port });
    const configured = { apiIdentifiers: [first.url!], defaultAudience: first.url!, envResourceUrl: first.url! };
    expect(detectDrift({ publicUrl: first.url!, form: 'origin', ...configured })).toEqual([]);

    const second = await manager.start(new LoopbackProvider(), { port });
    expect(second.url).not.toBe(first.url);
    const drift = detectDrift({ publicUrl: second.url!, form: 'origin', ...configured });
    expect(drift.map((d) => d.subject)).toEqual(['api-identifier', 'default-audience', 'env']);
    expect(drift.every((d) => d.action?.kind === 'command' && d.action.command === 'auth0Mcp.pointAuth0AtUrl')).toBe(true);
    await manager.stop();
  });

  it('a fixed proxy port keeps the URL across restarts (like a reserved ngrok domain)', async () => {
    const manager = new TunnelManager();
    const first = await manager.start(new LoopbackProvider(), { port });
    const fixedPort = Number(new URL(first.url!).port);
    await manager.stop();
    const again = await manager.start(new LoopbackProvider(fixedPort), { port });
    expect(again.url).toBe(first.url);
    await manager.stop();
  });

  it('a failing ngrok start, then the own-URL fallback', async () => {
    const manager = new TunnelManager();
    const failed = await manager.start(failingNgrokProvider(ngrokFailures.offline), { port });
    expect(failed).toMatchObject({ state: 'failed', provider: 'ngrok' });
    expect(failed.error?.problem).toMatch(/offline/);

    const own = await manager.start(new OwnUrlProvider('https://mcp.example.com/'), { port });
    expect(own).toEqual({
      state: 'connected',
      url: 'https://mcp.example.com',
      appUrl: 'https://mcp.example.com/mcp',
      host: 'mcp.example.com',
      provider: 'own URL',
    });
    await manager.stop();
  });
});
