// Check 5: authorization code + PKCE S256 with `resource` = the identifier, through the user's browser and the
// loopback redirect, then the code exchange with `resource` again: what ChatGPT sends to Auth0.

import { randomBytes } from 'node:crypto';
import { exchangeAuthorization, startAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import { STEP } from '../auth0/tenant-checks';
import type { Diagnosis } from '../plan/types';
import type { VerifyContext } from './context';
import { SignInError } from './loopback-redirect';
import { fail, pass, type CheckOutcome } from './types';

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export async function checkSignIn(ctx: VerifyContext): Promise<CheckOutcome> {
  const { asMetadata: metadata, client, redirect, issuer } = ctx;
  if (!metadata || !client || !redirect || !issuer) {
    return fail('nothing to sign in with', { problem: 'The registration did not complete.', fix: 'Fix the previous checks.' });
  }
  const state = randomBytes(16).toString('base64url');
  try {
    const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, {
      metadata,
      clientInformation: client,
      redirectUrl: redirect.redirectUri,
      scope: scopeFor(ctx),
      state,
      // The string, not a URL: a URL would add a trailing slash to a bare origin.
      resource: ctx.resource,
    });
    const timeoutMs = ctx.options.signInTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const callback = redirect.waitForCode(state, timeoutMs, ctx.options.signal);
    // The redirect may fail while openBrowser is still running; it is awaited below.
    callback.catch(() => undefined);
    // A browser that cannot be opened is not fatal: the caller has shown the URL, the user can open it by hand.
    await Promise.resolve(ctx.options.openBrowser?.(authorizationUrl.href)).catch(() => undefined);
    const { code, iss } = await callback;
    if (iss !== undefined && iss !== issuer) {
      return fail(`the authorization response came from "${iss}", not "${issuer}"`, {
        problem: `The sign-in answered with issuer "${iss}" instead of "${issuer}" (RFC 9207), so ChatGPT would reject it as a mix-up.`,
        fix: 'Make the resource metadata name the issuer exactly as the tenant writes it (set AUTH0_DOMAIN accordingly).',
      });
    }
    const tokens = await exchangeAuthorization(issuer, {
      metadata,
      clientInformation: client,
      authorizationCode: code,
      codeVerifier,
      redirectUri: redirect.redirectUri,
      resource: ctx.resource,
      fetchFn: ctx.fetch,
    });
    ctx.accessToken = tokens.access_token;
    return pass(`Signed in with PKCE S256 and resource "${ctx.resource}"; got a ${tokens.token_type} token`);
  } catch (error) {
    const diagnosis = signInDiagnosis(error, ctx.resource);
    return fail(diagnosis.problem, diagnosis);
  } finally {
    await redirect.close();
  }
}

/** The scopes ChatGPT asks for: the resource's own, plus openid when the tenant speaks OpenID Connect. */
function scopeFor(ctx: VerifyContext): string | undefined {
  const scopes = new Set(ctx.prm?.scopes_supported ?? []);
  if (ctx.asMetadata?.scopes_supported?.includes('openid')) scopes.add('openid');
  return scopes.size ? [...scopes].join(' ') : undefined;
}

/** Pure: what a failed sign-in means for the tenant, from the redirect's or the token endpoint's error. */
export function signInDiagnosis(error: unknown, resource: string): Diagnosis {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof SignInError ? error.oauthError : (error as { errorCode?: string }).errorCode;
  if (error instanceof SignInError && error.kind === 'timeout') {
    return { problem: message, fix: 'Run the verification again and finish the sign-in in the browser (or open the printed URL).' };
  }
  if (error instanceof SignInError && error.kind === 'cancelled') return { problem: message, fix: 'Run the verification again.' };
  if (error instanceof SignInError && error.kind === 'state') {
    return { problem: message, fix: 'Run the verification again and use only the sign-in tab it opens.' };
  }
  if (code === 'invalid_target' || /service not found/i.test(message)) {
    return {
      problem: `The tenant has no API with the identifier "${resource}" ("Service not found"): ${message}`,
      fix: `Create the Auth0 API with exactly "${resource}" as its identifier.`,
      action: { kind: 'apply', stepId: STEP.api, label: 'Create the API for the current URL' },
    };
  }
  if (/connection/i.test(message)) {
    return {
      problem: `The sign-in was refused: ${message}`,
      fix: 'Enable a login connection at domain level, so applications registered by ChatGPT can use it.',
      action: { kind: 'apply', stepId: STEP.connections, label: 'Promote the connection to domain level' },
    };
  }
  return { problem: `The sign-in failed: ${message}`, fix: 'Check the tenant\'s logs (Auth0 Logs view) for the reason, then run the verification again.' };
}
