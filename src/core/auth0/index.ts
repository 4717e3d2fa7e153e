// The Auth0 setup engine's public surface, for the CLI and the VS Code layer.

export { REQUIRED_SCOPES, SCOPE_PURPOSES, missingScopes, scopesFromAccessToken, type ManagementScope } from './scopes';
export { createManagementSession, type ManagementSession, type ManagementSessionOptions } from './management-session';
export type { ManagementCredentials } from './token-source';
export type { RequestStats } from './transport';
export { connect, type ConnectResult } from './connect';
export { desiredTenant, DEFAULT_CONNECTION, type DesiredTenant, type DesiredTenantInput, type TenantToggles } from './desired-state';
export {
  checkPlan,
  applyPlan,
  planFromSnapshot,
  type TenantPlan,
  type CheckOptions,
  type ApplyOptions,
  type ApplyReport,
  type StepOutcome,
} from './tenant-plan';
export { unknownSteps, isConverged } from './tenant-checks';
export { STEP, STEP_TITLES, type Auth0StepId } from '../plan/steps';
export {
  restoreTenant,
  emptyRestoreRecord,
  isEmptyRestoreRecord,
  legacyRestoreEntries,
  type RestoreEntry,
  type RestoreRecord,
  type RestoreReport,
} from './restore-record';
export { describeRestoreEntry, restorePreview } from './restore-preview';
export { fileRestoreJournal, memoryRestoreJournal, type RestoreJournal } from './restore-journal';
export { projectRestoreJournal, restoreFilePath } from './project-journal';
export { scanDcrClients, deleteDcrClients, deletePreviousApi, type DcrClientView, type DeleteReport } from './cleanup';
export { readAuth0Settings, requireAccess, requireCredentials, type Auth0Settings, type VariableSource } from './settings-from-env';
export {
  resolveManagementAccess,
  describeDestination,
  sessionOptions,
  withoutOverrides,
  TEST_OVERRIDES,
  type CredentialSource,
  type ManagementAccess,
} from './management-access';
export {
  ensureOwnApplication,
  deleteOwnApplication,
  findOwnApplication,
  tokenBootstrapGaps,
  tenantOfToken,
  pairDomainWithToken,
  OWN_APP_NAME,
  BOOTSTRAP_SCOPES,
  type OwnApplication,
} from './own-application';
export { checkTenantDomain, type TenantDiscovery } from './tenant-discovery';
export type { Face } from './errors';
export { createProbeAudience, PROBE_API_NAME, type ProbeAudience } from './probe-audience';
export { PROBE_API_PREFIX, isProbeApiIdentifier, type ProbeRelease } from './probe-objects';
