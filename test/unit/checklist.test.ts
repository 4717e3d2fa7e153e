import { describe, expect, it } from 'vitest';
import { buildChecklist } from '../../src/core/checklist/checklist';

describe('setup checklist', () => {
  it('lists every step in order, tenant steps unknown until connected', () => {
    const steps = buildChecklist({ auth0: { connected: false }, server: { running: false }, tunnel: { state: 'closed' } });
    expect(steps.map((s) => s.id)).toEqual([
      'connect',
      'server',
      'tunnel',
      'auth0.api',
      'auth0.grant',
      'auth0.scopes',
      'auth0.tenant-settings',
      'auth0.dcr',
      'auth0.connections',
      'env',
      'chatgpt',
      'verify',
    ]);
    expect(steps[0]).toMatchObject({ status: 'manual', diagnosis: { action: { command: 'auth0Mcp.connect' } } });
    expect(steps.filter((s) => ['auth0.api', 'auth0.dcr'].includes(s.id)).every((s) => s.status === 'unknown' && s.summary === 'connect to Auth0 first')).toBe(
      true,
    );
  });

  it('shows the engine steps once connected, and the live server and tunnel', () => {
    const steps = buildChecklist({
      auth0: { connected: true, domain: 't.us.auth0.com' },
      server: { running: true, url: 'http://127.0.0.1:8787/mcp' },
      tunnel: { state: 'connected', url: 'https://a.ngrok.app' },
      tenantSteps: [
        {
          id: 'auth0.api',
          title: 'API',
          status: 'change',
          summary: 'create',
          changes: [{ field: 'identifier', current: undefined, desired: 'https://a.ngrok.app' }],
        },
      ],
    });
    expect(steps.map((s) => [s.id, s.status])).toEqual([
      ['connect', 'ok'],
      ['server', 'ok'],
      ['tunnel', 'ok'],
      ['auth0.api', 'change'],
      ['env', 'unknown'],
      ['chatgpt', 'unknown'],
      ['verify', 'unknown'],
    ]);
    expect(steps[2].summary).toBe('https://a.ngrok.app');
  });

  it("turns a failed tunnel into an error whose action is the failure's own fix", () => {
    const setToken = { kind: 'command', command: 'auth0Mcp.setNgrokAuthtoken', label: 'Set ngrok Authtoken' } as const;
    const [, , tunnel] = buildChecklist({
      auth0: { connected: false },
      server: { running: true },
      tunnel: { state: 'failed', error: { problem: 'ngrok needs an authtoken.', fix: 'Set it.', action: setToken } },
    });
    expect(tunnel).toMatchObject({ status: 'error', summary: 'ngrok needs an authtoken.', diagnosis: { action: setToken } });
    const [, , retry] = buildChecklist({
      auth0: { connected: false },
      server: { running: true },
      tunnel: { state: 'failed', error: { problem: 'It broke.', fix: 'Retry.' } },
    });
    expect(retry.diagnosis?.action).toMatchObject({ command: 'auth0Mcp.startTunnel' });
  });

  it('warns on the server step when the embedded server refused a token for a fixable reason', () => {
    const [, server] = buildChecklist({
      auth0: { connected: true, domain: 't.us.auth0.com' },
      server: {
        running: true,
        refused: { reason: 'an encrypted (JWE) token', diagnosis: { problem: 'No audience was requested.', fix: 'Set the Default Audience.' } },
      },
      tunnel: { state: 'closed' },
    });
    expect(server).toMatchObject({ status: 'warning', summary: 'refused a token: an encrypted (JWE) token', diagnosis: { fix: 'Set the Default Audience.' } });
  });
});
