import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/plan/types';
import { detectDrift } from '../../src/core/tunnel/drift';

const NEW = 'https://new-host.ngrok-free.app';
const OLD = 'https://old-host.ngrok-free.app';
const POINT = { kind: 'command', command: 'auth0Mcp.pointAuth0AtUrl', label: 'Point Auth0 at the new URL' };

describe('detectDrift', () => {
  it('finds nothing when everything matches the current URL', () => {
    expect(detectDrift({ publicUrl: NEW, form: 'origin', apiIdentifiers: [NEW], defaultAudience: NEW, envResourceUrl: NEW })).toEqual([]);
  });

  it('finds nothing when nothing is known or configured yet (setup steps, not drift)', () => {
    expect(detectDrift({ publicUrl: NEW, form: 'origin' })).toEqual([]);
    expect(detectDrift({ publicUrl: NEW, form: 'origin', apiIdentifiers: [], defaultAudience: '', envResourceUrl: null })).toEqual([]);
  });

  it('reports all three places after the URL changed, each with the "Point Auth0" fix', () => {
    const findings = detectDrift({ publicUrl: NEW, form: 'origin', apiIdentifiers: [OLD], defaultAudience: OLD, envResourceUrl: OLD });
    expect(findings.map((f) => f.subject)).toEqual(['api-identifier', 'default-audience', 'env']);
    for (const f of findings) {
      expect(f).toMatchObject({ expected: NEW, actual: OLD, action: POINT });
      expect(f.problem).toContain(OLD);
      expect(f.fix.length).toBeGreaterThan(0);
    }
  });

  it('uses the mcp-path form for the expected resource URL', () => {
    const ok = detectDrift({ publicUrl: NEW, form: 'mcp-path', apiIdentifiers: [`${NEW}/mcp`], defaultAudience: `${NEW}/mcp`, envResourceUrl: `${NEW}/mcp` });
    expect(ok).toEqual([]);
    const drift = detectDrift({ publicUrl: NEW, form: 'mcp-path', apiIdentifiers: [NEW] });
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ subject: 'api-identifier', expected: `${NEW}/mcp`, actual: NEW });
  });

  it('compares byte for byte: a trailing slash is drift (Auth0 treats it as another API)', () => {
    const findings = detectDrift({ publicUrl: NEW, form: 'origin', apiIdentifiers: [`${NEW}/`] });
    expect(findings).toHaveLength(1);
  });

  it('accepts any matching identifier among several APIs', () => {
    expect(detectDrift({ publicUrl: NEW, form: 'origin', apiIdentifiers: [OLD, NEW] })).toEqual([]);
    const many = detectDrift({ publicUrl: NEW, form: 'origin', apiIdentifiers: [OLD, 'https://older.example'] });
    expect(many[0].actual).toBe(`${OLD}, https://older.example`);
    expect(many[0].problem).toContain('APIs are');
  });

  it('reports only the places that differ', () => {
    const findings = detectDrift({ publicUrl: NEW, form: 'origin', apiIdentifiers: [NEW], defaultAudience: NEW, envResourceUrl: OLD });
    expect(findings.map((f) => f.subject)).toEqual(['env']);
  });

  it('an empty AUTH0_RESOURCE_SERVER_URL in .env is drift too', () => {
    const [finding] = detectDrift({ publicUrl: NEW, form: 'origin', envResourceUrl: '' });
    expect(finding).toMatchObject({ subject: 'env', actual: '' });
    expect(finding.problem).toContain('(empty)');
  });

  it('normalises the public URL (trailing slash, path) before comparing', () => {
    expect(detectDrift({ publicUrl: `${NEW}/`, form: 'origin', apiIdentifiers: [NEW] })).toEqual([]);
  });

  it("throws the URL parser's UserError for an unusable public URL", () => {
    expect(() => detectDrift({ publicUrl: 'http://example.com', form: 'origin' })).toThrow(UserError);
  });
});
