// The tenant log event as the product reads it: the few fields the panel, the CLI and the catalogue use,
// normalised from whatever the Management API (or the SDK's loose `Log` type) hands back.

export interface LogEvent {
  log_id: string;
  /** ISO 8601. */
  date: string;
  type: string;
  description?: string;
  client_id?: string;
  client_name?: string;
  connection?: string;
  user_id?: string;
  user_name?: string;
  audience?: string;
  scope?: string;
  ip?: string;
  user_agent?: string;
  details?: Record<string, unknown>;
  /** Everything else the API sent, kept for "Copy event as JSON". */
  [field: string]: unknown;
}

/** Returns undefined for entries without a log_id: they cannot be de-duplicated or used as a checkpoint. */
export function toLogEvent(raw: unknown): LogEvent | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.log_id !== 'string' || !r.log_id) return undefined;
  return {
    ...r,
    log_id: r.log_id,
    date: typeof r.date === 'string' ? r.date : r.date instanceof Date ? r.date.toISOString() : '',
    type: typeof r.type === 'string' ? r.type : '',
    description: typeof r.description === 'string' ? r.description : undefined,
  };
}

/**
 * The failure types, listed: Auth0's log type codes for failed operations (f, fp, fu, feacft, …) and the limits,
 * leaks and notices that need attention. Not "starts with f": `flows_execution_completed` and
 * `forms_submission_succeeded` are real types that are not failures, and `fapi` is not a type Auth0 logs.
 */
const FAILURE_TYPES = new Set([
  'f',
  'fp',
  'fu',
  'fc',
  'fce',
  'fco',
  'fcoa',
  'fcp',
  'fcph',
  'fcpn',
  'fcpr',
  'fcpro',
  'fcu',
  'fd',
  'fdeac',
  'fdeaz',
  'fdecc',
  'fdu',
  'feacft',
  'feccft',
  'fede',
  'fens',
  'feoobft',
  'feotpft',
  'fepft',
  'fepotpft',
  'fercft',
  'fertft',
  'ferrt',
  'fi',
  'flo',
  'fn',
  'fpar',
  'fs',
  'fsa',
  'fv',
  'fvr',
  'api_limit',
  'api_limit_warning',
  'limit_wc',
  'limit_mu',
  'limit_sul',
  'limit_delegation',
  'pwd_leak',
  'signup_pwd_leak',
  'reset_pwd_leak',
  'depnote',
]);

export function isFailureType(type: string): boolean {
  return FAILURE_TYPES.has(type);
}

/** The message an event carries: the description, else the nested error Auth0 puts in details for some types. */
export function eventMessage(event: LogEvent): string {
  if (event.description) return event.description;
  const error = (event.details as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : '';
}
