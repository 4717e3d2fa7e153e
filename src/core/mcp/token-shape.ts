// Cheap structural checks before any cryptography: they turn the common real-world failures (opaque or JWE tokens,
// wrong algorithm) into precise diagnoses and keep oversized or garbage input away from the JOSE parser.

import { opaqueRejection, rejection, sanitize, type TokenRejection } from './token-rejection';

/** Auth0 headers are ~100 bytes; anything near this is an attack or a mistake. */
const MAX_HEADER_CHARS = 2048;
/** Generous for tokens carrying many permissions, well under Node's 16 KiB header limit. */
const MAX_TOKEN_CHARS = 12 * 1024;

const B64URL = /^[A-Za-z0-9_-]+$/;
const ACCEPTED_TYP = new Set(['jwt', 'at+jwt']);

export type ShapeResult = { ok: true; header: Record<string, unknown> } | { ok: false; rejection: TokenRejection };

export function inspectTokenShape(token: string): ShapeResult {
  const fail = (r: TokenRejection): ShapeResult => ({ ok: false, rejection: r });
  if (!token.trim()) return fail(rejection('empty', 'empty bearer token'));
  if (token.length > MAX_TOKEN_CHARS) return fail(rejection('too_large', `token is ${token.length} characters (limit ${MAX_TOKEN_CHARS})`));
  const segments = token.split('.');
  if (segments.length !== 3) return fail(opaqueRejection(segments.length));
  const [headerPart, payloadPart, signaturePart] = segments as [string, string, string];
  if (headerPart.length > MAX_HEADER_CHARS) {
    return fail(rejection('header_too_large', `JOSE header is ${headerPart.length} characters (limit ${MAX_HEADER_CHARS})`));
  }
  if (!B64URL.test(headerPart) || !B64URL.test(payloadPart)) return fail(rejection('malformed', 'header or payload is not base64url'));
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
  } catch {
    return fail(rejection('malformed', 'header is not JSON'));
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) return fail(rejection('malformed', 'header is not a JSON object'));
  const h = header as Record<string, unknown>;
  if (h.alg !== 'RS256') return fail(rejection('alg_not_allowed', `alg ${sanitize(h.alg)} is not RS256`));
  if (h.enc !== undefined) return fail(opaqueRejection(5));
  if (!B64URL.test(signaturePart)) return fail(rejection('malformed', 'signature is missing or not base64url'));
  if (h.typ !== undefined) {
    const typ = typeof h.typ === 'string' ? h.typ.toLowerCase().replace(/^application\//, '') : '';
    if (!ACCEPTED_TYP.has(typ)) return fail(rejection('typ_not_allowed', `typ ${sanitize(h.typ)} is neither JWT nor at+jwt`));
  }
  return { ok: true, header: h };
}
