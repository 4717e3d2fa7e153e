// The narrow views of tenant objects the plan reasons about, independent of the SDK's large generated types.

import type { UserError } from '../plan/types';
import type { Permission } from '../scopes/auth0-scopes';

export interface ApiView {
  id: string;
  identifier: string;
  name?: string;
  signingAlg?: string;
  tokenDialect?: string;
  userPolicy?: string;
  clientPolicy?: string;
  isSystem?: boolean;
  /** ChatGPT asks for offline_access; without this the tenant issues no refresh token. */
  allowOfflineAccess?: boolean;
  /** The API's permissions (`scopes`): what a grant may name and a token may carry. */
  scopes?: Permission[];
}

export interface GrantView {
  id: string;
  audience: string;
  scope: string[];
  /** As the tenant reads it back: "user", or "client" (or absent) where the tenant refuses subject_type on default grants. */
  subjectType?: string;
}

export interface SettingsView {
  friendlyName?: string;
  defaultAudience?: string;
  resourceParameterProfile?: string;
  issParameterSupported?: boolean;
  cimdSupported?: boolean;
  dcrSecurityMode?: string;
  dcrEnabled?: boolean;
}

export interface ConnectionView {
  id: string;
  name: string;
  strategy?: string;
  isDomainConnection: boolean;
}

export interface DcrClientView {
  clientId: string;
  name?: string;
  callbacks: string[];
}

/** A read either gave a value or failed with a message and a fix; one failed read must not hide the other steps. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: UserError };

/** Everything the checks read from the tenant. Optional reads happen only when the primary ones call for them. */
export interface TenantSnapshot {
  api: Read<ApiView | null>;
  grant: Read<GrantView | null>;
  settings: Read<SettingsView>;
  connections: Read<ConnectionView[]>;
  /** Only read while CIMD is on: whether ChatGPT's CIMD client has been imported. */
  cimdClientImported?: Read<boolean>;
  /** Only read when the default audience points elsewhere: the API the tenant used before (a previous URL?). */
  previousApi?: Read<ApiView | null>;
  /** Only read on request (one more request): the dynamically registered clients. */
  dcrClients?: Read<DcrClientView[]>;
}

/** The client id ChatGPT once used for every server when the tenant advertises CIMD support. */
export const CHATGPT_CIMD_CLIENT_ID = 'https://chatgpt.com/oauth/client.json';
/** ChatGPT's CIMD client ids: a URL under https://chatgpt.com/oauth/…/client.json, specific to the MCP server. */
export const CHATGPT_CIMD_CLIENT_PATTERN = /^https:\/\/chatgpt\.com\/oauth\/(?:[^?#]+\/)?client\.json$/;

/** Free tenants allow 10 applications and 10 APIs (Auth0 entity limits). */
export const FREE_TENANT_LIMIT = 10;
