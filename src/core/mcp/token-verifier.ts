// Verifies Auth0 access tokens for this resource server: RS256 against the tenant's JWKS (cached, refetched on an
// unknown kid, rate-limited by jose's cooldown, backed off while the endpoint fails), iss exact, aud containing the
// resource, exp required, iat not in the future nor older than any Auth0 token lifetime, small skew.

import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { InvalidTokenError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { loadJose, type Jose } from './jose';
import { silentLogger, type McpLogger } from './logger';
import { isoTime, rejection, sanitize, type TokenRejection } from './token-rejection';
import { capBody } from '../http/fetch';
import { inspectTokenShape } from './token-shape';

/** Auth0 publishes two or three keys (a few KB); 256 KB is ample. */
const MAX_JWKS_BYTES = 256 * 1024;

export interface TokenVerifierOptions {
  issuer: string;
  jwksUri: string;
  /** Read on every call: the resource URL can change while the server runs (tunnel restarted). */
  audience: () => string;
  clockToleranceSec?: number;
  /** Minimum time between two JWKS fetches triggered by unknown kids. */
  jwksCooldownMs?: number;
  /**
   * How long a verified token is remembered (default 60 s, 0 = off). ChatGPT reuses one token for many calls; exp and
   * the audience are still checked on every use, so the cache only skips repeating the signature check.
   */
  cacheTtlMs?: number;
  logger?: McpLogger;
  onReject?: (rejection: TokenRejection) => void;
}

export interface VerifierStats {
  jwksFetches: number;
  cacheHits: number;
  accepted: number;
  rejected: number;
}

export interface TokenVerifier extends OAuthTokenVerifier {
  readonly stats: VerifierStats;
  /** Refuses a credential found bad before verification (e.g. a malformed Authorization header): counted and logged. */
  refuse(rejection: TokenRejection): never;
}

/** Auth0's longest configurable access token lifetime (30 days): a token issued earlier cannot be genuine. */
const MAX_TOKEN_AGE_SEC = 30 * 24 * 3600;

/** A refused token: a 401 invalid_token for the SDK's bearer middleware, carrying the reason for logs and UI. */
export class TokenRejectedError extends InvalidTokenError {
  constructor(readonly rejection: TokenRejection) {
    super(rejection.description);
  }
}

/** A failing JWKS endpoint is asked again no sooner than this (or the cooldown, if longer). */
const MIN_JWKS_RETRY_MS = 5_000;

type RemoteJwks = ReturnType<Jose['createRemoteJWKSet']>;
/** jose's own cache record of the last key set it loaded; `uat` changes on every successful reload. */
type JwksCache = { uat?: number; jwks?: { keys: Array<{ kid?: string }> } };

/** Thrown instead of fetching while the JWKS endpoint is backed off after a failure. */
class JwksBackedOffError extends Error {}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const logger = options.logger ?? silentLogger;
  const stats: VerifierStats = { jwksFetches: 0, cacheHits: 0, accepted: 0, rejected: 0 };
  const cache = new VerifiedTokenCache(options.cacheTtlMs ?? 60_000);
  const toleranceSec = options.clockToleranceSec ?? 30;
  const cooldownMs = options.jwksCooldownMs ?? 30_000;
  const loaded: JwksCache = {};
  // jose rate-limits refetches only after a successful load; after a failure every unknown kid would fetch again.
  let retryJwksAt = 0;
  let jwks: RemoteJwks | undefined;

  const keySet = async (jose: Jose): Promise<RemoteJwks> => {
    jwks ??= jose.createRemoteJWKSet(new URL(options.jwksUri), {
      cooldownDuration: cooldownMs,
      timeoutDuration: 5_000,
      // jose fills it in on every successful load; it starts empty, as its type allows.
      [jose.jwksCache]: loaded as Record<string, never>,
      // Counted so the benchmark and the UI can show that keys are fetched once, not per request.
      [jose.customFetch]: async (url: string, init: RequestInit) => {
        if (Date.now() < retryJwksAt) throw new JwksBackedOffError('the JWKS endpoint failed moments ago; not retrying yet');
        stats.jwksFetches++;
        logger.debug(`Fetching JWKS from ${options.jwksUri}`);
        // A key set is a few KB: a larger answer is cut off, never held in memory.
        return capBody(await fetch(url, init), MAX_JWKS_BYTES, url);
      },
    });
    return jwks;
  };

  const reject = (r: TokenRejection): never => {
    stats.rejected++;
    logger.warn(`Rejected access token: ${r.reason}${r.diagnosis ? `. Fix: ${r.diagnosis.fix}` : ''}`);
    options.onReject?.(r);
    throw new TokenRejectedError(r);
  };

  return {
    stats,
    refuse: reject,
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      const audience = options.audience();
      const cached = cache.get(token, audience, Date.now() / 1000 - toleranceSec, loaded);
      if (cached) {
        stats.cacheHits++;
        stats.accepted++;
        return toAuthInfo(token, cached, audience, toleranceSec);
      }
      const shape = inspectTokenShape(token);
      if (!shape.ok) return reject(shape.rejection);
      const jose = await loadJose();
      let payload: Record<string, unknown>;
      try {
        const result = await jose.jwtVerify(token, await keySet(jose), {
          issuer: options.issuer,
          audience,
          algorithms: ['RS256'],
          clockTolerance: toleranceSec,
          maxTokenAge: MAX_TOKEN_AGE_SEC,
          requiredClaims: ['exp'],
        });
        payload = result.payload as Record<string, unknown>;
      } catch (error) {
        const r = classify(jose, error, options.issuer, audience, token);
        if (r) return reject(r);
        if (!(error instanceof JwksBackedOffError)) {
          retryJwksAt = Date.now() + Math.max(cooldownMs, MIN_JWKS_RETRY_MS);
          logger.error(`Cannot verify access tokens: the JWKS at ${options.jwksUri} is unavailable (${errorMessage(error)})`);
        }
        // Keys loaded before name every kid this tenant signs with; a token under another kid is refused, not a 500.
        const kid = shape.header.kid;
        if (loaded.jwks && !loaded.jwks.keys.some((k) => k.kid === kid)) {
          return reject(rejection('unknown_kid', `no key in the tenant JWKS matches kid ${sanitize(kid)} (the JWKS could not be refreshed)`));
        }
        throw new ServerError('The authorization server keys are unavailable');
      }
      stats.accepted++;
      cache.set(token, audience, payload, shape.header.kid, loaded.uat);
      return toAuthInfo(token, payload, audience, toleranceSec);
    },
  };
}

