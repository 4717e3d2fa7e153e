// "Verify like ChatGPT" against a strict tenant: converged by `apply`, it passes with only the .env values; each
// tenant step broken in turn makes it fail and name that step with its fix, whether Auth0 shows its error page or
// redirects the error; and no test client is left behind, whatever happened.

import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io';
import { managementAccess, runVerify } from '../../src/cli/verify';
import { verify, type CheckResult, type VerifyOptions, type VerifyReport } from '../../src/core/verify';
import type { TenantData } from '../support/management-api-standin';
import { startLiveVerifyStack, type ErrorMode, type LiveVerifyStack } from './verify-live-stack';

const stacks: LiveVerifyStack[] = [];
afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
});

async function live(mode: ErrorMode, options: Parameters<typeof startLiveVerifyStack>[1] = {}): Promise<LiveVerifyStack> {
  const stack = await startLiveVerifyStack(mode, options);
  stacks.push(stack);
  return stack;
}

/** What `auth0-mcp verify --no-login` runs with the backend .env: the public URL is the identifier's origin. */
function run(stack: LiveVerifyStack, options: VerifyOptions = {}): Promise<VerifyReport> {
  return verify(new URL(stack.env.AUTH0_RESOURCE_SERVER_URL!).origin, {
    resource: stack.env.AUTH0_RESOURCE_SERVER_URL!,
    issuer: stack.tenant.issuer,
    login: false,
    ...stack.access,
    ...options,
  });
}

const check = (report: VerifyReport, id: string): CheckResult => report.checks.find((c) => c.id === id)!;
const stepOf = (c: CheckResult) => (c.diagnosis?.action?.kind === 'apply' ? c.diagnosis.action.stepId : c.diagnosis?.action?.kind);

interface Breakage {
  name: string;
  breakIt(data: TenantData, resource: string): void;
  /** The check that fails first on ChatGPT's path, and the step its fix applies. */
  failing: 'registration' | 'authorize';
  step: string;
  /** What the failure says. */
  says: RegExp;
}

