// Check 6: the access token must be what the MCP server accepts: an RS256 JWS (not Auth0's opaque, JWE-shaped
// token for sign-ins without an audience) whose aud names the identifier and whose iss is the tenant.

import { STEP } from '../plan/steps';
import { loadJose } from '../mcp/jose';
import type { VerifyContext } from './context';
import { ENV_FIX } from './resource-match';
import { scopesOf, tokenScopeProblem } from './scope-check';
import { fail, pass, type CheckOutcome } from './types';

export async function checkToken(ctx: VerifyContext): Promise<CheckOutcome> {
  if (!ctx.accessToken || !ctx.issuer) return fail('no token', { problem: 'The sign-in produced no token.', fix: 'Fix the previous check.' });
  const outcome = await inspectAccessToken(ctx.accessToken, { resource: ctx.resource, issuer: ctx.issuer });
  if (outcome.status !== 'pass') return outcome;
  const jose = await loadJose();
  ctx.tokenScopes = scopesOf(jose.decodeJwt(ctx.accessToken));
  // Mixed auth: the tools' scopes are known already (read signed out); otherwise the tools check compares them.
  return (ctx.scopeNeeds && tokenScopeProblem(ctx.tokenScopes, ctx.scopeNeeds)) || outcome;
}

const NO_AUDIENCE = {
  fix: "Set the tenant's Default Audience to the API identifier, or turn on the Resource Parameter Compatibility Profile so the `resource` ChatGPT sends selects the API.",
  action: { kind: 'apply', stepId: STEP.settings, label: 'Set Default Audience and resource profile' },
} as const;

/** Decodes (does not verify) the token and says what the MCP server would think of it. */
export async function inspectAccessToken(token: string, expected: { resource: string; issuer: string }): Promise<CheckOutcome> {
  const parts = token.split('.');
  if (parts.length !== 3) {
    const shape = parts.length === 5 ? 'JWE-shaped (five parts)' : 'opaque';
    return fail(`The access token is ${shape}, not a JWT`, {
      problem: `The access token is ${shape}: the tenant issued it without an audience, so the MCP server cannot validate it ("invalid token").`,
      ...NO_AUDIENCE,
    });
  }
  const jose = await loadJose();
  let header: { alg?: string; typ?: string };
  let payload: { aud?: string | string[]; iss?: string; exp?: number; scope?: string };
  try {
    header = jose.decodeProtectedHeader(token);
    payload = jose.decodeJwt(token);
  } catch {
    return fail('The access token is opaque (three parts, but not a JSON Web Token)', {
      problem: 'The access token is not a JWT: the tenant issued it without an audience.',
      ...NO_AUDIENCE,
    });
  }
  if (header.alg !== 'RS256') {
    return fail(`The token is signed with ${header.alg ?? 'no algorithm'}, not RS256`, {
      problem: `The access token is signed with ${header.alg ?? 'no algorithm'}; the MCP server only accepts RS256 tokens checked against the tenant's public keys.`,
      fix: "Set the API's signing algorithm to RS256.",
      action: { kind: 'apply', stepId: STEP.api, label: 'Update the API' },
    });
  }
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  if (!audiences.includes(expected.resource)) {
    return fail(`aud is ${JSON.stringify(payload.aud ?? null)}, not "${expected.resource}"`, {
      problem: `The token's audience is ${JSON.stringify(payload.aud ?? null)}, not the identifier "${expected.resource}": the tenant issued it for another API, so the MCP server refuses it.`,
      fix: `Give the Auth0 API exactly the identifier "${expected.resource}" (or point the server at the API the tenant uses).`,
      action: { kind: 'apply', stepId: STEP.api, label: 'Create the API for the current URL' },
    });
  }
  if (payload.iss !== expected.issuer) {
    return fail(`iss is "${payload.iss ?? ''}", not "${expected.issuer}"`, {
      problem: `The token's issuer is "${payload.iss ?? ''}", not "${expected.issuer}", so the MCP server refuses it.`,
      fix: 'Set AUTH0_DOMAIN to the domain that issues the tokens (the custom domain if ChatGPT signs in through it).',
      action: ENV_FIX,
    });
  }
  const expiresIn = payload.exp ? Math.round((payload.exp * 1000 - Date.now()) / 60_000) : undefined;
  return pass(
    `RS256 ${header.typ ?? 'JWT'}, aud ${JSON.stringify(payload.aud)}, iss ${payload.iss}` +
      `${payload.scope ? `, scope "${payload.scope}"` : ''}${expiresIn !== undefined ? `, expires in ${expiresIn} min` : ''}`,
  );
}
