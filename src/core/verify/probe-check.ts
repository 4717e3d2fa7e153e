// "Only users signed in through Auth0 get in", proven as an attacker would: hostile credentials sent to the MCP
// endpoint at the public URL, all at once (about one round trip), each answered with 401 or it is a finding. The
// tenant's keys and the other-audience token are fetched in the background while the earlier checks run.

import type { FetchFn } from '../http/fetch';
import type { ProbeAudienceState, VerifyContext } from './context';
import { PRM_PATHS } from './metadata-check';
import { holeFinding, PROBE_TITLES, signedOutFinding } from './probe-findings';
import { sendProbe, type ProbeCredential, type ProbeTarget } from './probe-request';
import {
  describeToken,
  foreignKeyToken,
  forgedClaims,
  publicKeyHmacTokens,
  readTenantKeys,
  tamperedToken,
  unsignedToken,
  type TenantKeys,
} from './probe-tokens';
import { placeholderArguments } from './tool-challenge';
import { fail, pass, type CheckOutcome, type ProbeId, type ProbeResult, type VerifyReport } from './types';
import { errorMessage } from '../plan/types';

/** One probe: its credentials (several variants count as one probe), or why it cannot be sent. */
type ProbePlan = { id: ProbeId; sent: string; credentials: ProbeCredential[] } | { id: ProbeId; notRun: string };

const bearer = (token: string): ProbeCredential => ({ authorization: `Bearer ${token}` });
const issuerBase = (issuer: string) => (issuer.endsWith('/') ? issuer : `${issuer}/`);

/** Starts reading the tenant's JWKS (Auth0 serves it at <issuer>.well-known/jwks.json) once the issuer is known. */
export function startTenantKeys(ctx: VerifyContext): void {
  if (!ctx.issuer || ctx.tenantKeys) return;
  ctx.tenantKeys = readTenantKeys(ctx.fetch, `${issuerBase(ctx.issuer)}.well-known/jwks.json`);
}

/** Starts making the throwaway API and its token (see auth0/probe-audience.ts), when the tenant access allows it. */
export function startProbeAudience(ctx: VerifyContext): void {
  const make = ctx.options.tenant?.probeAudience;
  if (!make || ctx.probeAudience) return;
  ctx.probeAudience = (async (): Promise<ProbeAudienceState> => {
    let lease;
    try {
      lease = await make();
    } catch (error) {
      return { problem: `the temporary API could not be created: ${errorMessage(error)}` };
    }
    try {
      return { lease, token: await lease.token(ctx.fetch) };
    } catch (error) {
      return { lease, problem: errorMessage(error) };
    }
  })();
}

/** Deletes the throwaway API (if one was made); what it reports goes into the report. */
export async function finishProbeAudience(ctx: VerifyContext): Promise<VerifyReport['probeApi']> {
  const state = await ctx.probeAudience;
  if (!state?.lease) return undefined;
  const { identifier } = state.lease;
  try {
    return { identifier, ...(await state.lease.release()) };
  } catch (error) {
    return { identifier, deleted: false, detail: `the temporary API ${identifier} may remain (${errorMessage(error)}): run "auth0-mcp restore"` };
  }
}

function probeTarget(ctx: VerifyContext): ProbeTarget {
  const base = { appUrl: ctx.appUrl, fetch: ctx.fetch as FetchFn };
  if (!ctx.signedOutTools) return { ...base, mode: 'required' };
  const listed = ctx.listedTools ?? [];
  const entry = (name: string) => listed.find((l) => l.name === name);
  const readOnly = (name: string) => (entry(name)?.annotations as { readOnlyHint?: boolean } | undefined)?.readOnlyHint === true;
  const tool = ctx.signedOutTools.find((t) => t.signIn && !t.public && readOnly(t.name));
  return {
    ...base,
    mode: 'mixed',
    ...(tool ? { protectedTool: { name: tool.name, arguments: placeholderArguments(entry(tool.name)?.inputSchema) } } : {}),
  };
}

/** Every scope the server names: forged tokens claim them all, so a scope check cannot hide a missing signature check. */
function serverScopes(ctx: VerifyContext): string[] {
  return [...new Set([...(ctx.prm?.scopes_supported ?? []), ...(ctx.challengeScopes ?? []), ...(ctx.scopeNeeds ?? []).map((n) => n.scope)])];
}

export async function checkProbes(ctx: VerifyContext): Promise<CheckOutcome> {
  if (!ctx.issuer) return fail('no issuer', { problem: 'The metadata names no authorization server.', fix: 'Fix the metadata check first.' });
  startTenantKeys(ctx);
  const claims = forgedClaims(ctx.issuer, ctx.resource, serverScopes(ctx));
  const plans: Array<Promise<ProbePlan>> = [
    Promise.resolve({
      id: 'malformed',
      sent: 'Authorization: Bearer verify-probe-not-a-token',
      credentials: [{ authorization: 'Bearer verify-probe-not-a-token' }],
    }),
    (async () => {
      const keys = await keysOf(ctx);
      const token = await foreignKeyToken(claims, keys.kid);
      return { id: 'foreign-key', sent: `${describeToken(token)}, signed by a key that is not the tenant's`, credentials: [bearer(token)] };
    })(),
    (async () => {
      const token = await unsignedToken(claims);
      return { id: 'alg-none', sent: `${describeToken(token)}, no signature`, credentials: [bearer(token)] };
    })(),
    (async () => {
      const keys = await keysOf(ctx);
      if (!keys.publicKeyPem) return { id: 'hs256-public-key', notRun: `the tenant's public key could not be read: ${keys.problem ?? 'unknown'}` };
      const tokens = await publicKeyHmacTokens(claims, keys.kid, keys.publicKeyPem);
      return {
        id: 'hs256-public-key',
        sent: `${describeToken(tokens[0]!)}, HMAC keyed with the tenant's public key as PEM (with and without its final newline)`,
        credentials: tokens.map((t) => bearer(t)),
      };
    })(),
    (async () => {
      if (!ctx.probeAudience) {
        const why = ctx.options.tenant
          ? (ctx.options.tenant.noProbeAudienceReason ?? 'the Management API access cannot create it')
          : 'needs Management API credentials';
        return { id: 'other-audience', notRun: why };
      }
      const state = await ctx.probeAudience;
      if (!state.token) return { id: 'other-audience', notRun: state.problem ?? 'no token' };
      return {
        id: 'other-audience',
        sent: `a client-credentials token the tenant signed for the temporary API ${state.lease?.identifier ?? ''} (no permissions; ${describeToken(state.token)})`,
        credentials: [{ authorization: `Bearer ${state.token}` }],
      };
    })(),
  ];
  return judge(await runAll(ctx, plans), 'hostile token');
}

