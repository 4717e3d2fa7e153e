// The Scopes step against the Management API stand-in: the API's permissions and the default third-party grant gain
// exactly what the tools declare, in that order, with no write on a second run, and restore takes back only that.

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, checkPlan, createManagementSession, desiredTenant, memoryRestoreJournal, restoreTenant, STEP } from '../../src/core/auth0';
import { readToolScopes, requiredScopes, type ScopeNeed } from '../../src/core/scopes';
import { startManagementApiStandin, standinConnection, type ManagementApiStandin } from '../support/management-api-standin';

const RESOURCE = 'https://my-app.ngrok-free.app';
let standin: ManagementApiStandin;

afterEach(async () => {
  await standin?.close();
});

/** The own-server stand-in's tools, as its tools/list declares them. */
const NEEDS: ScopeNeed[] = requiredScopes(
  readToolScopes({
    tools: [
      { name: 'search_catalog', securitySchemes: [{ type: 'noauth' }] },
      { name: 'list_notes', securitySchemes: [{ type: 'oauth2', scopes: ['notes:read'] }] },
      { name: 'edit_note', securitySchemes: [{ type: 'oauth2', scopes: ['notes:read', 'notes:write'] }] },
    ],
  }).tools,
);

async function setup(undefinedGrantScopes: 'accepted' | 'refused' = 'refused', scopeNeeds = NEEDS) {
  standin = await startManagementApiStandin({ undefinedGrantScopes });
  const session = createManagementSession(standinConnection(standin));
  const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE, scopeNeeds });
  return { session, desired };
}

const grantOf = () => standin.data.clientGrants.find((g) => g.audience === RESOURCE && g.default_for === 'third_party_clients');
const apiOf = () => standin.data.resourceServers.find((r) => r.identifier === RESOURCE);

