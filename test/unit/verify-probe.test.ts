// The probe's and the sign-in watcher's pure decisions: how Auth0's answer is read, which step a refusal names,
// what the Management API's reads find, and which log events end a sign-in.

import { describe, expect, it } from 'vitest';
import type { TenantSnapshot } from '../../src/core/auth0/tenant-model';
import type { LogEvent } from '../../src/core/logs/event';
import type { LogSource } from '../../src/core/logs/source';
import { UserError, type StepState } from '../../src/core/plan/types';
import {
  CHATGPT_REDIRECT_URI,
  chatgptClientMetadata,
  readAuthorizeAnswer,
  refusalDiagnosis,
  registrationDiagnosis,
  signInFailure,
  tenantFindings,
  watchSignInLog,
} from '../../src/core/verify';

const TENANT = 'https://mcp-demo.us.auth0.com';
const URL_ = `${TENANT}/authorize?client_id=tpc_1&resource=x`;
const API = 'https://abc.ngrok-free.app';
const answer = (status: number, location: string | null, body = '') =>
  readAuthorizeAnswer({ url: URL_, status, location, body, redirectUri: CHATGPT_REDIRECT_URI });

describe("reading Auth0's answer to an unattended /authorize", () => {
  it('the login page means accepted', () => {
    expect(answer(302, '/u/login?state=abc')).toEqual({ kind: 'login', location: '/u/login' });
  });
  it('an error redirected to the client', () => {
    expect(answer(302, `${CHATGPT_REDIRECT_URI}?error=access_denied&error_description=no%20connections%20enabled%20for%20the%20client&state=s`)).toEqual({
      kind: 'error',
      via: 'redirect',
      message: 'no connections enabled for the client',
    });
  });
  it("Auth0's error page, its quotes escaped, is read for the line that explains it", () => {
    const page =
      '<!doctype html><html><head><title>Error</title><style>p{}</style></head><body><h1>Oops!, something went wrong</h1><p>access_denied</p><p>Client &#34;tpc_1&#34; is not authorized to access resource server &#34;https://abc.ngrok-free.app&#34;.</p><p>TRACKING ID: 123</p></body></html>';
    expect(answer(400, null, page)).toEqual({
      kind: 'error',
      via: 'error-page',
      message: 'Client "tpc_1" is not authorized to access resource server "https://abc.ngrok-free.app".',
    });
  });
  it("the tenant's own error page receives the error in its query", () => {
    expect(
      answer(302, 'https://example.com/oops?client_id=tpc_1&error=invalid_request&error_description=no%20connections%20enabled%20for%20the%20client'),
    ).toMatchObject({ kind: 'error', via: 'error-page', message: 'no connections enabled for the client' });
  });
  it('another tenant page is followed; anything else is unknown, never accepted', () => {
    expect(answer(302, '/somewhere')).toEqual({ kind: 'follow', url: `${TENANT}/somewhere` });
    expect(answer(200, null, '<html><body>Welcome</body></html>')).toMatchObject({ kind: 'unknown' });
    expect(answer(302, 'https://elsewhere.example/login')).toMatchObject({ kind: 'unknown' });
    expect(answer(302, CHATGPT_REDIRECT_URI)).toMatchObject({ kind: 'unknown' });
  });
});

describe('which step a refusal names', () => {
  it.each([
    ['The userinfo audience is not allowed for third party clients. Please specify a valid API audience.', 'auth0.tenant-settings'],
    [`Service not found: ${API}`, 'auth0.api'],
    [`Client "tpc_1" is not authorized to access resource server "${API}".`, 'auth0.grant'],
    ['no connections enabled for the client', 'auth0.connections'],
    ['dynamic client registration is disabled', 'auth0.dcr'],
  ])('"%s" → %s', (message, step) => {
    const d = refusalDiagnosis(message, API);
    expect(d.stepId).toBe(step);
    expect(d.action).toMatchObject({ kind: 'apply', stepId: step });
    expect(d.problem).toContain(message);
  });
  it('a refusal for another API than the resource sent means the resource was ignored: the profile, not the grant', () => {
    for (const message of [
      'Client "tpc_1" is not authorized to access resource server "https://other.example/".',
      'Service not found: https://old.ngrok-free.app',
    ]) {
      const d = refusalDiagnosis(message, API);
      expect(d.stepId).toBe('auth0.tenant-settings');
      expect(d.problem).toMatch(/Compatibility Profile is off/);
    }
  });
  it('an unknown refusal has no automatic fix but says where to look', () => {
    const d = refusalDiagnosis('Something odd', API);
    expect(d.action).toBeUndefined();
    expect(d.fix).toMatch(/logs/);
  });
  it('a refused registration: DCR off, fixed by its step', () => {
    expect(registrationDiagnosis('dynamic client registration is disabled').action).toMatchObject({ stepId: 'auth0.dcr' });
    expect(registrationDiagnosis('HTTP 500').action).toMatchObject({ stepId: 'auth0.dcr' });
  });
});

