// The HTTP helpers under outgoing requests: a fetch with a time limit and a cap on every body it reads, and a reader
// that tells JSON from an HTML page (ngrok's browser warning, a proxy's error page) so a failure can say which one it got.

import { UserError } from '../plan/types';

export type FetchFn = typeof fetch;

/** What any one answer from a server may weigh: metadata, discovery, tools/list, the verifier's pages. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Wraps fetch so every request has a time limit, follows the run's cancellation, and reads at most `maxBytes` of body. */
export function timedFetch(base: FetchFn, timeoutMs: number, signal?: AbortSignal, maxBytes = MAX_BODY_BYTES): FetchFn {
  return async (input, init) => {
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : []), ...(init?.signal ? [init.signal] : [])];
    const response = await base(input, { ...init, signal: AbortSignal.any(signals) });
    return capBody(response, maxBytes, urlOf(input));
  };
}

/** A fetch whose every answer's body is cut off, with an error, past `maxBytes`. */
export function boundedFetch(base: FetchFn, maxBytes: number): FetchFn {
  return async (input, init) => capBody(await base(input, init), maxBytes, urlOf(input));
}

function urlOf(input: Parameters<FetchFn>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

export function tooLarge(what: string, maxBytes: number): UserError {
  return new UserError(
    `The answer from ${what.slice(0, 200)} is larger than ${formatBytes(maxBytes)}: it was not read further, and nothing was done with it.`,
    'Check that the URL points at the right server (an MCP endpoint, an Auth0 tenant); no real answer of this kind is that large.',
    'too_large',
  );
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / 1024 / 1024} MB` : `${Math.round(n / 1024)} KB`;
}

/**
 * The response with a body that errors as soon as more than `maxBytes` arrive (a streaming cap: the bytes past it
 * are never buffered, and the connection is dropped). A declared Content-Length past the cap fails at once.
 */
export function capBody(response: Response, maxBytes: number, what: string): Response {
  if (!response.body) return response;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body.cancel().catch(() => undefined);
    throw tooLarge(what, maxBytes);
  }
  let seen = 0;
  const limited = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(tooLarge(what, maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  const capped = new Response(limited, { status: response.status, statusText: response.statusText, headers: response.headers });
  // Readers (the MCP SDK's discovery) look at where the answer came from.
  Object.defineProperty(capped, 'url', { value: response.url });
  Object.defineProperty(capped, 'redirected', { value: response.redirected });
  return capped;
}

/** The body as text, reading at most `maxBytes` (the rest is never read; the stream is cancelled). */
export async function readText(response: Response, maxBytes = MAX_BODY_BYTES, what = response.url || 'the server'): Promise<string> {
  if (!response.body) return '';
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw tooLarge(what, maxBytes);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(what, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type Body = { kind: 'json'; value: unknown } | { kind: 'html'; title: string } | { kind: 'text'; text: string };

/** Reads at most `maxBytes` of the body (metadata and discovery documents are a few KB). */
export async function readBody(response: Response, maxBytes = MAX_BODY_BYTES): Promise<Body> {
  const text = await readText(response, maxBytes);
  const type = response.headers.get('content-type') ?? '';
  const trimmed = text.trimStart();
  if (/html/i.test(type) || /^<(!doctype|html|head|body)/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return { kind: 'html', title: title || 'an HTML page' };
  }
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'text', text: trimmed.slice(0, 120) };
  }
}

/** "could not connect (ECONNREFUSED)" rather than fetch's bare "fetch failed". */
export function networkErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer in time';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `could not connect (${cause.code})`;
  return cause?.message ? `${error.message}: ${cause.message}` : error.message;
}

export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}
