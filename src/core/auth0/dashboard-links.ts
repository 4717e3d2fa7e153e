// Links into the Auth0 dashboard, which addresses a tenant by region and name: tenant.us.auth0.com → /dashboard/us/tenant/.

export function dashboardUrl(host: string, path: string): string | undefined {
  const match = /^([a-z0-9-]+)(?:\.([a-z0-9-]+))?\.auth0\.com$/.exec(host);
  if (!match) return undefined; // custom domains and stand-ins: the tenant name is not in the host
  const [, tenant, region = 'us'] = match;
  return `https://manage.auth0.com/dashboard/${region}/${tenant}/${path}`;
}

/** The page that issues a Management API token: Applications > APIs > Auth0 Management API > API Explorer. */
export function apiExplorerUrl(host: string | undefined): string {
  return (host && dashboardUrl(host, 'apis/management/explorer')) || 'https://manage.auth0.com/#/apis';
}
