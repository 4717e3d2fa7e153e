// Tenant settings: default audience, resource parameter profile, issuer parameter, DCR, CIMD and the DCR mode.

import type { FieldChange, StepState } from '../../plan/types';
import type { DesiredTenant } from '../desired-state';
import { dashboardUrl } from '../dashboard-links';
import type { SettingsView, TenantSnapshot } from '../tenant-model';
import { STEP } from '../../plan/steps';
import { readError, state } from './common';
import { isOwnApi } from './api';

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

export function checkSettings(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
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

export function checkDcr(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
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

export function checkCimd(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
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

export function checkDcrMode(snapshot: TenantSnapshot, desired: DesiredTenant): StepState {
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
