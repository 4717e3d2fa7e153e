// The Setup checklist: every part of the setup as one ordered list of steps, built from what is known right now.
// Pure: the extension's tree, the walkthrough and the CLI all render its output.

import type { TunnelStatus } from '../tunnel/tunnel-manager';
import { STEP, STEP_TITLES } from '../plan/steps';
import type { Diagnosis, StepState } from '../plan/types';
import { withFindings, type StepFinding } from '../plan/findings';
import { COMMAND } from '../ids';

/** The main tenant steps, shown (as unknown) before the tenant has been read. */
const TENANT_STEPS = [STEP.api, STEP.grant, STEP.scopes, STEP.settings, STEP.dcr, STEP.connections] as const;

/** Somewhere (Auth0, the .env) still points at another URL than the running tunnel. */
export interface DriftNote extends Diagnosis {
  subject: string;
  expected: string;
  actual: string;
}

export interface ChecklistInput {
  /**
   * Connected: `missingScopes` are Management API scopes the product needs that its access lacks; `ownApp` when that
   * access is the product's own application (a pasted token then adds them).
   */
  auth0: { connected: false; domain?: string } | { connected: true; domain: string; missingScopes?: readonly string[]; ownApp?: boolean };
  /** ownCheck: the user's own server, as checked on its port (metadata and challenge). */
  server: {
    running: boolean;
    url?: string;
    ownPort?: number;
    ownCheck?: StepState;
    /** The embedded server's most recent refused token that a tenant change can fix (opaque token, wrong audience). */
    refused?: { reason: string; diagnosis: Diagnosis };
  };
  /**
   * The tunnel's status as the manager published it (a failure carries its own diagnosis and fix action); `wanted`:
   * the provider the settings name now ("ngrok", "loopback", "own URL"), which a running or failed tunnel may predate.
   */
  tunnel: TunnelStatus & { drift?: DriftNote[]; wanted?: string };
  /** Steps from the Auth0 engine's last check, when connected. */
  tenantSteps?: StepState[];
  env?: StepState;
  chatgpt?: StepState;
  verify?: StepState;
  /** What checks learned about steps their own readings may not show (a verification's probe, the tenant's log). */
  findings?: readonly StepFinding[];
}

export function buildChecklist(input: ChecklistInput): StepState[] {
  return withFindings(buildSteps(input), input.findings ?? []);
}

/** The last verification, once a write changed the setup it verified: no longer proof of anything, run it again. */
export function staleVerification(step: StepState): StepState {
  if (step.status === 'unknown') return step;
  return {
    ...step,
    status: 'unknown',
    summary: `the setup changed since the last run (${step.summary}): verify again`,
    diagnosis: {
      problem: 'The setup changed since the last verification, so its result no longer shows whether ChatGPT gets in.',
      fix: 'Verify again.',
      action: { kind: 'command', command: COMMAND.verify, label: 'Verify Like ChatGPT' },
    },
  };
}

function buildSteps(input: ChecklistInput): StepState[] {
  return [
    connectStep(input),
    serverStep(input),
    tunnelStep(input),
    ...tenantSteps(input),
    input.env ?? pending('env', 'Backend .env', 'needs a public URL and a domain'),
    input.chatgpt ?? pending('chatgpt', 'ChatGPT app', 'create it once the public URL is up'),
    input.verify ?? {
      ...pending('verify', 'Verify like ChatGPT', 'run after the steps above'),
      diagnosis: {
        problem: 'Not verified yet.',
        fix: 'Walk the path ChatGPT takes: metadata, challenge, registration, sign-in, token and tools/list.',
        action: { kind: 'command', command: COMMAND.verify, label: 'Verify Like ChatGPT' },
      },
    },
  ];
}

function connectStep({ auth0 }: ChecklistInput): StepState {
  const base = { id: 'connect', title: 'Connect to Auth0', changes: [] };
  if (!auth0.connected) {
    return {
      ...base,
      status: 'manual',
      summary: auth0.domain ? `${auth0.domain}: no credentials` : 'not connected',
      diagnosis: {
        problem: 'The extension has no access to an Auth0 tenant yet.',
        fix: 'Connect with the tenant domain and one Management API token: the extension makes its own application with exactly the scopes it needs.',
        action: { kind: 'command', command: COMMAND.connect, label: 'Connect to Auth0' },
      },
    };
  }
  const missing = auth0.missingScopes ?? [];
  if (!missing.length) return { ...base, status: 'ok', summary: auth0.domain };
  return {
    ...base,
    status: 'warning',
    summary: `${auth0.domain}: lacks ${missing.join(', ')}`,
    diagnosis: auth0.ownApp
      ? {
          problem: `The extension's application lacks ${missing.length === 1 ? 'a scope' : 'scopes'} this version needs: ${missing.join(', ')}.`,
          fix: "Paste a Management API token from the dashboard's API Explorer: the extension adds them to its application's grant.",
          action: { kind: 'command', command: COMMAND.addMissingScopes, label: 'Add Missing Scopes' },
        }
      : {
          problem: `Your machine-to-machine application lacks ${missing.length === 1 ? 'a scope' : 'scopes'} the setup needs: ${missing.join(', ')}.`,
          fix: 'Grant them in the Auth0 dashboard (Applications > APIs > Auth0 Management API > Machine To Machine Applications), then refresh; or connect again with a Management API token so the extension makes its own application.',
          action: { kind: 'command', command: COMMAND.connect, label: 'Connect to Auth0' },
        },
  };
}

