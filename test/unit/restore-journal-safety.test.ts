// Issue #21, cases 2-4: the journal loses nothing (a torn last line, a full disk), a refused write is not restored,
// and restore acts only on entries this product could have written.

import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, checkPlan, createManagementSession, desiredTenant, fileRestoreJournal, restoreTenant } from '../../src/core/auth0';
import { standinConnection, startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';

const RESOURCE = 'https://my-app.ngrok-free.app';
let dir: string;
let standin: ManagementApiStandin;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth0-mcp-journal-safety-'));
  standin = await startManagementApiStandin();
});
afterEach(async () => {
  await standin.close();
  await rm(dir, { recursive: true, force: true });
});

const session = () => createManagementSession(standinConnection(standin));
const plan = async () => checkPlan(session(), desiredTenant({ domain: standin.host, resourceUrl: RESOURCE }));

describe('the journal loses nothing', () => {
  it('an append after a torn last line (a crash mid-append) is kept whole, and restore deletes the API it created', async () => {
    const path = join(dir, 'restore.jsonl');
    const journal = fileRestoreJournal(path, standin.host);
    await journal.record([{ kind: 'setting', field: 'resource_parameter_profile', previous: 'audience' }]);
    await appendFile(path, '{"v":1,"at":"2026-01-01T00:00:00.000Z","pid":1,"entry":{"kind":"created-gr');
    const report = await applyPlan(session(), await plan(), { journal });
    expect(report.complete).toBe(true);
    const record = await journal.read();
    expect(record.entries).toContainEqual({ kind: 'created-api', identifier: RESOURCE });
    const restored = await restoreTenant(session(), record);
    expect(restored.failed).toEqual([]);
    expect(standin.data.resourceServers.map((r) => r.identifier)).not.toContain(RESOURCE);
  });

  it('a write that throws ENOSPC after half a line stops apply before the tenant write it guards', async () => {
    const path = join(dir, 'restore.jsonl');
    let full = false;
    const journal = fileRestoreJournal(path, standin.host, {
      // The disk fills during the first append: half the line lands, then ENOSPC.
      write: async (handle, data) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        full = true;
        const { bytesWritten } = await handle.write(data, 0, Math.floor(data.length / 2));
        return bytesWritten;
      },
    });
    const report = await applyPlan(session(), await plan(), { journal });
    expect(standin.writes()).toEqual([]);
    expect(report.complete).toBe(false);
    const failed = report.outcomes.filter((o) => o.result === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].error?.code).toBe('journal_failed');
    expect(failed[0].error?.message).toMatch(/no space left/i);
    // The half line is on disk; the next append (disk freed) is not merged into it.
    expect(await readFile(path, 'utf8')).not.toMatch(/\n$/);
    const freed = fileRestoreJournal(path, standin.host);
    await freed.record([{ kind: 'created-api', identifier: RESOURCE }]);
    expect((await freed.read()).entries).toEqual([{ kind: 'created-api', identifier: RESOURCE }]);
  });
});

describe('a refused write is not restored', () => {
  it('a 403 on the settings and the connection voids their entries: values set by hand later stay', async () => {
    const journal = fileRestoreJournal(join(dir, 'restore.jsonl'), standin.host);
    standin.fail({ status: 403, method: 'PATCH', path: '/api/v2/tenants/settings', scope: 'update:tenant_settings', times: 10 });
    standin.fail({ status: 403, method: 'PATCH', path: '/api/v2/connections/', scope: 'update:connections', times: 10 });
    const report = await applyPlan(session(), await plan(), { journal });
    expect(report.outcomes.find((o) => o.stepId === 'auth0.dcr')?.result).toBe('failed');
    // The user then turns these on by hand.
    (standin.data.settings.flags as Record<string, unknown>).enable_dynamic_client_registration = true;
    standin.data.settings.resource_parameter_profile = 'compatibility';
    standin.data.connections[0].is_domain_connection = true;
    const record = await journal.read();
    expect(record.entries.map((e) => e.kind).sort()).toEqual(['created-api', 'created-grant']);
    await restoreTenant(session(), record);
    expect((standin.data.settings.flags as Record<string, unknown>).enable_dynamic_client_registration).toBe(true);
    expect(standin.data.settings.resource_parameter_profile).toBe('compatibility');
    expect(standin.data.connections[0].is_domain_connection).toBe(true);
  });
});

