// When a step is done: the one rule behind the tree's check marks, the walkthrough's ticks, the status bar, the CLI's
// exit codes (`plan`, `apply`, `status`) and the tenant's convergence. A face that asks "is this finished?" asks here.

import { STEP } from './steps';
import type { StepState, StepStatus } from './types';

/**
 * Statuses other than ok that still count as done, per step: the step only informs, or it is a decision the product
 * deliberately leaves to the user and ChatGPT's path works either way (verify's tenant check agrees on each of these).
 * Everything else is done only while ok: a warning on the tunnel (drift), the .env (values differ), the server (a
 * refused token) or the verification (checks skipped) means something is still to do; so does CIMD on without
 * ChatGPT's client imported (sign-in fails with "Unknown client").
 */
const ALSO_DONE: Readonly<Record<string, readonly StepStatus[]>> = {
  // A Default Audience naming another API is left as it is; the resource parameter profile carries ChatGPT's resource.
  [STEP.settings]: ['warning'],
  // Permissive DCR mode is the tenant owner's choice; DCR clients still sign in.
  [STEP.dcrMode]: ['warning'],
  // An API of an earlier URL: delete it once nothing uses it.
  [STEP.previousApi]: ['manual', 'warning'],
  // Leftover tpc_ clients, or not scanned yet (the scan is one more request): neither stops ChatGPT signing in.
  [STEP.dcrClients]: ['warning', 'unknown'],
  // Near a Free tenant's quota: still room.
  [STEP.quota]: ['warning'],
};

/** Whether nothing is left to do on this step: ok, or a status its step lists as still done (see ALSO_DONE). */
export function isStepDone(step: Pick<StepState, 'id' | 'status'>): boolean {
  return step.status === 'ok' || (ALSO_DONE[step.id]?.includes(step.status) ?? false);
}

/** The steps that are not done, in order (what a face lists as left to do). */
export function stepsLeft<T extends Pick<StepState, 'id' | 'status'>>(steps: readonly T[]): T[] {
  return steps.filter((s) => !isStepDone(s));
}

/** Every step done, and at least one step (an empty list proves nothing). */
export function allStepsDone(steps: readonly Pick<StepState, 'id' | 'status'>[]): boolean {
  return steps.length > 0 && steps.every(isStepDone);
}

/** A step that failed: the CLI exits 1 on one, where an open step exits 3 ("changes pending"). */
export function isStepFailed(step: Pick<StepState, 'status'>): boolean {
  return step.status === 'error';
}
