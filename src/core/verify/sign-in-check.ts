// The browser sign-in: authorization code + PKCE S256 with `resource` = the identifier and ChatGPT's scopes, through
// the user's browser and the loopback redirect, then the code exchange with `resource` again. The wait ends at the
// redirect back, or as soon as the tenant logs a refusal (Auth0 shows third-party apps an error page instead of
// redirecting, so that redirect would never come).

import { randomBytes } from 'node:crypto';
import { exchangeAuthorization, startAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import { STEP } from '../plan/steps';
import type { Diagnosis } from '../plan/types';
import type { VerifyContext } from './context';
import { refusalDiagnosis } from './authorize-answer';
import { readAnswer } from './authorize-check';
import { chatgptScope } from './chatgpt-request';
import { SignInError } from './loopback-redirect';
import { watchSignInLog, type LoggedFailure } from './sign-in-watch';
import { fail, pass, type CheckOutcome } from './types';
import { errorMessage } from '../plan/types';

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export async function checkSignIn(ctx: VerifyContext): Promise<CheckOutcome> {
  const { asMetadata: metadata, client, redirect, issuer } = ctx;
  if (!metadata || !client || !redirect || !issuer) {
    return fail('nothing to sign in with', { problem: 'The registration did not complete.', fix: 'Fix the previous checks.' });
  }
  const state = randomBytes(16).toString('base64url');
  const stop = new AbortController();
  const abortStop = () => stop.abort();
  ctx.options.signal?.addEventListener('abort', abortStop, { once: true });
  try {
    const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, {
      metadata,
      clientInformation: client,
      redirectUrl: redirect.redirectUri,
      // ChatGPT asks for what the metadata and the challenges name (mixed auth: each tool's challenge).
      scope: chatgptScope([...(ctx.prm?.scopes_supported ?? []), ...(ctx.challengeScopes ?? []), ...(ctx.scopeNeeds ?? []).map((n) => n.scope)]),
      state,
      // The string, not a URL: a URL would add a trailing slash to a bare origin.
      resource: ctx.resource,
    });
    // The probe's finding for this very request: a refusal needs no browser, and no wait.
    const answer = await readAnswer(ctx, authorizationUrl.href, redirect.redirectUri);
    if (answer.kind === 'error') {
      const { stepId: _step, ...diagnosis } = refusalDiagnosis(answer.message, ctx.resource);
      return fail(`GET /authorize was refused before the sign-in: ${answer.message}`, diagnosis);
    }
    const timeoutMs = ctx.options.signInTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const callback = redirect.waitForCode(state, timeoutMs, stop.signal);
    // The redirect may fail while openBrowser is still running; it is awaited below.
    callback.catch(() => undefined);
    const logged = watchLog(ctx, client.client_id, stop.signal);
    // A browser that cannot be opened is not fatal: the caller has shown the URL, the user can open it by hand.
    await Promise.resolve(ctx.options.openBrowser?.(authorizationUrl.href)).catch(() => undefined);
    const first = await Promise.race([callback.then((response) => ({ response })), logged]);
    if ('failure' in first) {
      return fail(`Auth0 logged a failed sign-in (type ${first.failure.event.type}) instead of redirecting back`, first.failure.diagnosis);
    }
    const { code, iss } = first.response;
    const issAdvertised = (metadata as { authorization_response_iss_parameter_supported?: boolean }).authorization_response_iss_parameter_supported === true;
    if (iss === undefined && issAdvertised) {
      return fail('the authorization response has no "iss", although the tenant advertises authorization_response_iss_parameter_supported', {
        problem:
          'The tenant advertises RFC 9207 issuer identification, but its authorization response carried no "iss"; ChatGPT then rejects the response as a possible mix-up.',
        fix: 'Turn "Include issuer in authorization responses" on in the tenant settings, then verify again.',
        action: { kind: 'apply', stepId: STEP.settings, label: 'Set the issuer parameter' },
      });
    }
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
    ctx.options.onAccessToken?.(tokens.access_token);
    return pass(`Signed in with PKCE S256 and resource "${ctx.resource}"; got a ${tokens.token_type} token`);
  } catch (error) {
    const diagnosis = signInDiagnosis(error, ctx.resource);
    return fail(diagnosis.problem, diagnosis);
  } finally {
    stop.abort();
    ctx.options.signal?.removeEventListener('abort', abortStop);
    await redirect.close();
  }
}

/** The tenant's log, when the verifier may read it: resolves only with a failure (a quiet log never wins the race). */
function watchLog(ctx: VerifyContext, clientId: string, signal: AbortSignal): Promise<{ failure: LoggedFailure }> {
  const logs = ctx.options.tenant?.logs;
  if (!logs) return new Promise(() => undefined);
  return watchSignInLog({
    logs,
    clientId,
    signal,
    ...(ctx.decoyResource ? { ignoreMentions: [ctx.decoyResource] } : {}),
    ...(ctx.options.logPollMs ? { pollMs: ctx.options.logPollMs } : {}),
  }).then((failure) => (failure ? { failure } : new Promise<never>(() => undefined)));
}

/** Pure: what a failed sign-in means for the tenant, from the redirect's or the token endpoint's error. */
export function signInDiagnosis(error: unknown, resource: string): Diagnosis {
  const message = errorMessage(error);
  const code = error instanceof SignInError ? error.oauthError : (error as { errorCode?: string }).errorCode;
  if (error instanceof SignInError && error.kind === 'timeout') {
    return { problem: message, fix: 'Run the verification again and finish the sign-in in the browser (or open the printed URL).' };
  }
  if (error instanceof SignInError && error.kind === 'cancelled') return { problem: message, fix: 'Run the verification again.' };
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
  return { problem: `The sign-in failed: ${message}`, fix: "Check the tenant's logs (Auth0 Logs view) for the reason, then run the verification again." };
}
