// Benchmark of the Auth0 setup engine against the Management API stand-in: requests sent and check wall time.
// Prints nothing and asserts nothing: scripts/bench.mjs bundles this file and prints the figures it returns.

import { applyPlan, checkPlan, createManagementSession, desiredTenant } from '../../src/core/auth0';
import { startManagementApiStandin, standinConnection } from '../support/management-api-standin';

const RESOURCE = 'https://bench.ngrok-free.app';
const LATENCY_MS = 100;

export async function runAuth0Bench(): Promise<Record<string, string | number>> {
  const figures: Record<string, string | number> = {};

  // Requests: apply to an empty tenant (its check included), then check the converged tenant.
  const standin = await startManagementApiStandin();
  try {
    const session = createManagementSession(standinConnection(standin));
    const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE });
    const report = await applyPlan(session, await checkPlan(session, desired));
    figures['empty tenant: check + apply, requests (target <= 10)'] = session.stats.reads + session.stats.writes;
    figures['empty tenant: of which writes'] = session.stats.writes;
    figures['empty tenant: converged after apply'] = String(report.plan.converged);
    const before = { ...session.stats };
    await checkPlan(session, desired);
    figures['converged tenant: check, requests (target <= 4, token aside)'] = session.stats.reads - before.reads + session.stats.writes - before.writes;
    figures['token requests'] = session.stats.tokenRequests;
  } finally {
    await standin.close();
  }

  // Wall time with 100 ms added to every stand-in response.
  const slow = await startManagementApiStandin({ latencyMs: LATENCY_MS });
  try {
    const setupSession = createManagementSession(standinConnection(slow));
    const desired = desiredTenant({ domain: slow.host, resourceUrl: RESOURCE });
    await applyPlan(setupSession, await checkPlan(setupSession, desired));

    const cold = createManagementSession(standinConnection(slow));
    let t = performance.now();
    await checkPlan(cold, desired);
    const coldMs = performance.now() - t;

    t = performance.now();
    await cold.call('one read', (c) => c.tenants.settings.get({ fields: 'friendly_name', include_fields: true }));
    const oneMs = performance.now() - t;

    t = performance.now();
    await checkPlan(cold, desired);
    const warmMs = performance.now() - t;

    figures['latency: one request, ms'] = Math.round(oneMs);
    figures['latency: full check with a token in hand, ms'] = Math.round(warmMs);
    figures['latency: full check / one request (target <= 3)'] = (warmMs / oneMs).toFixed(2);
    figures['latency: full check including the token request, ms'] = Math.round(coldMs);
    figures['latency: including token / one request'] = (coldMs / oneMs).toFixed(2);
    figures['max requests in flight at the stand-in'] = slow.maxInFlight;
  } finally {
    await slow.close();
  }
  return figures;
}
