// Where Management API access tokens come from: a pasted token, or the client-credentials grant through the SDK's
// TokenProvider. Kept outside the SDK's own supplier so a token the server rejects can be dropped and fetched again once.

import { TokenProvider } from 'auth0';

export type ManagementCredentials = { kind: 'client-credentials'; clientId: string; clientSecret: string } | { kind: 'token'; token: string };

export interface TokenSource {
  readonly kind: ManagementCredentials['kind'];
  get(): Promise<string>;
  /** Drops `stale` and returns a fresh token, or undefined when the source cannot make new ones (a pasted token). */
  refresh(stale: string): Promise<string | undefined>;
}

export function createTokenSource(credentials: ManagementCredentials, options: { domain: string; audience: string; fetch: typeof fetch }): TokenSource {
  if (credentials.kind === 'token') {
    const token = credentials.token.replace(/^Bearer\s+/i, '').trim();
    return { kind: 'token', get: async () => token, refresh: async () => undefined };
  }
  const makeProvider = () =>
    new TokenProvider({
      domain: options.domain,
      audience: options.audience,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      fetch: options.fetch,
      telemetry: false,
    });
  let provider = makeProvider();
  let replacedFor: string | undefined;
  return {
    kind: 'client-credentials',
    // The SDK's provider caches the token and renews it shortly before it expires.
    get: () => provider.getAccessToken(),
    refresh(stale) {
      // Several requests may see the same 401 at once: only the first one replaces the provider; the rest share its fetch.
      if (replacedFor !== stale) {
        replacedFor = stale;
        provider = makeProvider();
      }
      return provider.getAccessToken();
    },
  };
}
