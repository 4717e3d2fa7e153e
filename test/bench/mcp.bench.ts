// MCP server benchmark on loopback, in one run: the product's server (authenticated tools/call, token cache warm)
// against the MCP SDK's documented stateless server with the same tools and no authentication (= 1.00), at 1 and 10
// connections; latency percentiles; server CPU per request (each server in its own process); and with 50 tools,
// tools/call against the 2 demo tools, and tools/list. Bounded in calls and time; every process is stopped at the end.
//
// The machine is shared (2 cores, other jobs running): many short rounds, servers interleaved in alternating order
// within each round, and figures are medians over rounds (ratios: median of the per-round ratios).

import { fork, type ChildProcess } from 'node:child_process';
import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { EventEmitter } from 'node:events';
import { createWriteStream } from 'node:fs';
import { devNull } from 'node:os';
import { silentLogger, type McpLogger } from '../../src/core/mcp';
import type { McpLogLevel } from '../../src/core/mcp/logger';
import { requestLog } from '../../src/core/mcp/request-log';
import type { BenchServerOptions } from './mcp-server-process';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });

const ROUNDS = Number(process.env.MCP_BENCH_ROUNDS ?? 20);
const CALLS = { 1: 30, 10: 100 } as const;
/** Rounds stop at this budget (at least 3 rounds run); with warm-up and start-up the bench stays near a minute. */
const TIME_BUDGET_MS = Number(process.env.MCP_BENCH_BUDGET_MS ?? 20_000);
const EXTRA_TOOLS = 48; // + the 2 demo tools = 50
const RESOURCE_URL = 'http://127.0.0.1/mcp';

