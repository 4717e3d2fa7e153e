// Where the tail reads events from: two reads of GET /api/v2/logs, and the rate-limit signal it backs off on.

import type { LogEvent } from './event';

export interface LogSource {
  /** The newest events, newest first (`q`, `sort=date:-1`, `per_page`). */
  search(params: { q?: string; perPage: number }): Promise<LogEvent[]>;
  /** Events after the checkpoint `from`, in the order the API keeps them (`from`, `take`). */
  fromCheckpoint(params: { from: string; take: number }): Promise<LogEvent[]>;
}

/** Thrown by a source on HTTP 429, with how long the server asked to wait when it said so. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number | undefined) {
    super(`Auth0 rate-limited the log reads${retryAfterMs !== undefined ? `; retry in ${Math.ceil(retryAfterMs / 1000)} s` : ''}.`);
    this.name = 'RateLimitedError';
  }
}

/**
 * How long a 429 asks to wait: `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset` (epoch seconds).
 * Undefined when neither is usable, so the caller falls back to exponential backoff.
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, now: number): number | undefined {
  const retryAfter = headers?.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers?.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}
