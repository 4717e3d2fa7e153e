// ngrok failures to diagnoses. Pure: takes the thrown value (the SDK's Error with `code` and, for service errors,
// `errorCode` "ERR_NGROK_…" also found at the end of the message) and says what is wrong and how to fix it.
// Meanings checked against ngrok's error reference (https://ngrok.com/docs/errors/err_ngrok_<n>).

import type { Diagnosis, ErrorCode } from '../plan/types';
import { COMMAND } from '../ids';
import { TunnelError, redactSecrets } from './tunnel-error';

/** The ngrok failures this module maps (the closed ErrorCode set lists them once; a missing module is the provider's). */
export type NgrokErrorKind = Exclude<Extract<ErrorCode, `ngrok_${string}`>, 'ngrok_module_missing'>;

export interface NgrokErrorContext {
  /** The reserved domain that was requested, to name it in the message. */
  domain?: string;
  /** The authtoken that was used, only so it can be scrubbed from the detail. */
  authtoken?: string;
}

const AUTHTOKEN_PAGE = 'https://dashboard.ngrok.com/get-started/your-authtoken';
const DOMAINS_PAGE = 'https://dashboard.ngrok.com/domains';
const AGENTS_PAGE = 'https://dashboard.ngrok.com/agents';

const setAuthtoken = { kind: 'command', command: COMMAND.setNgrokAuthtoken, label: 'Set ngrok Authtoken' } as const;
const openDomains = { kind: 'open', url: DOMAINS_PAGE, label: 'Open ngrok Domains' } as const;

/** ERR_NGROK_<n> → kind. Codes not listed fall back to 'ngrok_unknown' with a link to ngrok's page for the code. */
const KIND_BY_CODE: Record<string, NgrokErrorKind> = {
  ERR_NGROK_4018: 'ngrok_authtoken_missing', // "Usage of ngrok requires a verified account and authtoken."
  ERR_NGROK_105: 'ngrok_authtoken_invalid', // token does not look like an ngrok authtoken
  ERR_NGROK_106: 'ngrok_authtoken_invalid', // an ngrok v1 authtoken
  ERR_NGROK_107: 'ngrok_authtoken_invalid', // well-formed but invalid (reset, revoked, removed from team)
  ERR_NGROK_300: 'ngrok_authtoken_invalid', // the authtoken credential has been revoked
  ERR_NGROK_108: 'ngrok_session_limit', // account limited to MAX simultaneous agent sessions
  ERR_NGROK_319: 'ngrok_domain_not_reserved', // hostname must be reserved before creating endpoints
  ERR_NGROK_320: 'ngrok_domain_other_account', // domain reserved for another account
  ERR_NGROK_313: 'ngrok_domain_not_allowed', // custom subdomains are a paid feature (free plans get one assigned domain)
  ERR_NGROK_314: 'ngrok_domain_not_allowed', // custom hostnames are a paid feature
  ERR_NGROK_15000: 'ngrok_domain_not_allowed', // the plan does not allow endpoints on that base domain
  ERR_NGROK_322: 'ngrok_domain_other_region', // name reserved in a different region
  ERR_NGROK_334: 'ngrok_endpoint_in_use', // the endpoint URL is already online (another agent has it)
};

// The SDK's messages when the ngrok service cannot be reached at all (seen offline: "failed to connect session:
// failed to establish tcp connection"); DNS and timeout wording varies by OS, so match loosely.
const NO_NETWORK =
  /failed to establish tcp connection|dns error|failed to lookup address|name or service not known|network is unreachable|connection refused|timed out/i;

/** The ERR_NGROK_<n> code of an SDK error, if any. */
export function ngrokErrorCode(err: unknown): string | undefined {
  const fromField = (err as { errorCode?: unknown } | null)?.errorCode;
  if (typeof fromField === 'string' && /^ERR_NGROK_\d+$/.test(fromField)) return fromField;
  return /ERR_NGROK_\d+/.exec(messageOf(err))?.[0];
}

export function classifyNgrokError(err: unknown): NgrokErrorKind {
  const code = ngrokErrorCode(err);
  if (code) return KIND_BY_CODE[code] ?? 'ngrok_unknown';
  return NO_NETWORK.test(messageOf(err)) ? 'ngrok_no_network' : 'ngrok_unknown';
}

