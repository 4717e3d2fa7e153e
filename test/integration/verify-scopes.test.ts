// Issue 15's "done when": from an empty tenant, set-up plus `auth0-mcp verify` passes for a server whose tools declare
// two scopes, one of them public (callable signed out); removing a scope from the grant makes verify fail naming the
// tool and the scope, with the Scopes step as the fix. Strict stand-ins: the Management API stand-in holds the tenant,
// the oidc-provider tenant follows it (a third-party app's token carries only requested AND granted scopes), and the
// own-server stand-in declares per-tool securitySchemes with mixed auth.

import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { runVerify } from '../../src/cli/verify';
import { STEP } from '../../src/core/auth0';
import { readToolsList } from '../../src/core/scopes';
import type { CheckResult, VerifyReport } from '../../src/core/verify';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { startOidcTenant, type OidcTenant } from '../support/oidc-tenant';
import { startOwnMcpServer, type OwnMcpServer } from '../support/own-mcp-server';

let standin: ManagementApiStandin | undefined;
let tenant: OidcTenant | undefined;
let own: OwnMcpServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  await own?.close();
  await tenant?.close();
  await standin?.close();
  own = tenant = standin = undefined;
});

async function stack(auth: 'mixed' | 'required' = 'mixed', ownOptions: { annotate?: boolean } = {}) {
  standin = await startManagementApiStandin();
  const host = standin.host;
  tenant = await startOidcTenant({ tenant: standin.data, issuer: `https://${host}/` });
  const tenantOrigin = tenant.origin;
  own = await startOwnMcpServer({ auth, issuer: `https://${host}/`, jwksUri: tenant.jwksUri, ...ownOptions });
  const env = {
    AUTH0_DOMAIN: host,
    AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin,
    AUTH0_CLIENT_ID: standin.application.clientId,
    AUTH0_CLIENT_SECRET: standin.application.clientSecret,
    AUTH0_RESOURCE_SERVER_URL: own.resource,
  };
  /** Requests for https://<AUTH0_DOMAIN> reach the loopback tenant; the network guard stays on. */
  const routeTenant: typeof fetch = (input, init) => fetch(String(input instanceof Request ? input.url : input).replace(`https://${host}`, tenantOrigin), init);
  return { env, routeTenant, own, tenant, standin };
}

/** Set up everything from the CLI: `auth0-mcp apply --yes`, the tools' scopes read from the own server's tools/list. */
async function setUp(s: Awaited<ReturnType<typeof stack>>, extra: string[] = ['--tools-from', s.own.url]) {
  const cwd = await mkdtemp(join(tmpdir(), 'auth0-mcp-scopes-'));
  dirs.push(cwd);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    argv: ['apply', '--yes', '--json', ...extra],
    env: s.env,
    cwd,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stopSignal: new Promise(() => undefined),
  };
  const code = await main(io);
  expect(code, err.join('\n')).toBe(0);
  return JSON.parse(out.join('\n')) as {
    steps: Array<{ id: string; status: string; summary: string }>;
    outcomes: Array<{ stepId: string; changes: Array<{ field: string; desired: unknown }> }>;
  };
}

async function verifyCli(s: Awaited<ReturnType<typeof stack>>, argv: string[]) {
  const out: string[] = [];
  const io: CliIO = {
    argv: [...argv, '--json'],
    env: s.env,
    cwd: '/nonexistent-verify-cwd',
    out: (l) => out.push(l),
    err: () => undefined,
    stopSignal: new Promise(() => undefined),
  };
  const code = await runVerify(io, {
    fetch: s.routeTenant,
    // The headless sign-in: the test user logs in and consents to what is asked; the redirect reaches the verifier.
    openBrowser: async (url) => {
      const callback = await s.tenant.signIn(url.replace(`https://${s.standin.host}`, s.tenant.origin));
      await (await fetch(callback)).text();
    },
  });
  return { code, report: JSON.parse(out.join('\n')) as VerifyReport };
}

