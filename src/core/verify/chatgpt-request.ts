// What ChatGPT sends to the tenant, in one place: its registration metadata and its authorization request's scopes.
// Source: the shared notes ("What ChatGPT sends"); the verifier copies them so a passing check means ChatGPT passes.

import { VERIFY_CLIENT_NAME } from '../logs/catalogue';

/** The redirect ChatGPT registers (its stable one, used when the tenant returns RFC 9207 `iss`). */
export const CHATGPT_REDIRECT_URI = 'https://chatgpt.com/connector_platform_oauth_redirect';

/** The scopes on ChatGPT's `/authorize`. */
export const CHATGPT_SCOPES = ['openid', 'email', 'offline_access', 'profile'] as const;

/** The test client's name: the Logs panel tells the verifier's own events by it (see logs/catalogue.ts). */
export const TEST_CLIENT_NAME = VERIFY_CLIENT_NAME;

/**
 * ChatGPT's registration, plus the loopback redirect the browser sign-in needs: a public client (no secret) with
 * PKCE, the code and refresh grants.
 */
export function chatgptClientMetadata(loopbackRedirectUri?: string) {
  return {
    client_name: TEST_CLIENT_NAME,
    redirect_uris: [CHATGPT_REDIRECT_URI, ...(loopbackRedirectUri ? [loopbackRedirectUri] : [])],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
}

/** ChatGPT's scopes, then the resource's own (from its metadata), without duplicates. */
export function chatgptScope(resourceScopes: readonly string[] = []): string {
  return [...new Set([...CHATGPT_SCOPES, ...resourceScopes])].join(' ');
}
