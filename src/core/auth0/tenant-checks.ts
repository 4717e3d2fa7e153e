// Pure decisions: compare what was read from the tenant with what a ChatGPT app needs, step by step.
// No I/O here, so every rule has a fast unit test.

import type { FieldChange, StepState } from '../plan/types';
import { scopeSync, type ScopeChange } from '../scopes/auth0-scopes';
import type { DesiredTenant } from './desired-state';
import { dashboardUrl } from './dashboard-links';
import { FREE_TENANT_LIMIT, type ApiView, type Read, type SettingsView, type TenantSnapshot } from './tenant-model';
import { COMMAND } from '../ids';
import { STEP, STEP_TITLES, type Auth0StepId } from '../plan/steps';
import { isStepDone } from '../plan/done';

/** The name the product gives its APIs; an API named so was made by it (for this or an earlier URL). */
export const API_NAME_PREFIX = 'ChatGPT MCP server (';

/** Auth0's JWT profile; `access_token_authz` is the same profile with permissions added. */
const AUTH0_PROFILE = new Set(['access_token', 'access_token_authz']);

function state(id: Auth0StepId, status: StepState['status'], summary: string, changes: FieldChange[] = [], extra: Partial<StepState> = {}): StepState {
  return { id, title: STEP_TITLES[id], status, summary, changes, ...extra };
}

function readError(id: Auth0StepId, read: Read<unknown>): StepState | undefined {
  if (read.ok) return undefined;
  return state(id, 'error', read.error.message, [], { diagnosis: { problem: read.error.message, fix: read.error.fix } });
}

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

