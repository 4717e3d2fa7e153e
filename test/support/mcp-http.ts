// Raw HTTP to the MCP endpoint, as a client that is not the SDK would send it: what the server answers on the wire.

import { request } from 'node:http';

export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

export function rpc(method: string, params?: Record<string, unknown>, id = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = unknown>(): T;
}

/** node:http rather than fetch, so tests can send any Host header and any Authorization value. */
export function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send('POST', url, body, { ...MCP_HEADERS, ...headers });
}

export function send(method: string, url: string, body: string | Buffer | undefined, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: <T>() => JSON.parse(text) as T });
      });
    });
    // The server may answer (413) and close before reading a huge body; that is the behaviour under test.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