/** After the browser sign-in: the real token where it does not belong. */
export async function checkSignedInProbes(ctx: VerifyContext): Promise<CheckOutcome> {
  const token = ctx.accessToken;
  if (!token || !ctx.issuer) return fail('no token', { problem: 'The sign-in produced no token.', fix: 'Fix the previous checks.' });
  const tampered = tamperedToken(token);
  const plans: Array<Promise<ProbePlan>> = [
    Promise.resolve({
      id: 'query-token',
      sent: "your sign-in's access token (not shown) as ?access_token=, no Authorization header",
      credentials: [{ queryToken: token }],
    }),
    Promise.resolve(
      tampered
        ? {
            id: 'tampered-payload',
            sent: `your sign-in's access token (not shown) with one byte of its payload changed: ${describeToken(tampered)}, the tenant's signature kept`,
            credentials: [{ authorization: `Bearer ${tampered}` }],
          }
        : { id: 'tampered-payload', notRun: 'the token is not a JWT' },
    ),
  ];
  return judge(await runAll(ctx, plans), 'misplaced or altered token');
}

async function keysOf(ctx: VerifyContext): Promise<TenantKeys> {
  return (await ctx.tenantKeys) ?? { problem: 'no issuer' };
}

async function runAll(ctx: VerifyContext, plans: Array<Promise<ProbePlan>>): Promise<ProbeResult[]> {
  const target = probeTarget(ctx);
  return Promise.all(
    plans.map(async (planned): Promise<ProbeResult> => {
      let plan: ProbePlan;
      try {
        plan = await planned;
      } catch (error) {
        return { id: 'malformed', title: PROBE_TITLES.malformed, sent: '', request: '', answer: errorMessage(error), verdict: 'not-run' };
      }
      const title = PROBE_TITLES[plan.id];
      if ('notRun' in plan) return { id: plan.id, title, sent: '', request: '', answer: `not run: ${plan.notRun}`, verdict: 'not-run' };
      const answers = await Promise.all(plan.credentials.map((c) => sendProbe(target, c)));
      const rank = { 'signed-in': 2, 'signed-out': 1, refused: 0 } as const;
      const worst = answers.reduce((a, b) => (rank[b.verdict] > rank[a.verdict] ? b : a));
      const result: ProbeResult = { id: plan.id, title, sent: plan.sent, request: worst.request, answer: worst.answer, verdict: worst.verdict };
      const resourceMetadataUrl = `${ctx.publicOrigin}${PRM_PATHS[0]}`;
      if (worst.verdict === 'signed-in') result.finding = holeFinding(plan.id, ctx.issuer!, ctx.resource);
      // A token in the query string is not a token for a server that reads only the header: signed out is right.
      else if (worst.verdict === 'signed-out' && plan.id !== 'query-token')
        result.finding = signedOutFinding(plan.id, ctx.issuer!, ctx.resource, resourceMetadataUrl);
      return result;
    }),
  );
}

function judge(probes: ProbeResult[], noun: string): CheckOutcome {
  const ran = probes.filter((p) => p.verdict !== 'not-run');
  const notRun = probes.filter((p) => p.verdict === 'not-run').map((p) => `${p.id} (${p.answer.replace(/^not run: /, '')})`);
  const holes = probes.filter((p) => p.finding?.severity === 'hole');
  const spec = probes.filter((p) => p.finding?.severity === 'spec');
  const skipped = notRun.length ? `; not run: ${notRun.join('; ')}` : '';
  const worst = holes[0] ?? spec[0];
  if (worst?.finding) {
    const { severity: _s, who: _w, ...diagnosis } = worst.finding;
    const others = [...holes, ...spec].filter((p) => p !== worst).map((p) => p.title);
    const detail = holes.length
      ? `${holes.length} of ${ran.length} got in as signed in: ${holes.map((p) => p.title).join('; ')}${spec.length ? `; answered as signed out instead of 401: ${spec.map((p) => p.title).join('; ')}` : ''}`
      : `answered as signed out instead of 401: ${spec.map((p) => p.title).join('; ')}`;
    return {
      ...fail(`${detail}${skipped}`, { ...diagnosis, problem: `${diagnosis.problem}${others.length ? ` Also: ${others.join('; ')}.` : ''}` }),
      probes,
    };
  }
  const answers = [...new Set(ran.map((p) => p.answer))].join(', ');
  return { ...pass(`${ran.length} ${noun}${ran.length === 1 ? '' : 's'} refused (${answers}): ${ran.map((p) => p.id).join(', ')}${skipped}`), probes };
}
