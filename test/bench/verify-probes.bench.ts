// What the attacker probes add to `verify --no-login`: the same run with and without the `probes` check, every request
// (public URL, tenant, Management API) delayed by one simulated round trip. Target: about one round trip added.
// Prints nothing and asserts nothing: scripts/bench.mjs bundles this file and prints the figures it returns.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECK_IDS, verify, type VerifyOptions } from '../../src/core/verify';
import { startLiveVerifyStack } from '../integration/verify-live-stack';

const RTT_MS = 100;
const RUNS = 5;

export async function runVerifyProbesBench(): Promise<Record<string, string | number>> {
  const journalDir = await mkdtemp(join(tmpdir(), 'verify-probes-bench-'));
  const stack = await startLiveVerifyStack('error-page', { issuerFromDomain: true, journalDir });
  stack.standin.latencyMs = RTT_MS;
  const slowFetch: typeof fetch = async (input, init) => {
    await new Promise((r) => setTimeout(r, RTT_MS));
    return stack.routeTenant(input, init);
  };
  const run = async (probes: boolean): Promise<number> => {
    const options: VerifyOptions = {
      resource: stack.resource,
      issuer: stack.tenant.issuer,
      login: false,
      fetch: slowFetch,
      ...stack.access,
      ...(probes ? {} : { only: CHECK_IDS.filter((id) => !id.startsWith('probes')) }),
    };
    const t = performance.now();
    const report = await verify(new URL(stack.resource).origin, options);
    const ms = performance.now() - t;
    if (!report.ok) throw new Error(`verify failed in the bench: ${JSON.stringify(report.checks.filter((c) => c.status === 'fail'))}`);
    return ms;
  };
  try {
    await run(true); // warm-up: JIT, the foreign RSA key
    const without: number[] = [];
    const withProbes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      without.push(await run(false));
      withProbes.push(await run(true));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const added = median(withProbes) - median(without);
    return {
      'simulated round trip (every request), ms': RTT_MS,
      [`verify --no-login without the probes, median of ${RUNS}, ms`]: Math.round(median(without)),
      [`verify --no-login with the probes (other-audience token included), median of ${RUNS}, ms`]: Math.round(median(withProbes)),
      'added by the probes, ms': Math.round(added),
      'added, in round trips (target about 1)': (added / RTT_MS).toFixed(2),
      'tenant objects left behind': stack.standin.data.resourceServers.filter((r) => String(r.identifier).startsWith('https://verify-probe.')).length,
    };
  } finally {
    await stack.close();
    await rm(journalDir, { recursive: true, force: true });
  }
}
