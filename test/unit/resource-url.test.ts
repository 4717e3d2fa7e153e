import { describe, expect, it } from 'vitest';
import { appUrlFor, plannedPublicUrl, resourceUrlFor } from '../../src/core/config/resource-url';

describe('resource URL', () => {
  it('is the public origin by default, or origin + /mcp, and the App URL always ends in /mcp', () => {
    expect(resourceUrlFor('https://a.ngrok.app/')).toBe('https://a.ngrok.app');
    expect(resourceUrlFor('https://a.ngrok.app', 'mcp-path')).toBe('https://a.ngrok.app/mcp');
    expect(appUrlFor('https://a.ngrok.app')).toBe('https://a.ngrok.app/mcp');
  });

  it('refuses plain http except on loopback, with a fix', () => {
    expect(() => resourceUrlFor('http://a.example.com')).toThrow(/https/);
    expect(resourceUrlFor('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
  });
});

describe('planned public URL', () => {
  it('prefers the running tunnel', () => {
    expect(plannedPublicUrl({ tunnelUrl: 'https://live.ngrok.app', provider: 'ngrok', ngrokDomain: 'fixed.ngrok.app' })).toBe('https://live.ngrok.app');
  });

  it("knows a reserved ngrok domain or the user's own URL before anything runs", () => {
    expect(plannedPublicUrl({ provider: 'ngrok', ngrokDomain: ' https://fixed.ngrok.app/ ' })).toBe('https://fixed.ngrok.app');
    expect(plannedPublicUrl({ provider: 'custom', publicUrl: 'https://mcp.example.com' })).toBe('https://mcp.example.com');
  });

  it('has nothing to offer for a random ngrok URL or a loopback tunnel that is not running', () => {
    expect(plannedPublicUrl({ provider: 'ngrok' })).toBeUndefined();
    expect(plannedPublicUrl({ provider: 'loopback', publicUrl: 'https://ignored.example.com' })).toBeUndefined();
  });
});