const BREAKAGES: Breakage[] = [
  {
    name: 'the compatibility profile off, no Default Audience',
    breakIt: (d) => {
      d.settings.resource_parameter_profile = 'audience';
      delete d.settings.default_audience;
    },
    failing: 'authorize',
    step: 'auth0.tenant-settings',
    says: /userinfo audience is not allowed[\s\S]*Compatibility Profile is off/,
  },
  {
    name: 'the compatibility profile off, the Default Audience another API',
    breakIt: (d) => {
      d.settings.resource_parameter_profile = 'audience';
      d.resourceServers.push({ id: 'other', identifier: 'https://other-api.example.com/', name: 'Other', allow_offline_access: false });
      d.settings.default_audience = 'https://other-api.example.com/';
    },
    failing: 'authorize',
    step: 'auth0.tenant-settings',
    says: /"https:\/\/other-api\.example\.com\/" \(the tenant's Default Audience\)/,
  },
  {
    name: 'no API with that exact identifier (a trailing slash added)',
    breakIt: (d, resource) => {
      d.resourceServers.find((r) => r.identifier === resource)!.identifier = `${resource}/`;
    },
    failing: 'authorize',
    step: 'auth0.api',
    says: /Service not found/,
  },
  {
    name: 'no default third-party grant',
    breakIt: (d) => {
      d.clientGrants.splice(0, d.clientGrants.length, ...d.clientGrants.filter((g) => g.default_for !== 'third_party_clients'));
    },
    failing: 'authorize',
    step: 'auth0.grant',
    says: /is not authorized to access resource server/,
  },
  {
    name: 'no domain-level connection',
    breakIt: (d) => {
      for (const c of d.connections) c.is_domain_connection = false;
    },
    failing: 'authorize',
    step: 'auth0.connections',
    says: /no connections enabled for the client/,
  },
  {
    name: 'Dynamic Client Registration off (discovery still lists the endpoint)',
    breakIt: (d) => {
      (d.settings.flags as Record<string, unknown>).enable_dynamic_client_registration = false;
    },
    failing: 'registration',
    step: 'auth0.dcr',
    says: /dynamic client registration is disabled/,
  },
  {
    name: "CIMD advertised, ChatGPT's client not imported",
    breakIt: (d) => {
      d.settings.client_id_metadata_document_supported = true;
    },
    failing: 'authorize',
    step: 'open',
    says: /Client ID Metadata Documents/,
  },
];

describe.each(['error-page', 'redirect'] as const)('verify --no-login against a strict tenant (errors: %s)', (mode) => {
  it('passes on the tenant `apply` converged, with only the .env values, and leaves no client behind', async () => {
    const stack = await live(mode);
    const report = await run(stack);
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(check(report, 'tenant').status).toBe('pass');
    expect(check(report, 'authorize').detail).toMatch(/login page.*the Management API agrees/);
    expect(report.testClient).toMatchObject({ deleted: true });
    expect(report.testClient?.clientId).toMatch(/^tpc_/);
    expect(stack.dcrClients()).toEqual([]);
  });

  for (const breakage of BREAKAGES) {
    it(`fails on ${breakage.name}, naming the step and its fix, with and without the Management API`, async () => {
      const stack = await live(mode);
      breakage.breakIt(stack.standin.data, stack.resource);

      const report = await run(stack);
      expect(report.ok).toBe(false);
      const failed = check(report, breakage.failing);
      expect(failed.status).toBe('fail');
      expect(`${failed.detail} ${failed.diagnosis?.problem}`).toMatch(breakage.says);
      expect(failed.diagnosis?.fix).toBeTruthy();
      expect(stepOf(failed)).toBe(breakage.step);
      // The Management API names the same step (or, for CIMD, the CIMD step).
      const tenant = check(report, 'tenant');
      expect(tenant.status).toBe('fail');
      expect(tenant.detail).toMatch(breakage.step === 'open' ? /Client ID Metadata Documents/ : /not done/);
      expect(stack.dcrClients()).toEqual([]);

      // The probe alone (no Management API reads) finds the same failure.
      const alone = await run(stack, { tenant: undefined });
      const probed = check(alone, breakage.failing);
      expect(probed.status).toBe('fail');
      expect(stepOf(probed)).toBe(breakage.step);
      expect(check(alone, 'tenant').status).toBe('skip');
      expect(stack.dcrClients()).toEqual([]);
    });
  }

  it('the compatibility profile off with the Default Audience = the API still works for ChatGPT: a pass that says why', async () => {
    const stack = await live(mode);
    stack.standin.data.settings.resource_parameter_profile = 'audience';
    const report = await run(stack);
    expect(report.ok).toBe(true);
    expect(check(report, 'authorize').detail).toMatch(/ignores "resource", but its Default Audience is/);
    // Without the Management API the verifier cannot know where the tokens go: it does not pass.
    const alone = await run(stack, { tenant: undefined });
    expect(check(alone, 'authorize')).toMatchObject({ status: 'fail', diagnosis: { action: { stepId: 'auth0.tenant-settings' } } });
    expect(stack.dcrClients()).toEqual([]);
  });
});

describe('what only the Management API can see', () => {
  it('an API without offline access: the probe is accepted, the cross-check fails on the API step and says to trust it', async () => {
    const stack = await live('error-page');
    stack.standin.data.resourceServers.find((r) => r.identifier === stack.resource)!.allow_offline_access = false;
    const report = await run(stack);
    expect(report.ok).toBe(false);
    const tenant = check(report, 'tenant');
    expect(tenant.status).toBe('fail');
    expect(tenant.diagnosis?.problem).toContain('allow_offline_access');
    expect(tenant.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: 'auth0.api' });
    const probe = check(report, 'authorize');
    expect(probe.status).toBe('pass');
    expect(probe.detail).toMatch(/trust the Management API/);
    expect(stack.dcrClients()).toEqual([]);
  });
});

describe('Management API credentials the tenant refuses', () => {
  it("fail the cross-check with the credentials' fix, never pass it; the probe still runs; the undeleted client is named", async () => {
    const stack = await live('error-page');
    const access = await managementAccess([{ name: 'the environment', values: { ...stack.env, AUTH0_CLIENT_SECRET: 'wrong-secret' }, overrides: true }]);
    const report = await run(stack, access);
    const tenant = check(report, 'tenant');
    expect(tenant.status).toBe('fail');
    expect(tenant.diagnosis?.problem).toMatch(/could not be read through the Management API/);
    expect(tenant.diagnosis?.fix).toBeTruthy();
    expect(check(report, 'authorize').status).toBe('pass');
    expect(report.testClient).toMatchObject({ deleted: false });
    expect(report.testClient?.detail).toContain(report.testClient!.clientId);
  });
});

