// auth0-mcp login / logout: one Management API token becomes the product's own application, whose credentials live in
// the user's config folder (0700 / 0600, never through a symlink) where apply finds them; the token is stored nowhere;
// environment variables still win; logout deletes the application. The stand-in plays the tenant.

import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWN_APP_NAME, REQUIRED_SCOPES } from '../../src/core/auth0';
import { EXPLORER_SCOPES, startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { runCli } from '../support/run-cli';

const RESOURCE = 'https://my-app.ngrok-free.app';
let standin: ManagementApiStandin;
let home: string;
let cwd: string;

beforeEach(async () => {
  standin = await startManagementApiStandin({ host: 'login-tenant.us.auth0.com' });
  home = await mkdtemp(join(tmpdir(), 'auth0-mcp-home-'));
  cwd = await mkdtemp(join(tmpdir(), 'auth0-mcp-project-'));
});

afterEach(async () => {
  await standin.close();
  await rm(home, { recursive: true, force: true });
  await rm(cwd, { recursive: true, force: true });
});

/** A shell with only HOME and the stand-in's origin: no AUTH0_* credentials anywhere. */
const cli = (argv: string[], env: Record<string, string> = {}) =>
  runCli(argv, { cwd, env: { HOME: home, AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin, ...env } });
const folder = () => join(home, '.config', 'auth0-mcp');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('auth0-mcp login', () => {
  it('one token, then apply --yes: the tenant converges with the stored application, which holds exactly the needed scopes', async () => {
    const token = standin.issueToken(EXPLORER_SCOPES);
    const login = await cli(['login', '--token', token]);
    expect(login.err).toMatch(/shell history/);
    expect(login.code, login.err).toBe(0);
    expect(login.out).toContain(`Created the application "${OWN_APP_NAME}"`);
    expect(login.out).toContain('the token was not stored');

    const app = standin.data.clients.find((c) => c.name === OWN_APP_NAME)!;
    const grant = standin.data.clientGrants.find((g) => g.client_id === app.client_id)!;
    expect([...(grant.scope as string[])].sort()).toEqual([...REQUIRED_SCOPES].sort());

    // The folder and file are the user's only.
    expect((await lstat(folder())).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(await readFile(join(folder(), 'credentials.json'), 'utf8')) as { tenants: Record<string, { clientId: string }> };
    expect((await lstat(join(folder(), 'credentials.json'))).mode & 0o777).toBe(0o600);
    expect(stored.tenants[standin.host].clientId).toBe(app.client_id);

    const apply = await cli(['apply', '--yes', '--tools-from', 'embedded'], { AUTH0_RESOURCE_SERVER_URL: RESOURCE });
    expect(apply.code, apply.err).toBe(0);
    const plan = await cli(['plan', '--json', '--tools-from', 'embedded'], { AUTH0_RESOURCE_SERVER_URL: RESOURCE });
    expect(plan.code, plan.out).toBe(0);
    // Every Management API call after login used the application's own tokens, never the pasted one.
    const tokenCalls = standin.requests.filter((r) => r.path === '/oauth/token').map((r) => (r.body as { client_id: string }).client_id);
    expect(new Set(tokenCalls)).toEqual(new Set([String(app.client_id)]));

    // The pasted token is nowhere on disk: the config folder, the project.
    for (const file of [...(await filesUnder(folder())), ...(await filesUnder(cwd))]) {
      expect(await readFile(file, 'utf8'), file).not.toContain(token);
    }
  });

  it('status and logs find the stored login too', async () => {
    expect((await cli(['login', '--token', standin.issueToken(EXPLORER_SCOPES)])).code).toBe(0);
    const status = await cli(['status', '--json'], { AUTH0_RESOURCE_SERVER_URL: RESOURCE });
    const steps = (JSON.parse(status.out) as { steps: Array<{ id: string; status: string; summary: string }> }).steps;
    expect(steps.find((s) => s.id === 'connect')).toMatchObject({ status: 'ok', summary: standin.host });
    expect(steps.find((s) => s.id === 'auth0.api')?.status).toBe('change');
    const logs = await cli(['logs', '--json']);
    expect(logs.code, logs.err).toBe(0);
    const app = String(standin.data.clients.find((c) => c.name === OWN_APP_NAME)!.client_id);
    const used = standin.requests.filter((r) => r.path === '/oauth/token').map((r) => (r.body as { client_id: string }).client_id);
    expect(new Set(used)).toEqual(new Set([app]));
  });

  it('takes the token on standard input, and a second login reuses the application (no second one)', async () => {
    const pipe = (token: string) => runCliWithStdin(['login'], token);
    expect((await pipe(standin.issueToken(EXPLORER_SCOPES))).code).toBe(0);
    const again = await pipe(standin.issueToken(EXPLORER_SCOPES));
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('Reused the application');
    expect(standin.data.clients.filter((c) => c.name === OWN_APP_NAME)).toHaveLength(1);
  });

  it('a token without create:clients is refused naming it, and nothing is stored or created', async () => {
    const result = await cli(['login', '--token', standin.issueToken(EXPLORER_SCOPES.filter((s) => s !== 'create:clients'))]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/lacks create:clients/);
    expect(result.err).toMatch(/API Explorer/);
    expect(await filesUnder(folder())).toEqual([]);
    expect(standin.writes()).toEqual([]);
  });

  it('refuses a credentials file reached through a symlink, writing nothing there', async () => {
    await mkdir(folder(), { recursive: true });
    const elsewhere = join(cwd, 'planted.json');
    await writeFile(elsewhere, '{}');
    await symlink(elsewhere, join(folder(), 'credentials.json'));
    const result = await cli(['login', '--token', standin.issueToken(EXPLORER_SCOPES)]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/symbolic link/);
    expect(await readFile(elsewhere, 'utf8')).toBe('{}');
  });

  it('environment variables win over the stored login; a domain with no stored login is refused, not sent the credentials', async () => {
    expect((await cli(['login', '--token', standin.issueToken(EXPLORER_SCOPES)])).code).toBe(0);
    standin.clearLog();
    const withEnv = await cli(['plan', '--json'], {
      AUTH0_RESOURCE_SERVER_URL: RESOURCE,
      AUTH0_DOMAIN: standin.host,
      AUTH0_CLIENT_ID: standin.application.clientId,
      AUTH0_CLIENT_SECRET: standin.application.clientSecret,
    });
    expect(withEnv.code).toBe(3);
    expect(standin.requests.filter((r) => r.path === '/oauth/token').map((r) => (r.body as { client_id: string }).client_id)).toEqual([
      standin.application.clientId,
    ]);

    // A project's .env naming another tenant: the stored login is not combined with it.
    await writeFile(join(cwd, '.env'), `AUTH0_DOMAIN=other-tenant.eu.auth0.com\nAUTH0_RESOURCE_SERVER_URL=${RESOURCE}\n`);
    standin.clearLog();
    const other = await cli(['plan']);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/No credentials are stored for other-tenant\.eu\.auth0\.com/);
    expect(standin.requests).toEqual([]);
  });
});

describe('auth0-mcp logout', () => {
  it('--yes deletes the application and its grant, and forgets the credentials', async () => {
    expect((await cli(['login', '--token', standin.issueToken(EXPLORER_SCOPES)])).code).toBe(0);
    const clientId = String(standin.data.clients.find((c) => c.name === OWN_APP_NAME)!.client_id);
    const result = await cli(['logout', '--yes']);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain(`Deleted the application ${clientId}`);
    expect(standin.data.clients.some((c) => c.client_id === clientId)).toBe(false);
    expect(standin.data.clientGrants.some((g) => g.client_id === clientId)).toBe(false);
    const stored = await readFile(join(folder(), 'credentials.json'), 'utf8').catch(() => '');
    expect(stored).not.toContain(clientId);
    const plan = await cli(['plan'], { AUTH0_RESOURCE_SERVER_URL: RESOURCE });
    expect(plan.err).toMatch(/No Auth0 domain was given/);
  });

  it('without a terminal and without --yes, keeps the application and says so', async () => {
    expect((await cli(['login', '--token', standin.issueToken(EXPLORER_SCOPES)])).code).toBe(0);
    const result = await cli(['logout']);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/Keeping the application/);
    expect(standin.data.clients.some((c) => c.name === OWN_APP_NAME)).toBe(true);
  });
});

function runCliWithStdin(argv: string[], stdin: string) {
  return import('../../src/cli').then(async ({ main }) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main({
      argv,
      env: { HOME: home, AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin },
      cwd,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      readStdin: async () => `${stdin}\n`,
      stopSignal: new Promise(() => undefined),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  });
}
