// Pure: what Auth0's answer to an unattended GET /authorize means, read without following it, and what a refusal
// means for the tenant. Auth0 answers before any login: the login page when it accepts the request, or an error,
// redirected to the client (first-party) or shown on its own error page (third-party apps such as ChatGPT's).

import { STEP } from '../plan/steps';
import { asDiagnosis, diagnose } from '../logs/diagnose';
import type { Diagnosis } from '../plan/types';

export type AuthorizeAnswer =
  /** The tenant accepted the request and asks the user to sign in. */
  | { kind: 'login'; location: string }
  /** Back at the client with a code (a session already existed): accepted as well. */
  | { kind: 'code' }
  | { kind: 'error'; via: 'redirect' | 'error-page'; message: string }
  /** Another page of the tenant: read it before deciding. */
  | { kind: 'follow'; url: string }
  | { kind: 'unknown'; detail: string };

const LOGIN_PATH = /^\/(?:u\/login(?:\/|$)|login(?:\/|$)|interaction\/)/;

export interface AnswerInput {
  /** The URL that was requested (for relative Location headers). */
  url: string;
  status: number;
  location: string | null;
  body: string;
  redirectUri: string;
}

export function readAuthorizeAnswer({ url, status, location, body, redirectUri }: AnswerInput): AuthorizeAnswer {
  const requested = new URL(url);
  if (location) {
    const to = new URL(location, requested);
    const error = to.searchParams.get('error');
    const description = to.searchParams.get('error_description');
    if (`${to.origin}${to.pathname}` === redirectUri) {
      if (error) return { kind: 'error', via: 'redirect', message: description || error };
      if (to.searchParams.get('code')) return { kind: 'code' };
      return { kind: 'unknown', detail: `redirected to the client without a code or an error` };
    }
    // Auth0's error page (or the tenant's own error page URL) carries the error in its query.
    if (error || description) return { kind: 'error', via: 'error-page', message: description || error || '' };
    if (to.origin === requested.origin && LOGIN_PATH.test(to.pathname)) return { kind: 'login', location: to.pathname };
    if (to.origin === requested.origin) return { kind: 'follow', url: to.href };
    return { kind: 'unknown', detail: `redirected to ${to.origin}${to.pathname}` };
  }
  const text = pageText(body);
  const json = jsonError(body);
  if (json) return { kind: 'error', via: 'error-page', message: json };
  if (status >= 400 || text.split('\n').some((line) => diagnose(probeEvent(line))))
    return { kind: 'error', via: 'error-page', message: errorText(text) || `HTTP ${status}` };
  return { kind: 'unknown', detail: `answered ${status} with ${text ? `"${text.replace(/\n/g, ' ').slice(0, 120)}"` : 'an empty page'}` };
}

/** The step a refusal points at, with its fix; `resource` is what the request asked for. */
export function refusalDiagnosis(message: string, resource: string): Diagnosis & { stepId?: string } {
  const otherApi =
    /is not authorized to access resource server "?([^"\s]+?)"?\.?(?:\s|$)/i.exec(message)?.[1] ?? /Service not found:?\s*(\S+)/i.exec(message)?.[1];
  if (otherApi && otherApi.replace(/\.$/, '') !== resource) {
    // Auth0 used another audience than the resource asked for: the Default Audience, because `resource` was ignored.
    return {
      problem: `Auth0 answered "${message}": it used "${otherApi.replace(/\.$/, '')}" (the tenant's Default Audience) instead of the resource ChatGPT sends, "${resource}". The tenant ignores the resource parameter: the Resource Parameter Compatibility Profile is off.`,
      fix: "Turn on the Resource Parameter Compatibility Profile (Tenant Settings → Advanced), so Auth0 takes ChatGPT's resource as the audience.",
      action: { kind: 'apply', stepId: STEP.settings, label: 'Turn on the resource parameter profile' },
      stepId: STEP.settings,
    };
  }
  const found = diagnose(probeEvent(message));
  if (found && found.action) {
    const diagnosis = asDiagnosis(found);
    const stepId = found.action.kind === 'apply' ? found.action.stepId : undefined;
    const problem = `Auth0 refused ChatGPT's sign-in request: "${message}". ${diagnosis.problem}`;
    return { ...diagnosis, problem, ...(stepId ? { stepId } : {}) };
  }
  return {
    problem: `Auth0 refused ChatGPT's sign-in request: "${message}".`,
    fix: found?.fix ?? "Open the tenant's logs (Auth0 Logs view) for the failed login, fix what it names, then verify again.",
  };
}

/** The refusal as the log event Auth0 records for it, so the catalogue can explain it. */
function probeEvent(message: string) {
  return {
    log_id: 'probe',
    date: '',
    type: 'f',
    description: message,
    client_id: 'tpc_verify',
    client_name: "the verifier's test client (registered like ChatGPT)",
  };
}

function jsonError(body: string): string | undefined {
  try {
    const value = JSON.parse(body) as Record<string, unknown>;
    const text = value.error_description ?? value.message ?? value.error;
    return typeof text === 'string' && text ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The sentence a catalogue entry recognises in an error page, else the page's first words. */
function errorText(text: string): string {
  const lines = text.split('\n');
  return lines.find((line) => diagnose(probeEvent(line))) ?? lines.join(' ').slice(0, 300);
}

/** The lines of an HTML page: scripts and styles dropped, each tag a line break, entities decoded. */
function pageText(body: string): string {
  return body
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '\n')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&(?:quot|#34|#x22);/gi, '"')
    .replace(/&(?:#39|#x27|apos);/gi, "'")
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&amp;/gi, '&')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