const check = (report: VerifyReport, id: string): CheckResult => report.checks.find((c) => c.id === id)!;
const statuses = (report: VerifyReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
const dropGrantScope = (s: Awaited<ReturnType<typeof stack>>, scope: string) => {
  const grant = s.standin.data.clientGrants.find((g) => g.default_for === 'third_party_clients')!;
  grant.scope = (grant.scope as string[]).filter((x) => x !== scope);
};

describe('tool scopes, end to end through auth0-mcp verify', () => {
  it('passes from an empty tenant after set-up, signed in, with the public tool answering signed out', async () => {
    const s = await stack();
    const applied = await setUp(s);
    expect(applied.steps.find((step) => step.id === STEP.scopes)).toMatchObject({ status: 'ok' });
    const scopes = applied.outcomes.find((o) => o.stepId === STEP.scopes)!;
    expect(scopes.changes.map((c) => `${c.field}: ${String(c.desired)}`)).toEqual([
      'API permission notes:read: needed by list_notes, edit_note, recommendations',
      'API permission notes:write: needed by edit_note',
      'Third-party grant scope notes:read: needed by list_notes, edit_note, recommendations',
      'Third-party grant scope notes:write: needed by edit_note',
    ]);
    const { code, report } = await verifyCli(s, []);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(code).toBe(0);
    expect(check(report, 'challenge').detail).toMatch(
      /Mixed auth: .*search_catalog \(public\) answered; list_notes, edit_note answered with the sign-in challenge \(notes:read notes:write\)/,
    );
    expect(check(report, 'token').detail).toMatch(/scope "[^"]*notes:read[^"]*"/);
    expect(check(report, 'token').detail).toMatch(/scope "[^"]*notes:write[^"]*"/);
    expect(check(report, 'tenant').detail).toContain("the tools' scopes (notes:read notes:write) defined and granted");
    // Signed out: one public tool, then each oauth2-only tool (each answered with the challenge); then the probe of the
    // token in the query string (no header: a signed-out call of the read-only list_notes); nothing else was called.
    expect(s.own.calls.map((c) => `${c.tool}${c.signedIn ? ' (signed in)' : ''}`)).toEqual(['search_catalog', 'list_notes', 'edit_note', 'list_notes']);
  });

  it("never runs a public tool that is not marked read-only: verifying must not write to the user's data", async () => {
    const s = await stack('mixed', { annotate: false });
    await setUp(s);
    const { code, report } = await verifyCli(s, ['--no-login']);
    expect(code).toBe(0);
    expect(check(report, 'challenge').detail).toContain('no public tool is marked readOnlyHint, so none was run signed out');
    // Only the oauth2-only tools were called, and each answered with its challenge without running.
    expect(s.own.calls.map((c) => c.tool)).toEqual(['list_notes', 'edit_note']);
  });

  it('fails naming edit_note and notes:write, with the Scopes step as the fix, once the grant lacks it: unattended and signed in', async () => {
    const s = await stack();
    await setUp(s);
    dropGrantScope(s, 'notes:write');

    const unattended = await verifyCli(s, ['--no-login']);
    expect(unattended.code).toBe(1);
    const tenantCheck = check(unattended.report, 'tenant');
    expect(tenantCheck.status).toBe('fail');
    expect(tenantCheck.diagnosis?.problem).toContain('notes:write (edit_note)');
    expect(tenantCheck.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: STEP.scopes });

    const signedIn = await verifyCli(s, []);
    expect(signedIn.code).toBe(1);
    const token = check(signedIn.report, 'token');
    expect(token.status).toBe('fail');
    expect(token.detail).toBe('The token lacks notes:write (needed by edit_note)');
    expect(token.diagnosis?.problem).toContain('edit_note would answer "insufficient_scope"');
    expect(token.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: STEP.scopes });
  });

  it('every request needs sign-in: the 401 challenge passes as before, and the missing scope is found with the token', async () => {
    const s = await stack('required');
    // tools/list needs a token here, so the scopes are given by hand.
    await expect(readToolsList(s.own.url)).rejects.toMatchObject({ code: 'tools_list_needs_token' });
    await setUp(s, ['--scope', 'notes:read', '--scope', 'notes:write']);
    const passing = await verifyCli(s, []);
    expect(statuses(passing.report)).toMatchObject({ challenge: 'pass', token: 'pass', tools: 'pass' });
    expect(passing.code).toBe(0);

    dropGrantScope(s, 'notes:write');
    const failing = await verifyCli(s, []);
    expect(failing.code).toBe(1);
    expect(check(failing.report, 'tools').detail).toBe('The token lacks notes:write (needed by edit_note)');
  });

  it('never passes a server whose oauth2 tool answers signed out without the challenge', async () => {
    const s = await stack();
    await setUp(s);
    // The same server, but list_notes answers a signed-out call with data instead of the tool-level challenge.
    const leaky: typeof fetch = async (input, init) => {
      const body = typeof init?.body === 'string' ? init.body : '';
      if (!new Headers(init?.headers).has('authorization') && body.includes('"tools/call"') && body.includes('"list_notes"')) {
        const { id } = JSON.parse(body) as { id: number };
        return new Response(JSON.stringify({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: 'all your notes' }] } }), {
          headers: { 'content-type': 'application/json' },
        });
      }
      return s.routeTenant(input, init);
    };
    const { code, report } = await verifyCli({ ...s, routeTenant: leaky }, ['--no-login']);
    expect(code).toBe(1);
    expect(check(report, 'challenge')).toMatchObject({
      status: 'fail',
      detail: 'list_notes declares oauth2 only, but answered signed out without the tool-level challenge',
    });
  });
});
