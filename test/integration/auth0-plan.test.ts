// The setup engine against the Management API stand-in, through the real auth0 SDK over HTTP.

import { afterEach, describe, expect, it } from 'vitest';
import {
  applyPlan,
  checkPlan,
  createManagementSession,
  deleteDcrClients,
  deletePreviousApi,
  desiredTenant,
  restoreTenant,
  scanDcrClients,
  STEP,
} from '../../src/core/auth0';
import { startManagementApiStandin, standinConnection, type ManagementApiStandin, type TenantData } from '../support/management-api-standin';

const RESOURCE = 'https://my-app.ngrok-free.app';
let standin: ManagementApiStandin;

afterEach(async () => {
  await standin?.close();
});

async function setup(seed?: Partial<TenantData>, subjectTypeOnDefaultGrants?: 'accepted' | 'refused') {
  standin = await startManagementApiStandin({ seed, subjectTypeOnDefaultGrants });
  const session = createManagementSession(standinConnection(standin));
  const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE });
  return { session, desired };
}

const statusOf = (steps: { id: string; status: string }[]) => Object.fromEntries(steps.map((s) => [s.id, s.status]));

describe('empty tenant', () => {
  it('plans every change, applies them, converges, and a second apply writes nothing', async () => {
    const { session, desired } = await setup();
    const plan = await checkPlan(session, desired);
    expect(plan.converged).toBe(false);
    expect(statusOf(plan.steps)).toMatchObject({
      [STEP.api]: 'change',
      [STEP.grant]: 'change',
      [STEP.settings]: 'change',
      [STEP.dcr]: 'change',
      [STEP.connections]: 'change',
      [STEP.cimd]: 'ok',
    });

    const report = await applyPlan(session, plan);
    expect(report.complete).toBe(true);
    expect(report.plan.converged).toBe(true);
    expect(report.outcomes.map((o) => o.result)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);

    const fresh = await checkPlan(session, desired);
    expect(fresh.converged).toBe(true);

    standin.clearLog();
    const again = await applyPlan(session, await checkPlan(session, desired));
    expect(again.outcomes).toEqual([]);
    expect(standin.writes()).toEqual([]);
  });
});

describe('request budget', () => {
  it.each([
    ['accepts', 'accepted', 10],
    ['refuses (one more request)', 'refused', 11],
  ] as const)('checks a converged tenant with 4 reads and applies to an empty tenant that %s subject_type within budget', async (_name, mode, budget) => {
    const { session, desired } = await setup(undefined, mode);
    const plan = await checkPlan(session, desired);
    await applyPlan(session, plan);
    expect(session.stats.reads + session.stats.writes).toBeLessThanOrEqual(budget);
    expect(session.stats.tokenRequests).toBe(1);

    standin.clearLog();
    const converged = await checkPlan(session, desired);
    expect(converged.converged).toBe(true);
    expect(standin.requests.filter((r) => r.path !== '/oauth/token')).toHaveLength(4);
  });
});

describe('partly configured tenant', () => {
  it('writes only the fields that differ and leaves unrelated settings and connection options alone', async () => {
    standin = await startManagementApiStandin();
    const data = standin.data;
    data.resourceServers.push({
      id: 'rs1',
      name: 'Mine',
      identifier: RESOURCE,
      signing_alg: 'HS256',
      token_dialect: 'access_token',
      allow_offline_access: true,
      subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'require_client_grant' } },
    });
    data.settings.resource_parameter_profile = 'compatibility';
    (data.settings.flags as Record<string, unknown>).enable_dynamic_client_registration = true;
    const settingsBefore = structuredClone(data.settings);
    const optionsBefore = structuredClone(data.connections[0].options);
    const session = createManagementSession(standinConnection(standin));
    const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE });

    const plan = await checkPlan(session, desired);
    expect(plan.steps.find((s) => s.id === STEP.api)?.changes).toEqual([{ field: 'signing_alg', current: 'HS256', desired: 'RS256' }]);
    expect(plan.steps.find((s) => s.id === STEP.dcr)?.status).toBe('ok');

    standin.clearLog();
    const report = await applyPlan(session, plan);
    expect(report.plan.converged).toBe(true);
    const writes = standin.writes().map((w) => [w.method, w.path, w.body]);
    expect(writes).toEqual(
      expect.arrayContaining([
        ['PATCH', '/api/v2/resource-servers/rs1', { signing_alg: 'RS256' }],
        ['PATCH', '/api/v2/tenants/settings', { default_audience: RESOURCE, authorization_response_iss_parameter_supported: true }],
        ['PATCH', `/api/v2/connections/${String(data.connections[0].id)}`, { is_domain_connection: true }],
        ['POST', '/api/v2/client-grants', { default_for: 'third_party_clients', audience: RESOURCE, scope: [], subject_type: 'user' }],
      ]),
    );
    expect(writes).toHaveLength(4);
    // Unrelated fields untouched; the client-flow policy the user chose is kept.
    const { default_audience: _a, authorization_response_iss_parameter_supported: _i, ...rest } = data.settings;
    expect(rest).toEqual(settingsBefore);
    expect(data.connections[0].options).toEqual(optionsBefore);
    expect(data.resourceServers[1].subject_type_authorization).toEqual({ user: { policy: 'allow_all' }, client: { policy: 'require_client_grant' } });
    expect(report.restore.entries.filter((e) => e.kind === 'setting')).toEqual([
      { kind: 'setting', field: 'default_audience', previous: '' },
      { kind: 'setting', field: 'authorization_response_iss_parameter_supported', previous: false },
    ]);
  });

  it('reports a connection that does not exist as an error with a fix, and promotes the ones that do', async () => {
    const { session } = await setup();
    const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE, connectionNames: ['Username-Password-Authentication', 'google-oauth2'] });
    const step = (await checkPlan(session, desired)).steps.find((s) => s.id === STEP.connections)!;
    expect(step.status).toBe('change');
    expect(step.diagnosis?.problem).toContain('"google-oauth2"');
    const after = (await applyPlan(session, await checkPlan(session, desired))).plan.steps.find((s) => s.id === STEP.connections)!;
    expect(after.status).toBe('error');
    expect(standin.data.connections[0].is_domain_connection).toBe(true);
  });
});

