import { describe, expect, it } from 'vitest';
import { inspectTokenShape } from '../../src/core/mcp/token-shape';
import { sanitize } from '../../src/core/mcp/token-rejection';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (header: Record<string, unknown>) => `${b64(header)}.${b64({ sub: 'x' })}.c2lnbmF0dXJl`;
const codeOf = (token: string) => {
  const result = inspectTokenShape(token);
  return result.ok ? 'ok' : result.rejection.code;
};

describe('token shape checks', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['opaque-token-without-dots', 'opaque'],
    ['a.b', 'opaque'],
    ['eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn', 'encrypted'],
    [jwt({ alg: 'dir', enc: 'A256GCM' }), 'alg_not_allowed'],
    [jwt({ alg: 'none' }).replace(/\.c2lnbmF0dXJl$/, '.'), 'alg_not_allowed'],
    [jwt({ alg: 'HS256' }), 'alg_not_allowed'],
    [jwt({ alg: 'RS256', typ: 'JWT' }), 'ok'],
    [jwt({ alg: 'RS256', typ: 'at+jwt' }), 'ok'],
    [jwt({ alg: 'RS256', typ: 'application/at+jwt' }), 'ok'],
    [jwt({ alg: 'RS256' }), 'ok'],
    [jwt({ alg: 'RS256', typ: 'dpop+jwt' }), 'typ_not_allowed'],
    [jwt({ alg: 'RS256', enc: 'A256GCM' }), 'encrypted'],
    [`${b64({ alg: 'RS256' })}.${b64({})}.`, 'malformed'],
    [`${b64({ alg: 'RS256' })}.pay!load.c2ln`, 'malformed'],
    [`${Buffer.from('not json').toString('base64url')}.${b64({})}.c2ln`, 'malformed'],
    [`${b64(['RS256'])}.${b64({})}.c2ln`, 'malformed'],
    [jwt({ alg: 'RS256', x5c: ['A'.repeat(4000)] }), 'header_too_large'],
    ['a'.repeat(20_000), 'too_large'],
  ])('%s → %s', (token, code) => {
    expect(codeOf(token)).toBe(code);
  });

  it('explains an opaque token with the audience fix, without quotes in the header description', () => {
    const result = inspectTokenShape('eyJhbGciOiJkaXIifQ..aXY.Y3Q.dGFn');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.diagnosis?.fix).toMatch(/Default Audience/);
    expect(result.rejection.diagnosis?.fix).toMatch(/Resource Parameter Compatibility Profile/);
    expect(result.rejection.description).not.toMatch(/["\\]/);
  });

  it('sanitises attacker-controlled values before they are logged', () => {
    expect(sanitize('evil"\r\nSet-Cookie: x')).toBe('evil?\\u000d\\u000aSet-Cookie: x');
    // A line separator starts a new line in log viewers; bidi overrides and isolates reorder what a reader sees.
    expect(sanitize('a\u2028b\u2029c\u0085d')).toBe('a\\u2028b\\u2029c\\u0085d');
    expect(sanitize('user\u202egnp.exe\u2066x\u2069\u200f')).toBe('user\\u202egnp.exe\\u2066x\\u2069\\u200f');
    expect(sanitize('x'.repeat(500)).length).toBeLessThanOrEqual(121);
  });
});
