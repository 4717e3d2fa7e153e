// The verification as a checklist row, and the CLI's rendering of a check.

import { describe, expect, it } from 'vitest';
import { formatCheck } from '../../src/cli/verify';
import { summarizeVerification, verificationMessage, verificationToStep, type CheckResult, type VerifyReport } from '../../src/core/verify';

const passed = (id: CheckResult['id']): CheckResult => ({ id, title: id, status: 'pass', detail: 'fine' });
const report = (checks: CheckResult[]): VerifyReport => ({
  ok: checks.every((c) => c.status !== 'fail'),
  publicUrl: 'https://h',
  appUrl: 'https://h/mcp',
  resource: 'https://h',
  checks,
});
const dcrOff: CheckResult = {
  id: 'authorization-server',
  title: 'Authorization server metadata',
  status: 'fail',
  detail: 'no registration_endpoint',
  diagnosis: { problem: 'DCR is off.', fix: 'Turn it on.', action: { kind: 'apply', stepId: 'auth0.dcr', label: 'Enable Dynamic Client Registration' } },
};

describe('verificationToStep', () => {
  it('is ok when every check passed', () => {
    expect(verificationToStep(report([passed('metadata'), passed('tools')]))).toMatchObject({ id: 'verify', status: 'ok', summary: 'all 2 checks passed' });
  });
  it("is an error carrying the first failure's diagnosis", () => {
    const step = verificationToStep(report([passed('metadata'), dcrOff, { ...dcrOff, id: 'token', diagnosis: { problem: 'later', fix: 'x' } }]));
    expect(step).toMatchObject({ status: 'error', summary: 'Authorization server metadata: failed', diagnosis: dcrOff.diagnosis });
  });
  it('leads with a probe that got in, whatever failed before it, and lists each probe not refused under it', () => {
    const hole = { problem: 'Your MCP server let in a malformed token.', fix: 'Validate every token.', severity: 'hole' as const, who: 'Anyone.' };
    const probes: CheckResult = {
      id: 'probes',
      title: 'Only users signed in through Auth0 get in',
      status: 'fail',
      detail: '1 of 4 got in',
      diagnosis: { problem: hole.problem, fix: hole.fix },
      probes: [
        { id: 'malformed', title: 'a malformed token', sent: 'Bearer x', request: 'POST /mcp initialize', answer: '200', verdict: 'signed-in', finding: hole },
        { id: 'alg-none', title: 'an unsigned token', sent: 'none', request: 'POST /mcp initialize', answer: '401 invalid_token', verdict: 'refused' },
        { id: 'hs256-public-key', title: 'an HS256 token', sent: '', request: '', answer: 'not run: no keys', verdict: 'not-run' },
      ],
    };
    const step = verificationToStep(report([passed('metadata'), dcrOff, probes]));
    expect(step).toMatchObject({ status: 'error', summary: 'Only users signed in through Auth0 get in: failed', diagnosis: { problem: hole.problem } });
    const labels = step.details!.map((d) => d.label);
    expect(labels).toContain('    ✗ got in: a malformed token');
    expect(labels).toContain('    – not run: an HS256 token');
    expect(labels.some((l) => l.includes('an unsigned token'))).toBe(false);
  });
  it('is a warning when the sign-in checks were skipped', () => {
    const step = verificationToStep(report([passed('metadata'), { id: 'sign-in', title: 's', status: 'skip', detail: 'needs a browser sign-in' }]));
    expect(step).toMatchObject({ status: 'warning', diagnosis: { action: { command: 'auth0Mcp.verify' } } });
  });
  it('is a warning that asks to connect when only the Management API cross-check was skipped', () => {
    const step = verificationToStep(
      report([passed('metadata'), { id: 'tenant', title: 'Tenant configuration', status: 'skip', detail: 'needs Management API credentials' }]),
    );
    expect(step).toMatchObject({
      status: 'warning',
      summary: '1 passed, 1 skipped (Tenant configuration)',
      diagnosis: { action: { command: 'auth0Mcp.connect' } },
    });
  });
});

describe('CLI rendering', () => {
  it('prints a failure with its problem, fix and automatic fix', () => {
    expect(formatCheck(dcrOff).split('\n')).toEqual([
      '✗ Authorization server metadata: no registration_endpoint',
      '    Problem: DCR is off.',
      '    Fix: Turn it on.',
      '    Automatic fix: Enable Dynamic Client Registration (step auth0.dcr; "auth0-mcp apply" applies it)',
    ]);
    expect(formatCheck({ ...passed('tools'), title: 'tools/list' })).toBe('✓ tools/list: fine');
    expect(formatCheck({ id: 'token', title: 'Token', status: 'skip', detail: 'needs x' })).toBe('– Token: needs x');
  });
});

describe('verification rows under the step', () => {
  it('lists every check with its mark and what was seen, and offers the full run after an unattended one', () => {
    const step = verificationToStep({
      ok: true,
      publicUrl: 'https://a.ngrok.app',
      appUrl: 'https://a.ngrok.app/mcp',
      resource: 'https://a.ngrok.app',
      checks: [
        { id: 'metadata', title: 'Protected Resource Metadata', status: 'pass', detail: 'Both paths serve JSON' },
        { id: 'sign-in', title: 'Sign-in with PKCE and resource', status: 'skip', detail: 'needs a browser sign-in' },
      ],
    });
    expect(step.details).toEqual([
      { label: '✓ Protected Resource Metadata', value: 'Both paths serve JSON' },
      { label: '– Sign-in with PKCE and resource', value: 'needs a browser sign-in' },
    ]);
    expect(step.diagnosis?.action).toMatchObject({ kind: 'command', command: 'auth0Mcp.verify' });
  });
});

describe('one summary for the row, the notification and the CLI', () => {
  it('a failure: the row, the message and the findings come from the same judgement', () => {
    const r = report([passed('metadata'), dcrOff]);
    const summary = summarizeVerification(r);
    expect(summary).toMatchObject({ outcome: 'failed', headline: 'Authorization server metadata: failed', counts: { pass: 1, fail: 1, skip: 0 } });
    expect(verificationToStep(r, summary)).toMatchObject({ status: 'error', summary: summary.headline, diagnosis: dcrOff.diagnosis });
    expect(verificationMessage(summary)).toEqual({ severity: 'error', text: 'Authorization server metadata: DCR is off.' });
  });

  it("names each step a failure's findings point at, as verify findings", () => {
    const failed = { ...dcrOff, findings: [{ stepId: 'auth0.dcr', problem: 'DCR is off.', fix: 'Turn it on.' }] };
    expect(summarizeVerification(report([failed])).findings).toEqual([{ stepId: 'auth0.dcr', source: 'verify', problem: 'DCR is off.', fix: 'Turn it on.' }]);
    expect(summarizeVerification(report([passed('metadata')])).findings).toEqual([]);
  });

  it('a pass and a partial run: info for the one, a warning naming what was not proven for the other', () => {
    expect(verificationMessage(summarizeVerification(report([passed('metadata')])))).toEqual({
      severity: 'info',
      text: "ChatGPT's path works (all 1 checks passed): create the app with https://h/mcp.",
    });
    const partial = summarizeVerification(report([passed('metadata'), { id: 'sign-in', title: 'Sign-in', status: 'skip', detail: 'no login' }]));
    expect(partial.outcome).toBe('partial');
    expect(verificationMessage(partial)).toMatchObject({ severity: 'warning', text: expect.stringContaining('1 passed, 1 skipped (Sign-in)') });
  });
});
