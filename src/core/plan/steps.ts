// The Auth0 steps' ids and titles: part of the checklist model, so every feature (logs, verify, mcp) can name a
// step without importing the engine that checks it.

export const STEP = {
  api: 'auth0.api',
  grant: 'auth0.grant',
  scopes: 'auth0.scopes',
  settings: 'auth0.tenant-settings',
  dcr: 'auth0.dcr',
  connections: 'auth0.connections',
  cimd: 'auth0.cimd',
  dcrMode: 'auth0.dcr-security-mode',
  previousApi: 'auth0.previous-api',
  dcrClients: 'auth0.dcr-clients',
  quota: 'auth0.quota',
} as const;

export type Auth0StepId = (typeof STEP)[keyof typeof STEP];

export const STEP_TITLES: Record<Auth0StepId, string> = {
  [STEP.api]: 'API for the MCP server',
  [STEP.grant]: 'Default permissions for third-party applications',
  [STEP.scopes]: 'Scopes (API permissions and third-party grant)',
  [STEP.settings]: 'Tenant settings (default audience, resource parameter, issuer)',
  [STEP.dcr]: 'Dynamic Client Registration',
  [STEP.connections]: 'Login connections at domain level',
  [STEP.cimd]: 'Client ID Metadata Documents',
  [STEP.dcrMode]: 'DCR security mode',
  [STEP.previousApi]: 'API of a previous URL',
  [STEP.dcrClients]: 'Dynamically registered clients',
  [STEP.quota]: 'Free tenant quotas (10 applications, 10 APIs)',
};

/**
 * The steps a step's write is incomplete without: a new API needs its default grant, and a new grant the tools'
 * scopes, or the next sign-in fails on the part left out. A fix for one of them (a log event's, a row's) writes
 * these too (when they have changes), so it converges in one round.
 */
const CARRIES: Partial<Record<string, readonly Auth0StepId[]>> = { [STEP.api]: [STEP.grant, STEP.scopes], [STEP.grant]: [STEP.scopes] };

export function withCarriedSteps(stepIds: readonly string[]): string[] {
  return [...new Set(stepIds.flatMap((id) => [id, ...(CARRIES[id] ?? [])]))];
}
