// The pure decisions: what each step reports for a given tenant snapshot.

import { describe, expect, it } from 'vitest';
import { desiredTenant, isConverged, planFromSnapshot, STEP, unknownSteps } from '../../src/core/auth0';
import type { TenantSnapshot } from '../../src/core/auth0/tenant-model';
import { UserError } from '../../src/core/plan/types';

const RESOURCE = 'https://my-app.ngrok-free.app';
const desired = desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl: RESOURCE });

function converged(): TenantSnapshot {
  return {
    api: {
      ok: true,
      value: { id: 'rs1', identifier: RESOURCE, signingAlg: 'RS256', tokenDialect: 'access_token', userPolicy: 'allow_all', allowOfflineAccess: true },
    },
    grant: { ok: true, value: { id: 'cgr1', audience: RESOURCE, scope: [] } },
    settings: {
      ok: true,
      value: {
        defaultAudience: RESOURCE,
        resourceParameterProfile: 'compatibility',
        issParameterSupported: true,
        dcrEnabled: true,
        cimdSupported: false,
        dcrSecurityMode: 'strict',
      },
    },
    connections: { ok: true, value: [{ id: 'con1', name: 'Username-Password-Authentication', isDomainConnection: true }] },
  };
}

const step = (snapshot: TenantSnapshot, id: string, d = desired) => planFromSnapshot(snapshot, d).steps.find((s) => s.id === id);

