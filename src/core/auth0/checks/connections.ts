// The login connections ChatGPT's users sign in with: present, and promoted to domain level.

import type { StepState } from '../../plan/types';
import type { DesiredTenant } from '../desired-state';
import { dashboardUrl } from '../dashboard-links';
import type { TenantSnapshot } from '../tenant-model';
import { STEP } from '../../plan/steps';
import { readError, state } from './common';

export function checkConnections(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  const failed = readError(STEP.connections, snapshot.connections);
  if (failed || !snapshot.connections.ok) return failed!;
  const found = snapshot.connections.value;
  const link = dashboardUrl(desired.host, 'connections/database');
  const missing = desired.connectionNames.filter((name) => !found.some((c) => c.name === name));
  const changes = found.filter((c) => !c.isDomainConnection).map((c) => ({ field: `${c.name}.is_domain_connection`, current: false, desired: true }));
  const diagnosis = missing.length
    ? {
        problem: `No connection named ${missing.map((n) => `"${n}"`).join(', ')} in this tenant.`,
        fix: 'Create it in the Auth0 dashboard (Authentication > Database), or name a login connection that exists.',
      }
    : undefined;
  if (changes.length) {
    return state(
      STEP.connections,
      'change',
      `Promote ${changes.map((c) => c.field.replace(/\.is_domain_connection$/, '')).join(', ')} to domain level`,
      changes,
      { link, diagnosis },
    );
  }
  if (diagnosis) return state(STEP.connections, 'error', diagnosis.problem, [], { link, diagnosis });
  return state(STEP.connections, 'ok', `${desired.connectionNames.join(', ')}: domain level`, [], { link });
}
