// Why a bearer token was refused, in three registers: a short code for stats, a reason for the log, a description
// safe to put in a WWW-Authenticate header, and (for causes a user can fix) a diagnosis. Never holds the token.

import { STEP } from '../plan/steps';
import type { Diagnosis } from '../plan/types';

export type RejectionCode =
  | 'empty'
  | 'too_large'
  | 'opaque'
  | 'encrypted'
  | 'malformed'
  | 'header_too_large'
  | 'alg_not_allowed'
  | 'typ_not_allowed'
  | 'unknown_kid'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'too_old'
  | 'missing_exp'
  | 'invalid_claims';

export interface TokenRejection {
  code: RejectionCode;
  /** For the log: may quote claim values (sanitised), never the token. */
  reason: string;
  /** For the WWW-Authenticate error_description: fixed wording, no quotes. */
  description: string;
  diagnosis?: Diagnosis;
}

// C0/C1 controls, line and paragraph separators (a log viewer breaks lines there), and bidi overrides and isolates
// (they reorder what a reader sees): none may reach a log line as itself.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LOGS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"\\]/g;

/** Keeps attacker-controlled claim values printable, on one line, in reading order and short before they reach a log. */
export function sanitize(value: unknown, max = 120): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const clean = text.replace(UNSAFE_IN_LOGS, (c) => (c === '"' || c === '\\' ? '?' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A NumericDate as ISO text, or undefined when it is not a number or beyond what a Date can hold (±275,760 years). */
export function isoTime(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number') return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const NO_AUDIENCE_FIX =
  "Auth0 returns opaque tokens when the authorization request names no API. Set the tenant's Default Audience to this " +
  "server's resource URL, or turn on the Resource Parameter Compatibility Profile so Auth0 takes ChatGPT's resource " +
  'parameter as the audience.';

export function opaqueRejection(segments: number): TokenRejection {
  const encrypted = segments === 5;
  return {
    code: encrypted ? 'encrypted' : 'opaque',
    reason: encrypted
      ? 'token is JWE-shaped (5 segments): an encrypted/opaque token, not a signed JWT; no audience was requested'
      : `token is not a JWT (${segments} segment${segments === 1 ? '' : 's'}): an opaque token; no audience was requested`,
    description:
      'The access token is opaque or encrypted, not a JWT for this API: no audience was requested. ' +
      'Set the Auth0 Default Audience or enable the Resource Parameter Compatibility Profile.',
    diagnosis: {
      problem: 'ChatGPT presented an opaque (encrypted) access token instead of a JWT signed for this API.',
      fix: NO_AUDIENCE_FIX,
      action: { kind: 'apply', stepId: STEP.settings, label: 'Set the Default Audience' },
    },
  };
}

export function rejection(code: RejectionCode, reason: string, diagnosis?: Diagnosis): TokenRejection {
  return { code, reason, description: DESCRIPTIONS[code], ...(diagnosis ? { diagnosis } : {}) };
}

const DESCRIPTIONS: Record<RejectionCode, string> = {
  empty: 'No access token was sent',
  too_large: 'The access token is too large',
  opaque: 'The access token is opaque, not a JWT',
  encrypted: 'The access token is encrypted, not a signed JWT',
  malformed: 'The access token is malformed',
  header_too_large: 'The access token header is too large',
  alg_not_allowed: 'The access token must be signed with RS256',
  typ_not_allowed: 'The access token type is not accepted',
  unknown_kid: 'The access token was signed by an unknown key',
  bad_signature: 'The access token signature is invalid',
  wrong_issuer: 'The access token was issued by another authorization server',
  wrong_audience: 'The access token was not issued for this resource',
  expired: 'The access token has expired',
  not_yet_valid: 'The access token is not yet valid',
  issued_in_future: 'The access token was issued in the future',
  too_old: 'The access token is older than any Auth0 token lifetime',
  missing_exp: 'The access token has no expiry',
  invalid_claims: 'The access token claims are invalid',
};
