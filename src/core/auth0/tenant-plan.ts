// The Auth0 part of the plan: check (read the tenant, compare) and apply (write what differs, then show the new plan).

import type { ErrorCode, FieldChange, StepState } from '../plan/types';
import { UserError } from '../plan/types';
import type { DesiredTenant } from './desired-state';
import type { ManagementSession } from './management-session';
import type { RestoreEntry, RestoreRecord } from './restore-record';
import { memoryRestoreJournal, type RestoreJournal } from './restore-journal';
import { isConverged, planSteps } from './tenant-checks';
import { STEP, withCarriedSteps, type Auth0StepId } from '../plan/steps';
import { findDefaultGrant, getApi, getSettings, isCimdClientImported, listConnections, listDcrClients } from './tenant-gateway';
import type { Read, TenantSnapshot } from './tenant-model';
import { STEP_WRITERS, type WriteContext } from './tenant-writes';

export interface TenantPlan {
  desired: DesiredTenant;
  /** What the checks read; apply writes from it, so it writes exactly what the preview showed. */
  snapshot: TenantSnapshot;
  steps: StepState[];
  converged: boolean;
}

export interface CheckOptions {
  /** Also list the dynamically registered (tpc_) clients: one more request. */
  scanDcrClients?: boolean;
}

/** Failures no single step can explain: the whole check stops with this message. */
const FATAL = new Set<ErrorCode>([
  'custom_domain',
  'bad_credentials',
  'not_authorized',
  'bad_token',
  'unreachable',
  'tls_untrusted',
  'not_auth0',
  'origin_invalid',
]);

async function read<T>(run: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof UserError && !FATAL.has(error.code)) return { ok: false, error };
    throw error;
  }
}

/**
 * Reads the tenant with four requests (settings, API, default grant, connections; at most 2 in flight), plus one
 * only when CIMD is on, one when the default audience names another API (or, failing that, the product created an
 * API for an earlier URL), plus one when asked to scan DCR clients.
 */
export async function checkPlan(session: ManagementSession, desired: DesiredTenant, options: CheckOptions = {}): Promise<TenantPlan> {
  assertSameTenant(session, desired);
  const settings = read(() => getSettings(session));
  const cimd = settings.then((s) => (s.ok && s.value.cimdSupported ? read(() => isCimdClientImported(session)) : undefined));
  const previous = settings.then((s) => {
    const audience = s.ok ? s.value.defaultAudience : undefined;
    const candidate = audience && audience !== desired.identifier && audience !== desired.managementAudience ? audience : desired.previousIdentifiers[0];
    return candidate ? read(() => getApi(session, candidate)) : undefined;
  });
  const [settingsRead, api, grant, connections, cimdClientImported, previousApi, dcrClients] = await Promise.all([
    settings,
    read(() => getApi(session, desired.identifier)),
    read(() => findDefaultGrant(session, desired.identifier)),
    read(() => listConnections(session, desired.connectionNames)),
    cimd,
    previous,
    options.scanDcrClients ? read(() => listDcrClients(session)) : undefined,
  ]);
  const snapshot: TenantSnapshot = { api, grant, settings: settingsRead, connections, cimdClientImported, previousApi, dcrClients };
  return planFromSnapshot(snapshot, desired);
}

export function planFromSnapshot(snapshot: TenantSnapshot, desired: DesiredTenant): TenantPlan {
  const steps = planSteps(snapshot, desired);
  return { desired, snapshot, steps, converged: isConverged(steps) };
}

export type StepResult = 'applied' | 'failed' | 'skipped';

export interface StepOutcome {
  stepId: string;
  title: string;
  result: StepResult;
  changes: FieldChange[];
  error?: { message: string; fix: string; code: string };
}

export interface ApplyReport {
  outcomes: StepOutcome[];
  /** Every step that had changes was applied. */
  complete: boolean;
  /** What this run recorded in the journal before its writes (already persisted there). */
  restore: RestoreRecord;
  /** The plan after the writes, built from the server's answers to them (or re-read, with `recheck`). */
  plan: TenantPlan;
  /** Requests this apply sent. */
  requests: { reads: number; writes: number };
}

export interface ApplyOptions {
  /** Only these steps (e.g. a "Fix" button); default: every step with changes. */
  steps?: readonly string[];
  /** Read the whole tenant again afterwards (4 more requests) instead of trusting the write responses. */
  recheck?: boolean;
  /** Where each write's previous values go before the write is sent; default: kept in memory only. */
  journal?: RestoreJournal;
  /** Aborted: no further write starts (one already sent is finished); the remaining steps are skipped. */
  signal?: AbortSignal;
}

/**
 * Applies the steps of `plan` that have changes: the API first (the grant and default audience name it), then the
 * rest with at most 2 requests in flight. A failed step does not stop the others; a re-run picks up what is left.
 */
