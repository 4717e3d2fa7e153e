// The sign-in's way back: a one-shot HTTP listener on 127.0.0.1 (random port) that receives the authorization
// response, checks its state, and shows the user a page saying whether to return to the editor.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const CALLBACK_PATH = '/callback';

export interface AuthorizationResponse {
  code: string;
  /** RFC 9207 issuer, when the server sends it. */
  iss?: string;
}

export type SignInErrorKind = 'timeout' | 'denied' | 'cancelled';

export class SignInError extends Error {
  constructor(
    message: string,
    readonly kind: SignInErrorKind,
    /** The OAuth error code from the redirect, e.g. "access_denied" or "invalid_target". */
    readonly oauthError?: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

export interface RedirectListener {
  readonly redirectUri: string;
  /** Resolves with the code of the first callback with this state; rejects on its error response, timeout or abort. */
  waitForCode(state: string, timeoutMs: number, signal?: AbortSignal): Promise<AuthorizationResponse>;
  close(): Promise<void>;
}

export async function startRedirectListener(): Promise<RedirectListener> {
  let pending: { state: string; settle: (error: Error | undefined, value?: AuthorizationResponse) => void } | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CALLBACK_PATH) return page(res, 404, 'Not found', 'This address only receives the sign-in of "Verify like ChatGPT".');
    if (!pending) return page(res, 410, 'No sign-in in progress', 'This verification has already finished. You can close this tab.');
    const { state, settle } = pending;
    const error = url.searchParams.get('error');
    const description = url.searchParams.get('error_description') ?? '';
    // Another sign-in's response (an old tab, a forged link) is not this one's end: keep waiting for ours.
    if (url.searchParams.get('state') !== state) {
      return page(
        res,
        400,
        'Sign-in not accepted',
        'This response does not belong to the current sign-in (its state does not match); it was ignored. Finish the sign-in in the tab the verification opened.',
      );
    }
    if (error) {
      page(res, 400, 'Sign-in failed', `${error}${description ? `: ${description}` : ''}. Return to the editor for the fix.`);
      return settle(new SignInError(`The authorization server answered ${error}${description ? `: ${description}` : ''}`, 'denied', error));
    }
    const code = url.searchParams.get('code');
    if (!code) {
      page(res, 400, 'Sign-in failed', 'The response has no authorization code. Return to the editor.');
      return settle(new SignInError('The authorization response has no code.', 'denied'));
    }
    page(res, 200, 'Signed in', 'The verification continues in the editor. You can close this tab.');
    const iss = url.searchParams.get('iss');
    settle(undefined, { code, ...(iss ? { iss } : {}) });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    waitForCode(state, timeoutMs, signal) {
      return new Promise<AuthorizationResponse>((resolve, reject) => {
        const timer = setTimeout(() => finish(new SignInError(`No sign-in came back within ${Math.round(timeoutMs / 1000)} s.`, 'timeout')), timeoutMs);
        const onAbort = () => finish(new SignInError('The verification was cancelled.', 'cancelled'));
        signal?.addEventListener('abort', onAbort, { once: true });
        function finish(error: Error | undefined, value?: AuthorizationResponse) {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          pending = undefined;
          if (error) reject(error);
          else resolve(value!);
        }
        pending = { state, settle: finish };
        if (signal?.aborted) onAbort();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
      `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto">` +
      `<h1>${escape(title)}</h1><p>${escape(message)}</p><p><small>auth0-mcp: Verify like ChatGPT</small></p></body></html>`,
  );
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
