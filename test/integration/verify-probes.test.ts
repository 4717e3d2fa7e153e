// Verify like an attacker: own MCP servers with one token-check hole each (test/support/token-holes.ts) fail verify,
// which names the hole, who gets in and the fix; the embedded server and a sound own server pass. Every run leaves
// the tenant as it was: no throwaway API, no grant, no client.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, checkPlan, createManagementSession, desiredTenant } from '../../src/core/auth0';
import { verify, type CheckResult, type ProbeId, type ProbeVerdict, type VerifyOptions, type VerifyReport } from '../../src/core/verify';
import type { CliIO } from '../../src/cli/io';
import { runVerify } from '../../src/cli/verify';
import { readToolScopes, requiredScopes } from '../../src/core/scopes';
import { standinConnection } from '../support/management-api-standin';
import { startOwnMcpServer, type OwnMcpServer } from '../support/own-mcp-server';
import type { TokenHole } from '../support/token-holes';
import { startLiveVerifyStack, type LiveVerifyStack } from './verify-live-stack';

let stack: LiveVerifyStack;
let journalDir: string;
let tenantBefore: string;

beforeAll(async () => {
  journalDir = await mkdtemp(join(tmpdir(), 'verify-probes-'));
  stack = await startLiveVerifyStack('error-page', { issuerFromDomain: true, journalDir });
  tenantBefore = tenantObjects();
});
afterAll(async () => {
  await stack?.close();
  if (journalDir) await rm(journalDir, { recursive: true, force: true });
});

/** The tenant's APIs, grants and clients (ids and audiences): what a probe run must leave as it found. */
function tenantObjects(): string {
  const d = stack.standin.data;
  return JSON.stringify({
    apis: d.resourceServers.map((r) => r.identifier).sort(),
    grants: d.clientGrants.map((g) => `${String(g.client_id ?? g.default_for)}→${String(g.audience)}`).sort(),
    clients: d.clients.map((c) => c.client_id).sort(),
  });
}

/** The browser: signs in at the tenant (its https origin routed to the loopback one) and follows the redirect back. */
const openBrowser = async (url: string) => {
  await fetch(await stack.tenant.signIn(url.replace(`https://${stack.standin.host}`, stack.tenant.origin)));
};

async function verifyServer(origin: string, resource: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  return verify(origin, { resource, issuer: stack.tenant.issuer, login: true, openBrowser, fetch: stack.routeTenant, ...stack.access, ...options });
}

/** Converges the tenant for an own server's identifier, as `auth0-mcp apply` would; the API stays for the run. */
async function convergeFor(server: OwnMcpServer): Promise<void> {
  const connection = standinConnection(stack.standin);
  const session = createManagementSession(connection);
  const tools = Object.entries(server.declared).map(([name, securitySchemes]) => ({ name, securitySchemes }));
  const scopeNeeds = requiredScopes(readToolScopes({ tools }).tools);
  const plan = await checkPlan(session, desiredTenant({ domain: connection.domain, resourceUrl: server.resource, scopeNeeds }));
  const applied = await applyPlan(session, plan);
  if (!applied.plan.converged) throw new Error('apply did not converge the stand-in for the own server');
}

const check = (report: VerifyReport, id: string): CheckResult => report.checks.find((c) => c.id === id)!;
const verdicts = (report: VerifyReport): Partial<Record<ProbeId, ProbeVerdict>> =>
  Object.fromEntries([...(check(report, 'probes').probes ?? []), ...(check(report, 'probes-signed-in').probes ?? [])].map((p) => [p.id, p.verdict]));

describe('the embedded server', () => {
  it('refuses every probe, signed out and signed in; the throwaway API is gone afterwards', async () => {
    const report = await verifyServer(new URL(stack.resource).origin, stack.resource);
    expect(check(report, 'probes')).toMatchObject({ status: 'pass' });
    expect(check(report, 'probes-signed-in')).toMatchObject({ status: 'pass' });
    expect(verdicts(report)).toEqual({
      malformed: 'refused',
      'foreign-key': 'refused',
      'alg-none': 'refused',
      'hs256-public-key': 'refused',
      'other-audience': 'refused',
      // Mixed auth: a request whose only token is in the query string is a signed-out request, which is right.
      'query-token': 'signed-out',
      'tampered-payload': 'refused',
    });
    expect(report.ok).toBe(true);
    expect(report.probeApi).toMatchObject({ deleted: true });
    expect(tenantBefore).toBe(tenantObjects());
  });
});

