// Issue #21, case 6: every input from outside is bounded. Bodies are capped while streaming (the bytes past the cap
// are never pulled), tools and scopes are bounded (Auth0's own limits where documented), and past a bound there is
// a clear error and nothing is written.

import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileRestoreJournal } from '../../src/core/auth0';
import { MAX_BODY_BYTES, readBody, timedFetch } from '../../src/core/http/fetch';
import { readToolScopes, requiredScopes, serverScopes } from '../../src/core/scopes';
import { fetchProtectedResourceMetadata, MAX_METADATA_BYTES } from '../../src/core/verify/metadata-check';
import { startOwnMcpServer } from '../support/own-mcp-server';

const CHUNK = 64 * 1024;

/** A body of `total` bytes made on demand, counting what the reader pulled. */
function hugeBody(total: number, type = 'application/json'): { response: Response; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(CHUNK).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += CHUNK;
      controller.enqueue(chunk);
    },
  });
  return { response: new Response(stream, { headers: { 'content-type': type } }), pulled: () => pulled };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe('bodies read from a server are capped while streaming', () => {
  it('readBody stops pulling past the cap and says so (a 400 MB body is never read)', async () => {
    const body = hugeBody(400 * 1024 * 1024);
    await expect(readBody(body.response)).rejects.toMatchObject({ code: 'too_large', message: expect.stringMatching(/larger than 4 MB/) });
    expect(body.pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * CHUNK);
  });

  it('a declared Content-Length past the cap fails before any byte is read', async () => {
    const body = hugeBody(8 * 1024 * 1024);
    const response = new Response(body.response.body, { headers: { 'content-length': String(8 * 1024 * 1024) } });
    await expect(readBody(response)).rejects.toMatchObject({ code: 'too_large' });
    expect(body.pulled()).toBeLessThanOrEqual(2 * CHUNK);
  });

  it('verify: a huge metadata document fails the check with a clear reason; at most its cap is read', async () => {
    const body = hugeBody(400 * 1024 * 1024);
    const result = await fetchProtectedResourceMetadata(async () => body.response, 'https://app.example.com/.well-known/oauth-protected-resource');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.detail).toMatch(/larger than 256 KB/);
    expect(body.pulled()).toBeLessThanOrEqual(MAX_METADATA_BYTES + 2 * CHUNK);
  });

  it('every fetch the verifier and the tools reader make is capped: an endless body from a real server is cut off', async () => {
    let sent = 0;
    let closed = false;
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(CHUNK, 0x20);
      const pump = () => {
        while (!closed && sent < 256 * 1024 * 1024) {
          sent += CHUNK;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (closed = true));
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as { port: number }).port;
    const response = await timedFetch(fetch, 10_000)(`http://127.0.0.1:${port}/metadata`);
    await expect(response.text()).rejects.toMatchObject({ code: 'too_large' });
    // The reader stopped long before the server's 256 MB: it waits on a full socket, a few MB past the cap at most.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('tools and scopes are bounded', () => {
  const tool = (i: number, scopes: string[] = [`s${i}:read`]) => ({ name: `t${i}`, securitySchemes: [{ type: 'oauth2', scopes }] });

  it('more than 1000 tools: a clear error, no scope taken', () => {
    expect(() => readToolScopes({ tools: Array.from({ length: 10_000 }, (_, i) => tool(i)) })).toThrow(
      expect.objectContaining({ code: 'too_large', message: expect.stringContaining('10000 tools') }),
    );
    expect(readToolScopes({ tools: Array.from({ length: 1000 }, (_, i) => tool(i)) }).tools).toHaveLength(1000);
  });

  it("a scope longer than Auth0's 280 characters is refused, from a tool or by hand; 280 is accepted", () => {
    expect(() => readToolScopes({ tools: [tool(1, ['x'.repeat(200_000)])] })).toThrow(expect.objectContaining({ code: 'too_large' }));
    expect(() => requiredScopes([], ['y'.repeat(281)])).toThrow(expect.objectContaining({ code: 'too_large', message: expect.stringContaining('at most 280') }));
    expect(requiredScopes([], ['z'.repeat(280)])).toHaveLength(1);
  });

  it("more distinct scopes than Auth0's 1000 permissions per API: a clear error", () => {
    const tools = readToolScopes({ tools: Array.from({ length: 1000 }, (_, i) => tool(i, [`a${i}`, `b${i}`])) }).tools;
    expect(() => requiredScopes(tools)).toThrow(expect.objectContaining({ code: 'too_large', message: expect.stringContaining('2000 distinct scopes') }));
  });

  it('a server listing too many tools leaves the Scopes step unread: nothing is taken from it to write', async () => {
    const own = await startOwnMcpServer();
    cleanups.push(() => own.close());
    const declared = own.declared as Record<string, Array<{ type: 'oauth2'; scopes: string[] }>>;
    for (let i = 0; i < 1001; i++) declared[`extra_${i}`] = [{ type: 'oauth2', scopes: [`extra:${i}`] }];
    const read = await serverScopes({ kind: 'url', mcpUrl: own.url });
    expect(read.needs).toEqual([]);
    expect(read.unread?.code).toBe('too_large');
  });

  it('a restore journal larger than any apply writes is refused without reading it all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth0-mcp-bounds-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'restore.jsonl');
    const line = JSON.stringify({ v: 1, at: '2026-01-01T00:00:00.000Z', pid: 1, entry: { kind: 'added-permission', identifier: 'https://a.example.com', scope: 'x:y' } });
    await writeFile(path, `${line}\n`.repeat(40_000));
    await expect(fileRestoreJournal(path, 't.auth0.com').read()).rejects.toMatchObject({ code: 'too_large' });
  });
});
