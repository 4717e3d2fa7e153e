// The cross-check through the Management API (when connected): the engine's own reads of the tenant, judged for
// what ChatGPT's sign-in needs. It sees what the probe cannot (offline access, the exact identifiers), and the
// probe sees what reads cannot (what Auth0 really does with the request); when they disagree, the report says
// which one to trust.

import { STEP, STEP_TITLES, type Auth0StepId } from '../plan/steps';
import type { TenantSnapshot } from '../auth0/tenant-model';
import type { StepState } from '../plan/types';
import type { VerifyContext } from './context';
import { fail, pass, type CheckOutcome, type TenantFinding, type TenantPlanView } from './types';
import { errorMessage } from '../plan/types';

const APPLY_LABEL: Partial<Record<Auth0StepId, string>> = {
  [STEP.api]: 'Create or fix the API for the current URL',
  [STEP.grant]: 'Create the default third-party grant',
  [STEP.scopes]: 'Add the missing scopes',
  [STEP.dcr]: 'Turn on Dynamic Client Registration',
  [STEP.connections]: 'Promote the connection to domain level',
};

export async function checkTenant(ctx: VerifyContext): Promise<CheckOutcome> {
  const access = ctx.options.tenant!;
  let plan: TenantPlanView;
  try {
    plan = await access.readPlan(ctx.resource, ctx.scopeNeeds);
  } catch (error) {
    // Credentials refused, tenant unreachable, a bad identifier: not a finding about the tenant, but no pass either.
    const message = errorMessage(error);
    const fix = (error as { fix?: unknown }).fix;
    return fail(`The Management API could not be read: ${message}`, {
      problem: `The tenant's configuration could not be read through the Management API: ${message}`,
      fix: typeof fix === 'string' ? fix : 'Check the Management API credentials (Connect to Auth0), then verify again.',
    });
  }
  ctx.tenantPlan = plan;
  const findings = tenantFindings(plan, ctx.resource);
  ctx.tenantFindings = findings;
  if (findings.length) {
    const [first] = findings;
    const titles = findings.map((f) => STEP_TITLES[f.stepId]).join('; ');
    return fail(`The Management API shows ${findings.length} step${findings.length === 1 ? '' : 's'} not done: ${titles}`, first!);
  }
  const scopes = ctx.scopeNeeds?.length ? `, the tools' scopes (${ctx.scopeNeeds.map((n) => n.scope).join(' ')}) defined and granted` : '';
  return pass(
    `The Management API shows the API "${ctx.resource}" (exact identifier), the default third-party grant${scopes}, "resource" taken as the audience, DCR on, a domain-level connection`,
  );
}

/** Pure: every step of the recipe ChatGPT's sign-in depends on that the tenant's configuration does not satisfy. */
export function tenantFindings(plan: TenantPlanView, resource: string): TenantFinding[] {
  const findings: TenantFinding[] = [];
  const step = (id: Auth0StepId) => plan.steps.find((s) => s.id === id);
  for (const id of [STEP.api, STEP.grant, STEP.scopes, STEP.dcr, STEP.connections] as const) {
    const state = step(id);
    if (!state || state.status === 'ok') continue;
    findings.push(finding(id, state, resource, plan.snapshot));
  }
  const settings = plan.snapshot.settings;
  if (!settings.ok) {
    findings.push({ stepId: STEP.settings, problem: `The tenant settings could not be read: ${settings.error.message}`, fix: settings.error.fix });
  } else if (settings.value.resourceParameterProfile !== 'compatibility' && settings.value.defaultAudience !== resource) {
    findings.push({
      stepId: STEP.settings,
      problem: `The Resource Parameter Compatibility Profile is "${settings.value.resourceParameterProfile ?? 'audience'}" and the Default Audience is ${settings.value.defaultAudience ? `"${settings.value.defaultAudience}"` : 'not set'}: Auth0 ignores the resource ChatGPT sends, so ChatGPT's sign-in fails ("The userinfo audience is not allowed for third party clients") or gets a token for another API.`,
      fix: 'Turn on the Resource Parameter Compatibility Profile (Tenant Settings → Advanced).',
      action: { kind: 'apply', stepId: STEP.settings, label: 'Turn on the resource parameter profile' },
    });
  }
  const cimd = step(STEP.cimd);
  if (cimd && cimd.status !== 'ok' && cimd.status !== 'unknown') {
    findings.push({
      stepId: STEP.cimd,
      problem: cimd.diagnosis?.problem ?? cimd.summary,
      fix: cimd.diagnosis?.fix ?? 'Turn off Client ID Metadata Document support.',
      ...(cimd.diagnosis?.action ? { action: cimd.diagnosis.action } : {}),
    });
  }
  return findings;
}