describe('the browser sign-in against a strict tenant', () => {
  it('signs in like ChatGPT and gets a JWT for the API', async () => {
    const stack = await live('error-page');
    const report = await run(stack, {
      login: true,
      openBrowser: async (url) => {
        await fetch(await stack.tenant.signIn(url));
      },
    });
    expect(check(report, 'sign-in').status).toBe('pass');
    expect(check(report, 'token')).toMatchObject({ status: 'pass' });
    expect(check(report, 'token').detail).toContain(`aud "${stack.resource}"`);
    expect(stack.dcrClients()).toEqual([]);
  });

  it("a tenant broken during the sign-in: Auth0's error page never redirects, the log ends the wait with the fix", async () => {
    const stack = await live('error-page');
    let shown = '';
    const report = await run(stack, {
      login: true,
      logPollMs: 50,
      signInTimeoutMs: 120_000,
      openBrowser: async (url) => {
        stack.standin.data.clientGrants.length = 0; // someone deletes the grant while the user signs in
        shown = await stack.tenant.signIn(url).then(String, (error: unknown) => String(error));
      },
    });
    expect(shown).toMatch(/not authorized to access resource server/); // the user sees Auth0's error page
    const signIn = check(report, 'sign-in');
    expect(signIn.status).toBe('fail');
    expect(signIn.detail).toMatch(/Auth0 logged a failed sign-in/);
    expect(signIn.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: 'auth0.grant' });
    expect(stack.dcrClients()).toEqual([]);
  }, 60_000);

  it('a tenant already broken: the probe fails first and no browser is opened', async () => {
    const stack = await live('error-page');
    stack.standin.data.connections.forEach((c) => (c.is_domain_connection = false));
    let opened = false;
    const report = await run(stack, {
      login: true,
      openBrowser: () => {
        opened = true;
      },
    });
    expect(opened).toBe(false);
    expect(check(report, 'authorize').diagnosis?.action).toMatchObject({ stepId: 'auth0.connections' });
    expect(check(report, 'sign-in').status).toBe('skip');
    expect(stack.dcrClients()).toEqual([]);
  });
});

describe('auth0-mcp verify --no-login with only the backend .env', () => {
  const cli = (argv: string[], env: Record<string, string>) => {
    const out: string[] = [];
    const io: CliIO = { argv, env, cwd: '/nonexistent-verify-cwd', out: (l) => out.push(l), err: () => undefined, stopSignal: new Promise(() => undefined) };
    return { io, out };
  };

  it('passes on a tenant apply configured: AUTH0_DOMAIN, the credentials and AUTH0_RESOURCE_SERVER_URL are enough', async () => {
    const stack = await live('error-page', { issuerFromDomain: true });
    const run = cli(['--no-login', '--json'], stack.env);
    expect(await runVerify(run.io, { fetch: stack.routeTenant })).toBe(0);
    const report = JSON.parse(run.out.join('\n')) as VerifyReport;
    expect(report.publicUrl).toBe(new URL(stack.resource).origin);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['metadata', 'pass'],
      ['challenge', 'pass'],
      ['authorization-server', 'pass'],
      ['tenant', 'pass'],
      ['registration', 'pass'],
      ['authorize', 'pass'],
      ['probes', 'pass'],
      ['sign-in', 'skip'],
      ['token', 'skip'],
      ['tools', 'skip'],
      ['probes-signed-in', 'skip'],
    ]);
    expect(stack.dcrClients()).toEqual([]);
  });

  it('names the broken step and its automatic fix in the human output, exit 1', async () => {
    const stack = await live('error-page', { issuerFromDomain: true });
    stack.standin.data.clientGrants.length = 0;
    const run = cli(['--no-login'], stack.env);
    expect(await runVerify(run.io, { fetch: stack.routeTenant })).toBe(1);
    const text = run.out.join('\n');
    expect(text).toMatch(/^✗ Auth0 accepts ChatGPT's sign-in request: .*is not authorized to access resource server/m);
    expect(text).toMatch(/^ {4}Automatic fix: Create the default third-party grant \(step auth0\.grant; "auth0-mcp apply" applies it\)/m);
    expect(text).toMatch(/^✗ Tenant configuration \(Management API\): .*Default permissions for third-party applications/m);
    expect(stack.dcrClients()).toEqual([]);
  });
});