describe("ChatGPT's registration", () => {
  it("registers ChatGPT's redirect, a public client, code + refresh grants; the loopback only for a sign-in", () => {
    expect(chatgptClientMetadata()).toMatchObject({
      redirect_uris: [CHATGPT_REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
    });
    expect(chatgptClientMetadata('http://127.0.0.1:1/callback').redirect_uris).toEqual([CHATGPT_REDIRECT_URI, 'http://127.0.0.1:1/callback']);
  });
});

describe('the Management API cross-check', () => {
  const ok = (id: string): StepState => ({ id, title: id, status: 'ok', summary: 'fine', changes: [] });
  const steps = ['auth0.api', 'auth0.grant', 'auth0.tenant-settings', 'auth0.dcr', 'auth0.connections', 'auth0.cimd'].map(ok);
  const snapshot = (settings: TenantSnapshot['settings']): TenantSnapshot => ({
    api: { ok: true, value: { id: '1', identifier: API } },
    grant: { ok: true, value: { id: 'g', audience: API, scope: [] } },
    settings,
    connections: { ok: true, value: [] },
  });
  const converged = snapshot({ ok: true, value: { resourceParameterProfile: 'compatibility', defaultAudience: API, dcrEnabled: true } });

  it('finds nothing on a converged tenant', () => {
    expect(tenantFindings({ steps, snapshot: converged }, API)).toEqual([]);
  });
  it('names every step that is not done, each with its automatic fix', () => {
    const broken = steps.map((s) => (s.id === 'auth0.grant' || s.id === 'auth0.dcr' ? { ...s, status: 'change' as const, summary: 'Do it' } : s));
    const findings = tenantFindings({ steps: broken, snapshot: converged }, API);
    expect(findings.map((f) => f.stepId)).toEqual(['auth0.grant', 'auth0.dcr']);
    expect(findings[0]?.action).toMatchObject({ kind: 'apply', stepId: 'auth0.grant' });
  });
  it('accepts the audience profile only when the Default Audience is the API; names unreadable settings', () => {
    const profileOff = (defaultAudience?: string) =>
      snapshot({ ok: true, value: { resourceParameterProfile: 'audience', ...(defaultAudience ? { defaultAudience } : {}) } });
    expect(tenantFindings({ steps, snapshot: profileOff(API) }, API)).toEqual([]);
    expect(tenantFindings({ steps, snapshot: profileOff('https://other.example/') }, API)[0]).toMatchObject({ stepId: 'auth0.tenant-settings' });
    const unreadable = snapshot({ ok: false, error: new UserError('Insufficient scope', 'Grant read:tenant_settings.', 'insufficient_scope') });
    expect(tenantFindings({ steps, snapshot: unreadable }, API)[0]).toMatchObject({ stepId: 'auth0.tenant-settings', fix: 'Grant read:tenant_settings.' });
  });
});

describe('the sign-in watcher', () => {
  const event = (log_id: string, fields: Partial<LogEvent>): LogEvent => ({ log_id, date: '2026-12-01T00:00:00Z', type: 'f', ...fields });
  const mine = { clientId: 'tpc_me' };

  it("ends the sign-in on a refusal of this client, with the catalogue's fix", () => {
    const failure = signInFailure(event('1', { client_id: 'tpc_me', description: 'no connections enabled for the client' }), mine);
    expect(failure?.diagnosis.action).toMatchObject({ stepId: 'auth0.connections' });
    expect(failure?.diagnosis.problem).toContain('no connections enabled for the client');
  });
  it("ignores other clients, a wrong password, successes, and the probe's own made-up resource", () => {
    expect(signInFailure(event('1', { client_id: 'tpc_other', description: 'no connections enabled for the client' }), mine)).toBeUndefined();
    expect(signInFailure(event('2', { client_id: 'tpc_me', type: 'fp', description: 'Wrong email or password.' }), mine)).toBeUndefined();
    expect(signInFailure(event('3', { client_id: 'tpc_me', type: 's', description: 'Success Login' }), mine)).toBeUndefined();
    const decoy = event('4', { client_id: 'tpc_me', description: 'Service not found: https://auth0-mcp-verify.invalid/ab' });
    expect(signInFailure(decoy, { ...mine, ignoreMentions: ['https://auth0-mcp-verify.invalid/ab'] })).toBeUndefined();
  });
  it('reads only what is logged after it starts, and stops when cancelled', async () => {
    const logs: LogEvent[] = [event('001', { client_id: 'tpc_me', description: 'no connections enabled for the client' })];
    const source: LogSource = {
      search: async () => [...logs].reverse(),
      fromCheckpoint: async ({ from }) => logs.filter((e) => e.log_id > from),
    };
    const stop = new AbortController();
    let polls = 0;
    const sleep = async () => {
      polls++;
      if (polls === 2) logs.push(event('002', { client_id: 'tpc_me', description: `Service not found: ${API}` }));
    };
    const found = await watchSignInLog({ logs: source, clientId: 'tpc_me', signal: stop.signal, sleep });
    expect(found?.event.log_id).toBe('002');
    expect(found?.diagnosis.action).toMatchObject({ stepId: 'auth0.api' });

    stop.abort();
    expect(await watchSignInLog({ logs: source, clientId: 'tpc_me', signal: stop.signal, sleep })).toBeUndefined();
  });
  it('a log it may not read leaves the sign-in waiting for the redirect', async () => {
    const source: LogSource = {
      search: async () => {
        throw new UserError('Insufficient scope, expected any of: read:logs', 'Grant read:logs.', 'insufficient_scope');
      },
      fromCheckpoint: async () => [],
    };
    expect(await watchSignInLog({ logs: source, clientId: 'tpc_me', signal: new AbortController().signal })).toBeUndefined();
  });
});
