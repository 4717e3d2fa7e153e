// While the user signs in: Auth0 shows third-party apps its error page instead of redirecting back, so no redirect
// will ever come. The watcher reads the tenant's log for a failure of the test client and ends the wait with its
// diagnosis, within one poll of it being logged. Reading the log is best effort: when it fails, the wait goes on.

import { asDiagnosis, diagnose } from '../logs/diagnose';
import { eventMessage, isFailureType, type LogEvent } from '../logs/event';
import { RateLimitedError, type LogSource } from '../logs/source';
import type { Diagnosis } from '../plan/types';

export interface SignInWatch {
  logs: LogSource;
  clientId: string;
  /** Events mentioning these (the probe's made-up resource) are the probe's own, expected refusals. */
  ignoreMentions?: readonly string[];
  pollMs?: number;
  signal: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface LoggedFailure {
  event: LogEvent;
  diagnosis: Diagnosis;
}

/** Resolves with the first failure the tenant logs for the client; never rejects; resolves undefined when stopped. */
export async function watchSignInLog(watch: SignInWatch): Promise<LoggedFailure | undefined> {
  const sleep = watch.sleep ?? abortableSleep;
  const pollMs = watch.pollMs ?? 2000;
  const seen = new Set<string>();
  let checkpoint: string | undefined;
  try {
    // What is already logged (the probe's refusals among it) is not this sign-in's outcome.
    const before = await watch.logs.search({ perPage: 100 });
    before.forEach((e) => seen.add(e.log_id));
    checkpoint = before[0]?.log_id;
  } catch {
    return undefined;
  }
  while (!watch.signal.aborted) {
    await sleep(pollMs, watch.signal);
    if (watch.signal.aborted) return undefined;
    let events: LogEvent[];
    try {
      events = checkpoint ? await watch.logs.fromCheckpoint({ from: checkpoint, take: 100 }) : await watch.logs.search({ perPage: 100 });
    } catch (error) {
      if (error instanceof RateLimitedError) continue;
      return undefined;
    }
    if (checkpoint) checkpoint = events.at(-1)?.log_id ?? checkpoint;
    else checkpoint = events[0]?.log_id;
    for (const event of events) {
      if (seen.has(event.log_id)) continue;
      seen.add(event.log_id);
      const failure = signInFailure(event, watch);
      if (failure) return failure;
    }
  }
  return undefined;
}

/** Pure: a logged event that ends the sign-in: a failed login of this client that the user cannot retry past. */
export function signInFailure(event: LogEvent, watch: Pick<SignInWatch, 'clientId' | 'ignoreMentions'>): LoggedFailure | undefined {
  const qsClient = (event.details as { qs?: { client_id?: unknown } } | undefined)?.qs?.client_id;
  if (event.client_id !== watch.clientId && qsClient !== watch.clientId) return undefined;
  if (!isFailureType(event.type)) return undefined;
  const message = eventMessage(event);
  if (watch.ignoreMentions?.some((m) => message.includes(m))) return undefined;
  const found = diagnose(event);
  // A wrong password or an unknown user is the user's to retry; a refused request is final.
  if (event.type !== 'f' && !found?.action) return undefined;
  if (found?.fix.startsWith('No fix needed')) return undefined;
  const diagnosis: Diagnosis = found
    ? { ...asDiagnosis(found), problem: `Auth0 refused the sign-in and logged "${message}": ${found.explanation}` }
    : {
        problem: `Auth0 refused the sign-in and logged "${message || event.type}".`,
        fix: "Open the tenant's logs (Auth0 Logs view) for this event, fix what it names, then verify again.",
      };
  return { event, diagnosis };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