/** Maps a jose failure to a rejection; undefined means the keys could not be fetched (a server problem, not the token's). */
function classify(jose: Jose, error: unknown, issuer: string, audience: string, token: string): TokenRejection | undefined {
  const { errors } = jose;
  if (error instanceof errors.JWTExpired && error.claim === 'iat') {
    return rejection('too_old', `token issued at ${isoClaim(token, 'iat')}, more than 30 days ago`);
  }
  if (error instanceof errors.JWTExpired) return rejection('expired', `token expired at ${isoClaim(token, 'exp')}`);
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claims = decodeClaims(token);
    switch (error.claim) {
      case 'iat':
        return error.reason === 'check_failed'
          ? rejection('issued_in_future', `token issued at ${isoClaim(token, 'iat')}, in the future`)
          : rejection('invalid_claims', 'token has no usable iat claim');
      case 'iss':
        return rejection('wrong_issuer', `issuer ${sanitize(claims.iss)} is not ${issuer}`, {
          problem: `The token was issued by ${sanitize(claims.iss)}, but this server trusts ${issuer}.`,
          fix: 'Point AUTH0_DOMAIN at the tenant that issues the tokens (Auth0 issuers end with a slash).',
        });
      case 'aud':
        return rejection('wrong_audience', `audience ${sanitize(claims.aud)} does not contain ${audience}`, {
          problem: `The token is for ${sanitize(claims.aud)}, not for this server's resource ${audience}.`,
          fix: 'The Auth0 API identifier must equal the resource URL byte for byte; if the tunnel URL changed, update the API.',
        });
      case 'nbf':
        return rejection('not_yet_valid', `token not valid before ${isoClaim(token, 'nbf')}`);
      case 'exp':
        return rejection('missing_exp', 'token has no usable exp claim');
      default:
        return rejection('invalid_claims', `claim ${sanitize(error.claim)} is invalid (${sanitize(error.reason)})`);
    }
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return rejection('unknown_kid', 'no key in the tenant JWKS matches the token kid');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return rejection('bad_signature', 'signature verification failed');
  if (error instanceof errors.JOSEAlgNotAllowed) return rejection('alg_not_allowed', 'algorithm not allowed');
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid || error instanceof errors.JOSENotSupported) {
    return rejection('malformed', `token is malformed (${sanitize(error.message)})`);
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error instanceof TypeError) return undefined;
  // A bare JOSEError comes from the JWKS fetch (non-200, bad JSON): the keys are unavailable, not the token bad.
  if (error instanceof errors.JOSEError && error.code !== 'ERR_JOSE_GENERIC') return rejection('malformed', `token rejected (${sanitize(error.code)})`);
  return undefined;
}