describe('a new public URL', () => {
  it('plans a new API, keeps the old one, and deletes it only when asked', async () => {
    const { session, desired } = await setup();
    await applyPlan(session, await checkPlan(session, desired));
    const moved = desiredTenant({ domain: standin.host, resourceUrl: 'https://other.ngrok-free.app/mcp' });

    const plan = await checkPlan(session, moved);
    const api = plan.steps.find((s) => s.id === STEP.api)!;
    expect(api.status).toBe('change');
    expect(api.summary).toContain(`the API "${RESOURCE}" stays until you delete it`);
    expect(plan.steps.find((s) => s.id === STEP.previousApi)?.status).toBe('manual');

    const report = await applyPlan(session, plan);
    expect(report.plan.converged).toBe(true);
    expect(standin.data.resourceServers.map((r) => r.identifier)).toContain(RESOURCE);
    expect(standin.writes().some((w) => w.method === 'DELETE')).toBe(false);
    expect(report.restore.entries).toContainEqual({ kind: 'setting', field: 'default_audience', previous: RESOURCE });

    expect(await deletePreviousApi(session, RESOURCE, moved.identifier)).toBe(true);
    expect(standin.data.resourceServers.map((r) => r.identifier)).not.toContain(RESOURCE);
    await expect(deletePreviousApi(session, moved.identifier, moved.identifier)).rejects.toThrow(/uses now/);
  });

  it('still offers an API it created for an earlier URL after the default audience moved on', async () => {
    const { session, desired } = await setup();
    await applyPlan(session, await checkPlan(session, desired));
    const moved = desiredTenant({ domain: standin.host, resourceUrl: 'https://other.ngrok-free.app', previousIdentifiers: [RESOURCE] });
    await applyPlan(session, await checkPlan(session, moved)); // default audience now names the new API

    standin.clearLog();
    const plan = await checkPlan(session, moved);
    expect(plan.converged).toBe(true);
    expect(plan.steps.find((s) => s.id === STEP.previousApi)?.summary).toContain(RESOURCE);
    expect(standin.reads().length).toBe(5); // the four reads, plus the remembered API

    await deletePreviousApi(session, RESOURCE, moved.identifier);
    const after = await checkPlan(session, moved);
    expect(after.steps.find((s) => s.id === STEP.previousApi)).toBeUndefined();
  });
});

describe('restore', () => {
  it('puts back every value apply changed and deletes what it created', async () => {
    const { session, desired } = await setup();
    const before = structuredClone(standin.data);
    const report = await applyPlan(session, await checkPlan(session, desired));
    expect(standin.data.clientGrants).toHaveLength(1);
    const result = await restoreTenant(session, report.restore);
    expect(result.failed).toEqual([]);
    expect(standin.data.settings).toEqual({
      ...before.settings,
      default_audience: '',
      authorization_response_iss_parameter_supported: false,
      flags: { ...(before.settings.flags as object), enable_dynamic_client_registration: false },
    });
    expect(standin.data.connections).toEqual(before.connections);
    expect(standin.data.resourceServers).toEqual(before.resourceServers);
    expect(standin.data.clientGrants).toEqual([]);
    // Restoring again changes nothing and fails nowhere: an interrupted restore can simply be re-run.
    expect((await restoreTenant(session, report.restore)).failed).toEqual([]);
  });

  it('puts back the fields of an API that existed, and keeps the API', async () => {
    const { session, desired } = await setup();
    standin.data.resourceServers.push({
      id: 'rs_mine',
      name: 'Mine',
      identifier: RESOURCE,
      signing_alg: 'HS256',
      token_dialect: 'access_token_authz',
      allow_offline_access: false,
      subject_type_authorization: { user: { policy: 'deny_all' }, client: { policy: 'require_client_grant' } },
    });
    const before = structuredClone(standin.data.resourceServers);
    const report = await applyPlan(session, await checkPlan(session, desired));
    expect(standin.data.resourceServers[1].signing_alg).toBe('RS256');
    expect((await restoreTenant(session, report.restore)).failed).toEqual([]);
    expect(standin.data.resourceServers).toEqual(before);
  });
});

