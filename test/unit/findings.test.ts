// What a check learned about a step, laid over the step's own reading: red while named broken, answered by a write.

import { describe, expect, it } from 'vitest';
import { withFindings, withoutFindingsFor, type StepFinding } from '../../src/core/plan/findings';
import { buildChecklist } from '../../src/core/checklist/checklist';
import type { StepState } from '../../src/core/plan/types';

const step = (id: string, status: StepState['status'], summary = 'read'): StepState => ({ id, title: id, status, summary, changes: [] });
const finding: StepFinding = {
  stepId: 'auth0.connections',
  source: 'verify',
  problem: 'Auth0 answered "no connections enabled for the client". Third-party apps only see domain-level connections.',
  fix: 'Promote the connection to domain level.',
  action: { kind: 'apply', stepId: 'auth0.connections', label: 'Promote the connection to domain level' },
};

describe('withFindings', () => {
  it('turns a green step a check names broken red, with the finding as its fix and the reading kept as a detail', () => {
    const [row] = withFindings([step('auth0.connections', 'ok', 'Username-Password-Authentication: domain level')], [finding]);
    expect(row).toMatchObject({
      status: 'error',
      summary: 'Verify like ChatGPT: Auth0 answered "no connections enabled for the client".',
      diagnosis: { fix: finding.fix, action: finding.action },
      details: [{ label: 'Read as ok', value: 'Username-Password-Authentication: domain level' }],
    });
  });

  it('a step to change turns red too, keeping its diff; a read error stays; unnamed steps are left alone', () => {
    const change = { ...step('auth0.connections', 'change'), changes: [{ field: 'x.is_domain_connection', current: false, desired: true }] };
    const [named, other] = withFindings([change, step('auth0.api', 'ok')], [finding]);
    expect(named).toMatchObject({ status: 'error', changes: change.changes, diagnosis: { action: finding.action } });
    expect(other).toEqual(step('auth0.api', 'ok'));
    const unread = { ...step('auth0.connections', 'error'), diagnosis: { problem: 'could not read', fix: 'retry' } };
    expect(withFindings([unread], [finding])).toEqual([unread]);
  });

  it('a write answers the findings on the steps it wrote; "all" answers every one', () => {
    const other = { ...finding, stepId: 'env' };
    expect(withoutFindingsFor([finding, other], ['auth0.connections'])).toEqual([other]);
    expect(withoutFindingsFor([finding, other], 'all')).toEqual([]);
  });

  it('the checklist lays the findings over every step it builds', () => {
    const steps = buildChecklist({
      auth0: { connected: true, domain: 't.us.auth0.com' },
      server: { running: true },
      tunnel: { state: 'connected', url: 'https://a.example' },
      tenantSteps: [step('auth0.connections', 'ok')],
      findings: [finding, { ...finding, stepId: 'tunnel', source: 'logs', problem: 'The log names the URL.' }],
    });
    expect(steps.find((s) => s.id === 'auth0.connections')!.status).toBe('error');
    expect(steps.find((s) => s.id === 'tunnel')).toMatchObject({ status: 'error', summary: "The tenant's log: The log names the URL." });
  });
});

describe('the tunnel row follows the provider setting', () => {
  const base = { auth0: { connected: false as const }, server: { running: true } };
  const tunnelRow = (tunnel: Parameters<typeof buildChecklist>[0]['tunnel']) => buildChecklist({ ...base, tunnel }).find((s) => s.id === 'tunnel')!;

  it('names the provider a start would use', () => {
    expect(tunnelRow({ state: 'closed', wanted: 'loopback' }).summary).toBe('no tunnel (loopback)');
  });

  it("a failure of the provider the settings no longer name is not the row's problem any more: start again", () => {
    const row = tunnelRow({ state: 'failed', provider: 'ngrok', wanted: 'own URL', error: { problem: 'No ngrok authtoken.', fix: 'Set it.' } });
    expect(row).toMatchObject({ status: 'manual', diagnosis: { action: { label: 'Start Tunnel' } } });
    expect(row.summary).toContain('the settings now name own URL');
  });

  it('a tunnel running on the old provider still works, with a warning to restart', () => {
    const row = tunnelRow({ state: 'connected', provider: 'ngrok', url: 'https://a.ngrok.app', wanted: 'loopback' });
    expect(row).toMatchObject({ status: 'warning', diagnosis: { action: { label: 'Start Tunnel' } } });
    expect(tunnelRow({ state: 'connected', provider: 'ngrok', url: 'https://a.ngrok.app', wanted: 'ngrok' }).status).toBe('ok');
  });
});
