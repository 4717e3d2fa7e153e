// A failure in the tenant's log that names a setup step (a real sign-in refused for "no connections enabled for the
// client") becomes a finding on that step, so its row does not stay green while the log says ChatGPT's path breaks.

import type { StepFinding } from '../plan/findings';
import { asDiagnosis, type LogDiagnosis } from './diagnose';
import type { LogEvent } from './event';
import { isVerifierEvent } from './relevance';

/**
 * The finding an event makes, or undefined: only a failure whose fix applies a step, never the verifier's own
 * expected refusals, and only when the event is newer than the step's last reading or write (`readSince`, epoch ms):
 * an older event describes a tenant that has changed since. Undefined `readSince`: the step was never read here.
 */
export function logFinding(event: LogEvent, diagnosis: LogDiagnosis | undefined, readSince: (stepId: string) => number | undefined): StepFinding | undefined {
  const action = diagnosis?.action;
  if (!diagnosis || action?.kind !== 'apply' || isVerifierEvent(event)) return undefined;
  const at = Date.parse(event.date);
  const since = readSince(action.stepId);
  if (!Number.isFinite(at) || since === undefined || at <= since) return undefined;
  return { stepId: action.stepId, source: 'logs', ...asDiagnosis(diagnosis) };
}
