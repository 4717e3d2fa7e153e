// The unattended probe: ChatGPT's own /authorize request (its client, PKCE S256, `resource` = the served resource
// verbatim, its scopes, no `audience`), read without following it. The login page means the tenant accepted it; an
// error (redirected or on Auth0's error page) names the failing step. A second request with a made-up `resource`
// tells whether the tenant honours `resource` at all: only under the compatibility profile does it fail with
// "Service not found"; otherwise both requests got the Default Audience and the first one's success proves nothing.

import { randomBytes } from 'node:crypto';
import { startAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import { STEP } from '../plan/steps';
import { VERIFY_CONTROL_ORIGIN } from '../logs/catalogue';
import { dashboardUrl } from '../logs/dashboard';
import type { Diagnosis } from '../plan/types';
import { readAuthorizeAnswer, refusalDiagnosis, type AuthorizeAnswer } from './authorize-answer';
import { CHATGPT_REDIRECT_URI, chatgptScope } from './chatgpt-request';
import type { VerifyContext } from './context';
import { networkErrorText, readText } from '../http/fetch';
import { reconcile } from './tenant-check';
import { fail, pass, type CheckOutcome } from './types';

type FinalAnswer = Exclude<AuthorizeAnswer, { kind: 'follow' }>;

/** Tenant pages followed before giving up on reading the answer. */
const MAX_HOPS = 3;

export async function checkAuthorize(ctx: VerifyContext): Promise<CheckOutcome> {
  const outcome = await probe(ctx);
  const reconciled = reconcile(outcome, ctx);
  return outcome.stepId ? { ...reconciled, stepId: outcome.stepId } : reconciled;
}

async function probe(ctx: VerifyContext): Promise<CheckOutcome> {
  const { asMetadata: metadata, client, issuer } = ctx;
  if (!metadata || !client || !issuer) return fail('nothing to probe with', { problem: 'The registration did not complete.', fix: 'Fix the previous checks.' });
  const cimd = cimdInTheWay(ctx);
  if (cimd) return { ...fail('the tenant advertises client_id_metadata_document_supported', cimd), stepId: STEP.cimd };

  const real = await sendAuthorize(ctx, ctx.resource);
  if (real.kind === 'error') {
    const diagnosis = refusalDiagnosis(real.message, ctx.resource);
    const where = real.via === 'redirect' ? 'redirected with an error' : "on Auth0's error page";
    return {
      ...fail(`GET /authorize with resource "${ctx.resource}": ${where}: ${real.message}`, diagnosis),
      ...(diagnosis.stepId ? { stepId: diagnosis.stepId } : {}),
    };
  }
  if (real.kind !== 'login' && real.kind !== 'code') return fail(`GET /authorize: ${real.detail}`, unreadable(real.detail));

  const decoy = `${VERIFY_CONTROL_ORIGIN}/${randomBytes(6).toString('hex')}`;
  ctx.decoyResource = decoy;
  const made = await sendAuthorize(ctx, decoy);
  if (made.kind === 'error' && /service not found/i.test(made.message)) {
    return pass(
      `GET /authorize like ChatGPT reaches the login page (${where(real)}); a made-up resource gets "Service not found", so the tenant takes "resource" as the audience`,
    );
  }
  const defaultAudience = ctx.tenantPlan?.snapshot.settings.ok ? ctx.tenantPlan.snapshot.settings.value.defaultAudience : undefined;
  if (made.kind !== 'unknown' && defaultAudience === ctx.resource) {
    return pass(
      `GET /authorize like ChatGPT reaches the login page; the tenant ignores "resource", but its Default Audience is "${ctx.resource}" (read through the Management API), so ChatGPT's tokens are for this API`,
    );
  }
  const seen = made.kind === 'error' ? `"${made.message}"` : made.kind === 'unknown' ? made.detail : 'the login page too';
  return {
    ...fail(`GET /authorize reaches the login page, but a made-up resource got ${seen} instead of "Service not found"`, {
      problem:
        'The tenant ignores the "resource" parameter ChatGPT sends: a made-up resource is accepted as well, so ChatGPT\'s tokens get the Default Audience (or none), not necessarily your API. The Resource Parameter Compatibility Profile is off.',
      fix: 'Turn on the Resource Parameter Compatibility Profile (Tenant Settings → Advanced).',
      action: { kind: 'apply', stepId: STEP.settings, label: 'Turn on the resource parameter profile' },
    }),
    stepId: STEP.settings,
  };
}

/** One unattended authorization request, answered before any login. */
export async function sendAuthorize(ctx: VerifyContext, resource: string): Promise<FinalAnswer> {
  const { authorizationUrl } = await startAuthorization(ctx.issuer!, {
    metadata: ctx.asMetadata!,
    clientInformation: ctx.client!,
    redirectUrl: CHATGPT_REDIRECT_URI,
    scope: chatgptScope(ctx.prm?.scopes_supported),
    state: randomBytes(16).toString('base64url'),
    resource,
  });
  return readAnswer(ctx, authorizationUrl.href, CHATGPT_REDIRECT_URI);
}

/** Requests `url` without following redirects, and reads tenant pages in between (never the client's redirect). */
export async function readAnswer(ctx: VerifyContext, url: string, redirectUri: string): Promise<FinalAnswer> {
  let next = url;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    let response: Response;
    try {
      response = await ctx.fetch(next, { redirect: 'manual', headers: { Accept: 'text/html' } });
    } catch (error) {
      return { kind: 'unknown', detail: `no answer (${networkErrorText(error)})` };
    }
    let body: string;
    try {
      body = await readText(response);
    } catch (error) {
      return { kind: 'unknown', detail: networkErrorText(error) };
    }
    const answer = readAuthorizeAnswer({ url: next, status: response.status, location: response.headers.get('location'), body, redirectUri });
    if (answer.kind !== 'follow') return answer;
    next = answer.url;
  }
  return { kind: 'unknown', detail: `still on the tenant's pages after ${MAX_HOPS} redirects` };
}

function where(answer: AuthorizeAnswer): string {
  return answer.kind === 'login' ? answer.location : 'straight back with a code';
}

function unreadable(detail: string): Diagnosis {
  return {
    problem: `Auth0's answer to ChatGPT's sign-in request could not be read (${detail}), so the verifier cannot say the tenant accepts it.`,
    fix: "Open the tenant's logs (Auth0 Logs view) for a failed login of the verifier's test client, fix what it names, then verify again.",
  };
}

/** ChatGPT prefers CIMD when the tenant advertises it, and then never uses the DCR path verified here. */
function cimdInTheWay(ctx: VerifyContext): Diagnosis | undefined {
  const advertised = (ctx.asMetadata as { client_id_metadata_document_supported?: unknown } | undefined)?.client_id_metadata_document_supported === true;
  if (!advertised) return undefined;
  const cimdStep = ctx.tenantPlan?.steps.find((s) => s.id === STEP.cimd);
  if (cimdStep?.status === 'ok') return undefined; // ChatGPT's client is imported: CIMD works.
  return {
    problem:
      'The tenant advertises Client ID Metadata Documents, so ChatGPT signs in with its own client URL (https://chatgpt.com/oauth/…/client.json) instead of registering an app, and the tenant answers "Unknown client" unless that client was imported.',
    fix: "Turn off Client ID Metadata Document support in the tenant's advanced settings (importing ChatGPT's client needs private_key_jwt, an Enterprise feature).",
    action: {
      kind: 'open',
      url: dashboardUrl(ctx.issuer && new URL(ctx.issuer).host, { page: 'tenant-advanced' }),
      label: "Open the tenant's advanced settings",
    },
  };
}
