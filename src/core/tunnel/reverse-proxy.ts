// A small streaming HTTP reverse proxy on loopback: what a tunnel does, minus the internet. Requests and
// responses are piped, not buffered, so SSE (the MCP streamable transport) flows through chunk by chunk.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReverseProxy {
  /** "http://127.0.0.1:<port>" */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ReverseProxyOptions {
  target: { host: string; port: number };
  /** Port to listen on; 0 (default) picks a free one. */
  listenPort?: number;
}

// Hop-by-hop headers describe one connection, not the message, so a proxy must not forward them (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export async function startReverseProxy(options: ReverseProxyOptions): Promise<ReverseProxy> {
  const { target } = options;
  const server = http.createServer((req, res) => {
    const headers = withoutHopByHop(req.headers);
    // Like ngrok: the Host header passes through unchanged, and the public host/scheme are also in X-Forwarded-*.
    headers['x-forwarded-host'] = req.headers.host ?? '';
    headers['x-forwarded-proto'] = 'http';
    headers['x-forwarded-for'] = appendForwardedFor(req.headers['x-forwarded-for'], req.socket.remoteAddress);

    const upstream = http.request({ host: target.host, port: target.port, method: req.method, path: req.url, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, withoutHopByHop(upRes.headers));
      res.flushHeaders(); // an SSE stream may not send a byte for a while; the client should see the headers now
      upRes.pipe(res);
    });
    upstream.on('error', (err) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`Bad gateway: nothing answered at ${target.host}:${target.port} (${err.message}).`);
      } else {
        res.destroy(err);
      }
    });
    // The client went away: stop the upstream request (and its stream) too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open SSE streams would keep close() waiting forever.
        server.closeAllConnections();
      })),
  };
}

/** Also drops every header the Connection header names: the sender marked those as hop-by-hop too (RFC 9110 §7.6.1). */
function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((n) => n.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value;
  }
  return out;
}

function appendForwardedFor(existing: string | string[] | undefined, remote: string | undefined): string {
  const prior = Array.isArray(existing) ? existing.join(', ') : existing;
  return [prior, remote].filter(Boolean).join(', ');
}
