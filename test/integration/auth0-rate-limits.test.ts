// Rate limits: every Management API call, the token call included, keeps retrying 429 and 5xx until an overall
// deadline (about a minute), waiting as X-RateLimit-Reset or Retry-After say; "kept rate-limiting" only after that.
// The product and the stand-in share a fake clock, so a minute of rate limiting costs the test no real time.

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, checkPlan, createManagementSession, desiredTenant } from '../../src/core/auth0';
import { FakeClock } from '../support/fake-clock';
import { startManagementApiStandin, standinConnection, type ManagementApiStandin } from '../support/management-api-standin';

const RESOURCE = 'https://my-app.ngrok-free.app';
let standin: ManagementApiStandin | undefined;

afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

async function start() {
  const clock = new FakeClock();
  standin = await startManagementApiStandin({ now: clock.now });
  const session = createManagementSession({ ...standinConnection(standin), clock });
  return { clock, standin, session, desired: desiredTenant({ domain: standin.host, resourceUrl: RESOURCE }) };
}

const tokenStatuses = (s: ManagementApiStandin) => s.requests.filter((r) => r.path === '/oauth/token').map((r) => r.status);

describe('rate limits', () => {
  it('a token call answered 429 three times in a row converges: apply waits each reset out and completes', async () => {
    const { clock, standin, session, desired } = await start();
    standin.fail({ status: 429, path: '/oauth/token', retryAfterSeconds: 5, times: 3 });
    const report = await applyPlan(session, await checkPlan(session, desired));
    expect(report.outcomes.filter((o) => o.result !== 'applied')).toEqual([]);
    expect(report.plan.converged).toBe(true);
    expect(tokenStatuses(standin)).toEqual([429, 429, 429, 200]);
    // Each wait is what X-RateLimit-Reset said (5 s ahead, in whole seconds), never a guess.
    expect(clock.waits).toHaveLength(3);
    for (const wait of clock.waits) {
      expect(wait).toBeGreaterThan(4_000);
      expect(wait).toBeLessThanOrEqual(6_000);
    }
  });

  it('says "kept rate-limiting" only once about a minute of waiting ran out', async () => {
    const { clock, standin, session, desired } = await start();
    standin.fail({ status: 429, path: '/oauth/token', retryAfterSeconds: 20, times: 1_000 });
    const plan = await checkPlan(session, desired);
    const failed = plan.steps.filter((step) => step.status === 'error');
    expect(failed.length).toBeGreaterThan(0);
    for (const step of failed) expect(step.summary).toMatch(/kept rate-limiting the requests for about a minute/);
    // It waited as long as the deadline allowed (the next reset would have ended past it), then stopped asking.
    expect(clock.waited).toBeGreaterThan(40_000);
    expect(clock.waited).toBeLessThanOrEqual(60_000);
    expect(tokenStatuses(standin).length).toBe(clock.waits.length + 1);
  });

  it('a Management API read answered 503, then 429 with Retry-After, is retried and succeeds', async () => {
    const { clock, standin, session, desired } = await start();
    standin.fail({ status: 503, path: '/api/v2/tenants/settings' });
    standin.fail({ status: 429, path: '/api/v2/tenants/settings', retryAfterSeconds: 7, retryAfterHeader: true });
    const plan = await checkPlan(session, desired);
    expect(plan.steps.every((s) => s.status !== 'error')).toBe(true);
    const gets = standin.requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/tenants/settings').map((r) => r.status);
    expect(gets).toEqual([503, 429, 200]);
    expect(clock.waits).toContain(7_000);
  });
});
