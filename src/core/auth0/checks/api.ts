// The API (resource server) ChatGPT's tokens are issued for, and APIs the product made for earlier URLs.

import type { FieldChange, StepState } from '../../plan/types';
import type { DesiredTenant } from '../desired-state';
import { dashboardUrl } from '../dashboard-links';
import type { ApiView, TenantSnapshot } from '../tenant-model';
import { COMMAND } from '../../ids';
import { STEP } from '../../plan/steps';
import { readError, state } from './common';

/** The name the product gives its APIs; an API named so was made by it (for this or an earlier URL). */
export const API_NAME_PREFIX = 'ChatGPT MCP server (';

/** Auth0's JWT profile; `access_token_authz` is the same profile with permissions added. */
const AUTH0_PROFILE = new Set(['access_token', 'access_token_authz']);

export function apiChanges(api: ApiView | null, desired: DesiredTenant): FieldChange[] {
  if (!api) {
    return [
      { field: 'identifier', current: null, desired: desired.identifier },
      { field: 'signing_alg', current: null, desired: 'RS256' },
      { field: 'token_dialect', current: null, desired: 'access_token' },
      { field: 'subject_type_authorization.user.policy', current: null, desired: 'allow_all' },
      { field: 'allow_offline_access', current: null, desired: true },
    ];
  }
  const changes: FieldChange[] = [];
  if (api.signingAlg !== 'RS256') changes.push({ field: 'signing_alg', current: api.signingAlg ?? null, desired: 'RS256' });
  if (!AUTH0_PROFILE.has(api.tokenDialect ?? '')) changes.push({ field: 'token_dialect', current: api.tokenDialect ?? null, desired: 'access_token' });
  if (api.userPolicy !== 'allow_all') {
    changes.push({ field: 'subject_type_authorization.user.policy', current: api.userPolicy ?? null, desired: 'allow_all' });
  }
  // Without it ChatGPT gets no refresh token and users sign in again whenever the access token expires.
  if (api.allowOfflineAccess !== true) changes.push({ field: 'allow_offline_access', current: api.allowOfflineAccess ?? null, desired: true });
  return changes;
}

export function checkApi(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  const failed = readError(STEP.api, snapshot.api);
  if (failed || !snapshot.api.ok) return failed!;
  const api = snapshot.api.value;
  const changes = apiChanges(api, desired);
  const link = dashboardUrl(desired.host, 'apis');
  if (!changes.length) return state(STEP.api, 'ok', `${desired.identifier} (RS256, Auth0 JWT profile, users allowed, offline access)`, [], { link });
  const previous = ownPreviousApi(snapshot, desired);
  const summary = api
    ? `Fix ${changes.map((c) => c.field).join(', ')}`
    : `Create the API "${desired.identifier}"${previous ? ` (the API "${previous.identifier}" stays until you delete it)` : ''}`;
  return state(STEP.api, 'change', summary, changes, { link });
}

export function isOwnApi(api: ApiView, desired: DesiredTenant): boolean {
  return desired.previousIdentifiers.includes(api.identifier) || (api.name ?? '').startsWith(API_NAME_PREFIX);
}

/** An API the product made for an earlier URL (never someone else's API that the Default Audience names). */
export function ownPreviousApi(snapshot: TenantSnapshot, desired: DesiredTenant): ApiView | undefined {
  const read = snapshot.previousApi;
  if (!read?.ok || !read.value || read.value.isSystem || read.value.identifier === desired.identifier) return undefined;
  return isOwnApi(read.value, desired) ? read.value : undefined;
}

/** Present when the default audience names another API, or an API made for an earlier URL remains: offered for deletion, never deleted silently. */
export function checkPreviousApi(snapshot: TenantSnapshot, desired: DesiredTenant): StepState | undefined {
  const previous = ownPreviousApi(snapshot, desired);
  if (!previous) return undefined;
  return state(STEP.previousApi, 'manual', `"${previous.identifier}" is an API of a previous URL; delete it once nothing uses it`, [], {
    link: dashboardUrl(desired.host, `apis/${previous.id}/settings`),
    diagnosis: {
      problem: `The API "${previous.identifier}" (an earlier URL of your MCP server?) is still in the tenant.`,
      fix: 'Keep it if another app uses it; otherwise delete it (a separate, explicit action).',
      action: { kind: 'command', command: COMMAND.deletePreviousApi, label: 'Delete the previous API' },
    },
  });
}
