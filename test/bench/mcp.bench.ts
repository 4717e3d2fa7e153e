// MCP server benchmark on loopback: authenticated tools/call throughput against the same server with authentication
// off (target ratio ≥ 0.9), latency percentiles, and JWKS fetches (once per signing key). Bounded in count and time.
// A minimal JWKS server stands in for the tenant so the bundle needs no oidc-provider.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMcpServer, type RunningMcpServer } from '../../src/core/mcp';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
type JWK = import('jose', { with: { 'resolution-mode': 'import' } }).JWK;
type CryptoKeyLike = import('jose', { with: { 'resolution-mode': 'import' } }).CryptoKey;

// Many short alternating rounds: on a shared 2-core machine, noise bursts hit single rounds, and the median of
// adjacent-pair ratios ignores them.
const ROUNDS = 30;
const CALLS_PER_ROUND = 100;
const CONCURRENCY = 8;
const TIME_BUDGET_MS = 25_000;

interface Key {
  kid: string;
  privateKey: CryptoKeyLike;
  publicJwk: JWK;
}

export async function runMcpBench(): Promise<Record<string, string | number>> {
  const jose: Jose = await import('jose');
  const keys: Key[] = [await makeKey(jose, 'bench-key-1')];
  let jwksServed = 0;
  const jwks = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
    jwksServed++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/`;
  const base = {
    auth0Domain: 'bench.example.com',
    resourceUrl: 'http://127.0.0.1/mcp',
    port: 0,
    authorizationServer: { issuer, jwksUri: `${issuer}.well-known/jwks.json` },
    jwksCooldownMs: 100,
  };
  const withAuth = await startMcpServer(base);
  const withoutAuth = await startMcpServer({ ...base, requireAuth: false });
  const deadline = Date.now() + TIME_BUDGET_MS;
  try {
    const mint = (key: Key) =>
      new jose.SignJWT({ scope: 'read:profile', azp: 'bench-client' })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
        .setIssuer(issuer)
        .setAudience(base.resourceUrl)
        .setSubject('auth0|bench-user')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key.privateKey);
    const token = await mint(keys[0]!);

    await measure(withAuth, token, 50);
    await measure(withoutAuth, undefined, 50);
    const authRuns: Run[] = [];
    const plainRuns: Run[] = [];
    // Alternate the two servers (and which goes first) so drift (GC, CPU frequency) hits both alike.
    for (let round = 0; round < ROUNDS && Date.now() < deadline; round++) {
      if (round % 2 === 0) {
        authRuns.push(await measure(withAuth, token, CALLS_PER_ROUND));
        plainRuns.push(await measure(withoutAuth, undefined, CALLS_PER_ROUND));
      } else {
        plainRuns.push(await measure(withoutAuth, undefined, CALLS_PER_ROUND));
        authRuns.push(await measure(withAuth, token, CALLS_PER_ROUND));
      }
    }

    // A key rotation: the new kid triggers exactly one more fetch.
    await new Promise((r) => setTimeout(r, 150));
    keys.push(await makeKey(jose, 'bench-key-2'));
    const rotated = await measure(withAuth, await mint(keys[1]!), 100);

    const authRps = median(authRuns.map((r) => r.rps));
    const plainRps = median(plainRuns.map((r) => r.rps));
    const ratio = median(authRuns.map((r, i) => r.rps / plainRuns[i]!.rps));
    const authLatencies = authRuns.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const plainLatencies = plainRuns.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const failures = [...authRuns, ...plainRuns, rotated].reduce((n, r) => n + r.failures, 0);
    return {
      'MCP tools/call with auth (req/s)': round1(authRps),
      'MCP tools/call without auth (req/s)': round1(plainRps),
      'MCP auth throughput ratio (target >= 0.9)': Number(ratio.toFixed(3)),
      'MCP tools/call with auth p50 (ms)': round2(percentile(authLatencies, 0.5)),
      'MCP tools/call with auth p99 (ms)': round2(percentile(authLatencies, 0.99)),
      'MCP tools/call without auth p50 (ms)': round2(percentile(plainLatencies, 0.5)),
      'MCP tools/call without auth p99 (ms)': round2(percentile(plainLatencies, 0.99)),
      'MCP JWKS fetches (2 signing keys; target 2)': withAuth.stats.jwksFetches,
      'MCP JWKS requests served': jwksServed,
      'MCP bench calls (concurrency 8)': authLatencies.length + plainLatencies.length + rotated.latencies.length,
      'MCP bench failed calls': failures,
    };
  } finally {
    await withAuth.close();
    await withoutAuth.close();
    await new Promise<void>((resolve) => jwks.close(() => resolve()));
  }
}

interface Run {
  rps: number;
  latencies: number[];
  failures: number;
}

async function measure(server: RunningMcpServer, token: string | undefined, calls: number): Promise<Run> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < calls) {
      next++;
      const t0 = performance.now();
      const response = await fetch(server.url, { method: 'POST', headers, body });
      const text = await response.text();
      latencies.push(performance.now() - t0);
      if (response.status !== 200 || text.includes('"isError":true')) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { rps: calls / ((performance.now() - started) / 1000), latencies, failures };
}

async function makeKey(jose: Jose, kid: string): Promise<Key> {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256');
  return { kid, privateKey, publicJwk: { ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const round1 = (n: number) => Number(n.toFixed(1));
const round2 = (n: number) => Number(n.toFixed(2));

