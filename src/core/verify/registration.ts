// Check 4: register a temporary client the way ChatGPT does (DCR, public client, PKCE), and delete it afterwards
// through the injected deleter, so verification leaves no stray application in the tenant.

import { registerClient } from '@modelcontextprotocol/sdk/client/auth.js';
import type { VerifyContext } from './context';
import { DCR_FIX } from './authorization-server-check';
import { startRedirectListener } from './loopback-redirect';
import { fail, pass, type CheckOutcome, type TestClientCleanup, type VerifyOptions } from './types';

export const TEST_CLIENT_NAME = 'auth0-mcp verify (temporary, deleted after the check)';
/** Unattended runs never receive a redirect, so they register a loopback URI nobody listens on. */
const UNATTENDED_REDIRECT_URI = 'http://127.0.0.1/callback';

export async function checkRegistration(ctx: VerifyContext): Promise<CheckOutcome> {
  const metadata = ctx.asMetadata;
  if (!metadata || !ctx.issuer) return fail('no authorization server metadata', { problem: 'No metadata to register with.', fix: 'Fix the previous check.' });
  if (ctx.options.login !== false) {
    ctx.redirect = await startRedirectListener();
    ctx.redirectUri = ctx.redirect.redirectUri;
  } else {
    ctx.redirectUri = UNATTENDED_REDIRECT_URI;
  }
  try {
    ctx.client = await registerClient(ctx.issuer, {
      metadata,
      fetchFn: ctx.fetch,
      clientMetadata: {
        client_name: TEST_CLIENT_NAME,
        redirect_uris: [ctx.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(`POST ${metadata.registration_endpoint}: ${message}`, {
      problem: `Dynamic Client Registration failed: ${message}.`,
      fix: 'Turn on Dynamic Client Registration and keep it open (no initial access token), as ChatGPT registers without one.',
      action: DCR_FIX,
    });
  }
  return pass(`Registered ${ctx.client.client_id} with redirect ${ctx.redirectUri}`);
}

/** Deletes the test client if one was registered. Never throws: the outcome goes in the report. */
export async function deleteTestClient(clientId: string | undefined, options: VerifyOptions): Promise<TestClientCleanup | undefined> {
  if (!clientId) return undefined;
  if (!options.deleteClient) {
    const why = options.noDeleteReason ?? 'no way to delete it was given';
    return { clientId, deleted: false, detail: `not deleted: ${why}; delete ${clientId} in the Auth0 dashboard (Applications)` };
  }
  try {
    await options.deleteClient(clientId);
    return { clientId, deleted: true, detail: `deleted ${clientId}` };
  } catch (error) {
    const fix = (error as { fix?: unknown }).fix;
    const message = error instanceof Error ? error.message : String(error);
    return { clientId, deleted: false, detail: `not deleted: ${message}${typeof fix === 'string' ? ` ${fix}` : ''}` };
  }
}
