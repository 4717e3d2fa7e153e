// The walkthrough completes from the checklist's step statuses, the same states every other face shows: a step is
// done while its status is ok (a failed verification or a broken own server leaves it open).

import { SETUP_STEP, type WalkthroughStep } from '../ids';
import type { StepState } from '../plan/types';

/** Tenant steps that only inform (a previous URL's API, leftover DCR clients) never hold the tenant step open. */
const TENANT_STEP_PREFIX = 'auth0.';

export function walkthroughDone(steps: readonly StepState[]): Record<WalkthroughStep, boolean> {
  const ok = (id: string) => steps.some((s) => s.id === id && s.status === 'ok');
  const tenant = steps.filter((s) => s.id.startsWith(TENANT_STEP_PREFIX));
  return {
    connect: ok(SETUP_STEP.connect),
    server: ok(SETUP_STEP.server),
    tunnel: ok(SETUP_STEP.tunnel),
    tenant: tenant.length > 0 && tenant.every((s) => s.status !== 'change' && s.status !== 'error' && s.status !== 'unknown'),
    chatgpt: ok(SETUP_STEP.chatgpt),
    verify: ok(SETUP_STEP.verify),
  };
}
