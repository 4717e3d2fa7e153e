// One judgement of a verification, made once: the Verify row, the notification after a run and the CLI's last line
// all render this summary, so they can never disagree on whether ChatGPT's path works or on what to fix first.
// Open for more: a probe (e.g. an attacker's request) adds its checks to the report and its findings to `findings`.

import type { Diagnosis } from '../plan/types';
import type { StepFinding } from '../plan/findings';
import { COMMAND } from '../ids';
import type { CheckResult, CheckStatus, VerifyReport } from './types';

export type VerificationOutcome = 'passed' | 'failed' | 'partial';

export interface VerificationSummary {
  /** passed: every check ran and passed; partial: none failed but some were skipped; failed: one failed. */
  outcome: VerificationOutcome;
  counts: Record<CheckStatus, number>;
  /** One line: what the run found ("all 9 checks passed", "Dynamic Client Registration: failed", "7 passed, 2 skipped (…)"). */
  headline: string;
  /** The first failed check (the one to fix first). */
  failed?: CheckResult;
  /** What to do: the first failure's fix, or what a partial run left unproven. */
  diagnosis?: Diagnosis;
  /** Every checklist step a failure names, with its fix: the rows the run turns red. */
  findings: StepFinding[];
  appUrl: string;
}

export function summarizeVerification(report: VerifyReport): VerificationSummary {
  const count = (status: CheckStatus) => report.checks.filter((c) => c.status === status).length;
  const counts = { pass: count('pass'), fail: count('fail'), skip: count('skip') };
  const findings = report.checks.flatMap((c) => (c.status === 'fail' ? (c.findings ?? []) : []).map((f): StepFinding => ({ ...f, source: 'verify' })));
  const base = { counts, findings, appUrl: report.appUrl };
  // Someone who never signed in getting in is the worst finding: it heads the summary whatever else failed.
  const failed =
    report.checks.find((c) => c.status === 'fail' && c.probes?.some((p) => p.finding?.severity === 'hole')) ?? report.checks.find((c) => c.status === 'fail');
  if (failed) {
    return {
      ...base,
      outcome: 'failed',
      headline: `${failed.title}: failed`,
      failed,
      diagnosis: failed.diagnosis ?? { problem: failed.detail, fix: 'Run the verification again.' },
    };
  }
  const skipped = report.checks.filter((c) => c.status === 'skip');
  if (skipped.length) {
    // An unattended run, or one without the Management API, proves less than ChatGPT's path: not a failure, not "ok".
    return {
      ...base,
      outcome: 'partial',
      headline: `${counts.pass} passed, ${skipped.length} skipped (${skipped.map((c) => c.title).join(', ')})`,
      diagnosis: skipped.some((c) => c.id === 'sign-in')
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
  return { ...base, outcome: 'passed', headline: `all ${counts.pass} checks passed` };
}

/** The notification after a run: its severity and text, from the summary (the row shows the same judgement). */
export function verificationMessage(summary: VerificationSummary): { severity: 'info' | 'warning' | 'error'; text: string } {
  switch (summary.outcome) {
    case 'passed':
      return { severity: 'info', text: `ChatGPT's path works (${summary.headline}): create the app with ${summary.appUrl}.` };
    case 'partial':
      return { severity: 'warning', text: `Verification: ${summary.headline}. ${summary.diagnosis?.problem ?? ''}`.trim() };
    case 'failed':
      return { severity: 'error', text: `${summary.failed!.title}: ${summary.diagnosis?.problem ?? summary.failed!.detail}` };
  }
}