const HOLES: Array<{ hole: TokenHole; auth: 'mixed' | 'required'; gotIn: ProbeId[]; signedOut?: ProbeId[] }> = [
  { hole: 'any-bearer', auth: 'required', gotIn: ['malformed', 'foreign-key', 'alg-none', 'hs256-public-key', 'other-audience', 'tampered-payload'] },
  { hole: 'any-bearer', auth: 'mixed', gotIn: ['malformed', 'foreign-key', 'alg-none', 'hs256-public-key', 'other-audience', 'tampered-payload'] },
  { hole: 'no-signature', auth: 'required', gotIn: ['foreign-key', 'alg-none', 'hs256-public-key', 'tampered-payload'] },
  { hole: 'no-signature', auth: 'mixed', gotIn: ['foreign-key', 'alg-none', 'hs256-public-key', 'tampered-payload'] },
  { hole: 'alg-none', auth: 'required', gotIn: ['alg-none'] },
  { hole: 'alg-none', auth: 'mixed', gotIn: ['alg-none'] },
  { hole: 'hs256-public-key', auth: 'required', gotIn: ['hs256-public-key'] },
  { hole: 'audience-unchecked', auth: 'required', gotIn: ['other-audience'] },
  // Mixed auth: the token for another API carries no scope, so the scoped tool still challenges it; initialize
  // answered 200 instead of 401, which fails as a spec violation.
  { hole: 'audience-unchecked', auth: 'mixed', gotIn: [], signedOut: ['other-audience'] },
  { hole: 'query-token', auth: 'required', gotIn: ['query-token'] },
  { hole: 'query-token', auth: 'mixed', gotIn: ['query-token'] },
  {
    hole: 'signed-out-on-invalid',
    auth: 'mixed',
    gotIn: [],
    signedOut: ['malformed', 'foreign-key', 'alg-none', 'hs256-public-key', 'other-audience', 'tampered-payload'],
  },
];

describe('own servers with one hole each fail verify, naming the hole and its fix', () => {
  const servers: OwnMcpServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  for (const { hole, auth, gotIn, signedOut = [] } of HOLES) {
    it(`${hole} (${auth} auth)`, async () => {
      const server = await startOwnMcpServer({ hole, auth, issuer: stack.tenant.issuer, jwksUri: stack.tenant.jwksUri });
      servers.push(server);
      await convergeFor(server);
      const objects = tenantObjects();
      const report = await verifyServer(server.resource, server.resource);
      expect(report.ok).toBe(false);
      // The ChatGPT path itself works: only the probes fail.
      expect(
        report.checks
          .filter((c) => c.status === 'fail')
          .map((c) => c.id)
          .filter((id) => !id.startsWith('probes')),
      ).toEqual([]);
      const seen = verdicts(report);
      expect(Object.keys(seen).sort()).toHaveLength(7);
      expect(
        Object.entries(seen)
          .filter(([, v]) => v === 'signed-in')
          .map(([id]) => id)
          .sort(),
      ).toEqual([...gotIn].sort());
      expect(
        Object.entries(seen)
          .filter(([, v]) => v === 'signed-out')
          .map(([id]) => id)
          .sort(),
      ).toEqual([...signedOut, ...(auth === 'mixed' && hole !== 'query-token' ? ['query-token'] : [])].sort());
      expect(Object.values(seen)).not.toContain('not-run');
      const failed = report.checks.find((c) => c.status === 'fail')!;
      expect(failed.diagnosis?.problem).toMatch(gotIn.length ? /Your MCP server let in .*(gets in|get in)/ : /as if nobody had signed in, instead of 401/);
      expect(failed.diagnosis?.fix).toContain(`aud equal to "${server.resource}"`);
      expect(failed.diagnosis?.fix).toContain('media/server-reference.md');
      expect(failed.diagnosis?.action).toMatchObject({ kind: 'command', command: 'auth0Mcp.showServerReference' });
      // Nothing the probes made is left, and no tool that may write was called.
      expect(tenantObjects()).toBe(objects);
      expect(server.calls.filter((c) => c.tool === 'edit_note' && c.signedIn)).toEqual([]);
    });
  }

  it('a sound own server passes every probe', async () => {
    const server = await startOwnMcpServer({ issuer: stack.tenant.issuer, jwksUri: stack.tenant.jwksUri });
    servers.push(server);
    await convergeFor(server);
    const report = await verifyServer(server.resource, server.resource);
    expect(check(report, 'probes').status).toBe('pass');
    expect(check(report, 'probes-signed-in').status).toBe('pass');
    expect(Object.values(verdicts(report)).filter((v) => v === 'signed-in')).toEqual([]);
  });

  it('never sends a real token in the report, and journals the throwaway API before creating it', async () => {
    const server = await startOwnMcpServer({ hole: 'any-bearer', issuer: stack.tenant.issuer, jwksUri: stack.tenant.jwksUri });
    servers.push(server);
    await convergeFor(server);
    let token = '';
    const report = await verifyServer(server.resource, server.resource, { onAccessToken: (t) => (token = t) });
    expect(token).not.toBe('');
    const json = JSON.stringify(report);
    expect(json).not.toContain(token);
    expect(json).not.toContain(token.split('.')[2]);
    const journal = await readFile(join(journalDir, '.auth0-mcp', `restore-${stack.standin.host}.jsonl`), 'utf8');
    const lines = journal
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { entry?: { kind: string; identifier?: string }; restored?: string[] });
    const api = lines.find((l) => l.entry?.kind === 'probe-api' && l.entry.identifier === report.probeApi?.identifier);
    expect(api).toBeTruthy();
    expect(lines.indexOf(api!)).toBeLessThan(lines.findIndex((l) => l.restored?.includes(`probe-api:${report.probeApi!.identifier}`)));
  });
});