describe('tenant checks', () => {
  it('the Scopes step says when no tools were read, rather than that none declares a scope, and is not done', () => {
    const unread = desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl: RESOURCE, toolsRead: false });
    expect(step(converged(), STEP.scopes, unread)).toMatchObject({ status: 'unknown', summary: expect.stringContaining('Tools not read') });
    expect(planFromSnapshot(converged(), unread).converged).toBe(false);
    expect(step(converged(), STEP.scopes)).toMatchObject({ status: 'ok', summary: 'No tool declares a scope' });
  });

  it('a converged tenant is ok everywhere (the unscanned client count does not block)', () => {
    const plan = planFromSnapshot(converged(), desired);
    expect(plan.converged).toBe(true);
    expect(plan.steps.filter((s) => s.status !== 'ok').map((s) => [s.id, s.status])).toEqual([[STEP.dcrClients, 'unknown']]);
  });

  it('accepts the Auth0 profile with permissions but flags RFC 9068 and other drift', () => {
    const s = converged();
    s.api = {
      ok: true,
      value: { id: 'rs1', identifier: RESOURCE, signingAlg: 'RS256', tokenDialect: 'access_token_authz', userPolicy: 'allow_all', allowOfflineAccess: true },
    };
    expect(step(s, STEP.api)?.status).toBe('ok');
    s.api = { ok: true, value: { id: 'rs1', identifier: RESOURCE, signingAlg: 'HS256', tokenDialect: 'rfc9068_profile', userPolicy: 'require_client_grant' } };
    expect(step(s, STEP.api)?.changes).toEqual([
      { field: 'signing_alg', current: 'HS256', desired: 'RS256' },
      { field: 'token_dialect', current: 'rfc9068_profile', desired: 'access_token' },
      { field: 'subject_type_authorization.user.policy', current: 'require_client_grant', desired: 'allow_all' },
      { field: 'allow_offline_access', current: null, desired: true },
    ]);
  });

  it('asks for offline access on an API without it, so ChatGPT gets refresh tokens', () => {
    const s = converged();
    s.api = {
      ok: true,
      value: { id: 'rs1', identifier: RESOURCE, signingAlg: 'RS256', tokenDialect: 'access_token', userPolicy: 'allow_all', allowOfflineAccess: false },
    };
    expect(step(s, STEP.api)).toMatchObject({ status: 'change', changes: [{ field: 'allow_offline_access', current: false, desired: true }] });
  });

  it('says which form the default grant has, under either reading of subject_type', () => {
    const s = converged();
    s.grant = { ok: true, value: { id: 'cgr1', audience: RESOURCE, scope: [], subjectType: 'user' } };
    expect(step(s, STEP.grant)).toMatchObject({ status: 'ok', summary: expect.stringContaining('subject_type "user"') as unknown });
    s.grant = { ok: true, value: { id: 'cgr1', audience: RESOURCE, scope: [], subjectType: 'client' } };
    expect(step(s, STEP.grant)).toMatchObject({ status: 'ok', summary: expect.stringContaining('without subject_type') as unknown });
  });

  it("sets the Default Audience only when empty or one of its own earlier APIs; leaves another API's and says why", () => {
    const s = converged();
    s.settings = { ok: true, value: { ...(s.settings.ok && s.settings.value)!, defaultAudience: 'https://billing.example.com/api' } };
    s.previousApi = { ok: true, value: { id: 'rs9', identifier: 'https://billing.example.com/api', name: 'Billing' } };
    const plan = planFromSnapshot(s, desired);
    expect(plan.steps.find((x) => x.id === STEP.settings)).toMatchObject({
      status: 'warning',
      changes: [],
      diagnosis: { fix: expect.stringContaining('Compatibility Profile') as unknown },
    });
    expect(plan.steps.find((x) => x.id === STEP.previousApi)).toBeUndefined();
    expect(plan.converged).toBe(true);
    s.previousApi = { ok: true, value: { id: 'rs8', identifier: 'https://billing.example.com/api', name: 'ChatGPT MCP server (old.ngrok-free.app)' } };
    expect(step(s, STEP.settings)?.changes.map((c) => c.field)).toEqual(['default_audience']);
    s.settings = { ok: true, value: { ...(s.settings.ok && s.settings.value)!, defaultAudience: undefined } };
    expect(step(s, STEP.settings)?.changes.map((c) => c.field)).toEqual(['default_audience']);
  });

  it('warns before a Free tenant runs out of APIs or applications, offering the cleanup', () => {
    const s = converged();
    expect(step(s, STEP.quota)).toBeUndefined();
    const many = desiredTenant({
      domain: 'tenant.us.auth0.com',
      resourceUrl: RESOURCE,
      previousIdentifiers: Array.from({ length: 7 }, (_, i) => `https://old${i}.ngrok-free.app`),
    });
    expect(step(s, STEP.quota, many)).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('8 APIs') as unknown,
      diagnosis: { fix: expect.stringContaining('reserved ngrok domain') as unknown },
    });
    s.dcrClients = { ok: true, value: Array.from({ length: 8 }, (_, i) => ({ clientId: `tpc_${i}`, callbacks: [] })) };
    expect(step(s, STEP.quota)?.summary).toContain('8 dynamically registered');
    // The product's own Management API application counts too: 7 tpc_ clients + it reach the warning.
    s.dcrClients = { ok: true, value: Array.from({ length: 7 }, (_, i) => ({ clientId: `tpc_${i}`, callbacks: [] })) };
    expect(step(s, STEP.quota)).toBeUndefined();
    const own = desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl: RESOURCE, ownApplication: true });
    expect(step(s, STEP.quota, own)?.summary).toContain("7 dynamically registered (tpc_) clients plus this product's own application");
  });

  it('lists only the settings that differ, and none that are switched off', () => {
    const s = converged();
    s.settings = {
      ok: true,
      value: { defaultAudience: 'https://old.example.com', resourceParameterProfile: 'audience', issParameterSupported: true, dcrEnabled: true },
    };
    const ours = desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl: RESOURCE, previousIdentifiers: ['https://old.example.com'] });
    expect(step(s, STEP.settings, ours)?.changes.map((c) => c.field)).toEqual(['default_audience', 'resource_parameter_profile']);
    const off = desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl: RESOURCE, toggles: { defaultAudience: false } });
    expect(step(s, STEP.settings, off)?.changes.map((c) => c.field)).toEqual(['resource_parameter_profile']);
  });

  it('a failed read becomes an error on its steps only, with the fix', () => {
    const s = converged();
    s.settings = { ok: false, error: new UserError('lacks read:tenant_settings', 'grant it', 'insufficient_scope') };
    const plan = planFromSnapshot(s, desired);
    expect(plan.steps.find((x) => x.id === STEP.settings)).toMatchObject({ status: 'error', diagnosis: { fix: 'grant it' } });
    expect(plan.steps.find((x) => x.id === STEP.dcr)?.status).toBe('error');
    expect(plan.steps.find((x) => x.id === STEP.cimd)?.status).toBe('unknown');
    expect(plan.steps.find((x) => x.id === STEP.api)?.status).toBe('ok');
    expect(plan.converged).toBe(false);
  });

  it('offers to delete the API the default audience pointed at, never the system API', () => {
    const s = converged();
    s.previousApi = { ok: true, value: { id: 'rs0', identifier: 'https://old.example.com', name: 'ChatGPT MCP server (old.example.com)' } };
    expect(step(s, STEP.previousApi)).toMatchObject({ status: 'manual', diagnosis: { action: { kind: 'command' } } });
    s.previousApi = { ok: true, value: { id: 'sys', identifier: 'https://tenant.us.auth0.com/api/v2/', isSystem: true } };
    expect(step(s, STEP.previousApi)).toBeUndefined();
  });

  it("warns about CIMD only while ChatGPT's client is missing, and about permissive DCR", () => {
    const s = converged();
    s.settings = { ok: true, value: { ...(s.settings.ok && s.settings.value)!, cimdSupported: true, dcrSecurityMode: 'permissive' } };
    s.cimdClientImported = { ok: true, value: false };
    expect(step(s, STEP.cimd)?.status).toBe('warning');
    expect(step(s, STEP.cimd)?.diagnosis?.problem).toContain('Unknown client');
    expect(step(s, STEP.cimd)?.diagnosis?.fix).toMatch(/^Turn off client_id_metadata_document_supported/);
    expect(step(s, STEP.dcrMode)?.status).toBe('warning');
    s.cimdClientImported = { ok: true, value: true };
    expect(step(s, STEP.cimd)?.status).toBe('ok');
  });

  it('warns when DCR clients pile up past the threshold', () => {
    const s = converged();
    s.dcrClients = { ok: true, value: Array.from({ length: 9 }, (_, i) => ({ clientId: `tpc_${i}`, callbacks: [] })) };
    expect(step(s, STEP.dcrClients)?.status).toBe('ok');
    s.dcrClients.value.push({ clientId: 'tpc_x', callbacks: [] });
    expect(step(s, STEP.dcrClients)).toMatchObject({ status: 'warning', summary: expect.stringContaining('10') as unknown });
  });

  it('before connecting every step is unknown and nothing counts as converged work', () => {
    const steps = unknownSteps();
    expect(steps.every((s) => s.status === 'unknown')).toBe(true);
    expect(isConverged([{ ...steps[0], status: 'change' }])).toBe(false);
  });

  it('dashboard links follow the tenant region', () => {
    expect(step(converged(), STEP.api)?.link).toBe('https://manage.auth0.com/dashboard/us/tenant/apis');
  });
});