function toAuthInfo(token: string, payload: Record<string, unknown>, audience: string, toleranceSec: number): AuthInfo {
  const scopes = new Set<string>();
  if (typeof payload.scope === 'string') for (const s of payload.scope.split(' ')) if (s) scopes.add(s);
  // Auth0's "access_token_authz" dialect and RBAC put API permissions here instead of (or besides) scope.
  if (Array.isArray(payload.permissions)) for (const p of payload.permissions) if (typeof p === 'string') scopes.add(p);
  const exp = payload.exp as number;
  const clientId = typeof payload.azp === 'string' ? payload.azp : typeof payload.client_id === 'string' ? payload.client_id : '';
  return {
    token,
    clientId,
    scopes: [...scopes],
    // The SDK's bearer middleware compares expiresAt with this machine's clock without any skew allowance; a token
    // jose accepted within the tolerance would be refused there, so it gets the tolerance added. extra.exp is exact.
    expiresAt: exp <= Date.now() / 1000 ? exp + toleranceSec : exp,
    resource: new URL(audience),
    extra: { sub: payload.sub, iss: payload.iss, exp },
  };
}

function decodeClaims(token: string): Record<string, unknown> {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isoClaim(token: string, claim: 'exp' | 'nbf' | 'iat'): string {
  const value = decodeClaims(token)[claim];
  return isoTime(value) ?? sanitize(value);
}

function errorMessage(error: unknown): string {
  return sanitize(error instanceof Error ? error.message : error, 200);
}

interface CacheEntry {
  audience: string;
  payload: Record<string, unknown>;
  until: number;
  kid: unknown;
  /** The key set load (jose's `uat`) this entry was last checked against. */
  keysAt: number | undefined;
}

/**
 * Verified payloads by exact token string, bounded in size and age; an entry is valid only for its audience and exp,
 * and only while its signing key is in the key set jose loaded last (a revoked key ends its tokens at the reload).
 */
class VerifiedTokenCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get(token: string, audience: string, notExpiredBefore: number, keys: JwksCache): Record<string, unknown> | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.keysAt !== keys.uat) {
      if (!keys.jwks?.keys.some((k) => k.kid === entry.kid)) {
        this.entries.delete(token);
        return undefined;
      }
      entry.keysAt = keys.uat;
    }
    if (entry.until < Date.now() || entry.audience !== audience || (entry.payload.exp as number) < notExpiredBefore) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.payload;
  }

  set(token: string, audience: string, payload: Record<string, unknown>, kid: unknown, keysAt: number | undefined): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { audience, payload, until: Date.now() + this.ttlMs, kid, keysAt });
  }
}