describe('restore acts only on what this product could have written', () => {
  it('refuses a carried journal\'s foreign entries, naming them, and touches nothing they name', async () => {
    standin.data.resourceServers.push({ id: 'rs_unrelated', name: 'Billing API', identifier: 'https://billing.example.com', is_system: false, signing_alg: 'RS256' });
    const settingsBefore = structuredClone(standin.data.settings);
    const path = join(dir, 'restore.jsonl');
    const line = (entry: object) => JSON.stringify({ v: 1, at: '2026-01-01T00:00:00.000Z', pid: 1, entry });
    await writeFile(
      path,
      [
        line({ kind: 'created-api', identifier: 'https://billing.example.com' }),
        line({ kind: 'setting', field: 'error_page.url', previous: 'https://evil.example.com' }),
        line({ kind: 'setting', field: 'session_lifetime', previous: 1 }),
        line({ kind: 'setting', field: 'default_audience', previous: 'https://x.example.com/$(touch pwned)' }),
        line({ kind: 'connection', id: 'con_1', name: 'Username-Password-Authentication', previous: true }),
        line({ kind: 'api-field', id: 'rs_unrelated', identifier: 'https://billing.example.com', field: 'token_lifetime', previous: 1 }),
        line({ kind: 'run-shell', command: 'rm -rf ~' }),
      ].join('\n') + '\n',
    );
    const record = await fileRestoreJournal(path, standin.host).read();
    expect(record.entries).toEqual([{ kind: 'created-api', identifier: 'https://billing.example.com' }]);
    expect(record.refused?.map((r) => r.what)).toEqual([
      'setting error_page.url',
      'setting session_lifetime',
      'setting default_audience',
      'connection Username-Password-Authentication con_1',
      'api-field token_lifetime https://billing.example.com rs_unrelated',
      'run-shell',
    ]);
    const report = await restoreTenant(session(), record);
    // The API exists but is not one this product made (its name says so): it is not deleted, and restore says why.
    expect(standin.data.resourceServers.map((r) => r.identifier)).toContain('https://billing.example.com');
    expect(report.failed.map((f) => f.message).join('\n')).toMatch(/Billing API.*not created by this product/);
    expect(standin.data.settings).toEqual(settingsBefore);
    expect(standin.writes()).toEqual([]);
  });
});

describe('auth0-mcp restore shows what it will do, and names what it refuses', () => {
  it('without --yes (no terminal) prints the plan and the refused entries, and changes nothing', async () => {
    const { runCli, standinEnv } = await import('../support/run-cli');
    const cwd = join(dir, 'project');
    const path = join(cwd, '.auth0-mcp', `restore-${standin.host}.jsonl`);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(cwd, '.auth0-mcp'), { recursive: true });
    const line = (entry: object) => JSON.stringify({ v: 1, at: '2026-01-01T00:00:00.000Z', pid: 1, entry });
    await writeFile(path, [line({ kind: 'setting', field: 'resource_parameter_profile', previous: 'audience' }), line({ kind: 'setting', field: 'session_lifetime', previous: 1 })].join('\n') + '\n');
    standin.data.settings.resource_parameter_profile = 'compatibility';
    const result = await runCli(['restore'], { cwd, env: standinEnv(standin, RESOURCE) });
    expect(result.code).toBe(1);
    expect(result.out).toContain(`Restore on ${standin.host}:\n  resource_parameter_profile → "audience"`);
    expect(result.err).toContain('Refused: setting session_lifetime: the tenant setting session_lifetime is not one this product changes');
    expect(result.err).toContain('--yes');
    expect(standin.writes()).toEqual([]);
  });
});

describe('every kind the product writes is accepted', () => {
  it("the login's own-application entry (auth0-mcp login) reads back; another name is refused", async () => {
    const { OWN_APP_NAME } = await import('../../src/core/auth0/own-application');
    const path = join(dir, 'login.jsonl');
    const journal = fileRestoreJournal(path, 't.auth0.com');
    await journal.record([{ kind: 'created-own-app', name: OWN_APP_NAME }]);
    await appendFile(path, `${JSON.stringify({ v: 1, at: '2026-01-01T00:00:00.000Z', pid: 1, entry: { kind: 'created-own-app', name: 'Someone else' } })}\n`);
    const record = await journal.read();
    expect(record.entries).toEqual([{ kind: 'created-own-app', name: OWN_APP_NAME }]);
    expect(record.refused).toEqual([{ what: 'created-own-app Someone else', reason: 'an application name this product never uses' }]);
  });
});

describe("verify's probe entries (issue #19)", () => {
  it('are accepted only under the reserved probe prefix', async () => {
    const path = join(dir, 'probe.jsonl');
    const line = (entry: object) => JSON.stringify({ v: 1, at: '2026-01-01T00:00:00.000Z', pid: 1, entry });
    await writeFile(
      path,
      [
        line({ kind: 'probe-api', identifier: 'https://verify-probe.auth0-mcp.invalid/abc_DEF-1' }),
        line({ kind: 'probe-api', identifier: 'https://billing.example.com' }),
        line({ kind: 'probe-grant', audience: 'https://verify-probe.auth0-mcp.invalid/abc_DEF-1', clientId: 'x$(id)' }),
      ].join('\n') + '\n',
    );
    const record = await fileRestoreJournal(path, 't.auth0.com').read();
    expect(record.entries).toEqual([{ kind: 'probe-api', identifier: 'https://verify-probe.auth0-mcp.invalid/abc_DEF-1' }]);
    expect(record.refused?.map((r) => r.reason)).toEqual(['not a probe API: left alone', 'not a probe API: left alone']);
  });
});