describe('auth0-mcp verify --no-login against an own server with a hole', () => {
  it('exits 1 and names the hole, who gets in and the fix; --json lists each probe with what was sent', async () => {
    const server = await startOwnMcpServer({ hole: 'no-signature', auth: 'required', issuer: stack.tenant.issuer, jwksUri: stack.tenant.jwksUri });
    try {
      await convergeFor(server);
      const env = { ...stack.env, AUTH0_RESOURCE_SERVER_URL: server.resource };
      const run = (argv: string[]) => {
        const out: string[] = [];
        const io: CliIO = { argv, env, cwd: journalDir, out: (l) => out.push(l), err: () => undefined, stopSignal: new Promise(() => undefined) };
        return { io, out };
      };
      const human = run(['--no-login']);
      expect(await runVerify(human.io, { fetch: stack.routeTenant })).toBe(1);
      const text = human.out.join('\n');
      expect(text).toMatch(/^✗ Only users signed in through Auth0 get in \(hostile tokens refused\): 3 of 5 got in as signed in/m);
      expect(text).toMatch(/^ {4}✗ GOT IN: an unsigned token \(alg: none\): 200: initialize answered/m);
      expect(text).toMatch(
        /^ {4}Problem: Your MCP server let in a token signed by another key under the tenant's kid: it reads the token's claims but never checks its signature/m,
      );
      expect(text).toMatch(/^ {4}Fix: Validate every token before using it: .*RS256 only.*media\/server-reference\.md/m);
      expect(text).toMatch(/^Temporary API for the probes: deleted the temporary API https:\/\/verify-probe\.auth0-mcp\.invalid\//m);

      const json = run(['--no-login', '--json']);
      expect(await runVerify(json.io, { fetch: stack.routeTenant })).toBe(1);
      const report = JSON.parse(json.out.join('\n')) as VerifyReport;
      const probes = check(report, 'probes').probes!;
      expect(probes.map((p) => [p.id, p.verdict])).toEqual([
        ['malformed', 'refused'],
        ['foreign-key', 'signed-in'],
        ['alg-none', 'signed-in'],
        ['hs256-public-key', 'signed-in'],
        ['other-audience', 'refused'],
      ]);
      for (const p of probes) expect(p).toMatchObject({ sent: expect.any(String), request: 'POST /mcp initialize', answer: expect.any(String) });
      expect(probes[1]!.sent).toMatch(/"alg":"RS256".*"kid":"tenant-key-1".*"aud":"http:\/\/127\.0\.0\.1:\d+"/);
      expect(probes[4]!.answer).toMatch(/^401 invalid_token/);
      expect(report.probeApi).toMatchObject({ deleted: true });
    } finally {
      await server.close();
    }
  });
});