describe('desiredTenant', () => {
  it('keeps the resource URL verbatim, trailing slash included', () => {
    expect(desiredTenant({ domain: 't.eu.auth0.com', resourceUrl: ' https://x.example.com/ ' }).identifier).toBe('https://x.example.com/');
  });

  it('defaults to the Username-Password-Authentication connection and de-duplicates names', () => {
    expect(desiredTenant({ domain: 't.eu.auth0.com', resourceUrl: RESOURCE }).connectionNames).toEqual(['Username-Password-Authentication']);
    expect(desiredTenant({ domain: 't.eu.auth0.com', resourceUrl: RESOURCE, connectionNames: ['a', 'a', ' b '] }).connectionNames).toEqual(['a', 'b']);
  });

  it('rejects a resource URL that is not https or points at the tenant', () => {
    expect(() => desiredTenant({ domain: 't.eu.auth0.com', resourceUrl: 'http://x.example.com' })).toThrow(/https/);
    expect(() => desiredTenant({ domain: 't.eu.auth0.com', resourceUrl: 'https://t.eu.auth0.com/api/v2/' })).toThrow(/tenant itself/);
    expect(() => desiredTenant({ domain: 't.eu.auth0.com', resourceUrl: undefined })).toThrow(/No resource URL/);
  });
});