interface BenchServer {
  name: string;
  url: string;
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

interface Run {
  rps: number;
  latencies: number[];
  cpuMicros: number;
  calls: number;
  failures: number;
}

export async function runMcpBench(): Promise<Record<string, string | number>> {
  const jose: Jose = await import('jose');
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256');
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'bench-key-1', alg: 'RS256', use: 'sig' };
  let jwksServed = 0;
  const jwks = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
    jwksServed++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((done) => jwks.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/`;
  const token = await new jose.SignJWT({ scope: 'read:profile', azp: 'bench-client' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'bench-key-1' })
    .setIssuer(issuer)
    .setAudience(RESOURCE_URL)
    .setSubject('auth0|bench-user')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);

  const common = { issuer, jwksUri: `${issuer}.well-known/jwks.json`, resourceUrl: RESOURCE_URL };
  const servers: BenchServer[] = [];
  const agents: Agent[] = [];
  try {
    const [baseline, product, baseline50, product50] = await Promise.all([
      startServer('baseline', { kind: 'baseline', extraTools: 0, ...common }),
      startServer('product', { kind: 'product', extraTools: 0, ...common }),
      startServer('baseline 50 tools', { kind: 'baseline', extraTools: EXTRA_TOOLS, ...common }),
      startServer('product 50 tools', { kind: 'product', extraTools: EXTRA_TOOLS, ...common }),
    ]);
    servers.push(baseline!, product!, baseline50!, product50!);

    const auth = `Bearer ${token}`;
    const call = rpc('tools/call', { name: 'whoami', arguments: {} });
    const list = rpc('tools/list', {});
    type Case = { key: string; server: BenchServer; concurrency: 1 | 10; body: string; authorization?: string; expect: string };
    const cases: Case[] = [
      { key: 'product c1', server: product!, concurrency: 1, body: call, authorization: auth, expect: 'auth0|bench-user' },
      { key: 'baseline c1', server: baseline!, concurrency: 1, body: call, expect: 'nobody' },
      { key: 'product c10', server: product!, concurrency: 10, body: call, authorization: auth, expect: 'auth0|bench-user' },
      { key: 'baseline c10', server: baseline!, concurrency: 10, body: call, expect: 'nobody' },
      { key: 'product50 call c10', server: product50!, concurrency: 10, body: call, authorization: auth, expect: 'auth0|bench-user' },
      { key: 'product50 list c10', server: product50!, concurrency: 10, body: list, authorization: auth, expect: 'lookup_record_47' },
      { key: 'baseline50 list c10', server: baseline50!, concurrency: 10, body: list, expect: 'lookup_record_47' },
    ];
    const agentFor = new Map<BenchServer, Agent>();
    for (const server of servers) {
      const agent = new Agent({ keepAlive: true, maxSockets: 10 });
      agents.push(agent);
      agentFor.set(server, agent);
    }
    const measure = (c: Case, calls: number) => load(c.server, agentFor.get(c.server)!, c.body, c.authorization, c.expect, c.concurrency, calls);

    // Warm-up: JIT, the JWKS fetch, the token cache, pooled servers.
    // Long enough for V8 to finish optimising and size its heap: before that, the server that happened to serve more
    // calls wins (an A/A pair of two identical product servers read 0.7 with a 50-call warm-up).
    for (const c of cases) await measure({ ...c, concurrency: 10 }, 200);

    // Each compared pair is measured back to back (short runs, order alternating per round), so a burst from the
    // neighbours mostly hits both sides of one pair; the ratios are medians of the per-round ratios.
    const pairs: Array<[Case, Case]> = [
      [cases[0]!, cases[1]!],
      [cases[2]!, cases[3]!],
      [cases[4]!, cases[2]!],
      [cases[5]!, cases[6]!],
    ];
    const partner = (a: Case, b: Case) => (a === cases[4] ? 'product c10 (vs 50 tools)' : b.key);
    const runs = new Map<string, Run[]>([...cases.map((c) => c.key), 'product c10 (vs 50 tools)'].map((k) => [k, []]));
    const deadline = Date.now() + TIME_BUDGET_MS;
    let rounds = 0;
    for (let round = 0; round < ROUNDS && (round < 3 || Date.now() < deadline); round++) {
      const served = new Map<BenchServer, number>(servers.map((server) => [server, 0]));
      const count = (c: Case) => served.set(c.server, served.get(c.server)! + CALLS[c.concurrency]);
      for (const [a, b] of pairs) {
        count(a);
        count(b);
        const bKey = partner(a, b);
        const first = round % 2 === 0;
        const ra = first ? await measure(a, CALLS[a.concurrency]) : undefined;
        const rb = await measure(b, CALLS[b.concurrency]);
        runs.get(a.key)!.push(ra ?? (await measure(a, CALLS[a.concurrency])));
        runs.get(bKey)!.push(rb);
      }
      // Every server serves as many calls per round: a server that served more runs faster (an A/A run of two
      // identical product servers, one of them in more pairs, read 0.5-0.7 without this).
      const most = Math.max(...served.values());
      for (const [server, n] of served) {
        if (n < most) await load(server, agentFor.get(server)!, call, server === product || server === product50 ? auth : undefined, '"result"', 10, most - n);
      }
      rounds++;
    }

    const figures: Record<string, string | number> = {};
    const get = (key: string) => runs.get(key)!;
    const ratio = (a: string, b: string) => median(get(a).map((r, i) => r.rps / get(b)[i]!.rps));
    for (const c of [1, 10] as const) {
      figures[`tools/call, ${c} connection${c > 1 ? 's' : ''}: ratio product/baseline (target >= 0.95)`] = round3(ratio(`product c${c}`, `baseline c${c}`));
      for (const side of ['product', 'baseline']) {
        const rs = get(`${side} c${c}`);
        const lat = rs.flatMap((r) => r.latencies).sort((x, y) => x - y);
        figures[`  ${side} c${c}: req/s (median round)`] = round1(median(rs.map((r) => r.rps)));
        figures[`  ${side} c${c}: p50 / p99 (ms)`] = `${round2(percentile(lat, 0.5))} / ${round2(percentile(lat, 0.99))}`;
        figures[`  ${side} c${c}: server CPU per request (µs, median round)`] = Math.round(median(rs.map((r) => r.cpuMicros / r.calls)));
      }
    }
    figures['tools/call with 50 tools / with the 2 demo tools, 10 connections (target >= 0.9)'] = round3(
      ratio('product50 call c10', 'product c10 (vs 50 tools)'),
    );
    figures['  product 50 tools: tools/call req/s'] = round1(median(get('product50 call c10').map((r) => r.rps)));
    figures['  product 50 tools: tools/call server CPU per request (µs)'] = Math.round(median(get('product50 call c10').map((r) => r.cpuMicros / r.calls)));
    // CPU is each server's own (its process), so it does not depend on which side of a pair ran hotter: the steadier
    // reading of "does a call cost more with more tools".
    const cpuPerCall = (key: string) => median(get(key).map((r) => r.cpuMicros / r.calls));
    figures['  server CPU per tools/call, 2 demo tools / 50 tools (same-cost = 1.0)'] = round3(
      cpuPerCall('product c10 (vs 50 tools)') / cpuPerCall('product50 call c10'),
    );
    figures['tools/list with 50 tools, 10 connections: ratio product/baseline'] = round3(ratio('product50 list c10', 'baseline50 list c10'));
    for (const side of ['product50', 'baseline50']) {
      const rs = get(`${side} list c10`);
      const lat = rs.flatMap((r) => r.latencies).sort((x, y) => x - y);
      figures[`  ${side} tools/list: req/s, p50 / p99 (ms), CPU per request (µs)`] =
        `${round1(median(rs.map((r) => r.rps)))}, ${round2(percentile(lat, 0.5))} / ${round2(percentile(lat, 0.99))}, ${Math.round(median(rs.map((r) => r.cpuMicros / r.calls)))}`;
    }
    Object.assign(figures, await requestLogCost());
    const all = [...runs.values()].flat();
    figures['rounds (each server and concurrency interleaved per round)'] = rounds;
    figures['calls measured'] = all.reduce((n, r) => n + r.calls, 0);
    figures['failed calls (wrong status or answer)'] = all.reduce((n, r) => n + r.failures, 0);
    figures['JWKS fetches (2 product servers, 1 key; target 2)'] = jwksServed;
    return figures;
  } finally {
    for (const agent of agents) agent.destroy();
    await Promise.all(servers.map((s) => s.stop()));
    await new Promise<void>((done) => jwks.close(() => done()));
  }
}

/** Forks one server process (out/bench/mcp-server-process.js, bundled next to this file). */
async function startServer(name: string, options: BenchServerOptions): Promise<BenchServer> {
  const profile = process.env.MCP_BENCH_CPU_PROF;
  const child: ChildProcess = fork(resolve(__dirname, 'mcp-server-process.js'), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: profile && name === profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(__dirname, 'profiles')}`] : [],
  });
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within 20 s`)), 20_000);
    child.once('message', (m: { url: string }) => {
      clearTimeout(timer);
      done(m.url);
    });
    child.once('exit', (code) => fail(new Error(`${name} exited (${code}) before it was ready`)));
  });
  return {
    name,
    url,
    cpu: () =>
      new Promise((done) => {
        child.once('message', (m: { cpu: NodeJS.CpuUsage }) => done(m.cpu.user + m.cpu.system));
        child.send('cpu');
      }),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill(), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.send('stop');
      }),
  };
}

async function load(
  server: BenchServer,
  agent: Agent,
  body: string,
  authorization: string | undefined,
  expect: string,
  concurrency: number,
  calls: number,
): Promise<Run> {
  const url = new URL(server.url);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'content-length': String(Buffer.byteLength(body)),
  };
  if (authorization) headers.authorization = authorization;
  const latencies: number[] = [];
  let failures = 0;
  let started = 0;
  const one = () =>
    new Promise<void>((done, fail) => {
      const t0 = performance.now();
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200 || !text.includes(expect) || text.includes('"isError":true')) failures++;
          done();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('bench call timed out')));
      req.on('error', fail);
      req.end(body);
    });
  const worker = async () => {
    while (started < calls) {
      started++;
      await one();
    }
  };
  // A few unmeasured calls first: a server that just sat idle while its partner ran starts with cold caches, which
  // (an A/A run showed) biases a pair by 20-30 % on this shared machine.
  for (let i = 0; i < Math.min(10, calls); i += concurrency) {
    await Promise.all(Array.from({ length: concurrency }, one));
  }
  const cpuBefore = await server.cpu();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - t0;
  const cpuMicros = (await server.cpu()) - cpuBefore;
  return { rps: calls / (elapsed / 1000), latencies, cpuMicros, calls, failures };
}

/**
 * What the request log itself costs per request, in-process (deterministic, unlike a loopback comparison on a shared
 * machine): the middleware with no logger, with a log at info level written to a file (served requests are debug
 * lines, so not written), and at debug level (every request written), on the same served request.
 */
async function requestLogCost(): Promise<Record<string, string>> {
  const file = createWriteStream(devNull);
  const fileLogger = (min: McpLogLevel): McpLogger => {
    const order: McpLogLevel[] = ['debug', 'info', 'warn', 'error'];
    const write = (level: McpLogLevel) => (m: string) =>
      void (order.indexOf(level) >= order.indexOf(min) && file.write(`${new Date().toISOString()} [${level}] ${m}\n`));
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), enabled: (l) => order.indexOf(l) >= order.indexOf(min) };
  };
  const variants: Array<[string, McpLogger]> = [
    ['no logger', silentLogger],
    ['log at info level, written to a file', fileLogger('info')],
    ['log at debug level, written to a file', fileLogger('debug')],
  ];
  const N = 20_000;
  const perRequest = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < 7; round++) {
    for (const [name, logger] of round % 2 ? [...variants].reverse() : variants) {
      const middleware = requestLog(logger, { requests: 0, authFailures: 0 }, () => undefined);
      const t0 = performance.now();
      for (let i = 0; i < N; i++) {
        const res = Object.assign(new EventEmitter(), { statusCode: 200, hasHeader: () => false, getHeader: () => undefined });
        middleware({ method: 'POST', originalUrl: '/mcp' } as never, res as never, () => undefined);
        res.emit('finish');
      }
      perRequest.get(name)!.push(((performance.now() - t0) * 1000) / N);
      await new Promise((r) => file.write('', r)); // let the file stream drain between variants
    }
  }
  await new Promise((r) => file.end(r));
  const base = median(perRequest.get('no logger')!);
  const figures: Record<string, string> = {};
  for (const [name] of variants) {
    const us = median(perRequest.get(name)!);
    figures[`request log, ${name}: µs per request (median of 7 x ${N})`] =
      name === 'no logger' ? us.toFixed(2) : `${us.toFixed(2)} (+${(us - base).toFixed(2)})`;
  }
  return figures;
}

function rpc(method: string, params: Record<string, unknown>): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
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
const round3 = (n: number) => Number(n.toFixed(3));