describe('Scopes step', () => {
  it.each(['refused', 'accepted'] as const)(
    'from an empty tenant (undefined grant scopes %s): plans which tool needs which scope, writes permissions before the grant, converges with no write on a second run',
    async (mode) => {
      const { session, desired } = await setup(mode);
      const plan = await checkPlan(session, desired);
      const step = plan.steps.find((s) => s.id === STEP.scopes)!;
      expect(step.status).toBe('change');
      expect(step.summary).toBe('Add notes:read (list_notes, edit_note), notes:write (edit_note) to the API and the grant');
      expect(step.changes.map((c) => [c.field, c.desired])).toEqual([
        ['API permission notes:read', 'needed by list_notes, edit_note'],
        ['API permission notes:write', 'needed by edit_note'],
        ['Third-party grant scope notes:read', 'needed by list_notes, edit_note'],
        ['Third-party grant scope notes:write', 'needed by edit_note'],
      ]);

      const report = await applyPlan(session, plan);
      expect(report.outcomes.find((o) => o.stepId === STEP.scopes)?.result).toBe('applied');
      expect(report.plan.converged).toBe(true);
      expect(apiOf()?.scopes).toEqual([
        { value: 'notes:read', description: 'ChatGPT app: needed by list_notes, edit_note' },
        { value: 'notes:write', description: 'ChatGPT app: needed by edit_note' },
      ]);
      expect(grantOf()?.scope).toEqual(['notes:read', 'notes:write']);
      const writes = standin.writes().map((w) => `${w.method} ${w.path.replace(/\/[^/]+$/, '/…')}`);
      expect(writes.indexOf('PATCH /api/v2/resource-servers/…')).toBeLessThan(writes.indexOf('PATCH /api/v2/client-grants/…'));

      standin.clearLog();
      const again = await checkPlan(session, desired);
      expect(again.steps.find((s) => s.id === STEP.scopes)?.status).toBe('ok');
      expect((await applyPlan(session, again)).outcomes).toEqual([]);
      expect(standin.writes()).toEqual([]);
    },
  );

  it("keeps the user's own permissions and grant scopes, and restore takes back only what it added", async () => {
    const { session, desired } = await setup();
    standin.data.resourceServers.push({
      id: 'rs_mine',
      name: 'Mine',
      identifier: RESOURCE,
      signing_alg: 'RS256',
      token_dialect: 'access_token',
      allow_offline_access: true,
      subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'deny_all' } },
      scopes: [
        { value: 'admin:all', description: 'Mine, kept' },
        { value: 'notes:read', description: 'My own words' },
      ],
    });
    standin.data.clientGrants.push({ id: 'cgr_mine', audience: RESOURCE, default_for: 'third_party_clients', subject_type: 'user', scope: ['admin:all'] });
    const journal = memoryRestoreJournal(standin.host);
    const plan = await checkPlan(session, desired);
    expect(plan.steps.find((s) => s.id === STEP.scopes)?.summary).toBe(
      'Add notes:write (edit_note) to the API and the grant; notes:read (list_notes, edit_note) to the grant',
    );
    await applyPlan(session, plan, { journal });
    expect(apiOf()?.scopes).toEqual([
      { value: 'admin:all', description: 'Mine, kept' },
      { value: 'notes:read', description: 'My own words' },
      { value: 'notes:write', description: 'ChatGPT app: needed by edit_note' },
    ]);
    expect(grantOf()?.scope).toEqual(['admin:all', 'notes:read', 'notes:write']);

    // Meanwhile the user adds a permission and grants it: restore must leave both.
    apiOf()!.scopes = [...(apiOf()!.scopes as object[]), { value: 'reports:read' }];
    grantOf()!.scope = [...(grantOf()!.scope as string[]), 'reports:read'];
    const result = await restoreTenant(session, await journal.read());
    expect(result.failed).toEqual([]);
    expect(apiOf()?.scopes).toEqual([
      { value: 'admin:all', description: 'Mine, kept' },
      { value: 'notes:read', description: 'My own words' },
      { value: 'reports:read' },
    ]);
    expect(grantOf()?.scope).toEqual(['admin:all', 'reports:read']);
    expect(grantOf()?.id).toBe('cgr_mine');
    // Re-running restore is harmless.
    expect((await restoreTenant(session, await journal.read())).failed).toEqual([]);
  });

  it('restores an empty tenant entirely: the grant and API it created go, with their scopes', async () => {
    const { session, desired } = await setup();
    const before = structuredClone(standin.data);
    const report = await applyPlan(session, await checkPlan(session, desired));
    const result = await restoreTenant(session, report.restore);
    expect(result.failed).toEqual([]);
    expect(standin.data.resourceServers).toEqual(before.resourceServers);
    expect(standin.data.clientGrants).toEqual([]);
  });

  it('without update:client_grants: the permissions are added and the step fails naming the missing scope', async () => {
    const { session, desired } = await setup();
    const plan = await checkPlan(session, desired);
    standin.fail({ status: 403, method: 'PATCH', path: '/api/v2/client-grants', scope: 'update:client_grants' });
    const report = await applyPlan(session, plan);
    const outcome = report.outcomes.find((o) => o.stepId === STEP.scopes)!;
    expect(outcome.result).toBe('failed');
    expect(outcome.error?.message).toContain('update:client_grants');
    expect(apiOf()?.scopes).toHaveLength(2);
    expect(report.plan.steps.find((s) => s.id === STEP.scopes)?.summary).toBe('Add notes:read (list_notes, edit_note), notes:write (edit_note) to the grant');
    // A re-run adds only what is missing.
    const rerun = await applyPlan(session, await checkPlan(session, desired));
    expect(rerun.complete).toBe(true);
    expect(grantOf()?.scope).toEqual(['notes:read', 'notes:write']);
  });

  it('is ok with nothing to write when no tool declares a scope', async () => {
    const { session, desired } = await setup('refused', []);
    const plan = await checkPlan(session, desired);
    expect(plan.steps.find((s) => s.id === STEP.scopes)).toMatchObject({ status: 'ok', summary: 'No tool declares a scope' });
    await applyPlan(session, plan);
    expect(apiOf()?.scopes ?? []).toEqual([]);
    expect(standin.writes().filter((w) => w.method === 'PATCH' && w.path.startsWith('/api/v2/client-grants'))).toEqual([]);
  });
});
