// The `fetch` handed to the auth0 SDK: every Management API request (and the token request) passes through here.
// It bounds concurrency, counts requests, times out single attempts so the SDK's own retry covers them,
// re-acquires a rejected token once, and can send the requests to another origin (tests, proxies).

import { Limiter } from './limiter';
import type { TokenSource } from './token-source';

export interface RequestStats {
  reads: number;
  writes: number;
  /** Client-credentials token requests; benchmarks count them apart. */
  tokenRequests: number;
  maxInFlight: number;
}

export interface TransportOptions {
  /** Canonical tenant host[:port]; the SDK always calls https://<host>/… */
  host: string;
  /** Send the requests to this origin instead (http://127.0.0.1:port for stand-ins, or a proxy). */
  origin?: string;
  /** Dependency injection for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Free tenants allow a burst of 2. */
  maxInFlight?: number;
  /** One attempt's time limit. A slow attempt becomes a 408 so the SDK retries it, within its maxRetries. */
  attemptTimeoutMs?: number;
  /**
   * Retries of the client-credentials token call on 408/429/5xx: the SDK retries Management API calls but not its
   * token call, so the transport does, with the same bound (default 2) and waits (Retry-After / X-RateLimit-Reset,
   * at most MAX_WAIT_MS).
   */
  maxRetries?: number;
}

/** The SDK's own cap on one retry wait. */
const MAX_WAIT_MS = 60_000;

export class ManagementTransport {
  readonly stats: RequestStats = { reads: 0, writes: 0, tokenRequests: 0, maxInFlight: 0 };
  /** Set once the token source exists (it needs this transport's fetch itself). */
  tokens?: TokenSource;
  private readonly limiter: Limiter;
  private readonly baseFetch: typeof fetch;
  private readonly tenantOrigin: string;

  constructor(private readonly options: TransportOptions) {
    this.limiter = new Limiter(options.maxInFlight ?? 2);
    // The global fetch, looked up on every call: inside VS Code it is the one the extension host patches with the
    // user's proxy and certificate settings (never a private HTTP client that would bypass them).
    this.baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.tenantOrigin = `https://${options.host}`;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = this.route(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (isTokenEndpoint(url)) return this.tokenCall(url, init);
    const response = await this.attempt(url, init);
    if (response.status !== 401 || !this.tokens || !isManagementApi(url)) return response;
    const stale = new Headers(init?.headers).get('authorization')?.replace(/^Bearer\s+/i, '');
    if (!stale) return response;
    const fresh = await this.tokens.refresh(stale);
    if (!fresh) return response;
    await response.body?.cancel();
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${fresh}`);
    return this.attempt(url, { ...init, headers });
  };

  private async tokenCall(url: string, init: RequestInit | undefined): Promise<Response> {
    const retries = this.options.maxRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      const response = await this.attempt(url, init);
      if (attempt >= retries || !isRetryable(response.status)) return response;
      await response.body?.cancel();
      await sleep(retryWaitMs(response.headers, attempt, Date.now()), init?.signal ?? undefined);
    }
  }

  private route(url: string): string {
    const { origin } = this.options;
    if (!origin || !url.startsWith(this.tenantOrigin)) return url;
    const rest = url.slice(this.tenantOrigin.length);
    return rest === '' || /^[/?#]/.test(rest) ? origin.replace(/\/$/, '') + rest : url;
  }

  private attempt(url: string, init: RequestInit | undefined): Promise<Response> {
    return this.limiter.run(async () => {
      this.count(url, init?.method ?? 'GET');
      const timeoutMs = this.options.attemptTimeoutMs ?? 15_000;
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      try {
        return await this.baseFetch(url, { ...init, signal });
      } catch (error) {
        if (timeout.aborted && !init?.signal?.aborted) return timeoutResponse(timeoutMs);
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

/** Retry-After (seconds) when present, else X-RateLimit-Reset (epoch seconds), else a short backoff; capped. */
export function retryWaitMs(headers: Headers, attempt: number, now: number): number {
  const retryAfter = Number(headers.get('retry-after'));
  const reset = Number(headers.get('x-ratelimit-reset'));
  const wait =
    headers.get('retry-after') && Number.isFinite(retryAfter)
      ? retryAfter * 1000
      : headers.get('x-ratelimit-reset') && Number.isFinite(reset)
        ? reset * 1000 - now
        : 250 * 2 ** attempt;
  return Math.min(Math.max(wait, 0), MAX_WAIT_MS);
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
