// The fetch handed to the SDK: concurrency bound, counting, origin routing, attempt timeouts, one token refresh.

import { describe, expect, it } from 'vitest';
import { Limiter } from '../../src/core/auth0/limiter';
import { ManagementTransport, retryWaitMs } from '../../src/core/auth0/transport';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Limiter', () => {
  it('runs at most `limit` tasks at once and all of them eventually', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limiter.run(async () => {
          peak = Math.max(peak, ++running);
          await sleep(5);
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(limiter.maxActive).toBe(2);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
  });
});

describe('ManagementTransport', () => {
  it('routes https://<domain> to the override origin and counts reads, writes and token calls', async () => {
    const seen: string[] = [];
    const transport = new ManagementTransport({
      host: 'tenant.auth0.com',
      origin: 'http://127.0.0.1:9',
      fetch: async (input) => {
        seen.push(String(input));
        return new Response('{}');
      },
    });
    await transport.fetch('https://tenant.auth0.com/api/v2/clients?x=1');
    await transport.fetch('https://tenant.auth0.com/api/v2/clients/a', { method: 'DELETE' });
    await transport.fetch('https://tenant.auth0.com/oauth/token', { method: 'POST' });
    await transport.fetch('https://tenant.auth0.com.evil.com/api/v2/x');
    expect(seen).toEqual([
      'http://127.0.0.1:9/api/v2/clients?x=1',
      'http://127.0.0.1:9/api/v2/clients/a',
      'http://127.0.0.1:9/oauth/token',
      'https://tenant.auth0.com.evil.com/api/v2/x',
    ]);
    expect(transport.stats).toMatchObject({ reads: 2, writes: 1, tokenRequests: 1 });
  });

  it('answers a hanging attempt with a 408 the SDK will retry', async () => {
    const transport = new ManagementTransport({
      host: 't.auth0.com',
      attemptTimeoutMs: 30,
      fetch: (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    });
    expect((await transport.fetch('https://t.auth0.com/api/v2/x')).status).toBe(408);
  });

  it('retries a 401 once with a fresh token, and only once', async () => {
    const auth: string[] = [];
    const transport = new ManagementTransport({
      host: 't.auth0.com',
      fetch: async (_input, init) => {
        auth.push(new Headers(init?.headers).get('authorization') ?? '');
        return new Response('{}', { status: 401 });
      },
    });
    let refreshes = 0;
    transport.tokens = { kind: 'client-credentials', get: async () => 'old', refresh: async () => `new${++refreshes}` };
    const response = await transport.fetch('https://t.auth0.com/api/v2/x', { headers: { authorization: 'Bearer old' } });
    expect(response.status).toBe(401);
    expect(auth).toEqual(['Bearer old', 'Bearer new1']);
  });

  it('does not retry a 401 when the token cannot be renewed (a pasted token)', async () => {
    let calls = 0;
    const transport = new ManagementTransport({ host: 't.auth0.com', fetch: async () => (calls++, new Response('{}', { status: 401 })) });
    transport.tokens = { kind: 'token', get: async () => 't', refresh: async () => undefined };
    await transport.fetch('https://t.auth0.com/api/v2/x', { headers: { authorization: 'Bearer t' } });
    expect(calls).toBe(1);
  });
});

describe('token call retries', () => {
  it('waits as long as Retry-After, else X-RateLimit-Reset (epoch seconds), capped at 60 s', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryWaitMs(h({ 'retry-after': '3', 'x-ratelimit-reset': '999' }), 0, 0)).toBe(3000);
    expect(retryWaitMs(h({ 'x-ratelimit-reset': '100' }), 0, 97_500)).toBe(2500);
    expect(retryWaitMs(h({ 'x-ratelimit-reset': '100' }), 0, 200_000)).toBe(0);
    expect(retryWaitMs(h({ 'x-ratelimit-reset': String(10_000) }), 0, 0)).toBe(60_000);
    expect(retryWaitMs(h({}), 1, 0)).toBe(500);
  });

  it('retries a token call refused with 429 or 5xx within maxRetries, not a 4xx', async () => {
    const statuses = [429, 503, 200];
    let calls = 0;
    const transport = new ManagementTransport({
      host: 't.auth0.com',
      maxRetries: 2,
      fetch: async () => new Response('{}', { status: statuses[calls++], headers: { 'x-ratelimit-reset': '0' } }),
    });
    expect((await transport.fetch('https://t.auth0.com/oauth/token', { method: 'POST' })).status).toBe(200);
    expect(transport.stats.tokenRequests).toBe(3);
    calls = 0;
    statuses.splice(0, 3, 401, 200, 200);
    expect((await transport.fetch('https://t.auth0.com/oauth/token', { method: 'POST' })).status).toBe(401);
    expect(calls).toBe(1);
  });
});
