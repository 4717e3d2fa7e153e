// auth0-mcp plan / apply, driven through main() with a fake CliIO and the environment pointing at the stand-in.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { runCli, standinEnv } from '../support/run-cli';

const RESOURCE = 'https://my-app.ngrok-free.app';
let standin: ManagementApiStandin;
let cwd: string;

beforeEach(async () => {
  standin = await startManagementApiStandin();
  cwd = await mkdtemp(join(tmpdir(), 'auth0-mcp-cli-'));
});

afterEach(async () => {
  await standin.close();
  await rm(cwd, { recursive: true, force: true });
});

// No server runs at RESOURCE here: the embedded server's demo tools stand in for its tools/list (AUTH0_MCP_TOOLS_FROM),
// except in the tests of the default (the server at the resource URL), which blank it.
const cli = (argv: string[], env: Record<string, string> = {}) =>
  runCli(argv, { cwd, env: { ...standinEnv(standin, RESOURCE), AUTH0_MCP_TOOLS_FROM: 'embedded', ...env } });

describe('auth0-mcp plan: the Scopes step', () => {
  it('--scope adds a scope by hand; a --tools-from server that cannot be read leaves the step unknown with why', async () => {
    const byHand = await cli(['plan', '--json', '--scope', 'notes:write']);
    const planned = (JSON.parse(byHand.out) as { steps: Array<{ id: string; status: string; summary: string }> }).steps.find((s) => s.id === 'auth0.scopes');
    expect(planned).toMatchObject({ status: 'change', summary: expect.stringContaining('notes:write (added by hand)') as unknown });

    const unread = await cli(['plan', '--json', '--tools-from', 'http://127.0.0.1:9/mcp']);
    const step = (JSON.parse(unread.out) as { steps: Array<{ id: string; status: string; diagnosis?: { problem: string; fix: string } }> }).steps.find(
      (s) => s.id === 'auth0.scopes',
    );
    expect(step?.status).toBe('unknown');
    expect(step?.diagnosis?.problem).toContain('http://127.0.0.1:9/mcp');
    expect(step?.diagnosis?.fix).toMatch(/Start your MCP server/);
  });
});

