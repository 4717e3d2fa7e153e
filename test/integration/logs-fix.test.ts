// A Fix from the catalogue converges the stand-in tenant: event → diagnosis → the engine's apply for that one step.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, checkPlan, createManagementSession, desiredTenant, type ManagementSession } from '../../src/core/auth0';
import { diagnose } from '../../src/core/logs/diagnose';
import { createSdkLogSource } from '../../src/core/logs/sdk-source';
import { startManagementApiStandin, standinConnection, type ManagementApiStandin } from '../support/management-api-standin';
import { API, failures } from '../support/log-events';

let standin: ManagementApiStandin;
let session: ManagementSession;

beforeEach(async () => {
  standin = await startManagementApiStandin();
  session = createManagementSession(standinConnection(standin));
});
afterEach(() => standin.close());

/** What the panel's Fix button does: re-check the plan, then apply only the step the diagnosis names. */
async function runFix(stepId: string) {
  const plan = await checkPlan(session, desiredTenant({ domain: standin.host, resourceUrl: API }));
  return applyPlan(session, plan, { steps: [stepId] });
}

async function diagnosedFromTenant() {
  const [event] = await createSdkLogSource(session).search({ perPage: 1 });
  return diagnose(event, { domain: standin.host });
}

describe('a Fix action converges the tenant', () => {
  it('"no connections enabled for the client" → the connection becomes domain-level, and nothing else changes', async () => {
    standin.data.logs.push(failures['no-connections']());
    const d = await diagnosedFromTenant();
    expect(d?.action?.kind).toBe('apply');
    if (d?.action?.kind !== 'apply') return;
    const { stepId } = d.action;

    standin.clearLog();
    const report = await runFix(stepId);
    expect(report.outcomes.map((o) => [o.stepId, o.result])).toEqual([[stepId, 'applied']]);
    expect(standin.data.connections[0].is_domain_connection).toBe(true);
    expect(standin.writes().map((w) => `${w.method} ${w.path.split('/').slice(0, 4).join('/')}`)).toEqual(['PATCH /api/v2/connections']);
    expect(report.plan.steps.find((s) => s.id === stepId)?.status).toBe('ok');
  });

  it('"Service not found" → the API for the current URL exists', async () => {
    standin.data.logs.push(failures['service-not-found']());
    const d = await diagnosedFromTenant();
    if (d?.action?.kind !== 'apply') throw new Error('expected an automatic fix');
    await runFix(d.action.stepId);
    expect(standin.data.resourceServers.map((r) => r.identifier)).toContain(API);
  });
});
