// The loopback tunnel really forwards: a tiny origin server behind the proxy, requests through the "public" URL.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackProvider, type LoopbackTunnel } from '../../src/core/tunnel/loopback-provider';

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function origin(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return (server.address() as AddressInfo).port;
}

async function tunnelTo(port: number): Promise<LoopbackTunnel> {
  const tunnel = await new LoopbackProvider().start({ port });
  cleanups.push(() => tunnel.close());
  return tunnel;
}

/** An origin that echoes what it received as JSON. */
function echoOrigin(seen: Seen[]): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(entry);
      res.writeHead(201, { 'content-type': 'application/json', 'x-origin': 'yes', 'set-cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify(entry));
    });
  };
}

describe('LoopbackProvider', () => {
  it('gives a different loopback URL and forwards method, path, headers and body', async () => {
    const seen: Seen[] = [];
    const port = await origin(echoOrigin(seen));
    const tunnel = await tunnelTo(port);

    expect(tunnel.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(tunnel.url).not.toBe(`http://127.0.0.1:${port}`);
    expect(tunnel.state).toBe('connected');

    const res = await fetch(`${tunnel.url}/mcp?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json', 'mcp-session-id': 's1' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-origin')).toBe('yes');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    await res.json();

    const got = seen[0];
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/mcp?x=1');
    expect(got.body).toBe('{"jsonrpc":"2.0","id":1,"method":"initialize"}');
    expect(got.headers.authorization).toBe('Bearer abc');
    expect(got.headers['mcp-session-id']).toBe('s1');
    // Host passes through unchanged (as ngrok does) and the public host/scheme are in X-Forwarded-*.
    const publicHost = new URL(tunnel.url).host;
    expect(got.headers.host).toBe(publicHost);
    expect(got.headers['x-forwarded-host']).toBe(publicHost);
    expect(got.headers['x-forwarded-proto']).toBe('http');
    expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('drops the headers that Connection names, in both directions (RFC 9110 hop-by-hop)', async () => {
    const seen: Seen[] = [];
    const port = await origin((req, res) => {
      seen.push({ headers: req.headers, body: '' });
      res.writeHead(200, { connection: 'x-origin-hop', 'x-origin-hop': 'origin-only', 'x-origin-kept': 'yes' });
      res.end('ok');
    });
    const tunnel = await tunnelTo(port);
    // node:http rather than fetch: fetch may not set Connection.
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      const req = http.request(
        `${tunnel.url}/mcp`,
        {
          headers: { connection: 'keep-alive, X-Client-Hop', 'x-client-hop': 'proxy-only', 'x-client-kept': 'yes' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(seen[0]?.headers['x-client-hop']).toBeUndefined();
    expect(seen[0]?.headers['x-client-kept']).toBe('yes');
    expect(headers['x-origin-hop']).toBeUndefined();
    expect(headers['x-origin-kept']).toBe('yes');
  });

  it('forwards other methods and a large body intact', async () => {
    const seen: Seen[] = [];
    const tunnel = await tunnelTo(await origin(echoOrigin(seen)));
    const big = 'x'.repeat(2_000_000);
    await (await fetch(`${tunnel.url}/a`, { method: 'PUT', body: big })).text();
    await (await fetch(`${tunnel.url}/b`, { method: 'DELETE' })).text();
    expect(seen.map((s) => [s.method, s.url, s.body.length])).toEqual([
      ['PUT', '/a', big.length],
      ['DELETE', '/b', 0],
    ]);
  });

  it('streams: each chunk arrives before the origin sends the next (SSE)', async () => {
    let sendNext: () => void = () => {};
    const port = await origin((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      let n = 0;
      sendNext = () => {
        n++;
        if (n <= 3) res.write(`data: ${n}\n\n`);
        if (n === 3) res.end();
      };
      sendNext();
    });
    const tunnel = await tunnelTo(port);
    const res = await fetch(`${tunnel.url}/sse`, { headers: { accept: 'text/event-stream' } });
    expect(res.headers.get('content-type')).toBe('text/event-stream');

    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const received: string[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received.push(decoder.decode(value));
      // Only after this chunk came through does the origin send the next one: buffering would deadlock here.
      sendNext();
    }
    expect(received.join('')).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    expect(received.length).toBeGreaterThanOrEqual(3);
  });

  it('answers 502 with a readable reason when nothing listens behind it', async () => {
    // Take a free port, then release it: nothing listens there any more.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));

    const tunnel = await tunnelTo(freePort);
    const res = await fetch(`${tunnel.url}/mcp`);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain(`nothing answered at 127.0.0.1:${freePort}`);
  });

  it('close() ends open streams, frees the port and reports closed', async () => {
    const port = await origin((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: hello\n\n'); // and never ends
    });
    const tunnel = await tunnelTo(port);
    const res = await fetch(`${tunnel.url}/sse`);
    const reader = res.body!.getReader();
    await reader.read();

    const states: string[] = [];
    tunnel.onStateChange((s) => states.push(s));
    await tunnel.close();
    expect(states).toEqual(['closed']);
    await expect(reader.read()).rejects.toThrow();
    await expect(fetch(`${tunnel.url}/x`)).rejects.toThrow();
  });

  it('simulated state changes reach listeners', async () => {
    const tunnel = await tunnelTo(await origin((_q, s) => s.end()));
    const states: string[] = [];
    tunnel.onStateChange((s) => states.push(s));
    tunnel.simulateState('reconnecting');
    tunnel.simulateState('connected');
    tunnel.simulateState('failed', { problem: 'p', fix: 'f' });
    expect(states).toEqual(['reconnecting', 'connected', 'failed']);
    expect(tunnel.error).toEqual({ problem: 'p', fix: 'f' });
  });
});
