// Tool scopes: what each tool declares, the scopes the tenant must define and grant, and what restore takes back.

import { describe, expect, it } from 'vitest';
import {
  grantScopeAfter,
  grantScopeWithout,
  permissionsAfter,
  permissionsWithout,
  publicTools,
  readToolScopes,
  requiredScopes,
  scopeSync,
} from '../../src/core/scopes';
import { UserError } from '../../src/core/plan/types';

/** A tools/list result as an Apps SDK server sends it: top-level securitySchemes, or only in _meta. */
const toolsList = {
  tools: [
    { name: 'search', inputSchema: { type: 'object' }, securitySchemes: [{ type: 'noauth' }] },
    { name: 'list_notes', inputSchema: { type: 'object' }, securitySchemes: [{ type: 'oauth2', scopes: ['notes:read'] }] },
    { name: 'edit_note', inputSchema: { type: 'object' }, _meta: { securitySchemes: [{ type: 'oauth2', scopes: ['notes:read', 'notes:write'] }] } },
    { name: 'recommend', inputSchema: { type: 'object' }, securitySchemes: [{ type: 'noauth' }, { type: 'oauth2', scopes: ['notes:read'] }] },
    { name: 'legacy', inputSchema: { type: 'object' } },
  ],
};

describe('readToolScopes', () => {
  it('reads each tool: public, sign-in, scopes, from the top level or _meta', () => {
    const { tools, problems } = readToolScopes(toolsList);
    expect(problems).toEqual([]);
    expect(tools).toEqual([
      { name: 'search', public: true, signIn: false, scopes: [], declared: true },
      { name: 'list_notes', public: false, signIn: true, scopes: ['notes:read'], declared: true },
      { name: 'edit_note', public: false, signIn: true, scopes: ['notes:read', 'notes:write'], declared: true },
      { name: 'recommend', public: true, signIn: true, scopes: ['notes:read'], declared: true },
      { name: 'legacy', public: false, signIn: false, scopes: [], declared: false },
    ]);
    expect(publicTools(tools)).toEqual(['search', 'recommend']);
  });

  it('prefers the top-level declaration, which is the one ChatGPT reads', () => {
    const { tools } = readToolScopes({
      tools: [{ name: 't', securitySchemes: [{ type: 'oauth2', scopes: ['a'] }], _meta: { securitySchemes: [{ type: 'noauth' }] } }],
    });
    expect(tools[0]).toMatchObject({ public: false, scopes: ['a'] });
  });

  it('accepts a whole JSON-RPC response too', () => {
    expect(readToolScopes({ jsonrpc: '2.0', id: 2, result: toolsList }).tools).toHaveLength(5);
  });

  it('names the tool and the reason for each ignored declaration', () => {
    const { tools, problems } = readToolScopes({
      tools: [
        { name: 'a', securitySchemes: [{ type: 'oauth2', scopes: ['ok:read', 'has space', 7] }] },
        { name: 'b', securitySchemes: [{ type: 'apiKey' }] },
        { name: 'c', securitySchemes: { type: 'noauth' } },
      ],
    });
    expect(tools[0].scopes).toEqual(['ok:read']);
    expect(problems).toEqual([
      'Tool "a": scope "has space" is not a valid OAuth scope; ignored.',
      'Tool "a": scope 7 is not a valid OAuth scope; ignored.',
      'Tool "b": unknown security scheme "apiKey"; ignored.',
      'Tool "c": securitySchemes is not a list; ignored.',
    ]);
  });

  it('refuses an answer that is not a tools/list result, saying what to point at', () => {
    expect(() => readToolScopes({ hello: 'world' })).toThrow(UserError);
    expect(() => readToolScopes(null)).toThrow(/no "tools" list/);
  });
});

describe('requiredScopes', () => {
  const { tools } = readToolScopes(toolsList);

  it('is the union of the tools’ scopes, each with the tools that need it', () => {
    expect(requiredScopes(tools)).toEqual([
      { scope: 'notes:read', tools: ['list_notes', 'edit_note', 'recommend'], byHand: false },
      { scope: 'notes:write', tools: ['edit_note'], byHand: false },
    ]);
  });

  it('adds the scopes added by hand, marking those the tools also need', () => {
    expect(requiredScopes(tools, [' admin ', 'notes:write', ''])).toEqual([
      { scope: 'notes:read', tools: ['list_notes', 'edit_note', 'recommend'], byHand: false },
      { scope: 'notes:write', tools: ['edit_note'], byHand: true },
      { scope: 'admin', tools: [], byHand: true },
    ]);
  });

  it('rejects a hand-added scope that is not one word', () => {
    expect(() => requiredScopes(tools, ['notes read'])).toThrow(/not a valid OAuth scope/);
  });
});

