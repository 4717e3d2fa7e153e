// What checks found broken on the rows, laid over them until answered (core/plan/findings.ts): a verification's
// findings, and fresh failures from the tenant's log. Remembers when the tenant was read and each step written, so
// a log event older than either is taken as history, not as the tenant's present.

import type * as LogsFeature from '../core/logs';
import type { LogDiagnosis, LogEvent } from '../core/logs';
import { withoutFindingsFor, type StepFinding } from '../core/plan/findings';
import { loadFeature } from './lazy';

export class FindingsBook {
  private findings: StepFinding[] = [];
  private tenantReadAt: number | undefined;
  private readonly wroteAt = new Map<string, number>();

  get all(): readonly StepFinding[] {
    return this.findings;
  }

  /** A verification's findings replace the last one's; a full pass answers every finding, the log's included. */
  verified(passed: boolean, findings: readonly StepFinding[]): void {
    this.findings = [...(passed ? [] : this.findings.filter((f) => f.source !== 'verify')), ...findings];
  }

  /** True when the event made a finding (one per step: the newest). */
  fromLog(event: LogEvent, diagnosis: LogDiagnosis | undefined): boolean {
    const finding = loadFeature<typeof LogsFeature>('logs').logFinding(event, diagnosis, (id) => {
      const wrote = this.wroteAt.get(id);
      return this.tenantReadAt === undefined ? wrote : Math.max(this.tenantReadAt, wrote ?? 0);
    });
    if (!finding) return false;
    this.findings = [...this.findings.filter((f) => !(f.source === 'logs' && f.stepId === finding.stepId)), finding];
    return true;
  }

  /** The tenant is being read now (Auth0's clock against ours: seconds at most). */
  tenantRead(): void {
    this.tenantReadAt = Date.now();
  }

  /** A write answers what was found on the steps it wrote. */
  wrote(stepIds: readonly string[] | 'all'): void {
    this.findings = withoutFindingsFor(this.findings, stepIds);
    if (stepIds === 'all') this.tenantReadAt = Date.now();
    else for (const id of stepIds) this.wroteAt.set(id, Date.now());
  }

  clear(): void {
    this.findings = [];
    this.tenantReadAt = undefined;
    this.wroteAt.clear();
  }
}
