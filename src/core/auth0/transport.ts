// The `fetch` handed to the auth0 SDK: every Management API request (and the token request) passes through here.
// It bounds concurrency, counts requests, times out single attempts, retries 408/429/5xx until an overall deadline
// (waiting as Retry-After or X-RateLimit-Reset say), re-acquires a rejected token once, and can send the requests to
// another origin (tests, proxies). The SDK's own retries are off: one place decides how long a tenant is waited for.

import { capBody } from '../http/fetch';
import { Limiter } from './limiter';
import type { TokenSource } from './token-source';

export interface RequestStats {
  reads: number;
  writes: number;
  /** Client-credentials token requests; benchmarks count them apart. */
  tokenRequests: number;
  maxInFlight: number;
}

/** Time as the retries see it: tests pass a fake clock, so waiting out a rate limit costs them nothing. */
export interface RetryClock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: RetryClock = { now: () => Date.now(), sleep };

export interface TransportOptions {
  /** Canonical tenant host[:port]; the SDK always calls https://<host>/… */
  host: string;
  /** Send the requests to this origin instead (http://127.0.0.1:port for stand-ins, or a proxy). */
  origin?: string;
  /** Dependency injection for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Free tenants allow a burst of 2. */
  maxInFlight?: number;
  /** One attempt's time limit. A slow attempt becomes a 408, retried like a 5xx. */
  attemptTimeoutMs?: number;
  /**
   * How long a request keeps being retried on 408/429/5xx, from its first attempt (default 60 s). A wait that would
   * end past it is not started: the last answer is returned ("kept rate-limiting" comes only then).
   */
  retryDeadlineMs?: number;
  /** An extra bound on the number of retries (tests); by default only the deadline bounds them. */
  maxRetries?: number;
  clock?: RetryClock;
}

/** Default overall deadline for one request's retries. */
export const RETRY_DEADLINE_MS = 60_000;

/**
 * A request header (removed before sending) for callers that own their backoff, such as the logs tail: their 429
 * reaches them at once, with its headers.
 */
export const NO_RETRY_HEADER = 'x-auth0-mcp-no-retry';

/**
 * The largest Management API answer read: a page of 100 APIs at Auth0's limit of 1000 permissions each is under
 * 32 MB; past it the body is cut off with an error instead of filling memory.
 */
const MAX_MANAGEMENT_BODY_BYTES = 32 * 1024 * 1024;

export class ManagementTransport {
  readonly stats: RequestStats = { reads: 0, writes: 0, tokenRequests: 0, maxInFlight: 0 };
  /** Set once the token source exists (it needs this transport's fetch itself). */
  tokens?: TokenSource;
  private readonly limiter: Limiter;
  private readonly baseFetch: typeof fetch;
  private readonly tenantOrigin: string;
  private readonly clock: RetryClock;

  constructor(private readonly options: TransportOptions) {
    this.limiter = new Limiter(options.maxInFlight ?? 2);
    // The global fetch, looked up on every call: inside VS Code it is the one the extension host patches with the
    // user's proxy and certificate settings (never a private HTTP client that would bypass them).
    this.baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.tenantOrigin = `https://${options.host}`;
    this.clock = options.clock ?? systemClock;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = this.route(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init?.headers);
    const retry = !headers.has(NO_RETRY_HEADER);
    headers.delete(NO_RETRY_HEADER);
    const sent = { ...init, headers };
    const response = await this.withRetries(url, sent, retry);
    if (isTokenEndpoint(url) || response.status !== 401 || !this.tokens || !isManagementApi(url)) return response;
    const stale = headers.get('authorization')?.replace(/^Bearer\s+/i, '');
    if (!stale) return response;
    const fresh = await this.tokens.refresh(stale);
    if (!fresh) return response;
    await response.body?.cancel();
    headers.set('authorization', `Bearer ${fresh}`);
    return this.withRetries(url, { ...sent, headers }, retry);
  };

  /** Attempts until an answer that is not 408/429/5xx, the deadline, or the optional retry bound. */
  private async withRetries(url: string, init: RequestInit, retry: boolean): Promise<Response> {
    const deadline = this.clock.now() + (this.options.retryDeadlineMs ?? RETRY_DEADLINE_MS);
    const maxRetries = this.options.maxRetries ?? Infinity;
    for (let attempt = 0; ; attempt++) {
      const response = await this.attempt(url, init);
      if (!retry || attempt >= maxRetries || !isRetryable(response.status)) return response;
      const wait = retryWaitMs(response.headers, attempt, this.clock.now());
      if (this.clock.now() + wait > deadline) return response;
      await response.body?.cancel();
      await this.clock.sleep(wait, init.signal ?? undefined);
    }
  }

  private route(url: string): string {
    const { origin } = this.options;
    if (!origin || !url.startsWith(this.tenantOrigin)) return url;
    const rest = url.slice(this.tenantOrigin.length);
    return rest === '' || /^[/?#]/.test(rest) ? origin.replace(/\/$/, '') + rest : url;
  }

  private attempt(url: string, init: RequestInit): Promise<Response> {
    return this.limiter.run(async () => {
      this.count(url, init.method ?? 'GET');
      const timeoutMs = this.options.attemptTimeoutMs ?? 15_000;
      // Its own time limit (kept referenced across the await, so it is known which signal fired): a timeout is a 408.
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      try {
        return capBody(await this.baseFetch(url, { ...init, signal }), MAX_MANAGEMENT_BODY_BYTES, url);
      } catch (error) {
        if (timeout.aborted && !init.signal?.aborted) return timeoutResponse(timeoutMs);
        throw error;
      }
    });
  }

  private count(url: string, method: string): void {
    if (isTokenEndpoint(url)) this.stats.tokenRequests++;
    else if (method === 'GET' || method === 'HEAD') this.stats.reads++;
    else this.stats.writes++;
    // Read after the limiter admitted the request, so this is the true peak.
    this.stats.maxInFlight = this.limiter.maxActive;
  }
}

function isTokenEndpoint(url: string): boolean {
  return new URL(url).pathname.endsWith('/oauth/token');
}

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** One wait's cap (the SDK's own), and the backoff when the answer says nothing usable. */
const MAX_WAIT_MS = 60_000;
const BACKOFF_MS = 250;

/**
 * Retry-After (seconds) when present, else X-RateLimit-Reset (epoch seconds), else a short exponential backoff, which
 * also stands in for a reset already past (so a retry never goes out at once into the same limit); capped.
 */
export function retryWaitMs(headers: Headers, attempt: number, now: number): number {
  const backoff = Math.min(BACKOFF_MS * 2 ** attempt, 8_000);
  const retryAfter = Number(headers.get('retry-after'));
  const reset = Number(headers.get('x-ratelimit-reset'));
  const wait =
    headers.get('retry-after') && Number.isFinite(retryAfter)
      ? retryAfter * 1000
      : headers.get('x-ratelimit-reset') && Number.isFinite(reset)
        ? reset * 1000 - now
        : backoff;
  return Math.min(wait > 0 ? wait : backoff, MAX_WAIT_MS);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

function isManagementApi(url: string): boolean {
  return new URL(url).pathname.startsWith('/api/v2/');
}

function timeoutResponse(ms: number): Response {
  const body = { statusCode: 408, error: 'Request Timeout', message: `No response within ${Math.round(ms / 1000)} s.` };
  return new Response(JSON.stringify(body), { status: 408, headers: { 'content-type': 'application/json' } });
}
