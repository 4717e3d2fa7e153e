// Drift: the public URL moved (a new random ngrok URL, a different own URL) but Auth0 or the workspace still
// point at the old one. Pure: the caller gathers what is configured; this only compares.

import { resourceUrlFor, type ResourceUrlForm } from '../config/resource-url';
import type { Diagnosis } from '../plan/types';
import { COMMAND } from '../ids';

export interface DriftInput {
  /** The tunnel's current public URL. */
  publicUrl: string;
  /** How the resource URL is derived from it (origin, or origin + "/mcp"). */
  form: ResourceUrlForm;
  /**
   * Identifiers of the product's Auth0 APIs (not the Management API). Undefined = not known yet (not checked);
   * empty = none exist, which is a setup step, not drift.
   */
  apiIdentifiers?: readonly string[];
  /** Tenant settings default_audience. Undefined/null/"" = unknown or unset: the setup step's business, not drift. */
  defaultAudience?: string | null;
  /** AUTH0_RESOURCE_SERVER_URL from the workspace .env. Undefined/null = no .env or no such key. */
  envResourceUrl?: string | null;
}

export type DriftSubject = 'api-identifier' | 'default-audience' | 'env';

export interface DriftFinding extends Diagnosis {
  subject: DriftSubject;
  /** The resource URL the current public URL calls for. */
  expected: string;
  /** What is configured instead. */
  actual: string;
}

const POINT_AT_NEW_URL = { kind: 'command', command: COMMAND.pointAuth0AtUrl, label: 'Point Auth0 at the new URL' } as const;

/** Every place still pointing elsewhere; [] when all agree. Throws the UserError of parsePublicUrl for an invalid publicUrl. */
export function detectDrift(input: DriftInput): DriftFinding[] {
  const expected = resourceUrlFor(input.publicUrl, input.form);
  const findings: DriftFinding[] = [];

  // Identifiers compare byte for byte: Auth0 treats a trailing slash or a path as a different API.
  const ids = input.apiIdentifiers ?? [];
  if (ids.length > 0 && !ids.includes(expected)) {
    const actual = ids.join(', ');
    findings.push({
      subject: 'api-identifier',
      expected,
      actual,
      problem: `No Auth0 API has the identifier ${expected}: the API${ids.length > 1 ? 's are' : ' is'} still at ${actual}. Tokens for the new URL will be refused.`,
      fix: 'Create an API for the new URL (an identifier cannot be changed) and point the Default Audience and .env at it.',
      action: POINT_AT_NEW_URL,
    });
  }

  if (input.defaultAudience && input.defaultAudience !== expected) {
    findings.push({
      subject: 'default-audience',
      expected,
      actual: input.defaultAudience,
      problem: `The tenant's Default Audience is ${input.defaultAudience}, not ${expected}: ChatGPT would get tokens for the old URL.`,
      fix: `Set the Default Audience to ${expected}.`,
      action: POINT_AT_NEW_URL,
    });
  }

  if (input.envResourceUrl != null && input.envResourceUrl.trim() !== expected) {
    findings.push({
      subject: 'env',
      expected,
      actual: input.envResourceUrl,
      problem: `The workspace .env has AUTH0_RESOURCE_SERVER_URL=${input.envResourceUrl || '(empty)'}, not ${expected}: the server would advertise the old URL.`,
      fix: `Set AUTH0_RESOURCE_SERVER_URL to ${expected} in .env and restart the server.`,
      action: POINT_AT_NEW_URL,
    });
  }

  return findings;
}
