// The walkthrough completes from the checklist's step states by the one rule for "done" (plan/done.ts), the same
// rule the tree, the status bar and the CLI use: a failed verification or a broken own server leaves its step open.

import { SETUP_STEP, type WalkthroughStep } from '../ids';
import { allStepsDone, isStepDone } from '../plan/done';
import type { StepState } from '../plan/types';

/** The walkthrough's tenant step covers every Auth0 step of the checklist. */
const TENANT_STEP_PREFIX = 'auth0.';

export function walkthroughDone(steps: readonly StepState[]): Record<WalkthroughStep, boolean> {
  const done = (id: string) => steps.some((s) => s.id === id && isStepDone(s));
  return {
    connect: done(SETUP_STEP.connect),
    server: done(SETUP_STEP.server),
    tunnel: done(SETUP_STEP.tunnel),
    tenant: allStepsDone(steps.filter((s) => s.id.startsWith(TENANT_STEP_PREFIX))),
    chatgpt: done(SETUP_STEP.chatgpt),
    verify: done(SETUP_STEP.verify),
  };
}
