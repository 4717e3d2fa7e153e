// The one vocabulary every face of the product speaks: a plan of steps, each with a status,
// a readable diff when something must change, and a diagnosis (problem + fix) when something is wrong.

export type StepStatus = 'ok' | 'change' | 'manual' | 'warning' | 'error' | 'unknown';

/** One field that differs between the tenant (or file, or server) and what the product needs. */
export interface FieldChange {
  field: string;
  current: unknown;
  desired: unknown;
}

/** What to do about a problem: run a step's apply, or open a page the user must act on. */
export type FixAction =
  { kind: 'apply'; stepId: string; label: string } | { kind: 'open'; url: string; label: string } | { kind: 'command'; command: string; label: string };

export interface Diagnosis {
  /** What is wrong, in plain words. */
  problem: string;
  /** What to do about it, in plain words. */
  fix: string;
  action?: FixAction;
}

export interface StepState {
  id: string;
  title: string;
  status: StepStatus;
  /** One line for the tree item's description or a table cell. */
  summary: string;
  changes: FieldChange[];
  diagnosis?: Diagnosis;
  /** Dashboard or docs link for "open in Auth0" style actions. */
  link?: string;
  /** Extra rows under the step (e.g. each verification check): a label and its value. */
  details?: Array<{ label: string; value: string }>;
}

/**
 * Every way a user-facing error can fail, a closed set: code that reacts to a failure (forget refused credentials,
 * stop a log tail, offer "Connect to Auth0") matches on these, never on message text.
 */
export type ErrorCode =
  // what the user typed or configured
  | 'usage'
  | 'domain_invalid'
  | 'domain_missing'
  | 'custom_domain'
  | 'origin_invalid'
  | 'url_missing'
  | 'url_invalid'
  | 'url_not_https'
  | 'bad_url'
  | 'port_invalid'
  | 'port_in_use'
  | 'credentials_missing'
  | 'credentials_incomplete'
  | 'credentials_mixed'
  | 'not_connected'
  | 'unsafe_path'
  | 'credentials_file_invalid'
  | 'no_public_url'
  // the tenant and the Management API
  | 'bad_credentials'
  | 'bad_token'
  | 'not_authorized'
  | 'not_auth0'
  | 'insufficient_scope'
  | 'tenant_mismatch'
  | 'rate_limited'
  | 'timeout'
  | 'server_error'
  | 'unreachable'
  | 'tls_untrusted'
  | `http_${number}`
  | 'needs_api'
  | 'api_system'
  | 'api_in_use'
  | 'partly_applied'
  | 'interrupted'
  | 'client_not_deleted'
  | 'needs_client_credentials'
  | 'probe_token_refused'
  // the restore journal and the files the product writes
  | 'journal_failed'
  | 'journal_foreign'
  | 'path_unsafe'
  // anything read from outside past its bound
  | 'too_large'
  // an MCP server's tools and their scopes (see core/scopes)
  | 'not_mcp'
  | 'tools_list_invalid'
  | 'tools_list_needs_token'
  | 'tools_list_token_refused'
  | 'tools_list_refused'
  | 'scope_invalid'
  // a new project (see core/project)
  | 'folder_not_empty'
  // the tunnel (see core/tunnel/ngrok-errors.ts)
  | 'ngrok_authtoken_missing'
  | 'ngrok_authtoken_invalid'
  | 'ngrok_session_limit'
  | 'ngrok_domain_not_reserved'
  | 'ngrok_domain_other_account'
  | 'ngrok_domain_not_allowed'
  | 'ngrok_domain_other_region'
  | 'ngrok_endpoint_in_use'
  | 'ngrok_no_network'
  | 'ngrok_unknown'
  | 'ngrok_module_missing'
  // anything else a module could not classify
  | 'unexpected';

const USER_ERROR = Symbol.for('auth0-mcp.UserError');

/**
 * A user-facing error: a message that says what was wrong and what to do, and, where the product can do it, the fix
 * as an action (a notification's button, a CLI hint). Never holds a secret.
 */
export class UserError extends Error {
  /** Brand shared by every copy of this class: the extension loads the core in several bundles. */
  readonly [USER_ERROR] = true;

  constructor(
    message: string,
    readonly fix: string,
    readonly code: ErrorCode,
    readonly action?: FixAction,
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** `instanceof UserError` holds for a UserError from any bundle; subclasses keep the ordinary check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== UserError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [USER_ERROR]?: boolean })[USER_ERROR] === true;
  }
}

/** The one way an error becomes text for a person: its message, or the string it is. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
