// Check 3: the tenant's metadata, discovered the way ChatGPT does (RFC 8414, then OpenID discovery): the issuer
// exactly as the resource metadata names it, PKCE S256, and a registration endpoint.

import { discoverAuthorizationServerMetadata } from '@modelcontextprotocol/sdk/client/auth.js';
import { STEP } from '../plan/steps';
import type { Diagnosis } from '../plan/types';
import type { VerifyContext } from './context';
import { networkErrorText, pathOf, type FetchFn } from '../http/fetch';
import { ENV_FIX } from './resource-match';
import { fail, pass, type CheckOutcome } from './types';

export const DCR_FIX = { kind: 'apply', stepId: STEP.dcr, label: 'Enable Dynamic Client Registration' } as const;

export async function checkAuthorizationServer(ctx: VerifyContext): Promise<CheckOutcome> {
  const issuer = ctx.issuer;
  if (!issuer) return fail('no authorization server to check', { problem: 'The metadata named no authorization server.', fix: 'Set AUTH0_DOMAIN.' });
  let servedAt: string | undefined;
  // Remember which discovery URL answered, for the detail line.
  const recording: FetchFn = async (input, init) => {
    const response = await ctx.fetch(input, init);
    if (response.ok) servedAt ??= String(input instanceof Request ? input.url : input);
    return response;
  };
  let metadata;
  try {
    metadata = await discoverAuthorizationServerMetadata(issuer, { fetchFn: recording });
  } catch (error) {
    return fail(`${issuer}: ${networkErrorText(error)}`, {
      problem: `The authorization server metadata of ${issuer} could not be read (${networkErrorText(error)}).`,
      fix: 'Check AUTH0_DOMAIN: the metadata must name your tenant (or its custom domain) exactly.',
    });
  }
  if (!metadata) {
    return fail(`no metadata at ${issuer} (.well-known/oauth-authorization-server or openid-configuration)`, {
      problem: `${issuer} serves no authorization server metadata, so ChatGPT cannot find where to sign in.`,
      fix: 'Check AUTH0_DOMAIN: the resource metadata must name your Auth0 tenant (or its custom domain).',
    });
  }
  const problems = authorizationServerProblems(metadata, issuer);
  const where = servedAt ? pathOf(servedAt) : 'the discovery URL';
  if (problems.length) return fail(`${where}: ${problems.map((p) => p.problem).join(' ')}`, problems[0]!);
  ctx.asMetadata = metadata;
  return pass(`${where}: issuer ${metadata.issuer}, S256, registration at ${metadata.registration_endpoint}`);
}

/** Pure: everything ChatGPT refuses in an authorization server's metadata, most important first. */
export function authorizationServerProblems(
  metadata: { issuer: string; code_challenge_methods_supported?: string[]; registration_endpoint?: string },
  advertisedIssuer: string,
): Diagnosis[] {
  const problems: Diagnosis[] = [];
  if (metadata.issuer !== advertisedIssuer) {
    problems.push({
      problem: `The tenant's issuer is "${metadata.issuer}" but the resource metadata names "${advertisedIssuer}"; ChatGPT needs them identical.`,
      fix: 'Set AUTH0_DOMAIN so the server advertises the issuer exactly as the tenant writes it (Auth0 ends it with a slash).',
      action: ENV_FIX,
    });
  }
  if (!metadata.code_challenge_methods_supported?.includes('S256')) {
    problems.push({
      problem: 'The authorization server does not advertise S256 in code_challenge_methods_supported; ChatGPT refuses such servers.',
      fix: 'Auth0 advertises S256: make sure the resource metadata names your Auth0 tenant (or its custom domain), not another server or proxy.',
    });
  }
  if (!metadata.registration_endpoint) {
    problems.push({
      problem: 'The tenant has no registration_endpoint: Dynamic Client Registration is off, so ChatGPT cannot register itself.',
      fix: 'Turn on Dynamic Client Registration (Tenant Settings → Advanced → OIDC Dynamic Application Registration).',
      action: DCR_FIX,
    });
  }
  return problems;
}
