// The vocabulary of "Verify like ChatGPT": nine checks, each pass / fail / skip with a diagnosis when it fails.

import type { Auth0StepId } from '../plan/steps';
import type { TenantSnapshot } from '../auth0/tenant-model';
import type { ProbeAudience } from '../auth0/probe-audience';
import type { LogSource } from '../logs/source';
import type { Diagnosis, StepState } from '../plan/types';
import type { ScopeNeed } from '../scopes/tool-scopes';

/** A tenant step the Management API shows not done, as the verifier reports it (the step's apply is the fix). */
export interface TenantFinding extends Diagnosis {
  stepId: Auth0StepId;
}

export type CheckId =
  'metadata' | 'challenge' | 'authorization-server' | 'tenant' | 'registration' | 'authorize' | 'probes' | 'sign-in' | 'token' | 'tools' | 'probes-signed-in';

/** The attacker probes (stable ids: other tools read them from the JSON output). */
export type ProbeId = 'malformed' | 'foreign-key' | 'alg-none' | 'hs256-public-key' | 'other-audience' | 'query-token' | 'tampered-payload';

/**
 * refused: 401 (or another refusal); signed-in: the server took it as a sign-in (a hole); signed-out: mixed auth
 * answered it as if nobody had signed in (a spec violation, or for a token in the query string the right answer);
 * not-run: it could not be sent (the reason is in `answer`).
 */
export type ProbeVerdict = 'refused' | 'signed-in' | 'signed-out' | 'not-run';

export interface ProbeFinding extends Diagnosis {
  /** hole: someone who never signed in gets in; spec: an invalid token is read as signed out instead of 401. */
  severity: 'hole' | 'spec';
  /** Who could get in through it, in plain words. */
  who: string;
}

export interface ProbeResult {
  id: ProbeId;
  title: string;
  /** What was sent, in words: a forged token's header and claims; never a real token. */
  sent: string;
  /** The requests, e.g. "POST /mcp initialize". */
  request: string;
  /** The server's answer, e.g. "401 invalid_token". */
  answer: string;
  verdict: ProbeVerdict;
  finding?: ProbeFinding;
}

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
  /**
   * Creates the other-audience probe's throwaway API (journaled first, see auth0/probe-audience.ts); absent without
   * client credentials (a pasted token cannot ask for other tokens): the probe is then not run, and says why.
   */
  probeAudience?: () => Promise<ProbeAudience>;
  /** Why there is no probeAudience, for the report. */
  noProbeAudienceReason?: string;
}

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** One or a few lines: what was seen (pass), what is wrong (fail), or why it did not run (skip). */
  detail: string;
  diagnosis?: Diagnosis;
  /** The attacker probes' checks: each probe with what was sent and the answer. */
  probes?: ProbeResult[];
  /** A failure's findings: each checklist step it names broken, with that step's fix (the tenant check names several). */
  findings?: CheckFinding[];
}

/** A step of the Setup checklist a failed check names (a tenant step, `env`, `server`), with what to do about it. */
export interface CheckFinding extends Diagnosis {
  stepId: string;
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
  /** The throwaway API of the other-audience probe, and whether it is gone again. */
  probeApi?: { identifier: string; deleted: boolean; detail: string };
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
  probes: 'Only users signed in through Auth0 get in (hostile tokens refused)',
  'probes-signed-in': 'Your token only counts where it belongs (query string, altered payload refused)',
};

/** What a check returns; the runner adds id and title. */
export interface CheckOutcome {
  status: 'pass' | 'fail';
  detail: string;
  diagnosis?: Diagnosis;
  probes?: ProbeResult[];
  /** The checklist step a failure is about, when its fix action does not name it (e.g. CIMD, whose fix opens a page). */
  stepId?: string;
}

export const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail });
export const fail = (detail: string, diagnosis: Diagnosis): CheckOutcome => ({ status: 'fail', detail, diagnosis });
