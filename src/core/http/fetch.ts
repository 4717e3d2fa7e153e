// The HTTP helpers under outgoing requests: a fetch with a time limit, and a reader that tells JSON from an HTML page
// (ngrok's browser warning, a proxy's error page) so a failure can say which one it got.

export type FetchFn = typeof fetch;

/** Wraps fetch so every request has a time limit and follows the run's cancellation. */
export function timedFetch(base: FetchFn, timeoutMs: number, signal?: AbortSignal): FetchFn {
  return (input, init) => {
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : []), ...(init?.signal ? [init.signal] : [])];
    return base(input, { ...init, signal: AbortSignal.any(signals) });
  };
}

export type Body = { kind: 'json'; value: unknown } | { kind: 'html'; title: string } | { kind: 'text'; text: string };

export async function readBody(response: Response): Promise<Body> {
  const text = await response.text();
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
