// The Management API scopes the product needs, and why: error messages list them so one trip to the dashboard is enough.

export const SCOPE_PURPOSES = {
  'read:resource_servers': 'check the API for your MCP server',
  'create:resource_servers': 'create that API',
  'update:resource_servers': 'fix its signing algorithm, token profile or user access',
  'delete:resource_servers': 'delete the API of a previous URL (only when you ask)',
  'read:client_grants': 'check the default permissions for third-party applications',
  'create:client_grants': 'create those default permissions',
  'read:tenant_settings': 'check default audience, resource parameter profile, issuer parameter and DCR',
  'update:tenant_settings': 'change those tenant settings',
  'read:connections': 'check that the login connection is domain-level',
  'update:connections': 'promote it to domain level',
  'read:clients': 'count dynamically registered (tpc_) clients',
  'delete:clients': 'delete the stale clients you pick',
  'read:logs': 'tail and diagnose the tenant logs',
  'delete:client_grants': 'remove the default permissions apply created, when you restore the tenant',
  'update:client_grants': 'add the scopes your tools declare to those default permissions (and take them back on restore)',
} as const;

export type ManagementScope = keyof typeof SCOPE_PURPOSES;

/** Every scope the product uses; grant all of them to the machine-to-machine application. */
export const REQUIRED_SCOPES: readonly ManagementScope[] = Object.keys(SCOPE_PURPOSES) as ManagementScope[];

export function missingScopes(granted: readonly string[]): ManagementScope[] {
  const have = new Set(granted);
  return REQUIRED_SCOPES.filter((scope) => !have.has(scope));
}

/** Reads the `scope` claim of a Management API access token (a JWT) without verifying it: only to name missing scopes early. */
export function scopesFromAccessToken(token: string): string[] | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { scope?: unknown };
    return typeof payload.scope === 'string' ? payload.scope.split(/\s+/).filter(Boolean) : undefined;
  } catch {
    return undefined;
  }
}

/** Pulls the scopes out of Auth0's 403 message "Insufficient scope, expected any of: a, b". */
export function scopesFromInsufficientScopeMessage(message: string | undefined): string[] {
  const match = /expected (?:any|all) of:\s*(.+)$/i.exec(message ?? '');
  return match ? match[1].split(/[\s,]+/).filter((s) => /^[a-z_]+:[a-z_]+$/.test(s)) : [];
}
