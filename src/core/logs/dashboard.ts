// Links into the Auth0 dashboard for the log panel and the catalogue's guided fixes (pure).
//
// The rule (the engine's dashboard-links.ts applies it): the dashboard addresses a tenant as
// https://manage.auth0.com/dashboard/<region>/<tenant>/…
//   <tenant>.<region>.auth0.com → region <region>  (tenant.us.auth0.com → us/tenant, tenant.eu.auth0.com → eu/tenant)
//   <tenant>.auth0.com          → region us        (the oldest US tenants have no region label)
// Anything else (a custom domain, a loopback stand-in) does not name the tenant, so the link falls back to
// https://manage.auth0.com/, where the user picks the tenant.

import { dashboardUrl as tenantDashboardUrl } from '../auth0/dashboard-links';

export const DASHBOARD_HOME = 'https://manage.auth0.com/';

/** The dashboard pages the catalogue's guided fixes and the panel open. */
export type DashboardPage =
  | { page: 'home' }
  | { page: 'client-settings'; clientId?: string }
  | { page: 'client-apis'; clientId?: string }
  | { page: 'apis' }
  | { page: 'attack-protection' }
  | { page: 'tenant-advanced' }
  | { page: 'log'; logId: string };

/** `domain` as typed or stored: scheme, port, path and case are ignored. */
export function dashboardUrl(domain: string | undefined, target: DashboardPage): string {
  const host = (domain ?? '')
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[/:?#].*$/, '');
  return tenantDashboardUrl(host, dashboardPath(target)) ?? DASHBOARD_HOME;
}

/** "Open in Auth0 Dashboard" for one event. */
export function eventDashboardUrl(domain: string | undefined, logId: string): string {
  return dashboardUrl(domain, { page: 'log', logId });
}

function dashboardPath(target: DashboardPage): string {
  const enc = encodeURIComponent;
  switch (target.page) {
    case 'home':
      return '';
    case 'client-settings':
      return target.clientId ? `applications/${enc(target.clientId)}/settings` : 'applications';
    case 'client-apis':
      // The application's "APIs" tab, where Management API scopes are granted (path unconfirmed; without a client,
      // the Management API's list of authorized machine-to-machine applications).
      return target.clientId ? `applications/${enc(target.clientId)}/apis` : 'apis/management/authorized-clients';
    case 'apis':
      return 'apis';
    case 'attack-protection':
      return 'security/attack-protection';
    case 'tenant-advanced':
      return 'tenant/advanced';
    case 'log':
      return `logs/${enc(target.logId)}`;
  }
}
