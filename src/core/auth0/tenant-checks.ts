// Pure decisions: compare what was read from the tenant with what a ChatGPT app needs, step by step (one file per
// resource under checks/). No I/O here, so every rule has a fast unit test.

import type { StepState } from '../plan/types';
import type { DesiredTenant } from './desired-state';
import type { TenantSnapshot } from './tenant-model';
import { STEP, type Auth0StepId } from '../plan/steps';
import { isStepDone } from '../plan/done';
import { state } from './checks/common';
import { checkApi, checkPreviousApi } from './checks/api';
import { checkGrant, checkScopes } from './checks/grant';
import { checkCimd, checkDcr, checkDcrMode, checkSettings } from './checks/settings';
import { checkConnections } from './checks/connections';
import { checkDcrClients, checkQuota } from './checks/clients';

/** The whole checklist, in the order a user fixes it. */
export function planSteps(snapshot: TenantSnapshot, desired: DesiredTenant): StepState[] {
  const previous = checkPreviousApi(snapshot, desired);
  const quota = checkQuota(snapshot, desired);
  return [
    checkApi(snapshot, desired),
    checkGrant(snapshot, desired),
    checkScopes(snapshot, desired),
    checkSettings(snapshot, desired),
    checkDcr(snapshot, desired),
    checkConnections(snapshot, desired),
    checkCimd(snapshot, desired),
    checkDcrMode(snapshot, desired),
    ...(previous ? [previous] : []),
    checkDcrClients(snapshot, desired),
    ...(quota ? [quota] : []),
  ];
}

/** The checklist before connecting: every step unknown. */
export function unknownSteps(): StepState[] {
  const ids: Auth0StepId[] = [STEP.api, STEP.grant, STEP.scopes, STEP.settings, STEP.dcr, STEP.connections, STEP.cimd, STEP.dcrMode, STEP.dcrClients];
  return ids.map((id) => state(id, 'unknown', 'Not connected to Auth0'));
}

/** Converged: every step done by the one rule every face uses (plan/done.ts). */
export function isConverged(steps: readonly StepState[]): boolean {
  return steps.every(isStepDone);
}