function finding(id: Auth0StepId, state: StepState, resource: string, snapshot: TenantSnapshot): TenantFinding {
  const action = APPLY_LABEL[id] ? { action: { kind: 'apply' as const, stepId: id, label: APPLY_LABEL[id]! } } : {};
  if (state.status === 'error' && state.diagnosis) return { stepId: id, ...state.diagnosis, ...(state.diagnosis.action ? {} : action) };
  const changes = state.changes.map((c) => `${c.field}: ${JSON.stringify(c.current)} → ${JSON.stringify(c.desired)}`).join('; ');
  const problems: Record<string, string> = {
    [STEP.api]:
      snapshot.api.ok && snapshot.api.value === null
        ? `No API has exactly "${resource}" as its identifier (scheme, host, path and trailing slash all count), so Auth0 answers ChatGPT with "Service not found".`
        : `The API "${resource}" is not set up for ChatGPT (${changes || state.summary}).`,
    [STEP.grant]: `The API "${resource}" has no default grant for third-party applications: apps ChatGPT registers are refused with 'Client "tpc_…" is not authorized to access resource server'.`,
    [STEP.scopes]: `The scopes the tools declare are not all defined on the API and named by its default third-party grant (${state.summary.replace(/^Add /, 'missing: ')}): ChatGPT's token will lack them, and those tools answer "insufficient_scope".`,
    [STEP.dcr]: 'OIDC Dynamic Client Registration is off: ChatGPT cannot register its app ("dynamic client registration is disabled").',
    [STEP.connections]: `No login connection ChatGPT's app may use: third-party apps only see domain-level connections (${state.summary}); Auth0 answers "no connections enabled for the client".`,
  };
  return { stepId: id, problem: problems[id] ?? state.summary, fix: `${state.summary}.`, ...action };
}

/**
 * The probe's outcome, annotated with what the Management API says: when both ran and disagree, say which one to
 * trust. Either one failing fails the run, so a disagreement is never a pass.
 */
export function reconcile(outcome: CheckOutcome & { stepId?: string }, ctx: VerifyContext): CheckOutcome {
  const { stepId, ...result } = outcome;
  const findings = ctx.tenantFindings;
  if (!findings) return result;
  const named = (id: string) => STEP_TITLES[id as Auth0StepId] ?? id;
  if (result.status === 'pass') {
    if (!findings.length) return { ...result, detail: `${result.detail}; the Management API agrees` };
    return {
      ...result,
      detail: `${result.detail}; but the Management API shows "${named(findings[0]!.stepId)}" not done: trust the Management API there (an unattended request cannot see refresh tokens, nor what happens after the login page)`,
    };
  }
  if (!result.diagnosis) return result;
  if (!findings.length) {
    const note = ' The Management API reads show every step done; trust this probe: it is the request ChatGPT sends, answered by the tenant itself.';
    return { ...result, diagnosis: { ...result.diagnosis, problem: `${result.diagnosis.problem}${note}` } };
  }
  if (stepId && findings.some((f) => f.stepId === stepId)) {
    return { ...result, diagnosis: { ...result.diagnosis, problem: `${result.diagnosis.problem} The Management API confirms it ("${named(stepId)}").` } };
  }
  const note = ` The Management API points at "${named(findings[0]!.stepId)}" instead: fix that first (it reads the configuration itself), then verify again.`;
  return { ...result, diagnosis: { ...result.diagnosis, problem: `${result.diagnosis.problem}${note}` } };
}
