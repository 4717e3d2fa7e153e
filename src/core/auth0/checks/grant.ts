// The default grant for third-party (DCR) clients, and the scopes the tools need on the API and the grant.

import type { StepState } from '../../plan/types';
import { scopeSync, type ScopeChange } from '../../scopes/auth0-scopes';
import type { DesiredTenant } from '../desired-state';
import { dashboardUrl } from '../dashboard-links';
import type { TenantSnapshot } from '../tenant-model';
import { STEP } from '../../plan/steps';
import { readError, state } from './common';

export function checkGrant(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  const failed = readError(STEP.grant, snapshot.grant);
  if (failed || !snapshot.grant.ok) return failed!;
  const grant = snapshot.grant.value;
  if (grant) {
    // Say which form the tenant has: the sources disagree on subject_type for default grants.
    const form =
      grant.subjectType === 'user'
        ? 'subject_type "user" (user-delegated access)'
        : `without subject_type (this tenant reads it back as ${grant.subjectType ? `"${grant.subjectType}"` : 'none'}; it refuses subject_type on default grants)`;
    return state(STEP.grant, 'ok', `Third-party (DCR) clients may request tokens for the API: default grant ${form}`);
  }
  return state(STEP.grant, 'change', 'Let third-party (DCR) clients request tokens for the API', [
    {
      field: `client grant default_for=third_party_clients audience=${desired.identifier}`,
      current: null,
      // Sent without subject_type only if the tenant refuses it.
      desired: { subject_type: 'user', scope: [] },
    },
  ]);
}

/**
 * The scopes the tools declare: the API must define each as a permission, and the default third-party grant must
 * name it, or ChatGPT's token never carries it (the grant is a ceiling for third-party apps). Only ever adds.
 */
export function checkScopes(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  const needs = desired.scopeNeeds;
  if (desired.scopeProblem) {
    const { message, fix } = desired.scopeProblem;
    return state(STEP.scopes, 'unknown', `The server's tools could not be read: ${message}`, [], { diagnosis: { problem: message, fix } });
  }
  if (!needs.length && !desired.toolsRead) {
    // Nobody asked the server: "no scope needed" would be a guess, so the step stays open with the way to read them.
    const problem = "The server's tools were not read: no MCP server to read them from.";
    const fix = 'Set AUTH0_RESOURCE_SERVER_URL to the public URL of your running MCP server, or pass --tools-from <MCP URL> ("embedded" for the demo tools).';
    return state(STEP.scopes, 'unknown', 'Tools not read: no MCP server to read them from', [], { diagnosis: { problem, fix } });
  }
  if (!needs.length) return state(STEP.scopes, 'ok', 'No tool declares a scope');
  const failed = readError(STEP.scopes, snapshot.api) ?? readError(STEP.scopes, snapshot.grant);
  if (failed || !snapshot.api.ok || !snapshot.grant.ok) return failed!;
  const api = snapshot.api.value;
  const sync = scopeSync(needs, api?.scopes, snapshot.grant.value?.scope ?? null);
  const link = api?.id ? dashboardUrl(desired.host, `apis/${api.id}/permissions`) : undefined;
  const names = needs.map((n) => n.scope).join(', ');
  if (sync.inSync) return state(STEP.scopes, 'ok', `${names}: defined on the API and granted to third-party apps`, [], { link });
  return state(STEP.scopes, 'change', scopesSummary(sync.changes), sync.changes, { link });
}

/** "Add notes:write (edit_note) to the API and the grant; notes:read (list_notes) to the grant". */
export function scopesSummary(changes: readonly ScopeChange[]): string {
  const targets = new Map<string, { tools: string[]; byHand: boolean; where: Set<string> }>();
  for (const c of changes) {
    const t = targets.get(c.scope) ?? { tools: c.tools, byHand: c.byHand, where: new Set<string>() };
    t.where.add(c.target === 'permission' ? 'the API' : 'the grant');
    targets.set(c.scope, t);
  }
  const groups = new Map<string, string[]>();
  for (const [scope, t] of targets) {
    const where = [...t.where].join(' and ');
    const who = t.tools.length ? t.tools.join(', ') : 'added by hand';
    groups.set(where, [...(groups.get(where) ?? []), `${scope} (${who})`]);
  }
  return `Add ${[...groups].map(([where, scopes]) => `${scopes.join(', ')} to ${where}`).join('; ')}`;
}
