// A journal line is acted on only if this product could have written it for this tenant: a known kind, a field the
// product manages, and a value of the shape the product records. Anything else (a journal carried in a repository,
// a hand edit) is refused and named, never restored: restore must not touch what the product never wrote.

import { isCanonicalIdentifier } from '../config/resource-url';
import { MAX_SCOPE_LENGTH } from '../scopes/limits';
import { isScopeToken } from '../scopes/tool-scopes';
import { OWN_APP_NAME } from './own-app-name';
import { isProbeApiIdentifier } from './probe-objects';
import type { ApiField, RestoreEntry, SettingField } from './restore-record';

const SETTING_FIELDS: readonly SettingField[] = ['default_audience', 'resource_parameter_profile', 'authorization_response_iss_parameter_supported'];
const API_FIELDS: readonly ApiField[] = ['signing_alg', 'token_dialect', 'allow_offline_access', 'subject_type_authorization'];
/** Auth0 object ids (con_…, resource server ids): letters, digits, _ and -, bounded. */
const OBJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Auth0 connection names: letters, digits and inner hyphens (the dashboard's rule), at most 128 characters. */
const CONNECTION_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,126}[A-Za-z0-9])?$/;
const SIGNING_ALGS = ['RS256', 'HS256', 'PS256'];
const TOKEN_DIALECTS = ['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz'];
const USER_POLICIES = ['allow_all', 'deny_all', 'require_client_grant'];

export type Checked = { ok: true; entry: RestoreEntry } | { ok: false; reason: string; raw: unknown };

/** The entry, rebuilt from only the keys the product writes, or why it is refused. */
export function checkRestoreEntry(raw: unknown): Checked {
  const refuse = (reason: string): Checked => ({ ok: false, reason, raw });
  if (!raw || typeof raw !== 'object') return refuse('not an entry');
  const e = raw as Record<string, unknown>;
  switch (e.kind) {
    case 'setting': {
      const field = e.field as SettingField;
      if (!SETTING_FIELDS.includes(field)) return refuse(`the tenant setting ${String(e.field)} is not one this product changes`);
      const ok =
        field === 'default_audience'
          ? e.previous === '' || isAudience(e.previous)
          : field === 'resource_parameter_profile'
            ? e.previous === 'audience' || e.previous === 'compatibility'
            : e.previous === false;
      return ok ? { ok: true, entry: { kind: 'setting', field, previous: e.previous as string | boolean } } : refuse(`${field} → ${short(e.previous)} is not a value this product records`);
    }
    case 'flag':
      if (e.field !== 'enable_dynamic_client_registration') return refuse(`the flag ${String(e.field)} is not one this product changes`);
      // The product turns DCR on only when it is off: the value it records is always false.
      return e.previous === false ? { ok: true, entry: { kind: 'flag', field: e.field, previous: false } } : refuse('a previous DCR value other than off');
    case 'connection':
      if (!isId(e.id) || typeof e.name !== 'string' || !CONNECTION_NAME.test(e.name)) return refuse('a connection id or name of the wrong shape');
      // The product only ever promotes connections to domain level: the value it records is always false.
      return e.previous === false ? { ok: true, entry: { kind: 'connection', id: e.id, name: e.name, previous: false } } : refuse('a previous domain level other than off');
    case 'api-field': {
      const field = e.field as ApiField;
      if (!isId(e.id) || !isCanonicalIdentifier(e.identifier)) return refuse('an API id or identifier of the wrong shape');
      if (!API_FIELDS.includes(field)) return refuse(`the API field ${String(e.field)} is not one this product changes`);
      if (!apiValueOk(field, e.previous)) return refuse(`${field} → ${short(e.previous)} is not a value this product records`);
      return { ok: true, entry: { kind: 'api-field', id: e.id, identifier: e.identifier, field, previous: e.previous } };
    }
    case 'created-api':
      return isCanonicalIdentifier(e.identifier) ? { ok: true, entry: { kind: 'created-api', identifier: e.identifier } } : refuse('an identifier that is not a canonical https URL');
    case 'created-grant':
      return isCanonicalIdentifier(e.audience) ? { ok: true, entry: { kind: 'created-grant', audience: e.audience } } : refuse('an audience that is not a canonical https URL');
    case 'added-permission':
      if (!isCanonicalIdentifier(e.identifier) || !isScope(e.scope)) return refuse('an identifier or scope of the wrong shape');
      return { ok: true, entry: { kind: 'added-permission', identifier: e.identifier, scope: e.scope } };
    case 'added-grant-scope':
      if (!isCanonicalIdentifier(e.audience) || !isScope(e.scope)) return refuse('an audience or scope of the wrong shape');
      return { ok: true, entry: { kind: 'added-grant-scope', audience: e.audience, scope: e.scope } };
    // Verify's throwaway API and its grant (issue #19's probes): only under the reserved .invalid probe prefix.
    case 'probe-api':
      return isProbeIdentifier(e.identifier) ? { ok: true, entry: { kind: 'probe-api', identifier: e.identifier } } : refuse('not a probe API: left alone');
    case 'probe-grant':
      return isProbeIdentifier(e.audience) && isId(e.clientId)
        ? { ok: true, entry: { kind: 'probe-grant', audience: e.audience, clientId: e.clientId } }
        : refuse('not a probe API: left alone');
    case 'created-own-app':
      // The login's own journal: the product's application, by its one name (restore leaves it; logout deletes it).
      return e.name === OWN_APP_NAME ? { ok: true, entry: { kind: 'created-own-app', name: OWN_APP_NAME } } : refuse('an application name this product never uses');
    default:
      return refuse(`the kind ${short(e.kind)} is not one this product records`);
  }
}

function apiValueOk(field: ApiField, previous: unknown): boolean {
  switch (field) {
    case 'signing_alg':
      return previous === undefined || SIGNING_ALGS.includes(previous as string);
    case 'token_dialect':
      return previous === undefined || TOKEN_DIALECTS.includes(previous as string);
    case 'allow_offline_access':
      return typeof previous === 'boolean';
    case 'subject_type_authorization': {
      if (!previous || typeof previous !== 'object' || Array.isArray(previous)) return false;
      const p = previous as Record<string, unknown>;
      const keys = Object.keys(p);
      return keys.every((k) => (k === 'user' || k === 'client') && policyOk(p[k]));
    }
  }
}

function policyOk(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'policy' && USER_POLICIES.includes((value as { policy: string }).policy);
}

/** A Default Audience the product may have replaced: an API identifier URL (the Management API's has a trailing slash). */
const isAudience = (v: unknown): v is string => typeof v === 'string' && v.length <= 600 && /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]*)*$/.test(v);
const isProbeIdentifier = (v: unknown): v is string => typeof v === 'string' && v.length <= 200 && isProbeApiIdentifier(v);
const isId = (v: unknown): v is string => typeof v === 'string' && OBJECT_ID.test(v);
const isScope = (v: unknown): v is string => isScopeToken(v) && v.length <= MAX_SCOPE_LENGTH;

/** A value for a message: JSON, cut short, so a planted 1 MB string does not flood the terminal. */
export function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** How a refused entry is named in the preview: its kind and what it names, cut short. */
export function describeForeign(raw: unknown): string {
  if (!raw || typeof raw !== 'object') return short(raw);
  const { kind, field, identifier, audience, name, id } = raw as Record<string, unknown>;
  return [kind, field, identifier, audience, name, id].filter((v) => v !== undefined).map((v) => (typeof v === 'string' ? short(v).slice(1, -1) : short(v))).join(' ');
}