describe('auth0-mcp plan', () => {
  it('exits 3 with pending changes, listing each step in JSON', async () => {
    const result = await cli(['plan', '--json']);
    expect(result.code).toBe(3);
    const json = JSON.parse(result.out) as { converged: boolean; steps: Array<{ id: string; title: string; status: string; changes: unknown[] }> };
    expect(json.converged).toBe(false);
    const api = json.steps.find((s) => s.id === 'auth0.api')!;
    expect(api).toMatchObject({ title: 'API for the MCP server', status: 'change' });
    expect(api.changes).toContainEqual({ field: 'identifier', current: null, desired: RESOURCE });
    expect(standin.writes()).toEqual([]);
  });

  it('prints a readable table', async () => {
    const result = await cli(['plan']);
    expect(result.code).toBe(3);
    expect(result.out).toMatch(/change\s+Dynamic Client Registration\s+Turn on/);
    expect(result.out).toContain('default_audience: (none) -> https://my-app.ngrok-free.app');
  });

  it('exits 1 with the message on stderr when the credentials are wrong', async () => {
    const result = await cli(['plan'], { AUTH0_CLIENT_SECRET: 'nope-not-it' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('rejected the client id or secret');
    expect(result.err).not.toContain('nope-not-it');
  });

  it('exits 1 for a malformed domain', async () => {
    const result = await cli(['plan'], { AUTH0_DOMAIN: 'https://tenant.auth0.com/authorize' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('more than a domain');
  });

  it('reads the configuration from a .env file, with flags taking precedence', async () => {
    await writeFile(join(cwd, '.env'), `export AUTH0_RESOURCE_SERVER_URL="https://from-dotenv.example.com"\r\nAUTH0_DOMAIN=${standin.host}\r\n`);
    const fromDotenv = await cli(['plan', '--json'], { AUTH0_RESOURCE_SERVER_URL: '' });
    expect(JSON.parse(fromDotenv.out).identifier).toBe('https://from-dotenv.example.com');
    const fromFlag = await cli(['plan', '--json', '--resource-url', 'https://flag.example.com/mcp']);
    expect(JSON.parse(fromFlag.out).identifier).toBe('https://flag.example.com/mcp');
  });
});

describe('auth0-mcp apply', () => {
  it('refuses without --yes when there is no terminal, and writes nothing', async () => {
    const result = await cli(['apply']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('--yes');
    expect(standin.writes()).toEqual([]);
  });

  it('applies with --yes, exits 0 once converged, keeps the previous settings, then plan exits 0', async () => {
    const applied = await cli(['apply', '--yes', '--json']);
    expect(applied.code).toBe(0);
    const json = JSON.parse(applied.out) as { converged: boolean; outcomes: Array<{ result: string }>; restoreFile: string };
    expect(json.converged).toBe(true);
    expect(json.outcomes.every((o) => o.result === 'applied')).toBe(true);
    const saved = (await readFile(json.restoreFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).entry);
    expect(saved).toContainEqual({ kind: 'setting', field: 'default_audience', previous: '' });
    expect(saved).toContainEqual({ kind: 'setting', field: 'resource_parameter_profile', previous: 'audience' });
    expect(saved).toContainEqual({ kind: 'created-api', identifier: RESOURCE });
    expect(await readFile(join(cwd, '.auth0-mcp', '.gitignore'), 'utf8')).toBe('*\n');

    expect((await cli(['plan'])).code).toBe(0);
    standin.clearLog();
    const again = await cli(['apply']);
    expect(again.code).toBe(0);
    expect(standin.writes()).toEqual([]);
  });

  it('exits 1 and says what was not applied after a partial failure; a re-run completes', async () => {
    standin.fail({ status: 403, method: 'POST', path: '/api/v2/client-grants', scope: 'create:client_grants' });
    const first = await cli(['apply', '--yes']);
    expect(first.code).toBe(1);
    expect(first.err).toContain('Not applied: Default permissions for third-party applications');
    expect(first.err).toContain('create:client_grants');
    expect((await cli(['apply', '--yes'])).code).toBe(0);
  });
});

describe('scopes', () => {
  it('plan warns about every missing scope and fails on the steps it cannot read', async () => {
    const token = standin.issueToken(['read:tenant_settings', 'read:connections', 'read:client_grants']);
    const result = await cli(['plan'], { AUTH0_CLIENT_ID: '', AUTH0_CLIENT_SECRET: '', AUTH0_API_TOKEN: token });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Warning: the credentials lack read:resource_servers, create:resource_servers/);
    expect(result.err).toContain('Error in "API for the MCP server"');
    expect(result.err).not.toContain(token);
  });
});

describe('auth0-mcp restore', () => {
  it('puts back what apply changed and deletes what it created, then has nothing left to restore', async () => {
    const before = structuredClone(standin.data.settings);
    const connectionBefore = standin.data.connections.find((c) => c.name === 'Username-Password-Authentication')!.is_domain_connection;
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    expect(standin.data.settings.default_audience).toBe(RESOURCE);

    const restored = await cli(['restore', '--yes']);
    expect(restored.code).toBe(0);
    expect(standin.data.settings.default_audience ?? '').toBe(before.default_audience ?? ''); // Auth0 clears it with ""
    expect(standin.data.settings.resource_parameter_profile).toBe(before.resource_parameter_profile);
    // An unset flag means off: restore writes it back as false.
    expect((standin.data.settings.flags as Record<string, unknown>).enable_dynamic_client_registration).toBe(
      (before.flags as Record<string, unknown> | undefined)?.enable_dynamic_client_registration ?? false,
    );
    expect(standin.data.connections.find((c) => c.name === 'Username-Password-Authentication')!.is_domain_connection).toBe(connectionBefore);
    expect(standin.data.resourceServers.some((r) => r.identifier === RESOURCE)).toBe(false); // apply created it
    expect(standin.data.clientGrants).toEqual([]);

    const again = await cli(['restore', '--yes']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Nothing to restore/);
  });

  it('restores from the single record an earlier version kept, once', async () => {
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    await rm(join(cwd, '.auth0-mcp'), { recursive: true });
    const connection = standin.data.connections[0];
    const legacy = {
      version: 1,
      host: standin.host,
      savedAt: '',
      settings: { default_audience: '' },
      flags: { enable_dynamic_client_registration: false },
      connections: [{ id: connection.id, name: connection.name, isDomainConnection: false }],
    };
    await mkdir(join(cwd, '.auth0-mcp'));
    await writeFile(join(cwd, '.auth0-mcp', `restore-${standin.host}.json`), JSON.stringify(legacy));
    expect((await cli(['restore', '--yes'])).code).toBe(0);
    expect(standin.data.settings.default_audience).toBe('');
    expect((standin.data.settings.flags as Record<string, unknown>).enable_dynamic_client_registration).toBe(false);
    expect(connection.is_domain_connection).toBe(false);
    expect((await cli(['restore', '--yes'])).out).toMatch(/Nothing to restore/);
  });

  it('refuses without --yes when there is no terminal', async () => {
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    const result = await cli(['restore']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/--yes/);
  });
});

describe('auth0-mcp clients', () => {
  it('lists the tpc_ clients and deletes only the ones named, refusing a first-party app', async () => {
    const firstParty = standin.data.clients.find((c) => c.is_first_party)!.client_id as string;
    standin.data.clients.push(
      { client_id: 'tpc_old1', name: 'ChatGPT', is_first_party: false, callbacks: ['https://chatgpt.com/connector_platform_oauth_redirect'] },
      { client_id: 'tpc_old2', name: 'ChatGPT', is_first_party: false, callbacks: [] },
    );
    const listed = await cli(['clients', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as { clients: Array<{ clientId: string }> }).clients.map((c) => c.clientId)).toEqual(['tpc_old1', 'tpc_old2']);

    const refused = await cli(['clients', '--delete', 'tpc_old1']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/--yes/);

    const deleted = await cli(['clients', '--delete', 'tpc_old1', '--delete', firstParty, '--yes']);
    expect(deleted.code).toBe(1); // the first-party app is refused
    expect(deleted.out).toContain('Deleted tpc_old1');
    expect(deleted.err).toContain(`Not deleted: ${firstParty}`);
    expect(standin.data.clients.map((c) => c.client_id)).toEqual(expect.arrayContaining([firstParty, 'tpc_old2']));
    expect(standin.data.clients.map((c) => c.client_id)).not.toContain('tpc_old1');
  });
});

describe('auth0-mcp status', () => {
  it('prints the whole checklist: connected, tenant steps to change, no server at the resource URL, the .env to write; exit 1 for the failed server', async () => {
    const result = await cli(['status', '--json']);
    expect(result.code).toBe(1); // nothing answers at https://my-app.ngrok-free.app: the server step is an error
    const { steps, notKnownHere } = JSON.parse(result.out) as {
      steps: Array<{ id: string; status: string; summary: string; diagnosis?: { fix: string } }>;
      notKnownHere: string[];
    };
    const byId = Object.fromEntries(steps.map((s) => [s.id, s]));
    expect(steps.map((s) => s.id)).toEqual(expect.arrayContaining(['connect', 'server', 'tunnel', 'auth0.api', 'auth0.dcr', 'env', 'chatgpt', 'verify']));
    expect(byId.connect.status).toBe('ok');
    expect(byId['auth0.api'].status).toBe('change');
    expect(byId['auth0.scopes']).toMatchObject({ status: 'change', summary: expect.stringContaining('greeting:write (save_greeting)') as unknown });
    expect(byId.server).toMatchObject({ status: 'error', summary: expect.stringContaining(RESOURCE) as unknown });
    expect(byId.server.diagnosis?.fix).toBeTruthy();
    expect(byId.env.status).toBe('change');
    expect(byId.verify.status).toBe('unknown');
    expect(notKnownHere).toEqual(['chatgpt', 'verify']);
    expect(standin.writes()).toEqual([]);
  });

  it('without credentials: connect is the step to do, and its fix is named', async () => {
    const result = await cli(['status'], { AUTH0_CLIENT_ID: '', AUTH0_CLIENT_SECRET: '' });
    expect(result.out).toMatch(/manual\s+Connect to Auth0/);
    expect(result.out).toContain('In VS Code: "Connect to Auth0"');
  });

  it('judges the tenant exactly as plan does, on the same flags (--clients, --connection, --scope), before and after apply', async () => {
    standin.data.clients.push({ client_id: 'tpc_left1', name: 'ChatGPT', is_first_party: false, external_metadata_type: 'dcr' });
    const flags = ['--clients', '--connection', 'Username-Password-Authentication', '--scope', 'notes:read'];
    const tenantSteps = (out: string) => (JSON.parse(out) as { steps: Array<{ id: string }> }).steps.filter((s) => s.id.startsWith('auth0.'));
    for (const round of ['before', 'after']) {
      if (round === 'after') expect((await cli(['apply', '--yes', ...flags.filter((f) => f !== '--clients')])).code).toBe(0);
      const plan = await cli(['plan', '--json', ...flags]);
      const status = await cli(['status', '--json', ...flags]);
      expect(tenantSteps(status.out), round).toEqual(tenantSteps(plan.out));
      expect(tenantSteps(plan.out).find((s) => s.id === 'auth0.dcr-clients')).toMatchObject({ summary: '1 dynamically registered client' });
    }
  });
});
