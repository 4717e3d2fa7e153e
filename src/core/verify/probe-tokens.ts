// The hostile tokens of the attacker probes, built with `jose` from what anyone can read: the tenant's issuer, the
// identifier, and the tenant's public keys (its JWKS). None needs a secret of the tenant. RFC 8725 §2 lists the
// validator mistakes each one finds; the MCP authorization spec says every one must get 401.

import { loadJose } from '../mcp/jose';
import type { FetchFn } from '../http/fetch';

export interface TenantKeys {
  /** The kid of the tenant's first RS256 signing key (forged tokens claim it). */
  kid?: string;
  /** That key as SPKI PEM: the HMAC secret of the algorithm-confusion token. */
  publicKeyPem?: string;
  /** Why the keys could not be read (the probes that need them are not run). */
  problem?: string;
}

/** Reads the tenant's JWKS (public keys only; nothing is sent but a GET). */
export async function readTenantKeys(fetchFn: FetchFn, jwksUri: string): Promise<TenantKeys> {
  try {
    const response = await fetchFn(jwksUri, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      await response.body?.cancel();
      return { problem: `${jwksUri} answered ${response.status}` };
    }
    const { keys } = (await response.json()) as { keys?: Array<Record<string, unknown>> };
    const jwk = (keys ?? []).find((k) => k.kty === 'RSA' && (k.use === undefined || k.use === 'sig') && (k.alg === undefined || k.alg === 'RS256'));
    if (!jwk) return { problem: `${jwksUri} lists no RS256 signing key` };
    const jose = await loadJose();
    const key = await jose.importJWK({ kty: 'RSA', n: jwk.n as string, e: jwk.e as string }, 'RS256', { extractable: true });
    return { ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}), publicKeyPem: await jose.exportSPKI(key as CryptoKey) };
  } catch (error) {
    return { problem: `${jwksUri} could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** What a token the tenant issued for the identifier would claim; the forged tokens claim exactly this. */
export function forgedClaims(issuer: string, audience: string, scopes: readonly string[]): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer,
    aud: audience,
    sub: 'auth0|verify-probe-nobody',
    azp: 'verify-probe',
    ...(scopes.length ? { scope: scopes.join(' ') } : {}),
    iat: now,
    exp: now + 300,
  };
}

let foreignKey: Promise<CryptoKey> | undefined;

/** RS256 with a key that is not the tenant's, under the tenant's kid: passes a server that never checks signatures. */
export async function foreignKeyToken(claims: Record<string, unknown>, kid: string | undefined): Promise<string> {
  const jose = await loadJose();
  // One key per process: generating an RSA key is the slow part.
  foreignKey ??= jose.generateKeyPair('RS256').then((pair) => pair.privateKey);
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) }).sign(await foreignKey);
}

/** The same claims, unsigned (`alg: none`, empty signature). */
export async function unsignedToken(claims: Record<string, unknown>): Promise<string> {
  const jose = await loadJose();
  return new jose.UnsecuredJWT(claims).encode();
}

/**
 * HS256 whose HMAC key is the tenant's public key as PEM (algorithm confusion): a library that takes "the key" and
 * the token's own `alg` verifies it. Both PEM spellings libraries produce: with and without the final newline.
 */
export async function publicKeyHmacTokens(claims: Record<string, unknown>, kid: string | undefined, publicKeyPem: string): Promise<string[]> {
  const jose = await loadJose();
  const pem = publicKeyPem.trimEnd();
  return Promise.all(
    [pem, `${pem}\n`].map((secret) =>
      new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(kid ? { kid } : {}) }).sign(new TextEncoder().encode(secret)),
    ),
  );
}

/**
 * A real token with one byte of its payload changed (the last character of `sub`), re-encoded so the claims still
 * parse: a server that reads claims without checking the signature takes it; the header and signature are untouched.
 */
export function tamperedToken(token: string): string | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || signature === undefined) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const json = JSON.stringify(claims);
  const sub = typeof claims.sub === 'string' && claims.sub.length ? claims.sub : undefined;
  const changed = sub
    ? JSON.stringify({ ...claims, sub: sub.slice(0, -1) + (sub.endsWith('x') ? 'y' : 'x') })
    : json.replace(/"exp":(\d)/, (_m, d: string) => `"exp":${d === '9' ? '8' : String(Number(d) + 1)}`);
  return `${header}.${Buffer.from(changed, 'utf8').toString('base64url')}.${signature}`;
}

/** The parts of a token's header and claims worth showing (never the token itself). */
export function describeToken(token: string): string {
  const [header, payload] = token.split('.');
  try {
    const h = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const p = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    return `header ${JSON.stringify(pick(h, ['alg', 'typ', 'kid']))}, claims ${JSON.stringify(pick(p, ['iss', 'aud', 'sub', 'scope', 'exp']))}`;
  } catch {
    return 'an opaque string';
  }
}
