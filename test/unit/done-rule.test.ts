// The one rule for "done": what each status of each step means for the walkthrough, the tree, the CLI and convergence.

import { describe, expect, it } from 'vitest';
import { allStepsDone, isStepDone, isStepFailed, stepsLeft } from '../../src/core/plan/done';
import { STEP } from '../../src/core/plan/steps';
import type { StepStatus } from '../../src/core/plan/types';

const step = (id: string, status: StepStatus) => ({ id, status });

describe('isStepDone', () => {
  it('an ok step is done; a step to change, broken or not known is not, whatever it is', () => {
    for (const id of ['connect', 'tunnel', 'verify', STEP.api, STEP.dcrClients, STEP.quota]) {
      expect(isStepDone(step(id, 'ok'))).toBe(true);
      expect(isStepDone(step(id, 'change'))).toBe(false);
      expect(isStepDone(step(id, 'error'))).toBe(false);
    }
    expect(isStepDone(step(STEP.scopes, 'unknown'))).toBe(false);
  });

  it('a warning on the tunnel, the .env, the server, the verification or CIMD leaves the step open', () => {
    for (const id of ['tunnel', 'env', 'server', 'verify', STEP.cimd, STEP.api, STEP.grant]) expect(isStepDone(step(id, 'warning'))).toBe(false);
    for (const id of ['connect', 'server', 'chatgpt']) expect(isStepDone(step(id, 'manual'))).toBe(false);
  });

  it("steps that only inform, or that the product leaves to the tenant's owner, do not hold the setup back", () => {
    expect(isStepDone(step(STEP.settings, 'warning'))).toBe(true);
    expect(isStepDone(step(STEP.dcrMode, 'warning'))).toBe(true);
    expect(isStepDone(step(STEP.previousApi, 'manual'))).toBe(true);
    expect(isStepDone(step(STEP.dcrClients, 'unknown'))).toBe(true);
    expect(isStepDone(step(STEP.dcrClients, 'warning'))).toBe(true);
    expect(isStepDone(step(STEP.quota, 'warning'))).toBe(true);
    expect(isStepDone(step(STEP.dcrClients, 'error'))).toBe(false);
  });

  it('a list is done when every step is, and never when empty; stepsLeft names the open ones in order', () => {
    const steps = [step(STEP.api, 'ok'), step(STEP.grant, 'change'), step(STEP.quota, 'warning'), step('verify', 'warning')];
    expect(allStepsDone(steps)).toBe(false);
    expect(stepsLeft(steps).map((s) => s.id)).toEqual([STEP.grant, 'verify']);
    expect(allStepsDone([])).toBe(false);
    expect(allStepsDone([step(STEP.api, 'ok'), step(STEP.quota, 'warning')])).toBe(true);
    expect(isStepFailed(step('verify', 'error'))).toBe(true);
    expect(isStepFailed(step('verify', 'warning'))).toBe(false);
  });
});
