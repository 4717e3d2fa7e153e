// What every tenant check shares: the step state it returns, and the error state of a failed read.

import type { FieldChange, StepState } from '../../plan/types';
import type { Read } from '../tenant-model';
import { STEP_TITLES, type Auth0StepId } from '../../plan/steps';

export function state(id: Auth0StepId, status: StepState['status'], summary: string, changes: FieldChange[] = [], extra: Partial<StepState> = {}): StepState {
  return { id, title: STEP_TITLES[id], status, summary, changes, ...extra };
}

export function readError(id: Auth0StepId, read: Read<unknown>): StepState | undefined {
  if (read.ok) return undefined;
  return state(id, 'error', read.error.message, [], { diagnosis: { problem: read.error.message, fix: read.error.fix } });
}
