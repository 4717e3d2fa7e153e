// What each attacker probe means when the server lets it through: the hole in plain words, who could get in through
// it, and the fix (the validation the server's code must do), linking media/server-reference.md.

import { COMMAND } from '../ids';
import type { FixAction } from '../plan/types';
import type { ProbeFinding, ProbeId } from './types';

export const PROBE_TITLES: Record<ProbeId, string> = {
  malformed: 'a malformed token',
  'foreign-key': "a token signed by another key under the tenant's kid",
  'alg-none': 'an unsigned token (alg: none)',
  'hs256-public-key': "an HS256 token keyed with the tenant's public key",
  'other-audience': 'a token the tenant signed for another API',
  'query-token': 'your token in the query string, no header',
  'tampered-payload': 'your token with one byte of its payload changed',
};

const HOLES: Record<ProbeId, { hole: string; who: string }> = {
  malformed: {
    hole: 'accepts any Bearer string as a sign-in: it never validates the token',
    who: 'Anyone on the internet who sends "Authorization: Bearer" with any text gets in.',
  },
  'foreign-key': {
    hole: "reads the token's claims but never checks its signature against the tenant's keys",
    who: 'Anyone gets in: they write a token with your issuer and identifier and sign it with a key of their own.',
  },
  'alg-none': {
    hole: 'accepts unsigned tokens (alg: none)',
    who: 'Anyone gets in with a token that has your issuer and identifier and no signature at all.',
  },
  'hs256-public-key': {
    hole: "accepts HS256 tokens whose secret is the tenant's public key (algorithm confusion, RFC 8725 §2.1)",
    who: "Anyone gets in: the public key is published at the tenant's JWKS URL, so anyone can sign such a token.",
  },
  'other-audience': {
    hole: 'accepts tokens the tenant issued for other APIs: it does not check that aud is the identifier',
    who: 'Anyone who can get a token from your tenant for any other API gets in: users of your other apps, any machine-to-machine application of the tenant.',
  },
  'query-token': {
    hole: 'takes the access token from the URL query string (?access_token=)',
    who: 'Anyone who reads a URL with a token in it gets in as that user: proxy and server logs, browser history, Referer headers.',
  },
  'tampered-payload': {
    hole: 'accepted a real token whose payload was changed: it does not check the signature',
    who: "Anyone holding any token of your tenant can rewrite its claims (another user's sub, more scopes) and get in as someone else.",
  },
};

export const SERVER_REFERENCE_ACTION: FixAction = { kind: 'command', command: COMMAND.showServerReference, label: 'Show How to Protect Your Own MCP Server' };

/** The validation every request's token must pass, in the server's own values. */
export function validationFix(issuer: string, resource: string): string {
  const base = issuer.endsWith('/') ? issuer : `${issuer}/`;
  return (
    `Validate every token before using it: the signature against the tenant's keys (${base}.well-known/jwks.json), RS256 only, ` +
    `iss exactly "${issuer}", aud equal to "${resource}", exp, and the token only from the Authorization header; answer 401 otherwise. ` +
    `With jose: jwtVerify(token, createRemoteJWKSet(new URL("${base}.well-known/jwks.json")), { issuer: "${issuer}", audience: "${resource}", algorithms: ["RS256"] }), ` +
    `or Auth0's express-oauth2-jwt-bearer: auth({ issuerBaseURL: "${base}", audience: "${resource}" }). See media/server-reference.md.`
  );
}

/** A probe the server took as signed in: a hole. */
export function holeFinding(id: ProbeId, issuer: string, resource: string): ProbeFinding {
  const { hole, who } = HOLES[id];
  return {
    severity: 'hole',
    who,
    problem: `Your MCP server let in ${PROBE_TITLES[id]}: it ${hole}. ${who}`,
    fix: validationFix(issuer, resource),
    action: SERVER_REFERENCE_ACTION,
  };
}

/** Mixed auth: an invalid token read as "signed out" instead of 401 (the MCP authorization spec). */
export function signedOutFinding(id: ProbeId, issuer: string, resource: string, resourceMetadataUrl: string): ProbeFinding {
  // The other-audience token carries no scope, so a scoped tool challenges it even on a server that took it as a
  // sign-in: only 401 would have shown that the audience is checked.
  const audience =
    id === 'other-audience'
      ? ' This token carries no scope, so its answer cannot show whether the audience was checked: if it is not, a token for another API that carries your scopes gets in.'
      : '';
  return {
    severity: 'spec',
    who: 'Nobody gets in through it: the token only reached what is public.',
    problem:
      `Your MCP server answered ${PROBE_TITLES[id]} as if nobody had signed in, instead of 401: the MCP authorization spec says an invalid ` +
      'or expired token MUST get 401 even where the request would be public, or ChatGPT is never told to sign in again when its token goes bad. ' +
      `Nobody gets in through it: the token only reached what is public.${audience}`,
    fix:
      `Answer any request whose Authorization header fails validation with 401 and WWW-Authenticate: Bearer error="invalid_token", resource_metadata="${resourceMetadataUrl}"; ` +
      `treat only a request without a token as signed out. ${validationFix(issuer, resource)}`,
    action: SERVER_REFERENCE_ACTION,
  };
}
