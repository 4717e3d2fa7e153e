// Dynamically registered (tpc_) clients and a Free tenant's quota of applications and APIs.

import type { StepState } from '../../plan/types';
import type { DesiredTenant } from '../desired-state';
import { dashboardUrl } from '../dashboard-links';
import { FREE_TENANT_LIMIT, type TenantSnapshot } from '../tenant-model';
import { COMMAND } from '../../ids';
import { STEP } from '../../plan/steps';
import { readError, state } from './common';

export function checkDcrClients(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  const read = snapshot.dcrClients;
  const action = { kind: 'command' as const, command: COMMAND.reviewDcrClients, label: 'Review DCR clients' };
  if (!read)
    return state(STEP.dcrClients, 'unknown', 'Not scanned (one more request)', [], {
      diagnosis: { problem: 'Not scanned yet.', fix: 'Run the DCR client review.', action },
    });
  const failed = readError(STEP.dcrClients, read);
  if (failed || !read.ok) return failed!;
  const count = read.value.length;
  const link = dashboardUrl(desired.host, 'applications');
  if (count < desired.staleClientThreshold)
    return state(STEP.dcrClients, 'ok', `${count} dynamically registered client${count === 1 ? '' : 's'}`, [], { link });
  return state(STEP.dcrClients, 'warning', `${count} dynamically registered clients: failed connects leave them behind`, [], {
    link,
    diagnosis: {
      problem: `${count} tpc_ clients are registered; tenants have an application quota.`,
      fix: 'Review them and delete the ones you pick.',
      action,
    },
  });
}

/** Warn while there is still room: at this many of a Free tenant's 10 the next URLs or failed connects run out. */
const QUOTA_WARNING_AT = FREE_TENANT_LIMIT - 2;

/**
 * Present when a Free tenant's quota is near: this product's APIs (this URL and earlier ones) or the tpc_ clients
 * failed connects leave behind (counted only when scanned). New tunnel URLs make new APIs; DCR fails at the limit.
 */
export function checkQuota(snapshot: TenantSnapshot, desired: DesiredTenant): StepState | undefined {
  const apis = desired.previousIdentifiers.length + 1;
  const dcr = snapshot.dcrClients?.ok ? snapshot.dcrClients.value.length : 0;
  // The product's own Management API application counts towards the same 10 applications.
  const clients = dcr + (desired.ownApplication ? 1 : 0);
  if (apis < QUOTA_WARNING_AT && clients < QUOTA_WARNING_AT) return undefined;
  const parts = [
    ...(apis >= QUOTA_WARNING_AT ? [`${apis} APIs made by this product (one per public URL)`] : []),
    ...(clients >= QUOTA_WARNING_AT
      ? [`${dcr} dynamically registered (tpc_) clients${desired.ownApplication ? " plus this product's own application" : ''}`]
      : []),
  ];
  return state(STEP.quota, 'warning', `Near a Free tenant's limit of ${FREE_TENANT_LIMIT}: ${parts.join(', ')}`, [], {
    link: dashboardUrl(desired.host, 'applications'),
    diagnosis: {
      problem: `The tenant holds ${parts.join(' and ')}. A Free tenant allows ${FREE_TENANT_LIMIT} applications and ${FREE_TENANT_LIMIT} APIs; at the limit ChatGPT's registration fails with too_many_entities.`,
      fix: 'Delete the APIs of earlier URLs and the tpc_ clients you no longer use (auth0-mcp clients, or "Review DCR clients"), and use a reserved ngrok domain so the URL, and with it the API, stays the same.',
      action: { kind: 'command', command: COMMAND.reviewDcrClients, label: 'Review DCR clients' },
    },
  });
}
