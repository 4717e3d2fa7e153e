// The walkthrough completes from the checklist's statuses: what the Setup view shows as ok, and nothing else.

import { describe, expect, it } from 'vitest';
import { buildChecklist, type ChecklistInput } from '../../src/core/checklist/checklist';
import { walkthroughDone } from '../../src/core/checklist/walkthrough';
import type { StepState } from '../../src/core/plan/types';

const connected: ChecklistInput = {
  auth0: { connected: true, domain: 't.us.auth0.com' },
  server: { running: true, url: 'http://127.0.0.1:8787' },
  tunnel: { state: 'connected', url: 'https://a.ngrok.app' },
  tenantSteps: [
    { id: 'auth0.api', title: 'API', status: 'ok', summary: '', changes: [] },
    { id: 'auth0.previous-api', title: 'Previous API', status: 'manual', summary: '', changes: [] },
  ],
  chatgpt: { id: 'chatgpt', title: 'ChatGPT app', status: 'ok', summary: '', changes: [] },
};
const verification = (status: StepState['status']): StepState => ({ id: 'verify', title: 'Verify like ChatGPT', status, summary: '', changes: [] });

describe('walkthrough completion', () => {
  it('completes nothing on a fresh install', () => {
    const done = walkthroughDone(buildChecklist({ auth0: { connected: false }, server: { running: false }, tunnel: { state: 'closed' } }));
    expect(Object.values(done).some(Boolean)).toBe(false);
  });

  it('completes each step whose status is ok; an informational tenant step does not hold the tenant open', () => {
    expect(walkthroughDone(buildChecklist({ ...connected, verify: verification('ok') }))).toEqual({
      connect: true,
      server: true,
      tunnel: true,
      tenant: true,
      chatgpt: true,
      verify: true,
    });
  });

  it('a failed or partial verification does not complete "Verify like ChatGPT"', () => {
    expect(walkthroughDone(buildChecklist({ ...connected, verify: verification('error') })).verify).toBe(false);
    expect(walkthroughDone(buildChecklist({ ...connected, verify: verification('warning') })).verify).toBe(false);
    expect(walkthroughDone(buildChecklist(connected)).verify).toBe(false);
  });

  it('a broken own server and a pending tenant change leave their steps open', () => {
    const ownBroken: StepState = { id: 'server', title: 'MCP server', status: 'error', summary: 'no answer on port 3000', changes: [] };
    const done = walkthroughDone(
      buildChecklist({
        ...connected,
        server: { running: false, ownPort: 3000, ownCheck: ownBroken },
        tenantSteps: [{ id: 'auth0.api', title: 'API', status: 'change', summary: 'create', changes: [] }],
      }),
    );
    expect(done).toMatchObject({ server: false, tenant: false, connect: true });
  });

  it('tenant steps not read yet (connected, still checking) leave the tenant step open', () => {
    expect(walkthroughDone(buildChecklist({ ...connected, tenantSteps: undefined })).tenant).toBe(false);
  });
});
