import { describe, expect, it } from 'vitest';
import { dashboardUrl, eventDashboardUrl } from '../../src/core/logs/dashboard';
import { toLogEvent, type LogEvent } from '../../src/core/logs/event';
import { diagnose } from '../../src/core/logs/diagnose';
import { eventJson, eventJsonLine, summarize, summaryLine, diagnosisLines } from '../../src/core/logs/format';
import { filterRelevant, isRelevant, isVerifierEvent } from '../../src/core/logs/relevance';
import { VERIFY_CLIENT_NAME, VERIFY_CONTROL_ORIGIN } from '../../src/core/logs/catalogue';
import { chatgptClientMetadata } from '../../src/core/verify/chatgpt-request';
import { API, event, failures, ordinary, type Raw } from '../support/log-events';

const ev = (raw: Raw): LogEvent => toLogEvent(raw)!;

describe('relevance filter', () => {
  const ctx = { audience: API };

  it("keeps failures, DCR clients, management writes and this API's events", () => {
    expect(isRelevant(ev(ordinary['login failure unrelated to the recipe']()), ctx)).toBe(true);
    expect(isRelevant(ev(ordinary['cors failure']()), ctx)).toBe(true);
    expect(isRelevant(ev(ordinary['successful login']()), ctx)).toBe(true); // tpc_ client
    expect(isRelevant(ev(ordinary['DCR registration']()), ctx)).toBe(true);
    expect(isRelevant(ev(ordinary['management write by the engine']()), ctx)).toBe(true);
    expect(isRelevant(ev(event({ type: 'seacft', client_id: 'firstPartyTester0000000000000000', audience: API })), ctx)).toBe(true);
    for (const type of ['limit_wc', 'limit_mu', 'api_limit', 'depnote', 'fp', 'fu', 'feacft']) {
      expect(isRelevant(ev(event({ type, client_id: 'x' })), ctx), type).toBe(true);
    }
  });

  it('failure types are a list, not "starts with f": flows and forms events of other apps are not failures', () => {
    for (const type of ['flows_execution_completed', 'forms_submission_succeeded', 'fapi']) {
      expect(isRelevant(ev(event({ type, client_id: 'otherWebApp0000000000000000000' })), ctx), type).toBe(false);
    }
  });

  it("drops other apps' successes and other APIs' events", () => {
    expect(isRelevant(ev(ordinary['unrelated app success']()), ctx)).toBe(false);
    expect(isRelevant(ev(ordinary['client credentials exchange']()), ctx)).toBe(false);
    expect(isRelevant(ev(event({ type: 'seacft', client_id: 'abc', audience: 'https://other.example/' })), ctx)).toBe(false);
  });

  it('keeps every event catalogued, and everything with the toggle on', () => {
    for (const make of Object.values(failures)) expect(isRelevant(ev(make()), {})).toBe(true);
    const all = Object.values(ordinary).map((m) => ev(m()));
    expect(filterRelevant(all, { showAll: true })).toHaveLength(all.length);
    expect(filterRelevant(all, ctx).length).toBeLessThan(all.length);
  });
});

describe('dashboard links', () => {
  it.each([
    ['tenant.us.auth0.com', 'https://manage.auth0.com/dashboard/us/tenant/apis'],
    ['tenant.eu.auth0.com', 'https://manage.auth0.com/dashboard/eu/tenant/apis'],
    ['my-tenant.au.auth0.com', 'https://manage.auth0.com/dashboard/au/my-tenant/apis'],
    ['tenant.auth0.com', 'https://manage.auth0.com/dashboard/us/tenant/apis'],
    ['https://Tenant.US.auth0.com/', 'https://manage.auth0.com/dashboard/us/tenant/apis'],
    ['login.example.com', 'https://manage.auth0.com/'],
    ['127.0.0.1:4010', 'https://manage.auth0.com/'],
    ['', 'https://manage.auth0.com/'],
  ])('%s → %s', (domain, url) => {
    expect(dashboardUrl(domain, { page: 'apis' })).toBe(url);
  });

  it('links one event for "Open in Auth0 Dashboard"', () => {
    expect(eventDashboardUrl('tenant.us.auth0.com', '90020260501')).toBe('https://manage.auth0.com/dashboard/us/tenant/logs/90020260501');
  });
});

describe('formatting', () => {
  const e = ev({ ...failures['no-connections'](), date: '2026-05-01T12:00:07.123Z', user_name: 'ada@example.com' });

  it('summarises time, type, description, client and user on one line', () => {
    expect(summarize(e)).toEqual({
      time: '2026-05-01 12:00:07Z',
      type: 'f',
      description: 'no connections enabled for the client',
      client: `ChatGPT (${e.client_id})`,
      user: 'ada@example.com',
    });
    expect(summaryLine(e)).toBe(`2026-05-01 12:00:07Z  f       no connections enabled for the client  client=ChatGPT (${e.client_id})  user=ada@example.com`);
  });

  it('prints the diagnosis under the event, with its fix', () => {
    const lines = diagnosisLines(diagnose(e)!);
    expect(lines[0]).toMatch(/^ {2}→ ChatGPT's app/);
    expect(lines[1]).toBe('  Fix: Promote the login connection to domain level.');
    expect(lines[2]).toContain('auth0.connections');
  });

  it('copies the whole event as JSON and writes --json lines', () => {
    expect(JSON.parse(eventJson(e))).toEqual(e);
    const line = JSON.parse(eventJsonLine(e, diagnose(e)));
    expect(line.event.log_id).toBe(e.log_id);
    expect(line.diagnosis).toMatchObject({ id: 'no-connections', action: { kind: 'apply' } });
    expect(JSON.parse(eventJsonLine(e, undefined)).diagnosis).toBeNull();
  });
});

describe("the verifier's own events", () => {
  const base = { log_id: '9', date: '2026-05-01T12:00:00Z', type: 'f' };
  it("are told by the test client's name (Auth0 logs it with each event) or by the control request's made-up resource", () => {
    expect(isVerifierEvent({ ...base, client_id: 'tpc_1', client_name: VERIFY_CLIENT_NAME, description: 'no connections enabled for the client' })).toBe(true);
    expect(isVerifierEvent({ ...base, client_id: 'tpc_2', description: `Service not found: ${VERIFY_CONTROL_ORIGIN}/ab12` })).toBe(true);
    expect(isVerifierEvent({ ...base, audience: `${VERIFY_CONTROL_ORIGIN}/ab12` })).toBe(true);
  });
  it("never a real sign-in's: ChatGPT's app, or any other client", () => {
    expect(isVerifierEvent({ ...base, client_id: 'tpc_3', client_name: 'ChatGPT', description: 'no connections enabled for the client' })).toBe(false);
    expect(isVerifierEvent({ ...base, description: 'Service not found: https://my-app.ngrok-free.app' })).toBe(false);
  });
  it('the verifier registers its client under that very name', () => {
    expect(chatgptClientMetadata().client_name).toBe(VERIFY_CLIENT_NAME);
  });
});
