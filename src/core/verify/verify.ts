// "Verify like ChatGPT": runs the checks in order through the public URL. A check whose prerequisite did not
// pass is skipped with the reason; the temporary client is deleted whatever happens.

import { parsePublicUrl, appUrlFor } from '../config/resource-url';
import { checkAuthorizationServer } from './authorization-server-check';
import { checkAuthorize } from './authorize-check';
import { checkChallenge } from './challenge-check';
import type { VerifyContext } from './context';
import { timedFetch } from '../http/fetch';
import { checkProtectedResourceMetadata } from './metadata-check';
import { checkProbes, checkSignedInProbes, finishProbeAudience, startProbeAudience, startTenantKeys } from './probe-check';
import { checkRegistration, deleteTestClient } from './registration';
import { checkSignIn } from './sign-in-check';
import { checkTenant } from './tenant-check';
import { checkToken } from './token-check';
import { checkToolsList } from './tools-check';
import { CHECK_TITLES, type CheckId, type CheckOutcome, type CheckResult, type VerifyOptions, type VerifyReport } from './types';
import { errorMessage } from '../plan/types';

interface CheckSpec {
  id: CheckId;
  /** Checks that must pass first (they provide this one's input). */
  needs: CheckId[];
  /** Needs the browser sign-in: skipped in unattended (--no-login) runs. */
  interactive?: boolean;
  /** Reads the tenant through the Management API: skipped without credentials. */
  needsTenant?: boolean;
  run(ctx: VerifyContext): Promise<CheckOutcome>;
}

const CHECKS: readonly CheckSpec[] = [
  { id: 'metadata', needs: [], run: checkProtectedResourceMetadata },
  { id: 'challenge', needs: [], run: checkChallenge },
  { id: 'authorization-server', needs: ['metadata'], run: checkAuthorizationServer },
  { id: 'tenant', needs: [], needsTenant: true, run: checkTenant },
  { id: 'registration', needs: ['authorization-server'], run: checkRegistration },
  { id: 'authorize', needs: ['registration'], run: checkAuthorize },
  // After the others: the tenant's keys and the other-audience token were fetched meanwhile, in the background.
  { id: 'probes', needs: ['metadata', 'challenge'], run: checkProbes },
  { id: 'sign-in', needs: ['authorize'], interactive: true, run: checkSignIn },
  { id: 'token', needs: ['sign-in'], interactive: true, run: checkToken },
  { id: 'tools', needs: ['token'], interactive: true, run: checkToolsList },
  { id: 'probes-signed-in', needs: ['tools'], interactive: true, run: checkSignedInProbes },
];

export const CHECK_IDS: readonly CheckId[] = CHECKS.map((c) => c.id);

/** Throws a UserError only for an unusable public URL; every other problem is a failed check in the report. */
export async function verify(publicUrl: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const url = parsePublicUrl(publicUrl);
  const resource = options.resource ?? url.origin;
  const ctx: VerifyContext = {
    publicOrigin: url.origin,
    appUrl: appUrlFor(publicUrl),
    resource,
    ...(options.issuer ? { expectedIssuer: options.issuer } : {}),
    options,
    fetch: timedFetch(options.fetch ?? fetch, options.requestTimeoutMs ?? 15_000, options.signal),
  };
  const checks: CheckResult[] = [];
  let testClient: VerifyReport['testClient'];
  let probeApi: VerifyReport['probeApi'];
  let releasing: Promise<VerifyReport['probeApi']> | undefined;
  const probing = !options.only || options.only.includes('probes');
  try {
    for (const [index, spec] of CHECKS.entries()) {
      const total = CHECKS.length;
      const skipped = skipReason(spec, checks, options);
      if (!skipped) options.onProgress?.({ type: 'start', id: spec.id, title: CHECK_TITLES[spec.id], index, total });
      const result: CheckResult = skipped
        ? { id: spec.id, title: CHECK_TITLES[spec.id], status: 'skip', detail: skipped }
        : { id: spec.id, title: CHECK_TITLES[spec.id], ...withFindings(spec, await runSafely(spec, ctx), ctx) };
      checks.push(result);
      options.onProgress?.({ type: 'done', result, index, total });
      // Background work for the probes, so they add about one round trip: the keys once the issuer is known, the
      // throwaway API once the server answers; the API is deleted as soon as the probes are done (not after the sign-in).
      if (probing && result.status === 'pass' && spec.id === 'metadata') startTenantKeys(ctx);
      if (probing && result.status === 'pass' && spec.id === 'challenge') startProbeAudience(ctx);
      if (spec.id === 'probes') releasing = finishProbeAudience(ctx);
    }
  } finally {
    await ctx.redirect?.close();
    const [client, api] = await Promise.all([deleteTestClient(ctx.client?.client_id, options), releasing ?? finishProbeAudience(ctx)]);
    testClient = client;
    probeApi = api;
  }
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    publicUrl: url.origin,
    appUrl: ctx.appUrl,
    resource,
    checks,
    ...(testClient ? { testClient } : {}),
    ...(probeApi ? { probeApi } : {}),
  };
}

function skipReason(spec: CheckSpec, done: readonly CheckResult[], options: VerifyOptions): string | undefined {
  if (options.signal?.aborted) return 'cancelled';
  if (options.only && !options.only.includes(spec.id)) return 'not part of this check';
  if (spec.interactive && options.login === false) return 'needs a browser sign-in (skipped with --no-login)';
  if (spec.needsTenant && !options.tenant) return 'needs Management API credentials (the unattended probe checks the tenant without them)';
  const blocker = done.find((c) => spec.needs.includes(c.id) && c.status !== 'pass');
  return blocker ? `needs "${blocker.title}" to pass first` : undefined;
}

/** A failure names the steps it concerns: the tenant check each step the Management API shows not done, any other
 * check the step its outcome names or its fix applies. Faces lay these over their rows (plan/findings.ts). */
function withFindings(spec: CheckSpec, outcome: CheckOutcome, ctx: VerifyContext): Omit<CheckResult, 'id' | 'title'> {
  const { stepId, ...result } = outcome;
  if (result.status !== 'fail') return result;
  if (spec.id === 'tenant') return ctx.tenantFindings?.length ? { ...result, findings: ctx.tenantFindings } : result;
  const action = result.diagnosis?.action;
  const named = stepId ?? (action?.kind === 'apply' ? action.stepId : undefined);
  if (!named || !result.diagnosis) return result;
  return { ...result, findings: [{ ...result.diagnosis, stepId: named }] };
}

async function runSafely(spec: CheckSpec, ctx: VerifyContext): Promise<CheckOutcome> {
  try {
    return await spec.run(ctx);
  } catch (error) {
    const message = errorMessage(error);
    return {
      status: 'fail',
      detail: message,
      diagnosis: { problem: `The check stopped unexpectedly: ${message}`, fix: 'Run the verification again; if it persists, report it with this message.' },
    };
  }
}
