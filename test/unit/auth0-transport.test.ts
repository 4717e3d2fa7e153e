// The fetch handed to the SDK: concurrency bound, counting, origin routing, attempt timeouts, one token refresh.

import { describe, expect, it } from 'vitest';
import { Limiter } from '../../src/core/auth0/limiter';
import { ManagementTransport, NO_RETRY_HEADER, retryWaitMs } from '../../src/core/auth0/transport';
import { FakeClock } from '../support/fake-clock';

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

  it('answers a hanging attempt with a 408, retried like a 5xx within the retry bound', async () => {
    let attempts = 0;
    const transport = new ManagementTransport({
      host: 't.auth0.com',
      attemptTimeoutMs: 30,
      maxRetries: 1,
      clock: new FakeClock(),
      fetch: (_input, init) => (attempts++, new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))),
    });
    expect((await transport.fetch('https://t.auth0.com/api/v2/x')).status).toBe(408);
    expect(attempts).toBe(2);
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

describe('retries of 429 and 5xx', () => {
  it('waits as long as Retry-After, else X-RateLimit-Reset (epoch seconds), capped at 60 s', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryWaitMs(h({ 'retry-after': '3', 'x-ratelimit-reset': '999' }), 0, 0)).toBe(3000);
    expect(retryWaitMs(h({ 'x-ratelimit-reset': '100' }), 0, 97_500)).toBe(2500);
    // A reset already past: a short backoff, never an immediate retry into the same limit.
    expect(retryWaitMs(h({ 'x-ratelimit-reset': '100' }), 0, 200_000)).toBe(250);
    expect(retryWaitMs(h({ 'x-ratelimit-reset': String(10_000) }), 0, 0)).toBe(60_000);
    expect(retryWaitMs(h({}), 1, 0)).toBe(500);
  });

  it('retries a token call refused with 429 or 5xx, not a 4xx', async () => {
    const statuses = [429, 503, 200];
    let calls = 0;
    const clock = new FakeClock();
    const transport = new ManagementTransport({
      host: 't.auth0.com',
      clock,
      fetch: async () => new Response('{}', { status: statuses[calls++], headers: { 'x-ratelimit-reset': String(Math.ceil(clock.now() / 1000) + 2) } }),
    });
    expect((await transport.fetch('https://t.auth0.com/oauth/token', { method: 'POST' })).status).toBe(200);
    expect(transport.stats.tokenRequests).toBe(3);
    calls = 0;
    statuses.splice(0, 3, 401, 200, 200);
    expect((await transport.fetch('https://t.auth0.com/oauth/token', { method: 'POST' })).status).toBe(401);
    expect(calls).toBe(1);
  });

  it('keeps retrying until the deadline, and returns the last answer once the next wait would pass it', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const transport = new ManagementTransport({
      host: 't.auth0.com',
      clock,
      retryDeadlineMs: 60_000,
      fetch: async () => (calls++, new Response('{}', { status: 429, headers: { 'retry-after': '20' } })),
    });
    expect((await transport.fetch('https://t.auth0.com/api/v2/tenants/settings')).status).toBe(429);
    expect(clock.waits).toEqual([20_000, 20_000, 20_000]);
    expect(calls).toBe(4);
  });

  it('leaves the retries to a caller that owns its backoff (the logs tail), and never sends the marker', async () => {
    const clock = new FakeClock();
    const sent: Headers[] = [];
    const transport = new ManagementTransport({
      host: 't.auth0.com',
      clock,
      fetch: async (_input, init) => (sent.push(new Headers(init?.headers)), new Response('{}', { status: 429 })),
    });
    const response = await transport.fetch('https://t.auth0.com/api/v2/logs', { headers: { [NO_RETRY_HEADER]: '1' } });
    expect(response.status).toBe(429);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.has(NO_RETRY_HEADER)).toBe(false);
    expect(clock.waits).toEqual([]);
  });
});