/** The diagnosis for a kind. `code` only matters for 'ngrok_unknown' (links ngrok's page for it). */
export function ngrokDiagnosis(kind: NgrokErrorKind, ctx: NgrokErrorContext & { code?: string; detail?: string } = {}): Diagnosis {
  const domain = ctx.domain ? `"${ctx.domain}"` : 'the reserved domain';
  switch (kind) {
    case 'ngrok_authtoken_missing':
      return {
        problem: 'ngrok needs an authtoken, and none is set.',
        fix: `Sign up for a free ngrok account, copy your authtoken from ${AUTHTOKEN_PAGE}, then run "Set ngrok Authtoken" (or set NGROK_AUTHTOKEN).`,
        action: setAuthtoken,
      };
    case 'ngrok_authtoken_invalid':
      return {
        problem: 'ngrok rejected the authtoken: it is malformed, was reset, or was revoked.',
        fix: `Copy the current authtoken from ${AUTHTOKEN_PAGE} (not an API key) and run "Set ngrok Authtoken" again.`,
        action: setAuthtoken,
      };
    case 'ngrok_session_limit':
      return {
        problem: 'Your ngrok account already runs as many agent sessions as its plan allows.',
        fix: 'Stop the other ngrok agents (another VS Code window, an ngrok CLI, a container), or stop them from the ngrok dashboard, then start the tunnel again.',
        action: { kind: 'open', url: AGENTS_PAGE, label: 'Open ngrok Agents' },
      };
    case 'ngrok_domain_not_reserved':
      return {
        problem: `The domain ${domain} is not reserved on your ngrok account.`,
        fix: 'Use the domain listed on your ngrok Domains page (free accounts have one static domain), or clear the domain setting to get a random URL.',
        action: openDomains,
      };
    case 'ngrok_domain_other_account':
      return {
        problem: `The domain ${domain} belongs to a different ngrok account than this authtoken.`,
        fix: 'Set the authtoken of the account that owns the domain, or use a domain from your own Domains page.',
        action: openDomains,
      };
    case 'ngrok_domain_not_allowed':
      return {
        problem: `Your ngrok plan cannot use the domain ${domain}: free plans can only use the one domain ngrok assigned them.`,
        fix: 'Copy your assigned domain from the ngrok Domains page into the domain setting, or clear the setting to get a random URL.',
        action: openDomains,
      };
    case 'ngrok_domain_other_region':
      return {
        problem: `The domain ${domain} is reserved in a different ngrok region.`,
        fix: 'Check the region of the domain on the ngrok Domains page, or clear the domain setting to get a random URL.',
        action: openDomains,
      };
    case 'ngrok_endpoint_in_use':
      return {
        problem: `Another ngrok agent is already serving ${domain}.`,
        fix: 'Stop the other agent (another VS Code window, the ngrok CLI), or stop it from the ngrok dashboard, then start the tunnel again.',
        action: { kind: 'open', url: AGENTS_PAGE, label: 'Open ngrok Agents' },
      };
    case 'ngrok_no_network':
      return {
        problem: 'Cannot reach the ngrok service: this machine seems to be offline, or a firewall or proxy blocks it.',
        fix: 'Check your internet connection (and any proxy or firewall allowing outbound TLS to ngrok), then start the tunnel again.',
      };
    case 'ngrok_unknown':
      return {
        problem: `ngrok could not start the tunnel${ctx.detail ? `: ${firstLine(ctx.detail)}` : '.'}`,
        fix: 'Check the tunnel logs and try again; if it persists, use your own public URL instead.',
        ...(ctx.code ? { action: { kind: 'open', url: `https://ngrok.com/docs/errors/${ctx.code.toLowerCase()}/`, label: `About ${ctx.code}` } as const } : {}),
      };
  }
}

/** Raised before calling ngrok at all, so a missing token never costs a network round-trip. */
export function missingAuthtokenError(): TunnelError {
  return new TunnelError(ngrokDiagnosis('ngrok_authtoken_missing'), 'ngrok_authtoken_missing');
}

/** Any thrown value from the ngrok SDK → a TunnelError whose texts never contain the authtoken. */
export function toNgrokTunnelError(err: unknown, ctx: NgrokErrorContext = {}): TunnelError {
  const kind = classifyNgrokError(err);
  const code = ngrokErrorCode(err);
  // ngrok echoes the token in some messages ("Your authtoken: …"), so the detail is scrubbed before it goes anywhere.
  const detail = redactSecrets(messageOf(err), ctx.authtoken);
  return new TunnelError(ngrokDiagnosis(kind, { ...ctx, code, detail }), kind, detail);
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return String((err as { message?: unknown } | null)?.message ?? err);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0].trim();
}
