// The verifier's pure decisions: each misconfiguration a user can meet, with the fix it gets.

import { describe, expect, it } from 'vitest';
import { authorizationServerProblems, compareResource, inspectAccessToken, signInDiagnosis, SignInError } from '../../src/core/verify';

describe('compareResource', () => {
  const expected = 'https://abc.ngrok-free.app';
  it('accepts only a byte-for-byte match', () => {
    expect(compareResource(expected, expected)).toBeUndefined();
  });
  it.each([
    ['a trailing slash', `${expected}/`, /only by a trailing slash/],
    ['the path form', `${expected}/mcp`, /path differs \("\/mcp" vs "\/"\)/],
    ['another scheme', 'http://abc.ngrok-free.app', /scheme differs \(http vs https\)/],
    ['a previous tunnel URL', 'https://old.ngrok-free.app', /another host, probably a previous tunnel URL/],
    ['letter case', 'https://ABC.ngrok-free.app', /letter case/],
  ])('names %s and fixes it in the backend .env', (_name, advertised, why) => {
    const diagnosis = compareResource(advertised, expected)!;
    expect(diagnosis.problem).toMatch(why);
    expect(diagnosis.problem).toContain('Service not found');
    expect(diagnosis.fix).toContain(`"${expected}"`);
    expect(diagnosis.action).toMatchObject({ kind: 'apply', stepId: 'env' });
  });
});

describe('authorizationServerProblems', () => {
  const good = {
    issuer: 'https://t.us.auth0.com/',
    code_challenge_methods_supported: ['S256', 'plain'],
    registration_endpoint: 'https://t.us.auth0.com/oidc/register',
  };
  it('finds nothing wrong with an Auth0-like document', () => {
    expect(authorizationServerProblems(good, 'https://t.us.auth0.com/')).toEqual([]);
  });
  it('needs the issuer exactly as advertised (the trailing slash matters)', () => {
    const [problem] = authorizationServerProblems(good, 'https://t.us.auth0.com');
    expect(problem?.problem).toMatch(/issuer is "https:\/\/t.us.auth0.com\/" but the resource metadata names "https:\/\/t.us.auth0.com"/);
  });
  it('needs S256 and a registration endpoint, the latter fixed by enabling DCR', () => {
    const problems = authorizationServerProblems({ issuer: good.issuer, code_challenge_methods_supported: ['plain'] }, good.issuer);
    expect(problems.map((p) => p.problem)).toEqual([expect.stringMatching(/S256/), expect.stringMatching(/Dynamic Client Registration is off/)]);
    expect(problems[1]?.action).toEqual({ kind: 'apply', stepId: 'auth0.dcr', label: 'Enable Dynamic Client Registration' });
  });
});

describe('inspectAccessToken', () => {
  const expected = { resource: 'https://abc.ngrok-free.app', issuer: 'https://t.us.auth0.com/' };
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const jwt = (header: object, payload: object) => `${b64(header)}.${b64(payload)}.c2lnbmF0dXJl`;
  const claims = { iss: expected.issuer, aud: expected.resource, exp: Math.floor(Date.now() / 1000) + 3600, scope: 'read:profile' };

  it('passes an RS256 JWT for the identifier, also with the userinfo audience added', async () => {
    const result = await inspectAccessToken(
      jwt({ alg: 'RS256', typ: 'JWT' }, { ...claims, aud: [expected.resource, 'https://t.us.auth0.com/userinfo'] }),
      expected,
    );
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(/^RS256 JWT, aud/);
  });
  it.each([
    ['JWE-shaped', 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv.ciphertext.tag', /JWE-shaped/],
    ['opaque', 'b3BhcXVlLXRva2VuLXZhbHVl', /opaque/],
  ])('diagnoses a %s token as "no audience", fixed by the tenant settings', async (_name, token, shape) => {
    const result = await inspectAccessToken(token, expected);
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(shape);
    expect(result.diagnosis?.fix).toMatch(/Default Audience.*Resource Parameter Compatibility Profile/);
    expect(result.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: 'auth0.tenant-settings' });
  });
  it('refuses HS256, fixed on the API', async () => {
    const result = await inspectAccessToken(jwt({ alg: 'HS256' }, claims), expected);
    expect(result.diagnosis?.problem).toMatch(/signed with HS256/);
    expect(result.diagnosis?.action).toMatchObject({ stepId: 'auth0.api' });
  });
  it('diagnoses an audience for another API', async () => {
    const result = await inspectAccessToken(jwt({ alg: 'RS256' }, { ...claims, aud: 'https://old.ngrok-free.app' }), expected);
    expect(result.detail).toBe('aud is "https://old.ngrok-free.app", not "https://abc.ngrok-free.app"');
    expect(result.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: 'auth0.api' });
  });
  it('diagnoses another issuer', async () => {
    const result = await inspectAccessToken(jwt({ alg: 'RS256' }, { ...claims, iss: 'https://login.example.com/' }), expected);
    expect(result.diagnosis?.problem).toMatch(/issuer is "https:\/\/login.example.com\/"/);
  });
});

describe('signInDiagnosis', () => {
  it('maps "Service not found" (invalid_target) to creating the API', () => {
    const d = signInDiagnosis(
      new SignInError('The authorization server answered invalid_target: Service not found: https://x', 'denied', 'invalid_target'),
      'https://x',
    );
    expect(d.action).toMatchObject({ kind: 'apply', stepId: 'auth0.api' });
    expect(d.fix).toContain('"https://x"');
  });
  it('maps a token endpoint error code the same way', () => {
    expect(signInDiagnosis(Object.assign(new Error('bad resource'), { errorCode: 'invalid_target' }), 'https://x').action).toMatchObject({
      stepId: 'auth0.api',
    });
  });
  it('tells the user to finish the sign-in after a timeout', () => {
    expect(signInDiagnosis(new SignInError('No sign-in came back within 300 s.', 'timeout'), 'https://x').fix).toMatch(/finish the sign-in/);
  });
});
