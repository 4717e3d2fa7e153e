// What a check learned about one step that the step's own reading may not show: a verification's probe ("Auth0
// answered: no connections enabled for the client") or a failure in the tenant's log. The step shows it, red with
// the finding's fix, until the same check runs again or the step is written (apply, a fix, restore).

import type { Diagnosis, StepState } from './types';

export type FindingSource = 'verify' | 'logs';

export interface StepFinding extends Diagnosis {
  /** The checklist step the finding is about (a tenant step, env, server, ...). */
  stepId: string;
  source: FindingSource;
}

const SOURCE_LABEL: Record<FindingSource, string> = { verify: 'Verify like ChatGPT', logs: "The tenant's log" };

/** One line for a row: the first sentence of the problem, bounded. */
function oneLine(text: string): string {
  const first = /^(.{1,160}?[.!?:])(\s|$)/.exec(text)?.[1] ?? text;
  return first.length > 160 ? `${first.slice(0, 157)}…` : first;
}

/**
 * The steps with their findings laid over them: a step a check names broken turns red with the finding's fix (its
 * diff, if its reading has one, stays), so no row stays green, or merely "to change", while a check says it breaks
 * ChatGPT's path. A step its own reading could not read (error) keeps that error. The reading stays as a detail.
 */
export function withFindings(steps: readonly StepState[], findings: readonly StepFinding[]): StepState[] {
  if (!findings.length) return [...steps];
  return steps.map((step) => {
    const found = findings.find((f) => f.stepId === step.id);
    if (!found || step.status === 'error') return step;
    const { stepId: _id, source, ...diagnosis } = found;
    return {
      ...step,
      status: 'error',
      summary: `${SOURCE_LABEL[source]}: ${oneLine(found.problem)}`,
      diagnosis,
      details: [...(step.details ?? []), { label: `Read as ${step.status}`, value: step.summary }],
    };
  });
}

/** The findings left once `stepIds` were written (a write is the step's new truth until checked again). */
export function withoutFindingsFor(findings: readonly StepFinding[], stepIds: readonly string[] | 'all'): StepFinding[] {
  return stepIds === 'all' ? [] : findings.filter((f) => !stepIds.includes(f.stepId));
}