describe('partial failure', () => {
  it('reports what was and was not applied, and a re-run completes', async () => {
    const { session, desired } = await setup();
    standin.fail({ status: 403, method: 'POST', path: '/api/v2/client-grants', scope: 'create:client_grants' });
    const report = await applyPlan(session, await checkPlan(session, desired));
    expect(report.complete).toBe(false);
    const grant = report.outcomes.find((o) => o.stepId === STEP.grant)!;
    expect(grant.result).toBe('failed');
    expect(grant.error?.message).toContain('create:client_grants');
    expect(report.outcomes.filter((o) => o.result === 'applied').map((o) => o.stepId)).toEqual([STEP.api, STEP.settings, STEP.dcr, STEP.connections]);
    expect(report.plan.converged).toBe(false);

    standin.clearLog();
    const rerun = await applyPlan(session, await checkPlan(session, desired));
    expect(rerun.outcomes.map((o) => [o.stepId, o.result])).toEqual([[STEP.grant, 'applied']]);
    expect(rerun.plan.converged).toBe(true);
  });

  it('skips the steps that need the API when creating it fails', async () => {
    const { session, desired } = await setup();
    standin.fail({ status: 403, method: 'POST', path: '/api/v2/resource-servers', scope: 'create:resource_servers' });
    const report = await applyPlan(session, await checkPlan(session, desired));
    expect(Object.fromEntries(report.outcomes.map((o) => [o.stepId, o.result]))).toMatchObject({
      [STEP.api]: 'failed',
      [STEP.grant]: 'skipped',
      [STEP.settings]: 'failed',
      [STEP.dcr]: 'applied',
    });
    expect(standin.data.settings.default_audience).toBeUndefined();
    expect(standin.data.settings.resource_parameter_profile).toBe('compatibility');
    expect((await applyPlan(session, await checkPlan(session, desired))).plan.converged).toBe(true);
  });
});

describe('warnings', () => {
  it("warns when CIMD is on and ChatGPT's client is not imported, and counts DCR clients when asked", async () => {
    const { session, desired } = await setup();
    standin.data.settings.client_id_metadata_document_supported = true;
    for (let i = 0; i < 12; i++)
      standin.data.clients.push({
        client_id: `tpc_${i}`,
        name: 'ChatGPT',
        is_first_party: false,
        callbacks: ['https://chatgpt.com/connector_platform_oauth_redirect'],
      });
    const plan = await checkPlan(session, desired, { scanDcrClients: true });
    expect(plan.steps.find((s) => s.id === STEP.cimd)?.status).toBe('warning');
    const clients = plan.steps.find((s) => s.id === STEP.dcrClients)!;
    expect(clients.status).toBe('warning');
    expect(clients.summary).toContain('12');

    standin.data.clients.push({ client_id: 'imported', is_first_party: false, external_client_id: 'https://chatgpt.com/oauth/client.json' });
    expect((await checkPlan(session, desired)).steps.find((s) => s.id === STEP.cimd)?.status).toBe('ok');
  });

  it('deletes only the DCR clients picked', async () => {
    const { session } = await setup();
    standin.data.clients.push({ client_id: 'tpc_a', is_first_party: false }, { client_id: 'tpc_b', is_first_party: false });
    const firstParty = String(standin.data.clients[0].client_id);
    expect((await scanDcrClients(session)).map((c) => c.clientId)).toEqual(['tpc_a', 'tpc_b']);
    const report = await deleteDcrClients(session, ['tpc_a', firstParty]);
    expect(report.deleted).toEqual(['tpc_a']);
    expect(report.failed.map((f) => f.id)).toEqual([firstParty]);
    expect(standin.data.clients.map((c) => c.client_id)).toEqual([firstParty, 'tpc_b']);
  });
});

describe('apply options', () => {
  it('applies only the steps asked for, and can re-read the tenant afterwards', async () => {
    const { session, desired } = await setup();
    const report = await applyPlan(session, await checkPlan(session, desired), { steps: [STEP.dcr], recheck: true });
    expect(report.outcomes.map((o) => o.stepId)).toEqual([STEP.dcr]);
    expect(standin.writes()).toHaveLength(1);
    expect(report.plan.steps.find((s) => s.id === STEP.dcr)?.status).toBe('ok');
    expect(report.plan.steps.find((s) => s.id === STEP.api)?.status).toBe('change');
    expect(report.restore.entries).toEqual([{ kind: 'flag', field: 'enable_dynamic_client_registration', previous: false }]);
  });
});
