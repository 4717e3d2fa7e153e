// How the Auth0 plan and apply report print: a readable table for people, stable JSON for scripts.

import type { ApplyReport, TenantPlan } from '../core/auth0';
import { formatValue } from '../core/plan/format-value';
import type { StepState } from '../core/plan/types';
import { fixLines } from '../core/plan/fix-text';

const MARK: Record<StepState['status'], string> = { ok: 'ok', change: 'change', manual: 'manual', warning: 'warning', error: 'ERROR', unknown: '?' };

const show = (value: unknown) => formatValue(value, '(none)');

export function planTable(steps: readonly StepState[]): string[] {
  return planTableRows(steps, (step) =>
    step.diagnosis && step.status !== 'ok' ? fixLines({ fix: step.diagnosis.fix, action: step.diagnosis.action }, '') : [],
  );
}

/** One row per step (status, title, summary), its changes, then the lines `under` gives for it, indented. */
export function planTableRows(steps: readonly StepState[], under: (step: StepState) => string[]): string[] {
  const width = Math.max(...steps.map((s) => s.title.length));
  const indent = ' '.repeat(11);
  const lines: string[] = [];
  for (const step of steps) {
    lines.push(`${MARK[step.status].padEnd(8)} ${step.title.padEnd(width)}  ${step.summary}`);
    for (const c of step.changes) lines.push(`${indent}${c.field}: ${show(c.current)} -> ${show(c.desired)}`);
    for (const line of under(step)) lines.push(`${indent}${line}`);
  }
  return lines;
}

export function planJson(plan: TenantPlan, credentials?: string): object {
  return {
    tenant: plan.desired.host,
    ...(credentials ? { credentials } : {}),
    identifier: plan.desired.identifier,
    converged: plan.converged,
    steps: plan.steps.map((s) => ({
      id: s.id,
      title: s.title,
      status: s.status,
      summary: s.summary,
      changes: s.changes,
      ...(s.diagnosis ? { diagnosis: s.diagnosis } : {}),
    })),
  };
}

export function applyLines(report: ApplyReport): string[] {
  return report.outcomes.map((o) => `${o.result.padEnd(8)} ${o.title}${o.error ? `: ${o.error.message}\n${' '.repeat(9)}Fix: ${o.error.fix}` : ''}`);
}

export function stepErrors(steps: readonly StepState[]): string[] {
  return steps
    .filter((s) => s.status === 'error')
    .map((s) =>
      [
        `Error in "${s.title}": ${s.diagnosis?.problem ?? s.summary}`,
        ...(s.diagnosis ? fixLines({ fix: s.diagnosis.fix, action: s.diagnosis.action }, '') : []),
      ].join('\n'),
    );
}
