// When plan and apply may say the tenant is done: every step done by the one rule every face uses (core/plan/done.ts),
// and verify's own tenant check finding nothing on the same plan, so a `plan` that exits 0 is one that
// `verify --no-login` passes on the same values.

import type { TenantPlan } from '../core/auth0';
import { isStepFailed, stepsLeft } from '../core/plan/done';
import type { StepState } from '../core/plan/types';
import { tenantFindings } from '../core/verify/tenant-check';
import type { TenantFinding } from '../core/verify/types';
import { STEP_TITLES, type Auth0StepId } from '../core/plan/steps';

export interface TenantVerdict {
  /** A step failed (exit 1). */
  failed: boolean;
  /** Every step done and verify's tenant check passes on this plan (exit 0). */
  done: boolean;
  /** Steps the product can change (`apply` writes them). */
  pending: StepState[];
  /** Steps not done that `apply` cannot change: each carries its own fix. */
  blocked: StepState[];
  /** What verify's tenant check would still fail on, beyond the steps above. */
  findings: TenantFinding[];
}

export function tenantVerdict(plan: Pick<TenantPlan, 'steps' | 'snapshot' | 'desired'>): TenantVerdict {
  const left = stepsLeft(plan.steps);
  const open = new Set(left.map((s) => s.id));
  const findings = tenantFindings(plan, plan.desired.identifier).filter((f) => !open.has(f.stepId));
  return {
    failed: plan.steps.some(isStepFailed),
    done: left.length === 0 && findings.length === 0,
    pending: left.filter((s) => s.status === 'change'),
    blocked: left.filter((s) => s.status !== 'change' && !isStepFailed(s)),
    findings,
  };
}

/** Why the tenant is not done although nothing is left to apply: each open step or finding with its fix. */
export function verdictLines(verdict: TenantVerdict): string[] {
  return [
    ...verdict.blocked.map((s) => `Not done: ${s.title}: ${s.diagnosis?.problem ?? s.summary}${s.diagnosis ? `\nFix: ${s.diagnosis.fix}` : ''}`),
    ...verdict.findings.map((f) => `Verify would fail on "${STEP_TITLES[f.stepId as Auth0StepId] ?? f.stepId}": ${f.problem}\nFix: ${f.fix}`),
  ];
}
