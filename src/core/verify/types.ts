// The vocabulary of "Verify like ChatGPT": nine checks, each pass / fail / skip with a diagnosis when it fails.

import type { Auth0StepId } from '../plan/steps';
import type { TenantSnapshot } from '../auth0/tenant-model';
import type { LogSource } from '../logs/source';
import type { Diagnosis, StepState } from '../plan/types';
import type { ScopeNeed } from '../scopes/tool-scopes';

/** A tenant step the Management API shows not done, as the verifier reports it (the step's apply is the fix). */
export interface TenantFinding extends Diagnosis {
  stepId: Auth0StepId;
}

export type CheckId = 'metadata' | 'challenge' | 'authorization-server' | 'tenant' | 'registration' | 'authorize' | 'sign-in' | 'token' | 'tools';

/** What the verifier reads of the tenant: the engine's plan for the identifier (reads only, nothing written). */
export interface TenantPlanView {
  steps: readonly StepState[];
  snapshot: TenantSnapshot;
}

/** The Management API, when connected: the cross-check, and the log the sign-in watcher reads. */
export interface VerifyTenantAccess {
  /** `scopeNeeds`: the scopes the tools declare (read signed out), so the plan's Scopes step judges them too. */
  readPlan(identifier: string, scopeNeeds?: readonly ScopeNeed[]): Promise<TenantPlanView>;
  /** Absent when the credentials may not read logs. */
  logs?: LogSource;
}

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** One or a few lines: what was seen (pass), what is wrong (fail), or why it did not run (skip). */
  detail: string;
  diagnosis?: Diagnosis;
}

/** What happened to the client registered by the registration check. */
export interface TestClientCleanup {
  clientId: string;
  deleted: boolean;
  detail: string;
}

export interface VerifyReport {
  /** True when no check failed (skipped checks do not count against it). */
  ok: boolean;
  publicUrl: string;
  /** The App URL checked (public origin + /mcp). */
  appUrl: string;
  /** The expected identifier (the Auth0 API identifier). */
  resource: string;
  checks: CheckResult[];
  testClient?: TestClientCleanup;
}

export type VerifyEvent =
  { type: 'start'; id: CheckId; title: string; index: number; total: number } | { type: 'done'; result: CheckResult; index: number; total: number };

export interface VerifyOptions {
  /** The expected identifier (AUTH0_RESOURCE_SERVER_URL); default: the public URL's origin. */
  resource?: string;
  /** The tenant's issuer (e.g. "https://tenant.us.auth0.com/"); when given, the metadata must name it. */
  issuer?: string;
  /** Default true. false = unattended: the sign-in, token and tools/list checks are skipped. */
  login?: boolean;
  /** Opens the authorization URL in the user's browser (or, in tests, completes the sign-in headlessly). */
  openBrowser?: (url: string) => Promise<void> | void;
  /** Deletes the temporary DCR client (the Management API in the product). Absent: the client is reported, not deleted. */
  deleteClient?: (clientId: string) => Promise<void>;
  /** Why there is no deleteClient, for the report (e.g. "no Management API credentials"). */
  noDeleteReason?: string;
  /** Progress, once when each check starts and once when it ends. */
  onProgress?: (event: VerifyEvent) => void;
  /** How long to wait for the browser sign-in; default 5 minutes. */
  signInTimeoutMs?: number;
  /** The Management API cross-check and the log watch; absent: the unattended probe stands alone. */
  tenant?: VerifyTenantAccess;
  /** How often the sign-in watcher reads the tenant's log; default 2 s (the Auth0 CLI's tail interval). */
  logPollMs?: number;
  /** Per-request time limit; default 15 s. */
  requestTimeoutMs?: number;
  /** Cancels the run (e.g. VS Code's progress Cancel button). */
  signal?: AbortSignal;
  /** Run only these checks (the others are reported as skipped), e.g. metadata + challenge for a local server. */
  only?: readonly CheckId[];
  /**
   * Receives the access token the sign-in obtained (kept in memory only by the caller): a server whose tools/list
   * needs a token can then be read for its tools' scopes.
   */
  onAccessToken?: (token: string) => void;
  /** Dependency injection for tests. */
  fetch?: typeof fetch;
}

export const CHECK_TITLES: Record<CheckId, string> = {
  metadata: 'Protected Resource Metadata',
  challenge: 'Sign-in challenge without a token (401, or per tool)',
  'authorization-server': 'Authorization server metadata',
  tenant: 'Tenant configuration (Management API)',
  registration: 'Dynamic Client Registration',
  authorize: "Auth0 accepts ChatGPT's sign-in request",
  'sign-in': 'Sign-in with PKCE and resource',
  token: 'Access token is a JWT for the identifier',
  tools: 'tools/list with the token',
};

/** What a check returns; the runner adds id and title. */
export interface CheckOutcome {
  status: 'pass' | 'fail';
  detail: string;
  diagnosis?: Diagnosis;
}

export const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail });
export const fail = (detail: string, diagnosis: Diagnosis): CheckOutcome => ({ status: 'fail', detail, diagnosis });
