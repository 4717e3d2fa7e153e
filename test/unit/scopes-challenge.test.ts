// Bearer challenges (RFC 6750): from WWW-Authenticate, and from a tool result's _meta["mcp/www_authenticate"].

import { describe, expect, it } from 'vitest';
import { challengeFromResponse, parseBearerChallenge, toolChallenge } from '../../src/core/scopes';

const PRM = 'https://app.example.com/.well-known/oauth-protected-resource/mcp';

describe('parseBearerChallenge', () => {
  it('reads resource_metadata, error, error_description and the scopes', () => {
    expect(
      parseBearerChallenge(
        `Bearer resource_metadata="${PRM}", error="insufficient_scope", scope="notes:read notes:write", error_description="Needs notes:write"`,
      ),
    ).toEqual({
      resourceMetadataUrl: PRM,
      error: 'insufficient_scope',
      errorDescription: 'Needs notes:write',
      scopes: ['notes:read', 'notes:write'],
      raw: `Bearer resource_metadata="${PRM}", error="insufficient_scope", scope="notes:read notes:write", error_description="Needs notes:write"`,
    });
  });

  it('does not take words inside error_description for parameters', () => {
    const c = parseBearerChallenge(`Bearer error_description="try scope=admin or error=x", resource_metadata="${PRM}", error="invalid_token"`);
    expect(c).toMatchObject({ error: 'invalid_token', scopes: [], errorDescription: 'try scope=admin or error=x', resourceMetadataUrl: PRM });
  });

  it('accepts unquoted values and any case of the scheme', () => {
    expect(parseBearerChallenge('bearer error=invalid_token, scope=a')).toMatchObject({ error: 'invalid_token', scopes: ['a'] });
  });

  it('is undefined for other schemes and empty values; a bare Bearer has no parameters', () => {
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseBearerChallenge('')).toBeUndefined();
    expect(parseBearerChallenge(null)).toBeUndefined();
    expect(parseBearerChallenge('Bearer')).toEqual({ scopes: [], raw: 'Bearer' });
  });

  it('drops a resource_metadata that is not a URL', () => {
    expect(parseBearerChallenge('Bearer resource_metadata="not a url", error="invalid_token"')).not.toHaveProperty('resourceMetadataUrl');
  });

  it('reads an HTTP response header', () => {
    const response = new Response(null, { status: 401, headers: { 'WWW-Authenticate': `Bearer resource_metadata="${PRM}"` } });
    expect(challengeFromResponse(response)?.resourceMetadataUrl).toBe(PRM);
  });
});

describe('toolChallenge', () => {
  const challenge = `Bearer resource_metadata="${PRM}", error="insufficient_scope", error_description="You need to login to continue"`;

  it('reads the challenge of an error result, as a list or a single string', () => {
    expect(toolChallenge({ isError: true, content: [], _meta: { 'mcp/www_authenticate': [challenge] } })).toMatchObject({
      resourceMetadataUrl: PRM,
      error: 'insufficient_scope',
      errorDescription: 'You need to login to continue',
    });
    expect(toolChallenge({ isError: true, content: [], _meta: { 'mcp/www_authenticate': challenge } })?.error).toBe('insufficient_scope');
  });

  it('skips entries that are not Bearer challenges', () => {
    expect(toolChallenge({ isError: true, _meta: { 'mcp/www_authenticate': [42, 'Basic realm="x"', challenge] } })?.resourceMetadataUrl).toBe(PRM);
  });

  it('is undefined for a successful result or one without the key', () => {
    expect(toolChallenge({ content: [], _meta: { 'mcp/www_authenticate': [challenge] } })).toBeUndefined();
    expect(toolChallenge({ isError: true, content: [] })).toBeUndefined();
    expect(toolChallenge(undefined)).toBeUndefined();
  });
});
