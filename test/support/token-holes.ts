// How an own MCP server's token check can go wrong, one hole each, written from the MCP authorization spec (servers
// MUST validate tokens per OAuth 2.1 §5.2, MUST check the audience, MUST answer invalid tokens with 401, MUST NOT take
// tokens from the query string) and RFC 8725 §2 (JWT pitfalls: alg none, algorithm confusion, missing signature or
// audience checks). `sound` is the validation media/server-reference.md shows. See test/support/README.md.

import { createPublicKey } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';

export type TokenHole =
  /** any `Bearer` string is a sign-in (no validation at all) */
  | 'any-bearer'
  /** iss, aud and exp checked on the decoded claims; the signature never */
  | 'no-signature'
  /** a token with `alg: none` is taken on its (checked) claims; signed ones are verified properly */
  | 'alg-none'
  /** an HS256 token is verified with the issuer's RSA public key (PEM) as the HMAC secret (old jsonwebtoken) */
  | 'hs256-public-key'
  /** signature and issuer checked, audience not: any API's token of the tenant passes */
  | 'audience-unchecked'
  /** a valid token is also taken from `?access_token=` */
  | 'query-token'
  /** mixed auth: an invalid token is treated as signed out instead of 401 */
  | 'signed-out-on-invalid';

export interface TokenCheckConfig {
  issuer: string;
  jwksUri: string;
  audience: string;
  hole?: TokenHole;
}

/** undefined: no token presented (signed out); `invalid`: answer 401 with that reason; otherwise the accepted claims. */
export type TokenDecision = { payload: JWTPayload; token: string } | { invalid: string } | undefined;

export function tokenChecker(config: TokenCheckConfig): (authorization: string | undefined, url: URL) => Promise<TokenDecision> {
  const jwks = createRemoteJWKSet(new URL(config.jwksUri));
  const sound = async (token: string) => (await jwtVerify(token, jwks, { issuer: config.issuer, audience: config.audience, algorithms: ['RS256'] })).payload;
  let publicKeyPem: Promise<string> | undefined;
  // As jwks-rsa hands keys to jsonwebtoken: Node's SPKI PEM (with its final newline).
  const pem = () =>
    (publicKeyPem ??= fetch(config.jwksUri)
      .then((r) => r.json() as Promise<{ keys: Array<Record<string, unknown>> }>)
      .then(({ keys }) => createPublicKey({ key: keys[0] as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string));
  const claimsOk = (p: JWTPayload) => {
    const audiences = typeof p.aud === 'string' ? [p.aud] : (p.aud ?? []);
    if (p.iss !== config.issuer || !audiences.includes(config.audience) || (p.exp ?? 0) * 1000 < Date.now()) throw new Error('claims do not match');
    return p;
  };
  const check: Record<TokenHole | 'sound', (token: string) => Promise<JWTPayload>> = {
    sound,
    'any-bearer': async () => ({ sub: 'whoever', scope: 'notes:read notes:write' }),
    'no-signature': async (token) => claimsOk(decodeJwt(token)),
    'alg-none': async (token) => (decodeProtectedHeader(token).alg === 'none' ? claimsOk(decodeJwt(token)) : sound(token)),
    'hs256-public-key': async (token) =>
      decodeProtectedHeader(token).alg === 'HS256'
        ? (await jwtVerify(token, new TextEncoder().encode(await pem()), { issuer: config.issuer, audience: config.audience })).payload
        : sound(token),
    'audience-unchecked': async (token) => (await jwtVerify(token, jwks, { issuer: config.issuer, algorithms: ['RS256'] })).payload,
    'query-token': sound,
    'signed-out-on-invalid': sound,
  };
  const validate = check[config.hole ?? 'sound'];
  return async (authorization, url) => {
    let token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!authorization && config.hole === 'query-token') token = url.searchParams.get('access_token') ?? undefined;
    if (!authorization && !token) return undefined;
    try {
      if (!token) throw new Error('not a Bearer token');
      return { payload: await validate(token), token };
    } catch (error) {
      return config.hole === 'signed-out-on-invalid' ? undefined : { invalid: error instanceof Error ? error.message : 'invalid token' };
    }
  };
}
