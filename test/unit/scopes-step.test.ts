// The Scopes step's pure decisions, and what the verifier concludes from a token's scopes and a tool's input schema.

import { describe, expect, it } from 'vitest';
import { desiredTenant, planFromSnapshot, STEP } from '../../src/core/auth0';
import type { TenantSnapshot } from '../../src/core/auth0/tenant-model';
import { UserError } from '../../src/core/plan/types';
import { requiredScopes, readToolScopes } from '../../src/core/scopes';
import { tokenScopeProblem } from '../../src/core/verify/scope-check';
import { placeholderArguments } from '../../src/core/verify/tool-challenge';

const RESOURCE = 'https://my-app.ngrok-free.app';
const needs = requiredScopes(
  readToolScopes({
    tools: [
      { name: 'list_notes', securitySchemes: [{ type: 'oauth2', scopes: ['notes:read'] }] },
      { name: 'edit_note', securitySchemes: [{ type: 'oauth2', scopes: ['notes:read', 'notes:write'] }] },
    ],
  }).tools,
);

function snapshot(permissions: string[], grantScope: string[] | null): TenantSnapshot {
  return {
    api: { ok: true, value: { id: 'rs1', identifier: RESOURCE, scopes: permissions.map((value) => ({ value })) } },
    grant: { ok: true, value: grantScope ? { id: 'cgr1', audience: RESOURCE, scope: grantScope } : null },
    settings: { ok: true, value: {} },
    connections: { ok: true, value: [] },
  };
}

const scopesStep = (snap: TenantSnapshot, input: Partial<Parameters<typeof desiredTenant>[0]> = {}) =>
  planFromSnapshot(snap, desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl: RESOURCE, scopeNeeds: needs, ...input })).steps.find(
    (s) => s.id === STEP.scopes,
  )!;

describe('the Scopes step', () => {
  it('is ok once the API defines and the grant names every needed scope, whatever else they hold', () => {
    expect(scopesStep(snapshot(['mine', 'notes:read', 'notes:write'], ['notes:write', 'notes:read', 'mine']))).toMatchObject({ status: 'ok', changes: [] });
  });

  it('names only what is missing, and where', () => {
    const step = scopesStep(snapshot(['notes:read'], ['notes:read']));
    expect(step.status).toBe('change');
    expect(step.summary).toBe('Add notes:write (edit_note) to the API and the grant');
  });

  it('plans the grant scopes when the grant does not exist yet (the grant step creates it first)', () => {
    expect(scopesStep(snapshot(['notes:read', 'notes:write'], null)).summary).toBe(
      'Add notes:read (list_notes, edit_note), notes:write (edit_note) to the grant',
    );
  });

  it('is unknown, with the reason and its fix, when the server could not be read: nothing is written from a guess', () => {
    const unread = new UserError('The MCP server at http://127.0.0.1:3000/mcp cannot be reached: connection refused.', 'Start your MCP server.', 'unreachable');
    const step = scopesStep(snapshot([], null), { scopeProblem: unread });
    expect(step).toMatchObject({ status: 'unknown', diagnosis: { problem: unread.message, fix: 'Start your MCP server.' } });
  });
});

describe('the token against the tools', () => {
  it('names each missing scope with the tools that need it, and the Scopes step as the fix', () => {
    const problem = tokenScopeProblem(['openid', 'notes:read'], needs)!;
    expect(problem.detail).toBe('The token lacks notes:write (needed by edit_note)');
    expect(problem.diagnosis?.action).toMatchObject({ kind: 'apply', stepId: STEP.scopes });
    expect(tokenScopeProblem(['notes:write', 'notes:read'], needs)).toBeUndefined();
  });
});

describe('placeholder arguments for a signed-out call', () => {
  it('fills the required properties with the plainest valid values, and nothing else', () => {
    const schema = {
      type: 'object',
      properties: {
        greeting: { type: 'string', minLength: 3 },
        count: { type: 'integer', minimum: 2 },
        mode: { type: 'string', enum: ['fast', 'slow'] },
        nested: { type: 'object', properties: { flag: { type: 'boolean' } }, required: ['flag'] },
        optional: { type: 'string' },
      },
      required: ['greeting', 'count', 'mode', 'nested'],
    };
    expect(placeholderArguments(schema)).toEqual({ greeting: 'xxx', count: 2, mode: 'fast', nested: { flag: false } });
    expect(placeholderArguments(undefined)).toEqual({});
  });
});
