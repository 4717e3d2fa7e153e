// The verification as one row of the Setup checklist, rendered from its summary (summary.ts).

import type { StepState } from '../plan/types';
import type { VerifyReport } from './types';
import { summarizeVerification, type VerificationSummary } from './summary';

export const VERIFY_STEP_ID = 'verify';
export const VERIFY_STEP_TITLE = 'Verify like ChatGPT';

const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;
const PROBE_MARK = { 'signed-in': '✗ got in:', 'signed-out': '! answered as signed out:', 'not-run': '– not run:', refused: '✓ refused:' } as const;
const STATUS = { passed: 'ok', partial: 'warning', failed: 'error' } as const;

export function verificationToStep(report: VerifyReport, summary: VerificationSummary = summarizeVerification(report)): StepState {
  const details = report.checks.flatMap((c) => [
    { label: `${MARK[c.status]} ${c.title}`, value: c.detail },
    // Under a failed probe check, each probe that was not refused, with the server's answer.
    ...(c.status === 'fail'
      ? (c.probes ?? []).filter((p) => p.verdict !== 'refused').map((p) => ({ label: `    ${PROBE_MARK[p.verdict]} ${p.title}`, value: p.answer }))
      : []),
  ]);
  return {
    id: VERIFY_STEP_ID,
    title: VERIFY_STEP_TITLE,
    changes: [],
    details,
    status: STATUS[summary.outcome],
    summary: summary.headline,
    ...(summary.diagnosis ? { diagnosis: summary.diagnosis } : {}),
  };
}
