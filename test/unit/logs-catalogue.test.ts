import { describe, expect, it } from 'vitest';
import { STEP } from '../../src/core/plan/steps';
import { CATALOGUE } from '../../src/core/logs/catalogue';
import { asDiagnosis, diagnose } from '../../src/core/logs/diagnose';
import { toLogEvent, type LogEvent } from '../../src/core/logs/event';
import { API, DCR_CLIENT, failures, ordinary, type Raw } from '../support/log-events';

const ev = (raw: Raw): LogEvent => toLogEvent(raw)!;
const DOMAIN = 'mcp-demo.us.auth0.com';

describe('error catalogue', () => {
  it('has at least 12 entries with unique ids, each with an explanation and a fix', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(12);
    expect(new Set(CATALOGUE.map((e) => e.id)).size).toBe(CATALOGUE.length);
    for (const entry of CATALOGUE) {
      expect(entry.explanation.length).toBeGreaterThan(20);
      expect(entry.fix.length).toBeGreaterThan(10);
    }
  });

  it('recognises a realistic event for every entry, and that event picks that entry', () => {
    for (const entry of CATALOGUE) {
      const make = failures[entry.id];
      expect(make, `a realistic event for ${entry.id}`).toBeDefined();
      expect(diagnose(ev(make()))?.entry.id, entry.id).toBe(entry.id);
    }
  });

  it.each(Object.entries(ordinary))('leaves an ordinary event alone: %s', (_name, make) => {
    expect(diagnose(ev(make()))).toBeUndefined();
  });

  it("leaves no placeholder unfilled (braces in the event's own text stay as they are)", () => {
    for (const make of Object.values(failures)) {
      const e = ev(make());
      const d = diagnose(e, { domain: DOMAIN })!;
      expect(`${d.explanation} ${d.fix}`.replace(e.description ?? '', '')).not.toMatch(/\{\w+\}/);
    }
  });

  it('"no connections enabled for the client": promote the connection, automatically', () => {
    const d = diagnose(ev(failures['no-connections']()))!;
    expect(d.explanation).toContain('ChatGPT (tpc_');
    expect(d.explanation).toMatch(/domain level/);
    expect(d.action).toEqual({ kind: 'apply', stepId: STEP.connections, label: 'Promote the connection to domain level' });
  });

  it('"not authorized to access resource server": create the default third-party grant, naming client and API', () => {
    const d = diagnose(ev(failures['third-party-not-authorized']()))!;
    expect(d.explanation).toContain(DCR_CLIENT);
    expect(d.explanation).toContain(API);
    expect(d.action).toMatchObject({ kind: 'apply', stepId: STEP.grant });
  });

  it('"Service not found": names the resource asked for and creates the API for the current URL', () => {
    const d = diagnose(ev(failures['service-not-found']()))!;
    expect(d.explanation).toContain('"https://old-tunnel.ngrok-free.app"');
    expect(d.action).toMatchObject({ kind: 'apply', stepId: STEP.api });
  });

  it('a successful exchange that got only /userinfo as audience: set default audience and resource profile', () => {
    expect(diagnose(ev(failures['opaque-token']()))?.action).toMatchObject({ kind: 'apply', stepId: STEP.settings });
  });

  it('guided fixes open the exact dashboard page of the tenant', () => {
    const callback = diagnose(ev(failures['callback-mismatch']()), { domain: DOMAIN })!;
    expect(callback.action).toEqual({
      kind: 'open',
      url: 'https://manage.auth0.com/dashboard/us/mcp-demo/applications/hAnDmAdEcLiEnT00000000000000000/settings',
      label: "Open the application's settings",
    });
    const m2m = diagnose(ev(failures['management-not-authorized']()), { domain: DOMAIN })!;
    expect(m2m.action).toMatchObject({
      kind: 'open',
      url: 'https://manage.auth0.com/dashboard/us/mcp-demo/applications/Wq3kPb7nT0cL5mZr8YvXe2aHsD4fJ6gN/apis',
    });
    const block = diagnose(ev(failures['attack-protection-block']()), { domain: 'mcp-demo.eu.auth0.com' })!;
    expect(block.action).toMatchObject({ url: 'https://manage.auth0.com/dashboard/eu/mcp-demo/security/attack-protection' });
  });

  it('guided fixes fall back to the dashboard home on a custom domain', () => {
    const d = diagnose(ev(failures['cimd-unknown-client']()), { domain: 'login.example.com' })!;
    expect(d.entry.id).toBe('cimd-unknown-client');
    expect(d.action).toMatchObject({ kind: 'open', url: 'https://manage.auth0.com/' });
  });

  it('CIMD\'s "Unknown client" is told apart from a deleted client', () => {
    expect(diagnose(ev(failures['cimd-unknown-client']()))?.entry.id).toBe('cimd-unknown-client');
    const deleted = diagnose(ev(failures['unknown-client']()))!;
    expect(deleted.entry.id).toBe('unknown-client');
    expect(deleted.explanation).toContain('tpc_deletedEarlier00000001');
  });

  it("CIMD's per-server client URL is recognised and named; the fix turns CIMD off", () => {
    const d = diagnose(ev(failures['cimd-unknown-client']()))!;
    expect(d.explanation).toContain('https://chatgpt.com/oauth/a1b2c3d4/client.json');
    expect(d.fix).toMatch(/Turn off Client ID Metadata Document support/);
  });

  it('the userinfo-audience refusal turns on the resource parameter profile, not "create the API"', () => {
    const d = diagnose(ev(failures['userinfo-audience']()))!;
    expect(d.explanation).toMatch(/Compatibility Profile is off/);
    expect(d.action).toMatchObject({ kind: 'apply', stepId: STEP.settings });
  });

  it('"Service not enabled within domain" is the custom-domain token audience, not a missing API', () => {
    const d = diagnose(ev(failures['custom-domain-management-audience']()))!;
    expect(d.entry.id).toBe('custom-domain-management-audience');
    expect(d.explanation).toContain('"https://login.example.com/api/v2/"');
    expect(d.fix).toMatch(/canonical \*\.auth0\.com domain/);
  });

  it("the verifier's own control request is explained, not mistaken for a missing API", () => {
    const d = diagnose(ev(failures['verify-control-request']()))!;
    expect(d.entry.id).toBe('verify-control-request');
    expect(d.fix).toBe('No fix needed.');
    expect(d.action).toBeUndefined();
    expect(diagnose(ev(failures['service-not-found']()))?.entry.id).toBe('service-not-found');
  });

  it('real DCR-off wording at registration is recognised', () => {
    expect(diagnose(ev(failures['dcr-disabled']()))?.action).toMatchObject({ kind: 'apply', stepId: STEP.dcr });
  });

  it('wrong password or user: explains, needs no fix', () => {
    for (const id of ['wrong-password', 'wrong-user']) {
      const d = diagnose(ev(failures[id]()))!;
      expect(d.explanation).toMatch(/ada@example\.com|nobody@example\.com/);
      expect(d.fix).toMatch(/^No fix needed/);
      expect(d.action).toBeUndefined();
    }
  });

  it('the grant-type entry names the grant, even on a refresh failure', () => {
    const d = diagnose(ev(failures['grant-type-not-allowed']()))!;
    expect(d.fix).toContain('"refresh_token"');
  });

  it('reads the message from details.error.message when the description is empty', () => {
    const d = diagnose(ev({ log_id: '1', type: 'f', date: '', details: { error: { message: 'no connections enabled for the client' } } }));
    expect(d?.entry.id).toBe('no-connections');
  });

  it('speaks the product-wide Diagnosis vocabulary', () => {
    const d = diagnose(ev(failures['no-connections']()))!;
    expect(asDiagnosis(d)).toEqual({ problem: d.explanation, fix: d.fix, action: d.action });
  });
});
