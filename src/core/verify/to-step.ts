// The verification as one row of the Setup checklist.

import type { StepState } from '../plan/types';
import type { VerifyReport } from './types';
import { COMMAND } from '../ids';

export const VERIFY_STEP_ID = 'verify';
export const VERIFY_STEP_TITLE = 'Verify like ChatGPT';

const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;
const PROBE_MARK = { 'signed-in': '✗ got in:', 'signed-out': '! answered as signed out:', 'not-run': '– not run:', refused: '✓ refused:' } as const;

export function verificationToStep(report: VerifyReport): StepState {
  const details = report.checks.flatMap((c) => [
    { label: `${MARK[c.status]} ${c.title}`, value: c.detail },
    // Under a failed probe check, each probe that was not refused, with the server's answer.
    ...(c.status === 'fail'
      ? (c.probes ?? []).filter((p) => p.verdict !== 'refused').map((p) => ({ label: `    ${PROBE_MARK[p.verdict]} ${p.title}`, value: p.answer }))
      : []),
  ]);
  const base = { id: VERIFY_STEP_ID, title: VERIFY_STEP_TITLE, changes: [], details };
  // Someone who never signed in getting in is the worst finding: it heads the step whatever else failed.
  const failed =
    report.checks.find((c) => c.status === 'fail' && c.probes?.some((p) => p.finding?.severity === 'hole')) ?? report.checks.find((c) => c.status === 'fail');
  if (failed) {
    return {
      ...base,
      status: 'error',
      summary: `${failed.title}: failed`,
      ...(failed.diagnosis ? { diagnosis: failed.diagnosis } : { diagnosis: { problem: failed.detail, fix: 'Run the verification again.' } }),
    };
  }
  const passed = report.checks.filter((c) => c.status === 'pass').length;
  const skipped = report.checks.filter((c) => c.status === 'skip');
  if (skipped.length) {
    // An unattended run, or one without the Management API, proves less than ChatGPT's path: not a failure, not "ok".
    const signInSkipped = skipped.some((c) => c.id === 'sign-in');
    return {
      ...base,
      status: 'warning',
      summary: `${passed} passed, ${skipped.length} skipped (${skipped.map((c) => c.title).join(', ')})`,
      diagnosis: signInSkipped
        ? {
            problem: 'The sign-in, the token and tools/list were not checked.',
            fix: "Run the verification with the browser sign-in to walk all of ChatGPT's path.",
            action: { kind: 'command', command: COMMAND.verify, label: 'Verify Like ChatGPT' },
          }
        : {
            problem: "The tenant's configuration was not cross-checked through the Management API.",
            fix: 'Connect to Auth0, then verify again.',
            action: { kind: 'command', command: COMMAND.connect, label: 'Connect to Auth0' },
          },
    };
  }
  return { ...base, status: 'ok', summary: `all ${passed} checks passed` };
}