function checkApi(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
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

function checkGrant(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
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
  if (!needs.length) {
    return state(
      STEP.scopes,
      'ok',
      desired.toolsRead ? 'No tool declares a scope' : "Tools not read: no tool source given (CLI: --tools-from <MCP URL> or 'embedded')",
    );
  }
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

/**
 * Default Audience is tenant-wide: the product sets it only when it is empty or names one of its own earlier APIs.
 * Another API there is relied on by other apps; the compatibility profile makes ChatGPT's `resource` work without it.
 */
export function foreignDefaultAudience(snapshot: TenantSnapshot, desired: DesiredTenant): string | undefined {
  if (!snapshot.settings.ok) return undefined;
  const current = snapshot.settings.value.defaultAudience;
  if (!current || current === desired.identifier || desired.previousIdentifiers.includes(current)) return undefined;
  // checkPlan reads the API the Default Audience names, except the Management API's (someone chose that on purpose).
  if (current === desired.managementAudience) return current;
  const read = snapshot.previousApi;
  if (read?.ok && read.value && read.value.identifier === current && isOwnApi(read.value, desired)) return undefined;
  // A default audience naming no API at all is broken for everyone: the product may replace it.
  if (read?.ok && read.value === null) return undefined;
  return current;
}

function isOwnApi(api: ApiView, desired: DesiredTenant): boolean {
  return desired.previousIdentifiers.includes(api.identifier) || (api.name ?? '').startsWith(API_NAME_PREFIX);
}

export function settingsChanges(settings: SettingsView, desired: DesiredTenant, foreignAudience?: string): FieldChange[] {
  const changes: FieldChange[] = [];
  const { toggles } = desired;
  if (toggles.defaultAudience && settings.defaultAudience !== desired.identifier && !foreignAudience) {
    changes.push({ field: 'default_audience', current: settings.defaultAudience ?? null, desired: desired.identifier });
  }
  if (toggles.resourceParameterProfile && settings.resourceParameterProfile !== 'compatibility') {
    changes.push({ field: 'resource_parameter_profile', current: settings.resourceParameterProfile ?? null, desired: 'compatibility' });
  }
  if (toggles.issuerParameter && settings.issParameterSupported !== true) {
    changes.push({ field: 'authorization_response_iss_parameter_supported', current: settings.issParameterSupported ?? null, desired: true });
  }
  return changes;
}

function checkSettings(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  const failed = readError(STEP.settings, snapshot.settings);
  if (failed || !snapshot.settings.ok) return failed!;
  const foreign = desired.toggles.defaultAudience ? foreignDefaultAudience(snapshot, desired) : undefined;
  const changes = settingsChanges(snapshot.settings.value, desired, foreign);
  const link = dashboardUrl(desired.host, 'tenant/general');
  const { toggles } = desired;
  if (!toggles.defaultAudience && !toggles.resourceParameterProfile && !toggles.issuerParameter) {
    return state(STEP.settings, 'ok', 'Left as they are (switched off in settings)', [], { link });
  }
  const diagnosis = foreign
    ? {
        problem: `The Default Audience is "${foreign}", another API. It applies to every application's requests without an audience, so the product leaves it as it is.`,
        fix: `ChatGPT sends its resource, which the Resource Parameter Compatibility Profile turns into the audience, so nothing else is needed. To make "${desired.identifier}" the default anyway, change it yourself under Tenant Settings > General > API Authorization Settings > Default Audience, once no other app relies on "${foreign}".`,
        action: link ? { kind: 'open' as const, url: link, label: 'Open tenant settings' } : undefined,
      }
    : undefined;
  if (changes.length) return state(STEP.settings, 'change', `Set ${changes.map((c) => c.field).join(', ')}`, changes, { link, diagnosis });
  if (diagnosis) return state(STEP.settings, 'warning', `Default Audience names another API ("${foreign}"): left as it is`, [], { link, diagnosis });
  return state(STEP.settings, 'ok', 'Default audience, resource parameter profile and issuer parameter are set', [], { link });
}

function checkDcr(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  const failed = readError(STEP.dcr, snapshot.settings);
  if (failed || !snapshot.settings.ok) return failed!;
  const link = dashboardUrl(desired.host, 'tenant/advanced');
  if (snapshot.settings.value.dcrEnabled === true) return state(STEP.dcr, 'ok', 'On: ChatGPT can register itself', [], { link });
  return state(
    STEP.dcr,
    'change',
    'Turn on OIDC Dynamic Client Registration so ChatGPT can register itself',
    [{ field: 'flags.enable_dynamic_client_registration', current: snapshot.settings.value.dcrEnabled ?? null, desired: true }],
    { link },
  );
}

function checkConnections(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  const failed = readError(STEP.connections, snapshot.connections);
  if (failed || !snapshot.connections.ok) return failed!;
  const found = snapshot.connections.value;
  const link = dashboardUrl(desired.host, 'connections/database');
  const missing = desired.connectionNames.filter((name) => !found.some((c) => c.name === name));
  const changes = found.filter((c) => !c.isDomainConnection).map((c) => ({ field: `${c.name}.is_domain_connection`, current: false, desired: true }));
  const diagnosis = missing.length
    ? {
        problem: `No connection named ${missing.map((n) => `"${n}"`).join(', ')} in this tenant.`,
        fix: 'Create it in the Auth0 dashboard (Authentication), or change the login connection names in the settings (AUTH0 connection list / --connection).',
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

function checkCimd(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  if (!snapshot.settings.ok) return state(STEP.cimd, 'unknown', 'Tenant settings could not be read');
  const link = dashboardUrl(desired.host, 'tenant/advanced');
  if (snapshot.settings.value.cimdSupported !== true) return state(STEP.cimd, 'ok', 'Off: ChatGPT registers through DCR', [], { link });
  const imported = snapshot.cimdClientImported;
  if (imported?.ok && imported.value) return state(STEP.cimd, 'ok', "On, and ChatGPT's client is imported", [], { link });
  const problem =
    'The tenant advertises Client ID Metadata Documents, so ChatGPT prefers them and signs in with a client id under https://chatgpt.com/oauth/…/client.json (one per MCP server); no such client is imported, so logins fail with "Unknown client".';
  return state(STEP.cimd, 'warning', "CIMD is on but ChatGPT's client is not imported", [], {
    link,
    diagnosis: {
      problem: imported && !imported.ok ? `${problem} (Could not confirm: ${imported.error.message})` : problem,
      fix: "Turn off client_id_metadata_document_supported in the tenant's advanced settings, so ChatGPT registers through DCR: the dependable fix. Importing ChatGPT's client (POST /api/v2/clients/cimd/register) needs private_key_jwt, an Enterprise feature.",
      action: link ? { kind: 'open', url: link, label: 'Open tenant settings' } : undefined,
    },
  });
}

function checkDcrMode(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
  if (!snapshot.settings.ok) return state(STEP.dcrMode, 'unknown', 'Tenant settings could not be read');
  const mode = snapshot.settings.value.dcrSecurityMode;
  if (mode !== 'permissive') {
    return state(STEP.dcrMode, 'ok', `${mode ?? 'strict (default)'}: DCR clients are third-party apps; the steps above cover them`);
  }
  return state(STEP.dcrMode, 'warning', 'Permissive: dynamically registered clients get more than third-party access', [], {
    link: dashboardUrl(desired.host, 'tenant/advanced'),
    diagnosis: {
      problem: 'The tenant registers DCR clients in permissive mode (kept for tenants that had third-party apps before April 2026).',
      fix: 'Decide whether to switch dynamic_client_registration_security_mode to "strict"; the product does not change it for you.',
    },
  });
}

/** An API the product made for an earlier URL (never someone else's API that the Default Audience names). */
function ownPreviousApi(snapshot: TenantSnapshot, desired: DesiredTenant): ApiView | undefined {
  const read = snapshot.previousApi;
  if (!read?.ok || !read.value || read.value.isSystem || read.value.identifier === desired.identifier) return undefined;
  return isOwnApi(read.value, desired) ? read.value : undefined;
}

/** Present when the default audience names another API, or an API made for an earlier URL remains: offered for deletion, never deleted silently. */
function checkPreviousApi(snapshot: TenantSnapshot, desired: DesiredTenant): StepState | undefined {
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

function checkDcrClients(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
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
  const clients = snapshot.dcrClients?.ok ? snapshot.dcrClients.value.length : 0;
  if (apis < QUOTA_WARNING_AT && clients < QUOTA_WARNING_AT) return undefined;
  const parts = [
    ...(apis >= QUOTA_WARNING_AT ? [`${apis} APIs made by this product (one per public URL)`] : []),
    ...(clients >= QUOTA_WARNING_AT ? [`${clients} dynamically registered (tpc_) clients`] : []),
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

/** The whole checklist, in the order a user fixes it. */
export function planSteps(snapshot: TenantSnapshot, desired: DesiredTenant): StepState[] {
  const previous = checkPreviousApi(snapshot, desired);
  const quota = checkQuota(snapshot, desired);
  return [
    checkApi(snapshot, desired),
    checkGrant(snapshot, desired),
    checkScopes(snapshot, desired),
    checkSettings(snapshot, desired),
    checkDcr(snapshot, desired),
    checkConnections(snapshot, desired),
    checkCimd(snapshot, desired),
    checkDcrMode(snapshot, desired),
    ...(previous ? [previous] : []),
    checkDcrClients(snapshot, desired),
    ...(quota ? [quota] : []),
  ];
}

/** The checklist before connecting: every step unknown. */
export function unknownSteps(): StepState[] {
  const ids: Auth0StepId[] = [STEP.api, STEP.grant, STEP.scopes, STEP.settings, STEP.dcr, STEP.connections, STEP.cimd, STEP.dcrMode, STEP.dcrClients];
  return ids.map((id) => state(id, 'unknown', 'Not connected to Auth0'));
}

/** Converged: every step done by the one rule every face uses (plan/done.ts). */
export function isConverged(steps: readonly StepState[]): boolean {
  return steps.every(isStepDone);
}