describe('scopeSync', () => {
  const needs = requiredScopes(readToolScopes(toolsList).tools, ['admin']);

  it('adds what is missing, says which tool needs which scope, and keeps the user’s own', () => {
    const sync = scopeSync(
      needs,
      [
        { value: 'mine', description: 'My own' },
        { value: 'notes:read', description: 'Read notes' },
      ],
      ['mine'],
    );
    expect(sync.inSync).toBe(false);
    expect(sync.addPermissions).toEqual([
      { value: 'notes:write', description: 'ChatGPT app: needed by edit_note' },
      { value: 'admin', description: 'ChatGPT app: added by hand in the extra scopes setting' },
    ]);
    expect(sync.addGrantScopes).toEqual(['notes:read', 'notes:write', 'admin']);
    expect(sync.changes.map((c) => [c.field, c.current, c.desired])).toEqual([
      ['API permission notes:write', null, 'needed by edit_note'],
      ['API permission admin', null, 'added by hand'],
      ['Third-party grant scope notes:read', null, 'needed by list_notes, edit_note, recommend'],
      ['Third-party grant scope notes:write', null, 'needed by edit_note'],
      ['Third-party grant scope admin', null, 'added by hand'],
    ]);
    expect(
      permissionsAfter(
        [
          { value: 'mine', description: 'My own' },
          { value: 'notes:read', description: 'Read notes' },
        ],
        sync.addPermissions,
      ),
    ).toEqual([
      { value: 'mine', description: 'My own' },
      { value: 'notes:read', description: 'Read notes' },
      { value: 'notes:write', description: 'ChatGPT app: needed by edit_note' },
      { value: 'admin', description: 'ChatGPT app: added by hand in the extra scopes setting' },
    ]);
    expect(grantScopeAfter(['mine'], sync.addGrantScopes)).toEqual(['mine', 'notes:read', 'notes:write', 'admin']);
  });

  it('is in sync once everything is defined and granted (the second run writes nothing)', () => {
    const first = scopeSync(needs, [], []);
    const permissions = permissionsAfter([], first.addPermissions);
    const grant = grantScopeAfter([], first.addGrantScopes);
    const second = scopeSync(needs, permissions, grant);
    expect(second).toEqual({ addPermissions: [], addGrantScopes: [], changes: [], inSync: true });
  });

  it('without a grant yet, the grant is to be created with every needed scope', () => {
    expect(scopeSync(needs, undefined, null).addGrantScopes).toEqual(['notes:read', 'notes:write', 'admin']);
  });

  it('keeps a permission description short, however many tools need it', () => {
    const many = [{ scope: 's', tools: Array.from({ length: 40 }, (_, i) => `tool_number_${i}`), byHand: false }];
    const [permission] = scopeSync(many, [], []).addPermissions;
    expect(permission.description!.length).toBeLessThanOrEqual(200);
    expect(permission.description).toMatch(/^ChatGPT app: needed by tool_number_0, .*…$/);
  });

  it('needs nothing when no tool declares a scope', () => {
    const sync = scopeSync(requiredScopes(readToolScopes({ tools: [{ name: 'x', securitySchemes: [{ type: 'noauth' }] }] }).tools), [], []);
    expect(sync.inSync).toBe(true);
  });
});

describe('restore takes back only what was added', () => {
  it('removes the added scopes and keeps the user’s, including ones added later', () => {
    const permissions = [{ value: 'mine' }, { value: 'a' }, { value: 'b' }, { value: 'later', description: 'added by the user since' }];
    const grant = ['mine', 'a', 'b', 'later'];
    expect(permissionsWithout(permissions, ['a', 'b'])).toEqual([{ value: 'mine' }, { value: 'later', description: 'added by the user since' }]);
    expect(grantScopeWithout(grant, ['a'])).toEqual(['mine', 'b', 'later']);
  });
});