export async function applyPlan(session: ManagementSession, plan: TenantPlan, options: ApplyOptions = {}): Promise<ApplyReport> {
  assertSameTenant(session, plan.desired);
  const before = { reads: session.stats.reads, writes: session.stats.writes };
  const journal = options.journal ?? memoryRestoreJournal(session.domain.host);
  const recorded: RestoreEntry[] = [];
  let journalFailure: unknown;
  const guarded = async <T>(entries: RestoreEntry[], send: () => Promise<T>): Promise<T> => {
    if (options.signal?.aborted) throw interrupted();
    // A journal that failed once (a full disk) stops every write after it: none goes out unrecorded.
    if (journalFailure) throw journalFailure;
    let ids: string[];
    try {
      ids = await journal.record(entries);
    } catch (error) {
      journalFailure = error;
      throw error;
    }
    recorded.push(...entries);
    // Interrupted while recording: the record is harmless, the write is not sent.
    if (options.signal?.aborted) throw interrupted();
    try {
      return await send();
    } catch (error) {
      if (definitelyRefused(error)) {
        // Nothing changed on the tenant: restoring these would undo what the user does by hand later.
        await journal.voidEntries(ids).catch(() => undefined);
        for (const e of entries) recorded.splice(recorded.indexOf(e), 1);
      }
      throw error;
    }
  };
  const ctx: WriteContext = { session, desired: plan.desired, snapshot: copySnapshot(plan.snapshot), guarded };
  const only = options.steps ? withCarriedSteps(options.steps) : undefined;
  const todo = plan.steps.filter((s) => s.status === 'change' && STEP_WRITERS[s.id as Auth0StepId] && (!only || only.includes(s.id)));
  const outcomes = new Map<string, StepOutcome>();
  const run = async (step: StepState | undefined): Promise<void> => {
    if (!step) return;
    try {
      await STEP_WRITERS[step.id as Auth0StepId]!(ctx);
      outcomes.set(step.id, { stepId: step.id, title: step.title, result: 'applied', changes: step.changes });
    } catch (error) {
      const e = error instanceof UserError ? error : new UserError(String(error), 'Run apply again.', 'unexpected');
      const result: StepResult = e.code === 'needs_api' || e.code === 'interrupted' ? 'skipped' : 'failed';
      outcomes.set(step.id, { stepId: step.id, title: step.title, result, changes: step.changes, error: { message: e.message, fix: e.fix, code: e.code } });
    }
  };
  const find = (id: Auth0StepId) => todo.find((s) => s.id === id);
  await run(find(STEP.api));
  await Promise.all([
    // The Scopes step adds to the grant the grant step creates.
    run(find(STEP.grant)).then(() => run(find(STEP.scopes))),
    // Both PATCH the tenant settings singleton: one after the other.
    run(find(STEP.settings)).then(() => run(find(STEP.dcr))),
    run(find(STEP.connections)),
  ]);
  const ordered = todo.map((s) => outcomes.get(s.id)!);
  const after = options.recheck ? await checkPlan(session, plan.desired) : planFromSnapshot(ctx.snapshot, plan.desired);
  return {
    outcomes: ordered,
    complete: ordered.every((o) => o.result === 'applied'),
    restore: { host: session.domain.host, entries: recorded },
    plan: after,
    requests: { reads: session.stats.reads - before.reads, writes: session.stats.writes - before.writes },
  };
}

/**
 * The tenant refused the write and it cannot have landed: a 4xx that is a property of the request itself (bad
 * request, scope, token, not found). 408, 409, 425 and 429 are not: a retry after an attempt whose answer never came
 * can see them for a write that landed.
 */
function definitelyRefused(error: unknown): boolean {
  if (!(error instanceof UserError)) return false;
  if (['insufficient_scope', 'not_authorized', 'bad_token', 'bad_credentials', 'not_auth0', 'custom_domain'].includes(error.code)) return true;
  const status = /^http_(\d{3})$/.exec(error.code)?.[1];
  return status !== undefined && Number(status) >= 400 && Number(status) < 500 && !['408', '409', '425', '429'].includes(status);
}

function interrupted(): UserError {
  return new UserError('Not started: apply was interrupted.', 'Run apply again to finish it, or restore to undo what was applied.', 'interrupted');
}

function assertSameTenant(session: ManagementSession, desired: DesiredTenant): void {
  if (session.domain.host !== desired.host) {
    throw new UserError(
      `The plan is for ${desired.host} but the connection is to ${session.domain.host}.`,
      'Connect to the tenant the plan was made for.',
      'tenant_mismatch',
    );
  }
}

/** Writers replace reads wholesale, except connections, which they update in place: copy those. */
function copySnapshot(snapshot: TenantSnapshot): TenantSnapshot {
  const { connections } = snapshot;
  return { ...snapshot, connections: connections.ok ? { ok: true, value: connections.value.map((c) => ({ ...c })) } : connections };
}
