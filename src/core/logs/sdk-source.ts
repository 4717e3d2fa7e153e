// The LogSource over the engine's Management session (the auth0 SDK behind its limiter and error translation).
//
// auth0 7.1.0's logs.list sends `search=` where the API wants `q`, and always adds page/per_page/include_totals, so
// q, from and take go through the request options' queryParams (they override the SDK's own). In checkpoint mode the
// API answers a bare array, which the SDK leaves in page.response instead of page.data.
// The transport's retries are off for these reads (NO_RETRY_HEADER): the tail owns the backoff, so a 429 reaches it
// at once, with its headers.

import type { ManagementSession } from '../auth0/management-session';
import { NO_RETRY_HEADER } from '../auth0/transport';
import { toLogEvent, type LogEvent } from './event';
import { RateLimitedError, retryAfterMs, type LogSource } from './source';

type ListResult = { events: unknown[] } | { rateLimitedMs: number | undefined; limited: true };

export function createSdkLogSource(session: ManagementSession, now: () => number = Date.now): LogSource {
  const list = async (operation: string, request: { sort?: string; per_page?: number }, queryParams: Record<string, string | number>) => {
    const result = await session.call<ListResult>(operation, async (client) => {
      try {
        const page = await client.logs.list(request, { queryParams, maxRetries: 0, headers: { [NO_RETRY_HEADER]: '1' } });
        return { events: itemsOf(page) };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 429) throw error;
        return { limited: true, rateLimitedMs: retryAfterMs(headersOf(error), now()) };
      }
    });
    if ('limited' in result) throw new RateLimitedError(result.rateLimitedMs);
    return result.events.map(toLogEvent).filter((e): e is LogEvent => e !== undefined);
  };
  return {
    search: ({ q, perPage }) => list('reading the tenant logs', { sort: 'date:-1', per_page: Math.min(100, perPage) }, q ? { q } : {}),
    fromCheckpoint: ({ from, take }) => list('polling the tenant logs', {}, { from, take: Math.min(100, take) }),
  };
}

function itemsOf(page: { data: unknown[]; response?: unknown }): unknown[] {
  if (Array.isArray(page.response)) return page.response;
  const logs = (page.response as { logs?: unknown } | undefined)?.logs;
  return Array.isArray(logs) ? logs : page.data;
}

function headersOf(error: unknown): { get(name: string): string | null } | undefined {
  const headers = (error as { rawResponse?: { headers?: unknown } }).rawResponse?.headers;
  return headers && typeof (headers as Headers).get === 'function' ? (headers as Headers) : undefined;
}
