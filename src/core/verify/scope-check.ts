// Whether the token carries every scope the tools declare. On Auth0 a third-party app's token carries only the scopes
// both requested and named by the API's default third-party grant (the grant is a ceiling), so a scope missing here
// means the tenant's Scopes step is not done, and the tools needing it answer insufficient_scope.

import { STEP } from '../plan/steps';
import type { ScopeNeed } from '../scopes/tool-scopes';
import { fail, type CheckOutcome } from './types';

export function tokenScopeProblem(tokenScopes: readonly string[], needs: readonly ScopeNeed[]): CheckOutcome | undefined {
  const have = new Set(tokenScopes);
  const missing = needs.filter((n) => !have.has(n.scope));
  if (!missing.length) return undefined;
  const lines = missing.map((n) => `${n.scope} (needed by ${n.tools.length ? n.tools.join(', ') : 'your extra scopes setting'})`);
  const tools = [...new Set(missing.flatMap((n) => n.tools))];
  return fail(`The token lacks ${lines.join(', ')}`, {
    problem: `The token ChatGPT would get lacks ${lines.join(', ')}: ${tools.length ? `${tools.join(', ')} would answer "insufficient_scope"` : 'requests needing it are refused'}. Auth0 gives apps ChatGPT registers only the scopes the API defines as permissions and its default third-party grant names.`,
    fix: `Add ${missing.map((n) => n.scope).join(', ')} to the API's permissions and to the default third-party grant (the Scopes step), then verify again.`,
    action: { kind: 'apply', stepId: STEP.scopes, label: 'Add the missing scopes' },
  });
}

/** The `scope` claim of a JWT access token, undecoded claims tolerated. */
export function scopesOf(payload: { scope?: unknown; scp?: unknown }): string[] {
  if (typeof payload.scope === 'string') return payload.scope.split(/\s+/).filter(Boolean);
  if (Array.isArray(payload.scp)) return payload.scp.filter((s): s is string => typeof s === 'string');
  return [];
}