function serverStep({ server }: ChecklistInput): StepState {
  if (server.ownPort) {
    if (server.ownCheck) return server.ownCheck;
    return { id: 'server', title: 'MCP server', status: 'ok', summary: `your server on port ${server.ownPort}`, changes: [] };
  }
  if (server.running && server.refused) {
    return {
      id: 'server',
      title: 'MCP server',
      status: 'warning',
      summary: `refused a token: ${server.refused.reason}`,
      changes: [],
      diagnosis: server.refused.diagnosis,
    };
  }
  return server.running
    ? { id: 'server', title: 'MCP server', status: 'ok', summary: `embedded, ${server.url ?? 'running'}`, changes: [] }
    : {
        id: 'server',
        title: 'MCP server',
        status: 'manual',
        summary: 'stopped',
        changes: [],
        diagnosis: {
          problem: 'The embedded MCP server is not running.',
          fix: 'Start it, or point the tunnel at your own server.',
          action: { kind: 'command', command: COMMAND.startServer, label: 'Start MCP Server' },
        },
      };
}

function tunnelStep({ tunnel }: ChecklistInput): StepState {
  const base = { id: 'tunnel', title: 'Public HTTPS URL', changes: [] };
  const restart = { kind: 'command', command: COMMAND.startTunnel, label: 'Start Tunnel' } as const;
  // The settings name another provider than the one that ran: its URL or its failure no longer answers for them.
  if (tunnel.wanted && tunnel.provider && tunnel.wanted !== tunnel.provider && tunnel.state !== 'closed') {
    const switched = `the settings now name ${tunnel.wanted} (the tunnel ran on ${tunnel.provider})`;
    return tunnel.state === 'failed'
      ? { ...base, status: 'manual', summary: `${switched}: start it`, diagnosis: { problem: `${switched}.`, fix: 'Start the tunnel again.', action: restart } }
      : {
          ...base,
          status: 'warning',
          summary: `${tunnel.url ?? tunnel.state}: ${switched}`,
          diagnosis: { problem: `${switched}.`, fix: 'Start the tunnel again to switch to it.', action: restart },
        };
  }
  switch (tunnel.state) {
    case 'connected':
      if (tunnel.drift?.length) {
        return {
          ...base,
          status: 'warning',
          summary: `${tunnel.url ?? ''}: ${tunnel.drift.map((d) => d.subject).join(', ')} still at the old URL`,
          changes: tunnel.drift.map((d) => ({ field: d.subject, current: d.actual, desired: d.expected })),
          diagnosis: tunnel.drift[0],
        };
      }
      return { ...base, status: 'ok', summary: tunnel.url ?? '' };
    case 'connecting':
    case 'reconnecting':
      return { ...base, status: 'unknown', summary: tunnel.state };
    case 'failed': {
      // The failure's own fix (e.g. "Set ngrok Authtoken"); without one, starting again is the way forward.
      const error = tunnel.error ?? { problem: 'The tunnel failed.', fix: 'Check the tunnel log, then start it again; or use your own public URL.' };
      return {
        ...base,
        status: 'error',
        summary: error.problem,
        diagnosis: { ...error, action: error.action ?? { kind: 'command', command: COMMAND.startTunnel, label: 'Start Tunnel' } },
      };
    }
    default:
      return {
        ...base,
        status: 'manual',
        summary: tunnel.wanted ? `no tunnel (${tunnel.wanted})` : 'no tunnel',
        diagnosis: {
          problem: 'ChatGPT needs a public HTTPS URL to reach the MCP server.',
          fix: 'Start an ngrok tunnel, or enter the URL of your own tunnel or deployment.',
          action: { kind: 'command', command: COMMAND.startTunnel, label: 'Start Tunnel' },
        },
      };
  }
}

/** The main tenant steps with one status and summary, when no plan could be read (no URL yet, an error). */
export function pendingTenantSteps(summary: string, status: 'unknown' | 'error' = 'unknown'): StepState[] {
  return TENANT_STEPS.map((id) => ({ id, title: STEP_TITLES[id], status, summary, changes: [] }));
}

function tenantSteps(input: ChecklistInput): StepState[] {
  if (input.auth0.connected && input.tenantSteps) return input.tenantSteps;
  const summary = input.auth0.connected ? 'checking…' : 'connect to Auth0 first';
  return pendingTenantSteps(summary);
}

function pending(id: string, title: string, summary: string): StepState {
  return { id, title, status: 'unknown', summary, changes: [] };
}
